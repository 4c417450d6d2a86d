"""Turn Natural Earth's countries into the map's shapes: the expensive part, done once.

Decoding the TopoJSON (the ``topojson`` library), cutting the world at the map's own
edge, projecting it (``pyproj``, Equal Earth centred on the Asia-Pacific), and
simplifying it to what the drawing can show (``shapely``) take about a second, and
importing those libraries a good part of that. So this module is imported only when
the cache (``cache.py``) has no drawing for the geometry file's bytes and these
settings; every other build reads the drawing back and only colours it.

The output is plain data (path text, areas, dot positions), rounded on a grid, so the
same input always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy as np
import pyproj
import shapely
from shapely.geometry import shape
from topojson.utils import serialize_as_geojson

from .shapes import DrawingSettings, WorldDrawing, WorldShape

# The cut is made this far (degrees) inside the map's edge, so no point lies exactly on
# the antimeridian, where a projection may put it on either side.
EDGE_MARGIN = 1e-6
# Coordinates are snapped to this grid (degrees, about 10 cm) before pieces are joined,
# so the two halves of Russia or Fiji cut at 180° by Natural Earth meet exactly.
SNAP_GRID = 1e-6
# Long straight edges (a cut along a meridian, Antarctica's edge at the pole) are given
# a point every degree before projecting, so they follow the projection's curves.
DENSIFY_DEGREES = 1.0


def _features(
    topology: dict, object_name: str, only: frozenset[str] | None
) -> Iterable[tuple[str, str, object]]:
    """(ISO 3166-1 numeric code or "", name, shapely geometry) of each country, or of
    those whose code is in ``only``."""
    if only is not None:
        collection = topology["objects"][object_name]
        chosen = [g for g in collection["geometries"] if g.get("id") in only]
        topology = {**topology, "objects": {object_name: {**collection, "geometries": chosen}}}
    collection = serialize_as_geojson(topology, objectname=object_name)
    for feature in collection["features"]:
        if not feature.get("geometry"):
            continue
        code = feature.get("id")
        code = code if isinstance(code, str) and code.isdigit() else ""
        name = (feature.get("properties") or {}).get("name") or ""
        yield code, name, shape(feature["geometry"])


def _unwrapped_ring(coords: np.ndarray, near: float | None = None) -> np.ndarray:
    """The ring with longitudes made continuous: Natural Earth's rings may step across
    180° (from 179.9° to -179.9°), which a flat map would draw as a line around the
    world. ``near``: a longitude the ring is moved a whole turn towards (for holes)."""
    lon = coords[:, 0]
    turns = np.concatenate(([0.0], np.cumsum(-360.0 * np.round(np.diff(lon) / 360.0))))
    lon = lon + turns
    if near is not None:
        lon = lon + 360.0 * np.round((near - lon.mean()) / 360.0)
    return np.column_stack((lon, coords[:, 1]))


def _unwrapped(polygon):
    exterior = _unwrapped_ring(np.asarray(polygon.exterior.coords))
    centre = float(exterior[:, 0].mean())
    holes = [_unwrapped_ring(np.asarray(r.coords), centre) for r in polygon.interiors]
    return shapely.make_valid(shapely.Polygon(exterior, holes))


def _recentre(geometry, west_edge: float):
    """The geometry in longitudes from ``west_edge`` to ``west_edge + 360`` (the map's
    frame): every polygon is made continuous, then the pieces of it that fall outside
    the frame come back in a whole turn away, and pieces that meet again are joined, so
    nothing crosses the map's edge and Russia or Fiji show no seam at 180°."""
    pieces = []
    # Pieces are joined only where they can meet: at the map's edge, or at 180°
    # where Natural Earth cut them (joining every country would cost half a second).
    join = False
    for polygon in _polygons(geometry):
        continuous = _unwrapped(polygon)
        min_x, _, max_x, _ = continuous.bounds
        low = int(np.floor((min_x - west_edge) / 360.0))
        high = int(np.floor((max_x - west_edge) / 360.0))
        join = join or low != high or min_x <= -180 or max_x >= 180
        for turn in range(low, high + 1):
            shifted = shapely.transform(continuous, lambda xy, t=turn: xy - (360.0 * t, 0.0))
            if low != high:
                shifted = shapely.clip_by_rect(
                    shifted, west_edge + EDGE_MARGIN, -90, west_edge + 360 - EDGE_MARGIN, 90
                )
            pieces.append(shifted)
    if not join:
        return shapely.MultiPolygon([part for piece in pieces for part in _polygons(piece)])
    snapped = [shapely.set_precision(p, SNAP_GRID, mode="pointwise") for p in pieces]
    return shapely.union_all([shapely.make_valid(p) for p in snapped])


def _polygons(geometry) -> list:
    """The polygons of any geometry (lines and points left by a cut are dropped)."""
    parts = shapely.get_parts(geometry)
    polygons = []
    for part in parts:
        if isinstance(part, shapely.Polygon):
            if not part.is_empty:
                polygons.append(part)
        elif isinstance(part, shapely.MultiPolygon | shapely.GeometryCollection):
            polygons.extend(_polygons(part))
    return polygons


def path_data(geometry, decimals: int) -> str:
    """SVG path text for polygons: each ring an absolute move, then relative lines (the
    shortest numbers), closed with ``z``. Repeated points after rounding are dropped."""
    scale = 10**decimals
    commands: list[str] = []
    for polygon in _polygons(geometry):
        for ring in (polygon.exterior, *polygon.interiors):
            grid = np.rint(np.asarray(ring.coords)[:-1] * scale).astype(np.int64)
            keep = np.ones(len(grid), dtype=bool)
            keep[1:] = np.any(grid[1:] != grid[:-1], axis=1)
            grid = grid[keep]
            if len(grid) < 3:
                continue
            steps = np.diff(grid, axis=0)
            text = [f"M{_number(grid[0][0], decimals)} {_number(grid[0][1], decimals)}l"]
            for dx, dy in steps:
                text.append(_pair(dx, dy, decimals))
            commands.append("".join(text).rstrip() + "z")
    return "".join(commands)


def _number(value: int, decimals: int) -> str:
    if decimals == 0:
        return str(int(value))
    text = f"{value / 10**decimals:.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def _pair(dx: int, dy: int, decimals: int) -> str:
    """One relative step; a minus sign separates numbers by itself."""
    x, y = _number(dx, decimals), _number(dy, decimals)
    return f" {x}{'' if y.startswith('-') else ' '}{y}"


@dataclass(frozen=True)
class _Frame:
    """From projected metres to the drawing's units: x to the right, y down."""

    min_x: float
    max_y: float
    scale: float

    def __call__(self, xy: np.ndarray) -> np.ndarray:
        return np.column_stack(
            ((xy[:, 0] - self.min_x) * self.scale, (self.max_y - xy[:, 1]) * self.scale)
        )


def draw_world(
    topology_bytes: bytes, settings: DrawingSettings, only: frozenset[str] | None = None
) -> WorldDrawing:
    """Project, simplify and encode every country of the TopoJSON in ``topology_bytes``
    (or those whose ISO 3166-1 numeric code is in ``only``)."""
    topology = json.loads(topology_bytes)
    centre = settings.central_meridian
    # The map's western edge, the antimeridian of its centre, in -180..180.
    west_edge = centre % 360.0 - 180.0
    projection = pyproj.Transformer.from_crs(
        "+proj=longlat +datum=WGS84 +no_defs",
        f"+proj=eqearth +lon_0={centre} +datum=WGS84 +units=m +no_defs",
        always_xy=True,
    )

    def project(geometry):
        dense = shapely.segmentize(geometry, DENSIFY_DEGREES)
        return shapely.transform(
            dense, lambda xy: np.column_stack(projection.transform(xy[:, 0], xy[:, 1]))
        )

    sphere = project(shapely.box(west_edge + EDGE_MARGIN, -90, west_edge + 360 - EDGE_MARGIN, 90))
    min_x, min_y, max_x, max_y = sphere.bounds
    frame = _Frame(min_x, max_y, settings.width / (max_x - min_x))
    height = (max_y - min_y) * frame.scale

    shapes = []
    tolerance = settings.tolerance
    for code, name, geometry in _features(topology, settings.object_name, only):
        placed = shapely.transform(project(_recentre(geometry, west_edge)), frame)
        area = float(shapely.area(placed))
        parts = sorted(_polygons(placed), key=lambda p: p.area, reverse=True)
        if not parts:
            continue
        dot = parts[0].representative_point()
        simple = [shapely.simplify(p, tolerance, preserve_topology=True) for p in parts]
        kept = [p for p in simple if p.area >= settings.min_island_area] or simple[:1]
        shapes.append(
            WorldShape(
                code=code,
                name=name,
                d=path_data(shapely.MultiPolygon(kept), settings.decimals),
                area=round(area, 2),
                dot=(round(dot.x, 1), round(dot.y, 1)),
            )
        )
    outline = shapely.transform(sphere, frame)
    return WorldDrawing(
        width=settings.width,
        height=round(height, 1),
        outline=path_data(shapely.simplify(outline, tolerance), settings.decimals),
        shapes=tuple(sorted(shapes, key=lambda s: (s.code or "~", s.name))),
        settings=asdict(settings),
    )
