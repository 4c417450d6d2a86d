"""Give each article ``newer_article`` and ``older_article`` for previous/next links.

Done once per build over the sorted list, so templates need not search the whole
article list on every page (which would make a build quadratic in the archive size).
"""

from __future__ import annotations

from pelican import signals


def link_neighbours(generator) -> None:
    """Set the neighbours of every published article, newest first."""
    articles = sorted(generator.articles, key=lambda article: article.date, reverse=True)
    for index, article in enumerate(articles):
        article.newer_article = articles[index - 1] if index > 0 else None
        article.older_article = articles[index + 1] if index + 1 < len(articles) else None


def register() -> None:
    signals.article_generator_finalized.connect(link_neighbours)
