"""Split one sitemap.xml into sitemap-1.xml, sitemap-2.xml, ... and a sitemap index.

The sitemaps protocol allows at most 50,000 URLs in one sitemap file; a bigger site
lists its sitemaps in a sitemap index instead. The index keeps the name sitemap.xml, so
robots.txt and the footer link stay right. The parts are cut from pelican-sitemap's
own text, ``<url>`` entry by entry, so each entry is written exactly as it made it.
"""

from __future__ import annotations

import re
from pathlib import Path

# The protocol's limit on URLs in one sitemap file.
DEFAULT_MAX_URLS = 50_000
PART_NAME = "sitemap-{number}.xml"
PART_FILE = re.compile(r"sitemap-\d+\.xml")
URL_ENTRY = re.compile(r"\n?<url>.*?</url>\n?", re.DOTALL)
LASTMOD = re.compile(r"<lastmod>([^<]+)</lastmod>")
INDEX_HEADER = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)
INDEX_ENTRY = "<sitemap>\n<loc>{siteurl}/{name}</loc>\n{lastmod}</sitemap>\n"
INDEX_FOOTER = "</sitemapindex>\n"


def remove_old_parts(folder: Path) -> None:
    """Delete the parts an earlier build wrote, so none outlives a smaller site."""
    for path in folder.glob("sitemap-*.xml"):
        if PART_FILE.fullmatch(path.name):
            path.unlink()


def split_sitemap(sitemap: Path, siteurl: str, max_urls: int = DEFAULT_MAX_URLS) -> list[Path]:
    """Split ``sitemap`` if it lists more than ``max_urls``; return the part files written.

    Returns an empty list, and leaves the file alone, when it is within the limit.
    """
    if max_urls < 1:
        raise ValueError(f"max_urls must be at least 1, not {max_urls}")
    remove_old_parts(sitemap.parent)
    text = sitemap.read_text(encoding="utf-8")
    entries = URL_ENTRY.findall(text)
    if len(entries) <= max_urls:
        return []
    first = URL_ENTRY.search(text)
    last = list(URL_ENTRY.finditer(text))[-1]
    header, footer = text[: first.start()], text[last.end() :]
    parts = []
    index = [INDEX_HEADER]
    for number, start in enumerate(range(0, len(entries), max_urls), start=1):
        chunk = entries[start : start + max_urls]
        part = sitemap.with_name(PART_NAME.format(number=number))
        part.write_text(header + "".join(chunk) + footer, encoding="utf-8")
        parts.append(part)
        dates = [match for entry in chunk for match in LASTMOD.findall(entry)]
        lastmod = f"<lastmod>{max(dates)}</lastmod>\n" if dates else ""
        index.append(INDEX_ENTRY.format(siteurl=siteurl, name=part.name, lastmod=lastmod))
    index.append(INDEX_FOOTER)
    sitemap.write_text("".join(index), encoding="utf-8")
    return parts
