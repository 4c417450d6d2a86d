"""The drawing of the world as plain data: what the cache stores and each build colours.

Nothing here imports the geometry libraries, so a build that finds the drawing in the
cache never loads them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class DrawingSettings:
    """Everything besides the geometry file that shapes the drawing (part of its key)."""

    # Equal Earth centred here (degrees east): the Asia-Pacific in the middle, the
    # members from Turkey to the United States in view, the edge in the Atlantic.
    central_meridian: float = 150.0
    # Width of the drawing in its own units (the SVG viewBox).
    width: int = 1000
    # Simplification tolerance and the smallest island kept, in drawing units.
    tolerance: float = 0.8
    min_island_area: float = 1.0
    # Digits after the point in path coordinates.
    decimals: int = 0
    # The TopoJSON object holding the countries.
    object_name: str = "countries"


@dataclass(frozen=True)
class WorldShape:
    """One country or territory as drawn: its code (ISO 3166-1 numeric, "" when Natural
    Earth gives none), its name in Natural Earth, its path, its area in drawing units
    before simplification, and where a dot for it goes."""

    code: str
    name: str
    d: str
    area: float
    dot: tuple[float, float]


@dataclass(frozen=True)
class WorldDrawing:
    """Every country, projected and simplified, and the outline of the globe."""

    width: int
    height: float
    outline: str
    shapes: tuple[WorldShape, ...]
    settings: dict


def drawing_to_json(drawing: WorldDrawing) -> str:
    """The drawing as the cache stores it: compact, keys sorted, the same bytes for the
    same drawing."""
    data = {
        "width": drawing.width,
        "height": drawing.height,
        "outline": drawing.outline,
        "settings": drawing.settings,
        "shapes": [
            [shape.code, shape.name, shape.d, shape.area, list(shape.dot)]
            for shape in drawing.shapes
        ],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def drawing_from_json(text: str) -> WorldDrawing:
    """Read back what ``drawing_to_json`` wrote; ValueError, KeyError or TypeError if
    the text is not such a drawing."""
    data = json.loads(text)
    shapes = tuple(
        WorldShape(code=code, name=name, d=d, area=area, dot=(dot[0], dot[1]))
        for code, name, d, area, dot in data["shapes"]
    )
    return WorldDrawing(
        width=data["width"],
        height=data["height"],
        outline=data["outline"],
        shapes=shapes,
        settings=data["settings"],
    )
