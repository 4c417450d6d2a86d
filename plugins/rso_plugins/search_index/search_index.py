"""Run the search indexer at the end of every build that asks for it (SEARCH_INDEX).

The index is built at ``finalized``, after every page is written, because Pagefind
reads the finished HTML: what is indexed is exactly what a reader is served. Doing it
in the build rather than in a publish task means `invoke preview`, the tests and a
publish all get the same index with nothing extra to remember. Development builds
(`invoke build`, `invoke livereload`) leave it out: indexing re-reads every page, which
would double an editor's wait on a large archive for a feature a preview rarely needs.
"""

from __future__ import annotations

import logging
import time

from pelican import signals

from rso_plugins.content_problems import EditorError

from .pagefind_bundle import BUNDLE_DIR, write_bundle

logger = logging.getLogger(__name__)

# Off unless a settings file turns it on: publishconf.py does, pelicanconf.py does not.
DEFAULT_SEARCH_INDEX = False
# Where a wrong value is to be fixed (Pelican does not record which file it read).
SETTINGS_FILES = "pelicanconf.py (or publishconf.py)"


class SearchIndexSettingError(EditorError):
    """SEARCH_INDEX has a value it cannot use; the message says what to write."""


def search_enabled(settings) -> bool:
    """SEARCH_INDEX: publish builds index; development builds skip it to stay fast."""
    value = settings.get("SEARCH_INDEX", DEFAULT_SEARCH_INDEX)
    if not isinstance(value, bool):
        raise SearchIndexSettingError(
            f"{SETTINGS_FILES}: SEARCH_INDEX = {value!r} cannot be used; "
            "write SEARCH_INDEX = True or SEARCH_INDEX = False"
        )
    return value


def check_settings(pelican) -> None:
    """Stop at start-up if SEARCH_INDEX is wrong; fill in its default for the templates."""
    pelican.settings["SEARCH_INDEX"] = search_enabled(pelican.settings)


def build_index(pelican) -> None:
    """Index the written pages and write the bundle next to them."""
    if not search_enabled(pelican.settings):
        return
    started = time.perf_counter()
    pages = write_bundle(pelican.output_path, language=pelican.settings["DEFAULT_LANG"])
    logger.info(
        "Search index: %d pages in %s/%s/ (%.2f s)",
        pages,
        pelican.output_path,
        BUNDLE_DIR,
        time.perf_counter() - started,
    )


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.finalized.connect(build_index)
