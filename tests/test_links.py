"""No internal link or asset reference in the built site is broken."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.site_reading import SITEURL, html_files, soup_of

REFERENCE_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "form": "action",
}


def target_file(output: Path, page: Path, reference: str, siteurl: str) -> Path | None:
    """The output file a reference points to, or None when it leaves the site."""
    if reference.startswith(("mailto:", "tel:", "data:")):
        return None
    page_url = siteurl + "/" + page.relative_to(output).as_posix()
    absolute = urljoin(page_url, reference)
    if not absolute.startswith(siteurl + "/"):
        return None
    path = unquote(urlsplit(absolute).path.removeprefix(urlsplit(siteurl).path))
    target = output / path.lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def broken_references(output: Path, siteurl: str) -> list[str]:
    broken = []
    for page in html_files(output):
        soup = soup_of(page)
        for tag, attribute in REFERENCE_ATTRIBUTES.items():
            for element in soup.find_all(tag):
                reference = element.get(attribute)
                if not reference or reference.startswith("#"):
                    continue
                target = target_file(output, page, reference, siteurl)
                if target is not None and not target.is_file():
                    broken.append(f"{page.relative_to(output)}: {reference}")
    return broken


def test_no_broken_links_in_the_published_site(publish_build):
    assert broken_references(publish_build, SITEURL) == []


def test_no_broken_links_in_the_preview(develop_build):
    # The preview uses relative URLs: resolve them against any local address.
    assert broken_references(develop_build, "http://localhost:8000") == []


@pytest.mark.parametrize("page", ["404.html"])
def test_the_error_page_works_at_any_depth(develop_build, page):
    """The server shows 404.html for missing addresses anywhere, so its links are rooted."""
    for element in soup_of(develop_build / page).find_all(["a", "link"]):
        reference = element.get("href", "")
        if reference and not reference.startswith(("#", "http", "data:")):
            assert reference.startswith("/"), f"relative link {reference} breaks below the root"
