"""Register the events generator and the plugin's settings with Pelican."""

from __future__ import annotations

from pelican import signals

from .generator import EventsGenerator
from .settings import apply_settings


def use_settings(pelican) -> None:
    """Fill in the events settings' defaults and check them, once, before any reading."""
    apply_settings(pelican.settings)


def add_generator(_pelican):
    """Pelican runs this generator after the articles' and pages', so news is read."""
    return EventsGenerator


def register() -> None:
    signals.initialized.connect(use_settings)
    signals.get_generators.connect(add_generator)
