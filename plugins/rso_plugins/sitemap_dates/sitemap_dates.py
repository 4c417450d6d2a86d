"""Make pelican-sitemap's ``lastmod`` come from content dates, not the clock.

pelican-sitemap stamps pages without a date (static pages, indexes, archives) with the
time the build ran, so two builds of the same content differ. Those pages change when
the newest article changes, so the newest article date (or modification) is the
truthful ``lastmod`` for them, and it makes builds reproducible.
"""

from __future__ import annotations

from pelican import signals

from rso_plugins.internals import forget_unfinished_sitemap, stamp_undated_sitemap_pages


def newest_content_date(generators):
    """The latest date, or modified date, of any published article or page."""
    dates = [
        getattr(item, "modified", None) or getattr(item, "date", None)
        for generator in generators
        for item in [*getattr(generator, "articles", []), *getattr(generator, "pages", [])]
    ]
    return max((date for date in dates if date is not None), default=None)


def date_undated_pages(generators) -> None:
    """Give pelican-sitemap the newest content date as the stamp for undated pages."""
    newest = newest_content_date(generators)
    if newest is not None:
        stamp_undated_sitemap_pages(newest)


def start_afresh(pelican) -> None:
    """A new Pelican: nothing left over from a build in this process that failed."""
    forget_unfinished_sitemap()


def register() -> None:
    signals.initialized.connect(start_afresh)
    signals.all_generators_finalized.connect(date_undated_pages)
