"""The site works at any address: at a domain's root or below a path, as GitHub publishes a
project's site (https://ORG.github.io/REPO/).

The whole project is built once for http://127.0.0.1:PORT/repo and served so that only
/repo/ holds the site. Every file of the build is walked (pages, feeds, sitemaps,
calendars, robots.txt, open data, stylesheets, and whatever is added later, such as the
/admin/ editor's files): every address in it that names this site must stay below
/repo/ and name a file of the build, and pages may load nothing from elsewhere. A
browser then reads pages and searches, as a reader does, and every request it makes
must stay below /repo/ and succeed. Rules that hold for any content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from sitetools.build import PUBLISH_SETTINGS, build_site
from tests.local_server import free_port, serve

PATH = "/repo"
# Attributes whose value is an address, and those that list several (srcset).
URL_ATTRIBUTES = ("href", "src", "action", "poster", "data", "cite", "formaction")
LIST_ATTRIBUTES = ("srcset", "imagesrcset")
# Meta tags whose content is an address (shared links, and the like).
META_URLS = re.compile(r"^(og:(image|url|image:url|image:secure_url|video|audio)|twitter:image)$")
# Absolute addresses in text files (feeds, sitemaps, calendars, robots.txt, data).
ABSOLUTE = re.compile(r"""https?://[^\s"'<>\\)\]]+""")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
TEXT_SUFFIXES = {".xml", ".ics", ".txt", ".json", ".yml", ".yaml", ".webmanifest", ".atom"}
SAFE_SCHEMES = {"mailto", "tel", "data", "about"}


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """(site address, output folder) of the project built for and served at /repo/."""
    port = free_port()
    base = f"http://127.0.0.1:{port}{PATH}"
    root = tmp_path_factory.mktemp("at-a-path")
    output = root / PATH.strip("/")
    build_site(PUBLISH_SETTINGS, output, env={"SITEURL": base}, quiet=True)
    with serve(root, port):
        yield base, output


def page_address(base: str, output: Path, file: Path) -> str:
    """The address a file of the build is served at (a folder's index.html as the folder)."""
    relative = file.relative_to(output).as_posix()
    return f"{base}/{relative.removesuffix('index.html')}"


def file_for(base: str, output: Path, address: str) -> Path | None:
    """The file of the build an address below the site names, or None."""
    path = unquote(urlsplit(address).path).removeprefix(urlsplit(base).path + "/")
    target = output / path
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def addresses_in(file: Path, address: str) -> Iterator[tuple[str, str]]:
    """(what names it, the address it names, resolved) for each address in ``file``."""
    text = file.read_text(encoding="utf-8", errors="replace")
    if file.suffix == ".html":
        yield from _html_addresses(text, address)
    elif file.suffix == ".css":
        for found in CSS_URL.findall(text):
            yield "css url()", urljoin(address, found)
    elif file.suffix in TEXT_SUFFIXES or file.name in ("robots.txt", "CNAME"):
        if file.suffix == ".ics":
            text = re.sub(r"\r?\n[ \t]", "", text)  # long lines are folded
        for found in ABSOLUTE.findall(text):
            yield "text", found.rstrip(".,;")
        if file.suffix in (".xml", ".atom"):
            for found in re.findall(r"""\bhref=["']([^"']+)["']""", text):
                yield "xml href", urljoin(address, found)


def _html_addresses(text: str, address: str) -> Iterator[tuple[str, str]]:
    soup = BeautifulSoup(text, "html.parser")
    base_tag = soup.find("base", href=True)
    base = urljoin(address, base_tag["href"]) if base_tag else address
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if isinstance(value, list):
                value = " ".join(value)
            if name in URL_ATTRIBUTES or (name.startswith("data-") and _looks_like_url(value)):
                yield f"<{tag.name} {name}>", urljoin(base, value.strip())
            elif name in LIST_ATTRIBUTES:
                for candidate in value.split(","):
                    if candidate.strip():
                        yield f"<{tag.name} {name}>", urljoin(base, candidate.split()[0])
        if tag.name == "meta" and META_URLS.match(tag.get("property") or tag.get("name") or ""):
            yield f"<meta {tag.get('property') or tag.get('name')}>", tag.get("content", "")
        if tag.name == "style" and tag.string:
            for found in CSS_URL.findall(tag.string):
                yield "<style> url()", urljoin(base, found)


def _looks_like_url(value) -> bool:
    value = str(value).strip()
    return value.startswith(("http://", "https://", "/", "./", "../")) and " " not in value


def is_resource(kind: str) -> bool:
    """Whether the browser loads what ``kind`` names by itself (not a link to follow)."""
    return kind.startswith(("<img", "<script", "<source", "<video", "<audio", "<iframe")) or (
        kind in ("<link href>", "css url()", "<style> url()") or kind.startswith("<meta og:image")
    )


def test_every_address_in_the_build_stays_below_the_sites_path_and_exists(addressed_site):
    base, output = addressed_site
    origin = urlsplit(base)
    files = sorted(path for path in output.rglob("*") if path.is_file())
    assert any(f.suffix == ".html" for f in files)
    problems, checked = [], 0
    for file in files:
        where = file.relative_to(output).as_posix()
        for kind, found in addresses_in(file, page_address(base, output, file)):
            parts = urlsplit(found)
            if parts.scheme in SAFE_SCHEMES:
                continue
            checked += 1
            same_host = parts.netloc == origin.netloc
            if parts.scheme not in ("http", "https"):
                problems.append(f"{where}: {kind} {found}: not a web address")
            elif not same_host:
                if is_resource(kind) or file.suffix == ".css":
                    problems.append(f"{where}: {kind} {found} loads from another site")
            elif not (parts.path + "/").startswith(origin.path + "/"):
                problems.append(f"{where}: {kind} {found} leads out of {origin.path}/")
            elif file_for(base, output, found) is None:
                problems.append(f"{where}: {kind} {found} names no file of the build")
    assert checked > 100
    assert not problems, "\n".join(problems[:40])


def test_the_walk_would_notice_a_link_from_the_root(addressed_site, tmp_path):
    """The walk itself can fail: a page with the kind of link the 404 page once had."""
    base, output = addressed_site
    page = tmp_path / "index.html"
    page.write_text('<a href="/news/">news</a><img src="/repo/no-such.png" alt="">')
    found = dict((kind, url) for kind, url in addresses_in(page, base + "/"))
    assert urlsplit(found["<a href>"]).path == "/news/"
    assert file_for(base, output, found["<img src>"]) is None


@pytest.mark.browser
def test_a_reader_at_the_path_loads_only_from_it_and_search_finds_pages(addressed_site, browser):
    base, output = addressed_site
    # An article (news/YEAR/SLUG/), and a word of its heading, which search indexes.
    article = sorted((output / "news").glob("[0-9]*/*/index.html"))[-1]
    word = max(re.findall(r"[A-Za-z]{5,}", _heading(article)), key=len)
    requests, failures = [], []
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "response",
        lambda response: (
            failures.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    try:
        for address in (f"{base}/", page_address(base, output, article)):
            page.goto(address, wait_until="load")
        page.goto(f"{base}/search/?q={word}", wait_until="load")
        page.wait_for_selector("[data-search-results] a", timeout=15_000)
        results = page.eval_on_selector_all(
            "[data-search-results] a", "links => links.map(a => a.href)"
        )
        page.goto(results[0], wait_until="load")
        assert page.title(), "the first result opens a page"
    finally:
        context.close()
    outside = [url for url in requests if not url.startswith(base + "/")]
    assert not outside, outside
    assert not failures, failures
    assert results and all(url.startswith(base + "/") for url in results), results


def _heading(page: Path) -> str:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("h1").get_text()
