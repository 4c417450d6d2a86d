"""Write the Pagefind search bundle (index, fragments, search script) into the output.

Pagefind's command line only chooses files by glob, so the chosen pages are copied
into a scratch folder, under the same paths, and Pagefind indexes that folder in one
run; result URLs come from those paths, exactly as the host serves them. (Pagefind's
Python API can add files one by one, but its wrapper polls for each answer every
0.1 s: a 300-article site took 30 s that way and takes well under a second like this.)

Each page is read through Pagefind's own HTML rules: only ``data-pagefind-body`` (the
theme's ``<main>``) is indexed, so the header, the figures block and the footer, which
repeat on every page, never match a search.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pagefind.service import get_executable

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


class SearchIndexFailed(RuntimeError):
    """Pagefind could not index the site; its own output says why."""


@dataclass(frozen=True)
class IndexSummary:
    """What went into the index, for the build log and for tests."""

    pages: tuple[str, ...]
    skipped: tuple[str, ...]


def pagefind_command(site: Path, bundle: Path, language: str) -> list[str]:
    """The Pagefind run that indexes ``site`` into ``bundle``.

    One language for the whole site (``--force-language``), so a reader downloads one
    index and one WebAssembly module whatever a page's markup says.
    """
    executable = get_executable()
    if executable is None:
        raise SearchIndexFailed("No pagefind binary: pip install -r requirements.txt")
    return [
        str(executable),
        "--site",
        str(site),
        "--output-path",
        str(bundle),
        "--force-language",
        language,
        "--quiet",
    ]


def write_bundle(
    output_path: Path, documents: Iterable[SearchDocument], language: str
) -> IndexSummary:
    """Index ``documents`` and write the bundle to ``output_path``/pagefind/.

    Any bundle from an earlier build is removed first: Pagefind names its files by
    content hash, so a preview build that keeps its output would otherwise pile up
    fragments of pages that no longer say what they said.
    """
    output_path = Path(output_path)
    bundle = output_path / BUNDLE_DIR
    shutil.rmtree(bundle, ignore_errors=True)
    pages, skipped = [], []
    with tempfile.TemporaryDirectory(prefix="search-index-") as scratch:
        for document in documents:
            source = output_path / document.save_as
            if BODY_MARKER not in source.read_text(encoding="utf-8"):
                skipped.append(document.save_as)
                continue
            staged = Path(scratch) / document.save_as
            staged.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, staged)
            pages.append("/" + document.url)
        if not pages:
            logger.warning("Search index: no page to index, so no search bundle written")
            return IndexSummary(pages=(), skipped=tuple(skipped))
        result = subprocess.run(
            pagefind_command(Path(scratch), bundle.resolve(), language),
            capture_output=True,
            text=True,
        )
    said = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise SearchIndexFailed(f"Pagefind failed:\n{said}")
    if said:
        # --quiet leaves only warnings; a strict build should stop on them.
        logger.warning("Pagefind: %s", said)
    for name in UNUSED_UI_FILES:
        (bundle / name).unlink(missing_ok=True)
    return IndexSummary(pages=tuple(pages), skipped=tuple(skipped))
