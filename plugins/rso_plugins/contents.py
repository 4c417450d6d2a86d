"""Every article and page a generator read, whatever its status.

Pelican's ArticlesGenerator and PagesGenerator keep what they read in several lists
(published, drafts, hidden, and the translations of each). Plugins that must see every
piece of content (to check it, to publish its photos, to fix its address) walk them all
through ``read_contents``, so no plugin forgets a list.
"""

from __future__ import annotations

from pelican.generators import ArticlesGenerator, PagesGenerator

ARTICLE_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
)
PAGE_LISTS = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)


def read_contents(generator) -> list:
    """Every article (or page) ``generator`` holds; nothing for other generators."""
    if isinstance(generator, ArticlesGenerator):
        names = ARTICLE_LISTS
    elif isinstance(generator, PagesGenerator):
        names = PAGE_LISTS
    else:
        return []
    return [content for name in names for content in getattr(generator, name, None) or ()]
