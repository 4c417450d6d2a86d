"""The drawing of the world, kept by everything it is made from.

A drawing's key is the sha256 of the geometry file's bytes, the drawing settings, the
code that draws (this package's geometry.py and shapes.py) and the versions of the
libraries it uses. A build whose key is in the cache reads one JSON file and never
imports pyproj, shapely or topojson; any change to the inputs draws again. The file is
written whole and then renamed, so builds running side by side never read half of one.

The drawing depends on the installed geometry, not on the content, so it is kept beside
the geometry (``node_modules/.cache/``) rather than with the content cache: a build
that starts without output and content cache (a cold build) still finds it, and
``npm ci``, which installs the geometry anew, removes it with the old geometry.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from rso_plugins.file_digest import file_sha256
from rso_plugins.library_versions import installed_version

from .shapes import DrawingSettings, WorldDrawing, drawing_from_json, drawing_to_json

logger = logging.getLogger(__name__)

# What draws: a change to any of these files or libraries gives a new key.
CODE_FILES = ("geometry.py", "shapes.py")
LIBRARIES = ("pyproj", "shapely", "topojson", "numpy")


def code_version() -> str:
    """The sha256 of the drawing code and the versions of the libraries it calls."""
    digest = hashlib.sha256()
    for name in CODE_FILES:
        digest.update((Path(__file__).parent / name).read_bytes())
    for library in LIBRARIES:
        version = installed_version(library) or "absent"
        digest.update(f"{library}=={version};".encode())
    return digest.hexdigest()


def drawing_key(
    geometry_sha256: str, settings: DrawingSettings, only: frozenset[str] | None = None
) -> str:
    """The cache key of the drawing of a geometry file (of the codes in ``only``)."""
    parts = {
        "geometry": geometry_sha256,
        "settings": asdict(settings),
        "code": code_version(),
        "only": sorted(only) if only is not None else None,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def load_drawing(
    geometry: Path,
    folder: Path,
    settings: DrawingSettings,
    only: frozenset[str] | None = None,
) -> WorldDrawing:
    """The drawing of the TopoJSON file ``geometry``: from ``folder`` when it is there,
    else drawn now (seconds, not milliseconds) and kept there."""
    key = drawing_key(file_sha256(geometry), settings, only)
    kept = folder / f"{key}.json"
    try:
        return drawing_from_json(kept.read_text(encoding="utf-8"))
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError) as error:
        logger.info("Drawing the map again: %s could not be read (%s)", kept, error)
    # Only now: importing the geometry libraries alone takes longer than a whole
    # build's map work when the drawing is kept.
    from .geometry import draw_world

    logger.info("Drawing the members map from %s (kept in %s)", geometry, folder)
    drawing = draw_world(geometry.read_bytes(), settings, only)
    _write_whole(kept, drawing_to_json(drawing))
    return drawing


def _write_whole(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` through a temporary file renamed over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".drawing-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; it holds nothing secret
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
