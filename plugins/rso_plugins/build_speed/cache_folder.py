"""Give each state of the inputs its own content cache, so none is ever stale.

At the start of every build (``get_generators`` is sent once per run, before any
generator loads its cache, also under autoreload) the fingerprint of the settings,
plugin code, library versions and data files is worked out, and Pelican is pointed at
``CACHE_PATH/<fingerprint>/``. A change to any of them therefore starts from an empty
cache, and changing back finds the old one again. Builds with different settings (a
test building into another folder) never share, or delete, each other's cache.

A folder is trusted only if the build that filled it finished: the ``complete`` marker
is removed when a build starts and written when it ends, so a build that died while
Pelican was writing its cache leaves a folder the next build empties first.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

from pelican import signals

from .fingerprint import build_fingerprint

logger = logging.getLogger(__name__)

COMPLETE_MARKER = "complete"
FOLDER_NAME = re.compile(r"[0-9a-f]{16}")
# How many other fingerprints' caches to keep, for switching back and forth.
KEEP_OTHER_CACHES = 3


def _caching(settings) -> bool:
    return bool(settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE"))


def prune_old_caches(base: Path, current: Path, keep: int = KEEP_OTHER_CACHES) -> None:
    """Delete all but the ``keep`` most recently used other cache folders."""
    others = [
        folder
        for folder in base.iterdir()
        if folder != current and folder.is_dir() and FOLDER_NAME.fullmatch(folder.name)
    ]
    others.sort(key=lambda folder: folder.stat().st_mtime, reverse=True)
    for folder in others[keep:]:
        shutil.rmtree(folder, ignore_errors=True)


def use_fingerprinted_cache(pelican) -> None:
    """Point CACHE_PATH at the folder for the current inputs, emptied unless complete."""
    settings = pelican.settings
    if not _caching(settings):
        return
    base = getattr(pelican, "_content_cache_base", None) or Path(settings["CACHE_PATH"])
    pelican._content_cache_base = base
    fingerprint = build_fingerprint(settings, pelican.plugins)
    folder = base / fingerprint[:16]
    marker = folder / COMPLETE_MARKER
    if marker.exists():
        marker.unlink()
    else:
        if folder.exists():
            logger.info("Content cache %s is incomplete: starting it again", folder)
        shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    prune_old_caches(base, folder)
    settings["CACHE_PATH"] = str(folder)
    pelican._content_cache_folder = folder


def mark_cache_complete(pelican) -> None:
    """The build finished: the cache Pelican saved can be trusted next time."""
    folder = getattr(pelican, "_content_cache_folder", None)
    if folder is not None and pelican.settings.get("CACHE_CONTENT"):
        (folder / COMPLETE_MARKER).touch()


def register() -> None:
    signals.get_generators.connect(use_fingerprinted_cache)
    signals.finalized.connect(mark_cache_complete)
