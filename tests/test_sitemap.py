"""What a crawler sees: the sitemap and robots.txt, on a tiny site built as published."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema

from sitetools.build import PUBLISH_SETTINGS, ROOT
from tests.site_reading import SITEMAP_SCHEMAS, html_files
from tests.tiny_site import build_tiny_site

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITEURL = "https://tiny.example.org"
# Pages a crawler should not index: the error page is served for missing addresses.
NOT_LISTED = {"404.html"}
NEWS = {
    "news/2019/old.md": "Title: Old\nDate: 2019-05-01\nSummary: Old news.\n\nOld.\n",
    "news/2020/new.md": "Title: New\nDate: 2020-03-07\nSummary: New news.\n\nNew.\n",
    "pages/about.md": "Title: About\nSummary: About us.\n\nAbout.\n",
    "extra/robots.txt": (ROOT / "content/extra/robots.txt").read_text(encoding="utf-8"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tiny-sitemap")
    return build_tiny_site(folder, NEWS, PUBLISH_SETTINGS, SITEURL=SITEURL, FEED_DOMAIN=SITEURL)


def public_urls(output: Path) -> set[str]:
    """The address of every public HTML page and PDF, as a reader would type it."""
    urls = set()
    for page in html_files(output):
        relative = page.relative_to(output).as_posix()
        if relative in NOT_LISTED:
            continue
        urls.add(SITEURL + "/" + relative.removesuffix("index.html"))
    # The documents of the library are listed too, so search engines find them.
    for document in output.glob("publications/*/*.pdf"):
        urls.add(SITEURL + "/" + document.relative_to(output).as_posix())
    return urls


def test_the_sitemap_is_valid_against_the_sitemaps_org_schema(site):
    schema = xmlschema.XMLSchema(str(SITEMAP_SCHEMAS / "sitemap-0.9.xsd"))
    schema.validate(str(site / "sitemap.xml"))


def test_the_sitemap_lists_every_public_page_once(site):
    tree = ElementTree.parse(site / "sitemap.xml")
    listed = [loc.text for loc in tree.findall("s:url/s:loc", NS)]
    assert len(listed) == len(set(listed)), "a page is listed twice"
    assert set(listed) == public_urls(site)
    assert f"{SITEURL}/news/2020/new/" in listed


def test_lastmod_comes_from_content_dates(site):
    tree = ElementTree.parse(site / "sitemap.xml")
    dates = {lastmod.text[:10] for lastmod in tree.findall("s:url/s:lastmod", NS)}
    assert max(dates) == "2020-03-07", "undated pages take the newest content date"
    assert "2019-05-01" in dates


def test_robots_txt_points_to_the_sitemap(site):
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots.splitlines()
