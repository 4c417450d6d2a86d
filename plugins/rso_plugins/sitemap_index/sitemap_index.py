"""Split pelican-sitemap's sitemap.xml once it is written, when it has too many URLs.

Both this plugin and pelican-sitemap act on ``finalized``, whose receivers blinker
calls in no fixed order. So this handler first asks pelican-sitemap to write its file;
pelican-sitemap forgets the build once written, so its own call then does nothing.

Settings: ``SITEMAP_MAX_URLS`` (default 50,000, the protocol's limit).
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from rso_plugins.content_problems import EditorError
from rso_plugins.internals import write_sitemap_now

from .split import DEFAULT_MAX_URLS, split_sitemap

logger = logging.getLogger(__name__)


# Where a wrong value is to be fixed (Pelican does not record which file it read).
SETTINGS_FILES = "pelicanconf.py (or publishconf.py)"


class SitemapSettingError(EditorError):
    """SITEMAP_MAX_URLS has a value it cannot use; the message says what to write."""


def max_urls(settings) -> int:
    """SITEMAP_MAX_URLS, checked: a whole number of at least 1."""
    value = settings.get("SITEMAP_MAX_URLS", DEFAULT_MAX_URLS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SitemapSettingError(
            f"{SETTINGS_FILES}: SITEMAP_MAX_URLS = {value!r} cannot be used; write a whole "
            f"number of at least 1, such as SITEMAP_MAX_URLS = {DEFAULT_MAX_URLS:_}"
        )
    return value


def check_settings(pelican) -> None:
    """Stop at start-up if SITEMAP_MAX_URLS is wrong."""
    max_urls(pelican.settings)


def split_written_sitemap(pelican) -> None:
    """Make sure pelican-sitemap has written sitemap.xml, then split it if it is too big."""
    write_sitemap_now(pelican)
    if pelican.settings.get("SITEMAP", {}).get("format", "xml") != "xml":
        return
    path = Path(pelican.output_path, "sitemap.xml")
    if not path.is_file():
        return
    parts = split_sitemap(path, pelican.settings["SITEURL"], max_urls(pelican.settings))
    if parts:
        logger.info("Split sitemap.xml into a sitemap index and %s sitemaps", len(parts))


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.finalized.connect(split_written_sitemap)
