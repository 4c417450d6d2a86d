"""The build's "now": from SOURCE_DATE_EPOCH when set, else the clock, in the site's zone."""

from .site_clock import build_now, build_today

__all__ = ["build_now", "build_today", "register"]


def register() -> None:
    """Nothing to connect: listed in PLUGINS only so other plugins can import it."""
