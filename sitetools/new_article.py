"""Start a news article: the file an editor fills in, in the right place, with every field.

Editors should not have to remember the header format, the folder layout or how a
slug is made. The article starts as a draft so that a half-written story is never
published by accident; `invoke check` reminds the editor to replace the placeholder
summary before it goes live.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

from rso_plugins.site_clock import build_today
from sitetools.build import ROOT
from sitetools.new_content import NotCreated, format_header, title_and_slug, write_new_file
from sitetools.settings import content_path, read_settings

logger = logging.getLogger(__name__)

NEWS_FOLDER = "news"
PLACEHOLDER_BODY = "Write the article here. Use ## for headings.\n"


class ArticleNotCreated(NotCreated):
    """The article cannot be created; the message says why and what to do."""


def parse_tags(tags: str) -> list[str]:
    """Comma-separated tags, trimmed, empty ones and repeats dropped."""
    seen: dict[str, str] = {}
    for tag in tags.split(","):
        tag = " ".join(tag.split())
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return list(seen.values())


def article_path(content: Path, date: datetime.date, slug: str) -> Path:
    """content/news/YYYY/YYYY-MM-DD-slug.md, the layout every article follows."""
    return content / NEWS_FOLDER / f"{date:%Y}" / f"{date:%Y-%m-%d}-{slug}.md"


def _articles_named(content: Path, slug: str) -> list[Path]:
    """Articles whose file name ends in ``slug``: the layout `invoke new` writes, so
    another article with this address. Only names are read, so a file elsewhere in
    content/ that cannot be read never stops an editor from starting an article."""
    return sorted((content / NEWS_FOLDER).rglob(f"*-{slug}.md"))


def create_article(
    title: str,
    category: str = "News",
    tags: str = "",
    root: Path = ROOT,
    date: datetime.date | None = None,
) -> Path:
    """Write a draft article for ``title`` and return its path; never overwrite a file.

    Raises ArticleNotCreated when the title makes no slug, the category is not allowed,
    or an article with that slug already exists.
    """
    settings = read_settings(root)
    title, slug = title_and_slug(title, settings, "invoke --help new", ArticleNotCreated)
    allowed = tuple(settings["ALLOWED_CATEGORIES"])
    if category not in allowed:
        raise ArticleNotCreated(
            f"category {category!r} is not allowed; use one of {', '.join(allowed)}"
        )
    content = content_path(root, settings)
    # Today where the office is (not where the laptop is), or SOURCE_DATE_EPOCH's day.
    date = date or build_today(settings)
    path = article_path(content, date, slug)
    taken = _articles_named(content, slug)
    if path.exists() or taken:
        existing = path if path.exists() else taken[0]
        raise ArticleNotCreated(
            f"an article with the address {slug!r} already exists: {existing}; "
            "edit that file, or choose a different title"
        )
    header = format_header(
        {
            "Title": title,
            "Date": date.isoformat(),
            "Category": category,
            "Tags": ", ".join(parse_tags(tags)),
            "Slug": slug,
            "Summary": settings["PLACEHOLDER_SUMMARY"],
            "Status": "draft",
        }
    )
    write_new_file(path, header + PLACEHOLDER_BODY, ArticleNotCreated)
    return path
