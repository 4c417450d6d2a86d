"""What a crawler sees: the sitemap and robots.txt."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import xmlschema

from tests.site_reading import SITEMAP_SCHEMAS, SITEURL, html_files

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# Pages a crawler should not index: the error page is served for missing addresses.
NOT_LISTED = {"404.html"}


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


def test_the_sitemap_is_valid_against_the_sitemaps_org_schema(publish_build):
    schema = xmlschema.XMLSchema(str(SITEMAP_SCHEMAS / "sitemap-0.9.xsd"))
    schema.validate(str(publish_build / "sitemap.xml"))


def test_the_sitemap_lists_every_public_page_once(publish_build):
    tree = ElementTree.parse(publish_build / "sitemap.xml")
    listed = [loc.text for loc in tree.findall("s:url/s:loc", NS)]
    assert len(listed) == len(set(listed)), "a page is listed twice"
    assert set(listed) == public_urls(publish_build)


def test_lastmod_comes_from_content_dates(publish_build):
    tree = ElementTree.parse(publish_build / "sitemap.xml")
    dates = {lastmod.text[:10] for lastmod in tree.findall("s:url/s:lastmod", NS)}
    assert max(dates) == "2015-12-04", "undated pages take the newest content date"


def test_robots_txt_points_to_the_sitemap(publish_build):
    robots = (publish_build / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots.splitlines()
