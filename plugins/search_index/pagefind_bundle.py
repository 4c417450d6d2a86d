"""Write the Pagefind search bundle (index, fragments, search scripts) into the output.

Pagefind's Python API is used rather than its command line so that exactly the chosen
documents are indexed (the command line only takes a glob) and so that the binary from
the pinned ``pagefind[bin]`` wheel is found without a PATH. Each page is still read
through Pagefind's own HTML rules: only ``data-pagefind-body`` (the theme's ``<main>``)
is indexed, so the header, the figures block and the footer, which repeat on every
page, never match a search.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from .documents import SearchDocument

logger = logging.getLogger(__name__)

# The search page loads {SITEURL}/pagefind/pagefind.js: keep the two in step.
BUNDLE_DIR = "pagefind"
# What marks a page's searchable content; a page without it is left out of the index,
# which is how a template (the search page's own) opts out.
BODY_MARKER = "data-pagefind-body"
# Pagefind writes its ready-made UI with every bundle. The search page uses its own
# markup and script (theme/js/search.js), so these are never loaded: not publishing
# them keeps about 420 KB of unused scripts off the host.
UNUSED_UI_FILES = (
    "pagefind-component-ui.css",
    "pagefind-component-ui.js",
    "pagefind-highlight.js",
    "pagefind-modular-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-ui.css",
    "pagefind-ui.js",
)


@dataclass(frozen=True)
class IndexSummary:
    """What went into the index, for the build log and for tests."""

    pages: tuple[str, ...]
    skipped: tuple[str, ...]
    words: int


def write_bundle(
    output_path: Path, documents: Iterable[SearchDocument], language: str
) -> IndexSummary:
    """Index ``documents`` and write the bundle to ``output_path``/pagefind/.

    Any bundle from an earlier build is removed first: Pagefind names its files by
    content hash, so a preview build that keeps its output would otherwise pile up
    fragments of pages that no longer say what they said.
    """
    bundle = Path(output_path) / BUNDLE_DIR
    shutil.rmtree(bundle, ignore_errors=True)
    summary = asyncio.run(_index(Path(output_path), bundle, list(documents), language))
    for name in UNUSED_UI_FILES:
        (bundle / name).unlink(missing_ok=True)
    return summary


async def _index(
    output_path: Path, bundle: Path, documents: list[SearchDocument], language: str
) -> IndexSummary:
    pages, skipped, words = [], [], 0
    # One language for the whole site, so readers download one index and one
    # WebAssembly module whatever a page's markup says.
    config = IndexConfig(output_path=str(bundle), force_language=language)
    async with PagefindIndex(config=config) as index:
        # One at a time, in sorted order: the bundle's bytes depend on the order.
        for document in documents:
            html = (output_path / document.save_as).read_text(encoding="utf-8")
            if BODY_MARKER not in html:
                skipped.append(document.save_as)
                continue
            indexed = await index.add_html_file(content=html, url="/" + document.url)
            pages.append(indexed["page_url"])
            words += indexed["page_word_count"]
    return IndexSummary(pages=tuple(pages), skipped=tuple(skipped), words=words)
