"""Read the built site the way a reader, a feed reader and a crawler would."""

from __future__ import annotations

import functools
import html
import re
from datetime import datetime
from pathlib import Path

from bs4 import BeautifulSoup
from pelican.contents import Article, Page
from pelican.readers import Readers
from pelican.settings import read_settings as pelican_read_settings

from rso_plugins.browser_editor.browser_editor import DEFAULT_SAVE_AS as EDITOR_FOLDER
from rso_plugins.site_clock import build_now
from sitetools.build import PUBLISH_SETTINGS, ROOT
from sitetools.settings import read_settings

CONTENT = ROOT / "content"
# The original page and the sitemaps.org schemas, copied from shared/ (see its README).
SPEC = Path(__file__).resolve().parent / "fixtures" / "spec"
SITEMAP_SCHEMAS = SPEC
# The public address the publish build writes into feeds, the sitemap and links.
SITEURL = read_settings(ROOT, PUBLISH_SETTINGS)["SITEURL"]


def html_files(output: Path) -> list[Path]:
    """Every HTML file a reader can open, sorted for stable test ids (not the editor's
    page, /admin/, which is the CMS's, for editors; tests/test_browser_editor.py has it)."""
    editor = output / EDITOR_FOLDER
    return sorted(path for path in output.rglob("*.html") if editor not in path.parents)


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(path: Path) -> str:
    """The page's visible words, whitespace folded."""
    return " ".join(soup_of(path).get_text(" ").split())


def _read_settings() -> dict:
    """The publish settings, processed by Pelican as a build processes them."""
    return pelican_read_settings(
        str(ROOT / PUBLISH_SETTINGS), override={"PATH": str(CONTENT), "PLUGINS": []}
    )


@functools.cache
def _readers():
    settings = _read_settings()
    return settings, Readers(settings)


def metadata(source: Path) -> dict:
    """A content file's fields as Pelican reads them (its own reader, not ours), with
    where the page is written: title, slug, date, category (and its slug), summary
    (text), tags (and their slugs), status, save_as."""
    _settings, readers = _readers()
    content_class = Article if (CONTENT / "news") in source.parents else Page
    content = readers.read_file(
        base_path=str(CONTENT), path=str(source), content_class=content_class
    )
    summary = re.sub(r"<[^>]+>", "", str(content.metadata.get("summary", "")))
    return {
        "title": content.title,
        "slug": content.slug,
        "date": content.date.isoformat() if hasattr(content, "date") else "",
        "category": str(getattr(content, "category", "")),
        "summary": html.unescape(summary),
        "tags": ", ".join(str(tag) for tag in getattr(content, "tags", [])),
        "tag_slugs": [tag.slug for tag in getattr(content, "tags", [])],
        "category_slug": getattr(getattr(content, "category", None), "slug", ""),
        "status": content.status,
        "save_as": content.save_as,
    }


def published_articles() -> list[dict[str, str]]:
    """Every news article a publish build puts on the site today: published, and not
    dated after today (a later one is scheduled)."""
    settings, _ = _readers()
    now = build_now(settings)
    articles = [metadata(source) for source in sorted((CONTENT / "news").rglob("*.md"))]
    return [
        fields
        for fields in articles
        if fields["status"] == "published" and datetime.fromisoformat(fields["date"]) <= now
    ]


def newest_article() -> dict:
    """The newest published article, as Pelican reads it."""
    return max(published_articles(), key=lambda fields: datetime.fromisoformat(fields["date"]))


def article_path(fields: dict[str, str]) -> str:
    """Where an article is written (ARTICLE_SAVE_AS)."""
    return fields["save_as"]


def page_path(fields: dict[str, str]) -> str:
    """Where a page is written (its Save_as, else PAGE_SAVE_AS)."""
    return fields["save_as"]
