"""Read the built site the way a reader, a feed reader and a crawler would."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from sitetools.build import PUBLISH_SETTINGS, ROOT
from sitetools.settings import read_settings

CONTENT = ROOT / "content"
# The original page and the sitemaps.org schemas, copied from shared/ (see its README).
SPEC = Path(__file__).resolve().parent / "fixtures" / "spec"
SITEMAP_SCHEMAS = SPEC
# The public address the publish build writes into feeds, the sitemap and links.
SITEURL = read_settings(ROOT, PUBLISH_SETTINGS)["SITEURL"]


def html_files(output: Path) -> list[Path]:
    """Every HTML file a reader can open, sorted for stable test ids."""
    return sorted(output.rglob("*.html"))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(path: Path) -> str:
    """The page's visible words, whitespace folded."""
    return " ".join(soup_of(path).get_text(" ").split())


def metadata(source: Path) -> dict[str, str]:
    """The ``Key: value`` header of a Markdown content file, keys lower-cased."""
    fields = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields


def published_articles() -> list[dict[str, str]]:
    """Metadata of every published news article in content/news."""
    articles = []
    for source in sorted((CONTENT / "news").rglob("*.md")):
        fields = metadata(source)
        if fields.get("status", "published") == "published":
            articles.append(fields)
    return articles


def article_path(fields: dict[str, str]) -> str:
    """Where an article is written, from ARTICLE_SAVE_AS in pelicanconf.py."""
    return f"news/{fields['date'][:4]}/{fields['slug']}/index.html"


def page_path(fields: dict[str, str]) -> str:
    """Where a page is written: its Save_as, else PAGE_SAVE_AS in pelicanconf.py."""
    return fields.get("save_as") or f"{fields['slug']}/index.html"
