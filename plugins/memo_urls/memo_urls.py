"""Fix each article's and page's URL once all content is read.

Pelican recomputes ``content.url`` on every access: it copies the metadata, works out
the relative source path and formats the URL pattern. Every page that lists or links
an article (indexes, tags, neighbours, feeds, the sitemap) asks again, tens of
thousands of times per build. Once every generator has finalised its content the URL
can no longer change, so it is stored as ``override_url``, the attribute Pelican itself
consults first. ``save_as`` is left alone: setting ``override_save_as`` would also
change how Pelican treats two pages writing the same file.
"""

from __future__ import annotations

from pelican import signals

# The lists in which ArticlesGenerator and PagesGenerator keep their content.
CONTENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def memoise_urls(generators) -> None:
    """Store the current URL of every article, page and draft as its override."""
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, None) or ():
                if not hasattr(content, "override_url"):
                    content.override_url = content.url


def register() -> None:
    signals.all_generators_finalized.connect(memoise_urls)
