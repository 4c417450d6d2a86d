"""Full-text search: the index publish builds write, and the search page in a browser."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
from editor_project import tiny_project

from rso_plugins.search_index import BUNDLE_DIR, SearchIndexFailed, write_bundle
from sitetools.build import DEVELOP_SETTINGS, PUBLISH_SETTINGS, ROOT, build_site
from tests.accessibility import axe_violations
from tests.drafts import add_draft_article
from tests.local_server import free_port, serve
from tests.site_reading import article_path, html_files, published_articles, soup_of

CONTENT = ROOT / "content"
# The search site the browser tests use: a tiny project of our own, so the words and
# counts below are facts of this fixture, never of content/.
MEETINGS = 14  # articles that all mention a meeting: more than one screen of results
ONE_ARTICLE_WORD = "quokkas"  # in one article only, so that article must come first
ONE_ARTICLE_URL = "/news/2020/meeting-7/"
ONE_ARTICLE_TITLE = "The seventh meeting"
ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
]
SEARCH_PAGE = """\
Title: Search
Slug: search
Template: search
Summary: Search this site.

Find news and pages by the words in them.
"""
MEMBERS_PAGE = """\
Title: Members and observers
Slug: members
Template: members
Summary: Who the members are.

The members are listed below.
"""
# Text that is on every page but outside <main>: never worth finding.
EVERY_PAGE_TEXT = (
    "Skip to main content",  # the skip link
    "The Bali Process in figures",  # the figures block
    "Bali Process figures (JSON)",  # the footer
    "Menu About the RSO",  # the navigation
)
FRAGMENT_SIGNATURE = b"pagefind_dcd"


def indexed_pages(output: Path) -> dict[str, dict]:
    """What Pagefind stored for each page, by URL: content, meta, word count.

    A fragment is gzip-compressed JSON behind a short signature; reading them is the
    surest way to see what a reader's search can return.
    """
    pages = {}
    for fragment in sorted((output / BUNDLE_DIR / "fragment").iterdir()):
        raw = gzip.decompress(fragment.read_bytes())
        assert raw.startswith(FRAGMENT_SIGNATURE), fragment.name
        page = json.loads(raw[len(FRAGMENT_SIGNATURE) :])
        pages[page["url"]] = page
    return pages


# The index in the built site: no browser needed.


def test_the_publish_build_carries_the_search_bundle(publish_build):
    bundle = publish_build / BUNDLE_DIR
    for name in ("pagefind.js", "pagefind-entry.json", "wasm.en.pagefind"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"], "one language, one index to download"
    assert not (bundle / "pagefind-ui.js").exists(), "Pagefind UI is not used"


def test_a_development_build_leaves_the_index_out_and_says_so(develop_build):
    assert not (develop_build / BUNDLE_DIR).exists()
    page = soup_of(develop_build / "search" / "index.html")
    assert page.find("script") is None or not page.select('script[src$="search.js"]')
    assert "invoke preview" in page.get_text()


def test_a_development_build_with_search_indexes_the_same_pages(site_copy, tmp_path, publish_build):
    """The preview shows drafts to the editor, but a search never finds one."""
    with (site_copy / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write("\nSEARCH_INDEX = True\n")
    add_draft_article(site_copy)
    output = tmp_path / "output"
    build_site(DEVELOP_SETTINGS, output, root=site_copy, quiet=True)
    assert (output / "drafts" / "unpublished-meeting-notes" / "index.html").is_file()
    assert set(indexed_pages(output)) == set(indexed_pages(publish_build))
    # The preview uses relative URLs; the script must still find pagefind.js.
    form = soup_of(output / "search" / "index.html").select_one("[data-search-bundle]")
    bundle = urljoin("http://localhost:8000/search/", form["data-search-bundle"])
    assert (output / urlsplit(bundle).path.lstrip("/")).is_file()


def test_the_index_holds_articles_and_pages_but_not_404_listings_or_search(publish_build):
    urls = set(indexed_pages(publish_build))
    assert "/404.html" not in urls
    assert "/search/" not in urls, "the search page is not content"
    for listing in ("/news/", "/news/archive/", "/news/categories/", "/news/tags/"):
        assert listing not in urls, f"{listing} only repeats article summaries"
    assert not [url for url in urls if "/tag/" in url or "/category/" in url]
    for fields in published_articles():
        assert "/" + article_path(fields).removesuffix("index.html") in urls, fields["slug"]
    assert {"/", "/members/", "/bali-process/", "/about/"} <= urls


def test_the_index_leaves_out_what_every_page_repeats(publish_build):
    for url, page in indexed_pages(publish_build).items():
        for text in EVERY_PAGE_TEXT:
            assert text not in page["content"], f"{url} indexed {text!r}"


def test_articles_are_indexed_with_their_date_and_title(publish_build):
    newest = max(published_articles(), key=lambda fields: fields["date"])
    page = indexed_pages(publish_build)["/" + article_path(newest).removesuffix("index.html")]
    assert page["meta"]["title"] == newest["title"]
    assert page["meta"]["date"].startswith(newest["date"][:10])
    assert page["meta"]["date"].endswith("+07:00")
    year = newest["date"][:4]
    assert re.fullmatch(rf"\w+day, \d{{1,2}} \w+ {year}", page["meta"]["date_label"])


def test_search_scripts_load_on_the_search_page_only(publish_build):
    for path in html_files(publish_build):
        text = path.read_text(encoding="utf-8")
        loads_search = "search.js" in text or "pagefind.js" in text
        is_search_page = path == publish_build / "search" / "index.html"
        assert loads_search == is_search_page, path.relative_to(publish_build)


def test_only_the_search_page_allows_webassembly(publish_build):
    for path in html_files(publish_build):
        csp = soup_of(path).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        policy = csp["content"]
        if path == publish_build / "search" / "index.html":
            assert "script-src 'self' 'wasm-unsafe-eval'" in policy
        else:
            assert "wasm" not in policy, path.relative_to(publish_build)
        assert "unsafe-inline" not in policy


@pytest.mark.parametrize("build", ["publish_build", "develop_build"])
def test_every_search_form_is_a_get_form_to_the_search_page(request, build):
    """Without JavaScript the box still works: the browser goes to the search page."""
    output = request.getfixturevalue(build)
    base = "http://localhost:8000"
    for path in html_files(output):
        page_url = base + "/" + path.relative_to(output).as_posix()
        if path.name == "404.html":
            page_url = base + "/any/missing/address"  # served at any depth
        for form in soup_of(path).select("form[role=search]"):
            assert form.get("method") == "get"
            assert urlsplit(urljoin(page_url, form["action"])).path == "/search/", path
            assert form.select_one("input[name=q]") is not None


def test_the_search_page_explains_where_to_look_without_javascript(publish_build):
    page = soup_of(publish_build / "search" / "index.html")
    fallback = page.select_one("[data-search-fallback]")
    assert "JavaScript" in fallback.get_text()
    hrefs = [urlsplit(a["href"]).path for a in fallback.find_all("a")]
    assert hrefs == ["/news/archive/", "/sitemap.xml"]


# The plugin's parts, on their own.


def write_page(output: Path, save_as: str, body: str, marked: bool = True) -> None:
    marker = " data-pagefind-body" if marked else ""
    path = output / save_as
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<!DOCTYPE html><html lang="en"><body><nav>Menu</nav>'
        f"<main{marker}><h1>{save_as}</h1><p>{body}</p></main></body></html>",
        encoding="utf-8",
    )


def every_byte(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_the_bundle_is_the_same_bytes_every_time(tmp_path):
    bundles = []
    for run in ("one", "two"):
        output = tmp_path / run
        write_page(output, "a/index.html", "Bangkok workshop on trafficking")
        write_page(output, "b/index.html", "Jakarta declaration")
        write_bundle(output, language="en")
        bundles.append(every_byte(output / BUNDLE_DIR))
    assert bundles[0] == bundles[1]


def test_a_rebuild_leaves_no_stale_index_files(tmp_path):
    write_page(tmp_path, "a/index.html", "first words")
    write_bundle(tmp_path, language="en")
    stale = tmp_path / BUNDLE_DIR / "fragment" / "en_stale.pf_fragment"
    stale.write_bytes(b"old")
    write_page(tmp_path, "a/index.html", "second words")
    write_bundle(tmp_path, language="en")
    assert not stale.exists()
    [page] = indexed_pages(tmp_path).values()
    assert "second words" in page["content"]


def test_a_page_without_a_search_body_is_left_out(tmp_path):
    write_page(tmp_path, "a/index.html", "content")
    write_page(tmp_path, "b/index.html", "not content", marked=False)
    assert write_bundle(tmp_path, language="en") == 1
    assert list(indexed_pages(tmp_path)) == ["/a/"]
    assert "Menu" not in indexed_pages(tmp_path)["/a/"]["content"]


def test_a_site_with_no_marked_page_fails_instead_of_indexing_every_page_whole(tmp_path):
    """Pagefind's own default would index navigation and footer on every page."""
    write_page(tmp_path, "a/index.html", "content", marked=False)
    with pytest.raises(SearchIndexFailed, match=re.escape(str(tmp_path)) + ".*data-pagefind-body"):
        write_bundle(tmp_path, language="en")
    assert not (tmp_path / BUNDLE_DIR / "pagefind.js").exists()


# The search page, as a reader uses it.


def meeting(number: int) -> str:
    words = f" A note about {ONE_ARTICLE_WORD}." if number == 7 else ""
    return (
        f"Title: The {ORDINALS[number - 1]} meeting\nDate: 2020-03-{number:02d}\n"
        f"Category: News\nSlug: meeting-{number}\nSummary: Officials held a meeting.\n\n"
        f"The meeting was the {ORDINALS[number - 1]} of the year.{words}\n"
    )


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    """A tiny project with a search page, a members page and MEETINGS articles, built
    for publishing with its index, and served on this machine; yields the base URL."""
    folder = tmp_path_factory.mktemp("search-site")
    files = {f"news/2020/meeting-{n}.md": meeting(n) for n in range(1, MEETINGS + 1)}
    files |= {"pages/search.md": SEARCH_PAGE, "pages/members.md": MEMBERS_PAGE}
    project = tiny_project(folder / "project", files)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    output = folder / "output"
    build_site(PUBLISH_SETTINGS, output, project, env={"SITEURL": base}, quiet=True)
    with serve(output, port):
        yield base


@pytest.fixture
def reader(browser, search_site):
    """A fresh browser tab that records every address it asks for and stays offline.

    Requests for anything but the local site are recorded and refused, so a test can
    both see that one was attempted and never wait on the network.
    """
    context = browser.new_context()
    requested = []

    def only_local(route):
        requested.append(route.request.url)
        if route.request.url.startswith(search_site + "/"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield SimpleNamespace(page=page, requested=requested, errors=errors, base=search_site)
    context.close()


def search_for(reader, query: str) -> list[str]:
    """Type ``query`` into the search page's box; return the result links in order."""
    page = reader.page
    page.goto(reader.base + "/search/")
    page.get_by_label("Words to search for").fill(query)
    page.get_by_label("Words to search for").press("Enter")
    page.wait_for_function(
        "q => document.querySelector('[data-search-status]').textContent.includes(q)", arg=query
    )
    return [
        urlsplit(href).path
        for href in page.locator(".search-result h2 a").evaluate_all(
            "links => links.map(a => a.href)"
        )
    ]


@pytest.mark.browser
def test_a_word_from_one_article_finds_that_article_first(reader):
    results = search_for(reader, ONE_ARTICLE_WORD)
    assert results[0] == ONE_ARTICLE_URL
    first = reader.page.locator(".search-result").first
    assert first.locator("h2").inner_text() == ONE_ARTICLE_TITLE
    assert first.locator("time").get_attribute("datetime").startswith("2020-03-07")
    assert ONE_ARTICLE_WORD in first.locator(".search-excerpt mark").first.inner_text().lower()
    assert reader.errors == []


@pytest.mark.browser
def test_a_member_finds_the_members_page_and_not_every_page(reader):
    results = search_for(reader, "Bravo")  # a member state in the fixture's data file
    assert "/members/" in results
    assert len(results) == len(set(results))
    every_page = json.loads(
        reader.page.request.get(f"{reader.base}/pagefind/pagefind-entry.json").text()
    )
    assert 0 < len(results) < every_page["languages"]["en"]["page_count"] / 2
    assert "/404.html" not in results


@pytest.mark.browser
def test_the_header_box_leads_to_the_results(reader):
    page = reader.page
    page.goto(reader.base + "/")
    page.get_by_role("search").get_by_label("Search this site").fill(ONE_ARTICLE_WORD)
    page.get_by_role("search").get_by_role("button", name="Search").click()
    page.wait_for_url(f"**/search/?q={ONE_ARTICLE_WORD}")
    page.wait_for_selector(".search-result")
    first = page.locator(".search-result h2 a").first.get_attribute("href")
    assert urlsplit(first).path == ONE_ARTICLE_URL


@pytest.mark.browser
def test_no_request_leaves_the_site(reader):
    search_for(reader, "Bravo")
    reader.page.locator(".search-result h2 a").first.click()
    reader.page.wait_for_load_state("load")
    assert reader.requested, "the route saw no requests"
    outside = [url for url in reader.requested if not url.startswith(reader.base + "/")]
    assert outside == []
    assert any("/pagefind/" in url for url in reader.requested)
    assert not any("pagefind-worker" in url for url in reader.requested), "runs without a worker"


@pytest.mark.browser
def test_the_search_page_with_results_passes_axe(reader):
    search_for(reader, "Bali")
    found = axe_violations(reader.page)
    assert not found, found


@pytest.mark.browser
def test_without_javascript_the_search_page_points_elsewhere(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(served_site + "/search/?q=Bravo")
        fallback = page.locator("[data-search-fallback]")
        assert fallback.is_visible()
        fallback.get_by_role("link", name="the news archive").click()
        assert page.locator("h1").inner_text() == "News archive"
    finally:
        context.close()


@pytest.mark.browser
def test_more_results_come_ten_at_a_time_and_take_the_focus(reader):
    results = search_for(reader, "meeting")
    assert len(results) == 10
    total = int(reader.page.locator("[data-search-status]").inner_text().split()[0])
    assert total > 10, "the word should be on more pages than one screen shows"
    reader.page.get_by_role("button", name="Show more results").click()
    eleventh = reader.page.locator(".search-result h2 a").nth(10)
    eleventh.wait_for()
    assert eleventh.evaluate("a => a === document.activeElement")
    assert reader.page.locator(".search-result").count() == min(total, 20)


def tab_until(page, selector: str, limit: int = 40) -> int:
    """Press Tab until the focused element matches ``selector``; return the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} never took the focus in {limit} presses of Tab")


@pytest.mark.browser
def test_search_works_from_the_keyboard_alone(reader):
    """Header box, results, 'Show more results' and the result link, by keyboard only."""
    page = reader.page
    page.goto(reader.base + "/")
    tab_until(page, "header input[name=q]")
    page.keyboard.type("meeting")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=meeting")
    page.wait_for_selector(".search-result")
    shown = page.locator(".search-result").count()
    tab_until(page, "[data-search-more]")
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('.search-result').length > n", arg=shown)
    # Focus lands on the first new result, so the reader carries on where they were.
    focused = page.evaluate("document.activeElement.closest('.search-result') !== null")
    assert focused
    assert (
        page.evaluate(
            "[...document.querySelectorAll('.search-result a')].indexOf(document.activeElement)"
        )
        == shown
    )
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert page.locator("h1").count() == 1
    assert reader.errors == []


# Search costs nothing until used, and moves nothing.

# Every layout shift the page makes, whatever caused it (typing included), summed.
LAYOUT_SHIFTS = """
window.layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.layoutShift += entry.value;
}).observe({ type: "layout-shift", buffered: true });
"""


def pagefind_requests(reader) -> list[str]:
    return [url for url in reader.requested if "/pagefind/" in url]


@pytest.mark.browser
def test_the_search_page_fetches_pagefind_only_when_the_reader_reaches_for_the_box(reader):
    page = reader.page
    page.goto(reader.base + "/search/", wait_until="networkidle")
    assert any(url.endswith("/search.js") for url in reader.requested)
    assert pagefind_requests(reader) == [], "Pagefind is fetched before anyone searches"
    with page.expect_request("**/pagefind/pagefind.js"):
        page.get_by_label("Words to search for").focus()
    page.get_by_label("Words to search for").fill(ONE_ARTICLE_WORD)
    page.wait_for_selector(".search-result")
    assert urlsplit(page.locator(".search-result h2 a").first.get_attribute("href")).path == (
        ONE_ARTICLE_URL
    )
    assert reader.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_searching_moves_nothing_on_the_page(browser, search_site, width):
    """Layout shift 0 (Chromium's own measure) while the page loads with a query from
    the header box, and while a reader types another and results replace the first."""
    context = browser.new_context(viewport={"width": width, "height": 700})
    context.add_init_script(LAYOUT_SHIFTS)
    page = context.new_page()
    try:
        page.goto(f"{search_site}/search/?q=meeting", wait_until="load")
        page.wait_for_selector(".search-result")
        page.get_by_label("Words to search for").fill(ONE_ARTICLE_WORD)
        page.wait_for_function(
            "q => document.querySelector('[data-search-status]').textContent.includes(q)",
            arg=ONE_ARTICLE_WORD,
        )
        page.get_by_role("button", name="Search").click()
        page.wait_for_timeout(300)
        assert page.evaluate("window.layoutShift") == 0
        page.goto(f"{search_site}/search/", wait_until="load")
        page.get_by_label("Words to search for").press_sequentially("Bravo", delay=40)
        page.wait_for_selector(".search-result")
        page.wait_for_timeout(300)
        assert page.evaluate("window.layoutShift") == 0
    finally:
        context.close()
