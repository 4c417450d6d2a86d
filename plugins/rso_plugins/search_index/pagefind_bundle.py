"""Write the Pagefind search bundle (index, fragments, search script) into the output.

Pagefind reads the output folder itself, in place: what is indexed is exactly what a
reader is served, and nothing is copied first. (An earlier version copied the chosen
pages into a scratch folder; on a 1,000-article site the copies cost almost as much
as the indexing. Pagefind's Python API can add pages one by one, but its wrapper polls
for each answer every 0.1 s, which makes it far slower still.)

Which pages are searchable is the theme's decision, made where the page is rendered:
only a page whose ``<main>`` carries ``data-pagefind-body`` is indexed (base.html gives
it to published articles and pages, never to listings, hidden pages or drafts; the
search page opts out in search.html), and
only that element is read, so the header, the figures block and the footer, which
repeat on every page, never match a search.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

logger = logging.getLogger(__name__)

# The search page loads {SITEURL}/pagefind/pagefind.js: keep the two in step.
BUNDLE_DIR = "pagefind"
# What marks a page's searchable content (see base.html).
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


def pagefind_command(site: Path, language: str) -> list[str]:
    """The Pagefind run that indexes ``site`` into ``site``/pagefind/.

    ``--root-selector`` makes the marker a rule rather than a preference: Pagefind's
    default, when no page is marked, is to index every page whole, navigation and
    all; with it, an unmarked site is an error instead. One language for the whole
    site (``--force-language``), so a reader downloads one index and one WebAssembly
    module whatever a page's markup says.
    """
    # Imported here: it brings in asyncio, and only publish builds index the site.
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None:
        raise SearchIndexFailed("No pagefind binary: pip install -r requirements.txt")
    return [
        str(executable),
        "--site",
        str(site),
        "--output-subdir",
        BUNDLE_DIR,
        "--root-selector",
        f"[{BODY_MARKER}]",
        "--force-language",
        language,
        "--quiet",
    ]


def write_bundle(output_path: Path, language: str) -> int:
    """Index the marked pages under ``output_path`` into ``output_path``/pagefind/.

    Returns how many pages were indexed. Pagefind indexes whatever is in the folder: a
    publish build starts from an empty one, so that is exactly this build's pages (a
    development build that keeps its output also keeps pages whose slug has changed,
    and serves them too).

    Any bundle from an earlier build is removed first: Pagefind names its files by
    content hash, so a development build with SEARCH_INDEX on, which keeps its output,
    would otherwise pile up fragments of pages that no longer say what they said.
    """
    output_path = Path(output_path)
    bundle = output_path / BUNDLE_DIR
    shutil.rmtree(bundle, ignore_errors=True)
    result = subprocess.run(pagefind_command(output_path, language), capture_output=True, text=True)
    said = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise SearchIndexFailed(
            f"Pagefind failed on {output_path} (is any page's <main> marked "
            f"{BODY_MARKER}?):\n{said}"
        )
    if said:
        # --quiet leaves only warnings; a strict build should stop on them.
        logger.warning("Pagefind: %s", said)
    for name in UNUSED_UI_FILES:
        (bundle / name).unlink(missing_ok=True)
    # Pagefind writes one fragment per indexed page.
    return sum(1 for _ in (bundle / "fragment").iterdir())
