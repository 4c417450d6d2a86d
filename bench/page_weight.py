"""Report what each page costs a reader on a slow link: gzip bytes of its HTML and CSS.

A page whose HTML and stylesheet fit in about 14 KB compressed can arrive in the first
round trip of a new connection (TCP's initial window is ten 1460-byte segments), which
is what makes the site usable on a slow mobile link. Each file is compressed on its own,
as a server sends it, and the sizes are added.

    python bench/page_weight.py              # build the publish site, then report
    python bench/page_weight.py OUTPUT_DIR   # report on an existing build

The members map (issue 21) has a budget of its own: its inline SVG may add at most
MAP_BUDGET_BYTES to the one page that carries it, whose other bytes keep the page
budget. Other pages carry no map.

Exits 1 when any page, or the map, is over budget.
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

BUDGET_BYTES = 14 * 1024
MAP_BUDGET_BYTES = 30 * 1024
# Where the members map's markup starts (theme/templates/partials/members-map.html); it
# ends at the first </figure> after it (it holds no figure of its own).
MAP_START = '<figure class="members-map">'
# Level 6 is what common servers (nginx, GitHub Pages' CDN) use; 9 would flatter us.
GZIP_LEVEL = 6


class _StylesheetLinks(HTMLParser):
    """Collect the href of every <link rel="stylesheet">."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        rels = (values.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rels and values.get("href"):
            self.hrefs.append(values["href"])


def gzip_size(data: bytes) -> int:
    """Bytes on the wire when a server gzips ``data``; mtime fixed so runs agree."""
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def map_markup(html: str) -> str | None:
    """The members map's markup in a page's HTML, if the page has the map."""
    start = html.find(MAP_START)
    if start < 0:
        return None
    end = html.index("</figure>", start) + len("</figure>")
    return html[start:end]


def stylesheets(page: Path, output_dir: Path) -> list[Path]:
    """The stylesheet files a page links to, found in the build by their URL path.

    Absolute URLs are matched on their path, so the report works whatever SITEURL the
    site was built for; relative ones are resolved from the page's own folder.
    """
    parser = _StylesheetLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    found = []
    for href in parser.hrefs:
        path = urlsplit(href).path
        if path.startswith("/"):
            # A SITEURL with a path prefix (example.org/rso/): try shorter suffixes.
            parts = PurePosixPath(path).parts[1:]
            candidates = [output_dir.joinpath(*parts[i:]) for i in range(len(parts))]
        else:
            candidates = [page.parent / path]
        target = next((c.resolve() for c in candidates if c.is_file()), None)
        if target is None:
            raise FileNotFoundError(f"{page}: stylesheet {href} is not in {output_dir}")
        found.append(target)
    return found


def report(output_dir) -> list[tuple[str, int]]:
    """Each HTML page, as a path relative to ``output_dir``, with its HTML+CSS gzip bytes
    (without the members map, which ``map_report`` measures)."""
    output_dir = Path(output_dir)
    sizes = []
    for page in sorted(output_dir.rglob("*.html")):
        html = page.read_bytes()
        markup = map_markup(html.decode("utf-8"))
        if markup is not None:
            html = html.decode("utf-8").replace(markup, "", 1).encode("utf-8")
        total = gzip_size(html)
        total += sum(gzip_size(css.read_bytes()) for css in stylesheets(page, output_dir))
        sizes.append((page.relative_to(output_dir).as_posix(), total))
    return sizes


def map_report(output_dir) -> list[tuple[str, int]]:
    """Each page that carries the members map, with the map's gzip bytes."""
    output_dir = Path(output_dir)
    sizes = []
    for page in sorted(output_dir.rglob("*.html")):
        markup = map_markup(page.read_text(encoding="utf-8"))
        if markup is not None:
            sizes.append((page.relative_to(output_dir).as_posix(), gzip_size(markup.encode())))
    return sizes


def _build_publish_site(output: Path) -> Path:
    """Build the site as published, so the report measures what readers get."""
    from sitetools.build import PUBLISH_SETTINGS, build_site

    build_site(PUBLISH_SETTINGS, output, quiet=True)
    return output


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(args[0]) if args else _build_publish_site(Path(scratch) / "output")
        sizes = report(output)
        maps = map_report(output)
    over = [(name, size) for name, size in sizes if size > BUDGET_BYTES]
    width = max(len(name) for name, _ in sizes)
    for name, size in sorted(sizes, key=lambda item: item[1], reverse=True):
        flag = "  OVER BUDGET" if size > BUDGET_BYTES else ""
        print(f"{name:<{width}}  {size:>6} B{flag}")
    print(
        f"{len(sizes)} pages, largest {max(size for _, size in sizes)} B, "
        f"budget {BUDGET_BYTES} B (gzip level {GZIP_LEVEL}, HTML + CSS): "
        f"{len(over)} over"
    )
    maps_over = [(name, size) for name, size in maps if size > MAP_BUDGET_BYTES]
    for name, size in maps:
        flag = "  OVER BUDGET" if size > MAP_BUDGET_BYTES else ""
        print(f"members map on {name}: {size} B (budget {MAP_BUDGET_BYTES} B){flag}")
    return 1 if over or maps_over else 0


if __name__ == "__main__":
    sys.exit(main())
