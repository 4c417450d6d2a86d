"""Copy the parts of this project a build reads, to change and build them in a temporary
folder without touching the real project.

Builds of a copy run the installed rso_plugins package (the real plugins/ folder), not
the copy's plugins/, which is there only for tools that watch the project's files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sitetools.build import ROOT

# The caches of what a build draws, each entry named by everything that shapes it and
# written whole (photos, share cards, covers and printed sheets): a copy shares the
# project's own, so each is drawn once per test run, not once per copy.
SHARED_CACHES = ("cache/photos", "cache/share-cards", "cache/publications")
# The whole project, as tests copy it to change and build it.
SITE_PARTS = (
    "pelicanconf.py",
    "publishconf.py",
    "theme",
    "plugins",
    "content",
    "node_modules",
    *SHARED_CACHES,
)
# What npm ci installs, which a build only reads (the members map's geometry): a copy
# links to the project's own instead of copying megabytes, and shares the map's drawing
# kept in it (node_modules/.cache), which is keyed by its inputs.
LINKED_PARTS = ("node_modules", *SHARED_CACHES)
# What a build of this site reads besides its pages and news.
OUR_PARTS = (
    "pelicanconf.py",
    "publishconf.py",
    "theme",
    "content/data",
    "content/extra",
)


def copy_parts(target: Path, parts: tuple[str, ...] = OUR_PARTS, source: Path = ROOT) -> None:
    """Copy ``parts`` of the project at ``source`` into ``target``, leaving caches behind."""
    for part in parts:
        origin = source / part
        destination = target / part
        destination.parent.mkdir(parents=True, exist_ok=True)
        if part in LINKED_PARTS:
            if part in SHARED_CACHES:
                origin.mkdir(parents=True, exist_ok=True)
            if origin.exists():
                destination.symlink_to(origin.resolve(), target_is_directory=True)
        elif origin.is_dir():
            shutil.copytree(
                origin, destination, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        elif origin.exists():
            shutil.copy2(origin, destination)
