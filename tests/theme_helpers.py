"""What the theme tests share: the pages that stand for each template, and parsing.

One page per template is enough for browser checks, because every page of a kind is
made by the same template; the markup checks read every page.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup

from tests.local_server import QuietHandler, free_port, serve
from tests.site_reading import CONTENT, html_files, metadata, newest_article

# One address per template, as a reader would type it; the news ones are worked out
# from whatever article is newest, so editors can change the news freely.
NEWEST = newest_article()
FIRST_SHEET = metadata(sorted((CONTENT / "pages" / "information-sheets").glob("*.md"))[0])
PAGES = {
    "home": "/",
    "article": "/" + NEWEST["save_as"].removesuffix("index.html"),
    "page": "/about/",
    "news-index": "/news/",
    "year-archive": f"/news/{NEWEST['date'][:4]}/",
    "category": f"/news/category/{NEWEST['category_slug']}/",
    "tag": f"/news/tag/{NEWEST['tag_slugs'][0]}/" if NEWEST["tag_slugs"] else "/news/tags/",
    "events": "/events/",
    "not-found": "/404.html",
    "information-sheet": "/" + FIRST_SHEET["save_as"].removesuffix("index.html"),
    "publications": "/publications/",
}
# An event page, when the content has events.
EVENTS = sorted((CONTENT / "events").rglob("*.md"))
if EVENTS:
    PAGES["event"] = f"/events/{metadata(EVENTS[-1])['slug']}/"
# A phone and a laptop.
WIDTHS = (375, 1280)
NAV_LABELS = (
    "Home",
    "About the RSO",
    "The Bali Process",
    "RCF",
    "News",
    "Events",
    "Information sheets",
    "Publications",
    "Contact",
)


# Every HTML file in a build, sorted so failures list in a stable order.
html_pages = html_files


@functools.cache
def _parse(path: Path, mtime: float) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def soup(path: Path) -> BeautifulSoup:
    """The parsed page; cached, since many checks read the same 50-odd files."""
    return _parse(path, path.stat().st_mtime)


class _NotFoundHandler(QuietHandler):
    """Serve 404.html, status 404, for any missing path, as GitHub Pages does."""

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve_with_not_found(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 with a host-style 404 page; yield the base URL."""
    port = free_port()
    with serve(directory, port, _NotFoundHandler):
        yield f"http://127.0.0.1:{port}"
