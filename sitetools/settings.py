"""Read the project's Pelican settings files the way Pelican does, from any project folder.

The editor tools (``new``, ``check``, ``publish``) need a few settings (the content
folder, the allowed categories, the timezone, the site address). Reading the settings
files themselves keeps one source of truth instead of a second list in sitetools.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

from sitetools.build import DEVELOP_SETTINGS, ROOT


def read_settings(root: Path = ROOT, filename: str = DEVELOP_SETTINGS) -> dict[str, Any]:
    """Pelican's defaults overlaid with ``root/filename``.

    publishconf.py does ``from pelicanconf import *``, which imports whatever module is
    registered as ``pelicanconf``; loading ``root``'s pelicanconf.py first makes that the
    one from the same project folder, not from wherever Python happens to be running.
    """
    settings = dict(DEFAULT_CONFIG)
    develop = get_settings_from_file(str(root / DEVELOP_SETTINGS))
    settings.update(develop)
    if filename != DEVELOP_SETTINGS:
        settings.update(get_settings_from_file(str(root / filename)))
    return settings


def content_path(root: Path, settings: dict[str, Any]) -> Path:
    """The content folder, as Pelican resolves PATH: relative to the project folder."""
    return (root / settings["PATH"]).resolve()
