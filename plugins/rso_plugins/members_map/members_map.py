"""Pelican signal handlers that draw the members map once per build.

When every generator has read the content (``all_generators_finalized``, before
anything is written), the figures the bali_process plugin loaded are placed on the
drawing of the world (kept by ``cache.py``; drawn by ``geometry.py`` only when the
geometry, the settings or the code changed) and the result goes into the template
context as ``members_map``, for ``partials/members-map.html``. A member or observer the
map cannot place is reported like any mistake in the data file, with its line.

When the figures failed to load, the data plugin has already said why: the map does
nothing then, and ``members_map`` is None.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from pelican import signals

from rso_plugins.bali_process.bali_process import CONTEXT_KEY as FIGURES_KEY
from rso_plugins.bali_process.bali_process import data_file_path
from rso_plugins.content_problems import EditorError, report_problem
from rso_plugins.npm_packages import project_folders

from .cache import load_drawing
from .colouring import MEMBER, Participant, colour_map
from .shapes import DrawingSettings

logger = logging.getLogger(__name__)

CONTEXT_KEY = "members_map"
# Natural Earth's countries as the world-atlas npm package (package.json) installs
# them: 1:50m for the map, 1:10m for the few small places 1:50m leaves out.
DEFAULT_GEOMETRY = "node_modules/world-atlas/countries-50m.json"
DEFAULT_DETAIL_GEOMETRY = "node_modules/world-atlas/countries-10m.json"
DEFAULT_CACHE = "node_modules/.cache/rso-members-map"
DRAWING = DrawingSettings()


class MembersMapSetupError(EditorError):
    """The map's geometry is not installed; the message says how to install it."""


@dataclass(frozen=True)
class MapFiles:
    """Where the geometry is, and where its drawing is kept."""

    geometry: Path
    detail: Path
    cache: Path


def _find(settings, name: str, default: str) -> Path:
    value = settings.get(name) or default
    if os.path.isabs(value):
        return Path(value)
    roots = project_folders(settings)
    for root in roots:
        if (root / value).exists():
            return root / value
    return roots[0] / value


def map_files(settings) -> MapFiles:
    """MEMBERS_MAP_GEOMETRY, MEMBERS_MAP_DETAIL_GEOMETRY and MEMBERS_MAP_CACHE_PATH,
    with their defaults (the cache beside the node_modules the geometry is in)."""
    geometry = _find(settings, "MEMBERS_MAP_GEOMETRY", DEFAULT_GEOMETRY)
    detail = _find(settings, "MEMBERS_MAP_DETAIL_GEOMETRY", DEFAULT_DETAIL_GEOMETRY)
    cache = settings.get("MEMBERS_MAP_CACHE_PATH")
    if not cache:
        modules = next((p for p in geometry.parents if p.name == "node_modules"), None)
        project = modules.parent if modules else Path(settings["PATH"]).resolve().parent
        cache = project / DEFAULT_CACHE
    return MapFiles(geometry, detail, Path(cache))


def check_geometry(pelican) -> None:
    """Stop at once, saying how to install it, when the geometry file is missing."""
    geometry = map_files(pelican.settings).geometry
    if not geometry.is_file():
        raise MembersMapSetupError(
            f"{geometry}: the members map is drawn from this file, which is missing; "
            "run scripts/setup (npm ci installs it from package.json)"
        )


def unplaced_message(participant: Participant) -> str:
    """What an editor reads for a member or observer the map has no shape for."""
    field = "members.states" if participant.status == MEMBER else "observers.named"
    return (
        f"{field}: {participant.name!r} is placed by the code {participant.code}, which "
        "the world map (Natural Earth) does not draw on its own; check the code, or "
        "ask a developer to add a shape for it"
    )


def draw_members_map(generators) -> None:
    """Colour the drawing by the figures, once per build, and give it to templates."""
    context = generators[0].context
    context[CONTEXT_KEY] = None
    figures = context.get(FIGURES_KEY)
    if figures is None:  # the data file has mistakes, already reported
        return
    settings = generators[0].settings
    files = map_files(settings)
    drawing = load_drawing(files.geometry, files.cache, DRAWING)

    def detail(codes: frozenset[str]):
        if not files.detail.is_file():
            return None
        return load_drawing(files.detail, files.cache, DRAWING, codes)

    members_map, unplaced = colour_map(drawing, figures, detail)
    for participant in unplaced:
        report_problem(data_file_path(settings), participant.line, unplaced_message(participant))
    if not unplaced:
        context[CONTEXT_KEY] = members_map
        logger.debug(
            "Members map: %d shapes, %d dots", len(members_map.shapes), len(members_map.dots)
        )


def register() -> None:
    signals.initialized.connect(check_geometry)
    signals.all_generators_finalized.connect(draw_members_map)
