"""A sitemap over the limit becomes a valid sitemap index of valid, complete sitemaps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import xmlschema

from rso_plugins.sitemap_index import split_sitemap
from sitetools.build import PUBLISH_SETTINGS
from tests.site_reading import SITEMAP_SCHEMAS as SCHEMAS
from tests.tiny_site import build_tiny_site

LOC = re.compile(r"<loc>([^<]+)</loc>")


@pytest.fixture(scope="module")
def schemas():
    return (
        xmlschema.XMLSchema(SCHEMAS / "sitemap-0.9.xsd"),
        xmlschema.XMLSchema(SCHEMAS / "siteindex-0.9.xsd"),
    )


def urls(path: Path) -> list[str]:
    return LOC.findall(path.read_text(encoding="utf-8"))


def sitemap_with(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "sitemap.xml"
    entries = "".join(
        f"\n<url>\n<loc>https://example.org/{n}/</loc>\n<lastmod>2015-01-{n + 1:02d}</lastmod>"
        "\n<changefreq>yearly</changefreq>\n<priority>0.5</priority>\n</url>\n"
        for n in range(count)
    )
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}\n</urlset>\n",
        encoding="utf-8",
    )
    return path


def test_within_the_limit_the_sitemap_is_left_alone(tmp_path):
    path = sitemap_with(tmp_path, 5)
    before = path.read_text(encoding="utf-8")
    assert split_sitemap(path, "https://example.org", max_urls=5) == []
    assert path.read_text(encoding="utf-8") == before


def test_over_the_limit_parts_hold_every_url_once(tmp_path, schemas):
    sitemap_schema, index_schema = schemas
    path = sitemap_with(tmp_path, 7)
    expected = urls(path)
    (tmp_path / "sitemap-9.xml").write_text("left by an older build", encoding="utf-8")
    parts = split_sitemap(path, "https://example.org", max_urls=3)
    assert [part.name for part in parts] == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
    assert not (tmp_path / "sitemap-9.xml").exists()
    index_schema.validate(path)
    assert urls(path) == [f"https://example.org/{part.name}" for part in parts]
    assert "<lastmod>2015-01-07</lastmod>" in path.read_text(encoding="utf-8")
    for part in parts:
        sitemap_schema.validate(part)
    assert [url for part in parts for url in urls(part)] == expected


def test_a_build_over_the_limit_writes_a_valid_index(tmp_path, schemas):
    sitemap_schema, index_schema = schemas
    news = {
        f"news/2020/n{day}.md": f"Title: N{day}\nDate: 2020-01-{day:02d}\nSummary: S.\n\nText.\n"
        for day in range(1, 8)
    }
    siteurl = "https://example.org"
    output = build_tiny_site(
        tmp_path, news, PUBLISH_SETTINGS, SITEMAP_MAX_URLS=4, SITEURL=siteurl, FEED_DOMAIN=siteurl
    )
    index_schema.validate(output / "sitemap.xml")
    parts = sorted(output.glob("sitemap-*.xml"), key=lambda p: int(p.stem.split("-")[1]))
    assert len(parts) >= 3
    assert urls(output / "sitemap.xml") == [f"{siteurl}/{p.name}" for p in parts]
    listed = [url for part in parts for url in urls(part)]
    for part in parts:
        sitemap_schema.validate(part)
        assert len(urls(part)) <= 4
    assert len(listed) == len(set(listed))
    assert {f"{siteurl}/news/2020/n{day}/" for day in range(1, 8)} <= set(listed)
