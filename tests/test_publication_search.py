"""Search inside documents: a word printed only inside a PDF finds the document's page.

The text of every PDF is extracted at build time and put on the document's page (in a
closed "Text of the document" section), which Pagefind indexes like any page. A tiny
site is built as published, with its search index, served locally and searched in
Chromium the way a reader does.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from sitetools.build import PUBLISH_SETTINGS
from tests.local_server import free_port, serve
from tests.pdf_samples import sample_pdf
from tests.tiny_site import build_tiny_site

# A made-up word: it is in the PDF only, never in the entry's header or description.
WORD_IN_THE_PDF = "quokkaphrasing"
FILES = {
    "pages/search.md": "Title: Search\nSlug: search\nTemplate: search\nSummary: Search.\n\nFind.\n",
    "pages/about.md": "Title: About\nSlug: about\nSummary: About.\n\nThe office.\n",
    "publications/strategy.md": (
        "Title: Strategy 2020\nDate: 2020-02-01\nType: Strategy\nSummary: The plan.\n"
        "Language: en\nFile: strategy.pdf\n\nThe office's plan.\n"
    ),
}


@pytest.fixture(scope="module")
def served_library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("library")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    files = {
        **FILES,
        "publications/strategy.pdf": sample_pdf(3, f"Our {WORD_IN_THE_PDF} approach."),
    }
    output = build_tiny_site(
        folder,
        files,
        settings_file=PUBLISH_SETTINGS,
        SITEURL=base,
        FEED_DOMAIN=base,
        SEARCH_INDEX=True,
        CACHE_PATH=str(folder / "cache"),
    )
    with serve(output, port):
        yield base


@pytest.mark.browser
def test_a_word_only_inside_a_pdf_finds_its_document(browser, served_library):
    page = browser.new_page()
    try:
        page.goto(served_library + "/search/")
        page.locator("[data-search-fallback]").wait_for(state="hidden")
        box = page.get_by_label("Words to search for")
        box.fill(WORD_IN_THE_PDF)
        box.press("Enter")
        page.wait_for_function(
            "q => document.querySelector('[data-search-status]').textContent.includes(q)",
            arg=WORD_IN_THE_PDF,
        )
        links = page.locator(".search-result h2 a")
        assert [urlsplit(href).path for href in links.evaluate_all("a => a.map(x => x.href)")] == [
            "/publications/strategy/"
        ]
        assert links.first.inner_text() == "Strategy 2020"
    finally:
        page.close()
