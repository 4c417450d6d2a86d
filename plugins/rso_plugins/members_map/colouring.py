"""Colour the drawing of the world by the data file: the map's only work in most builds.

Each shape gets the status of the state or territory whose ISO 3166-1 code it carries
(a member, a named observer, or neither) and a title that says so; places too small to
see at the map's scale also get a dot. The result is plain data for the template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pycountry

from .shapes import WorldDrawing, WorldShape

MEMBER = "member"
OBSERVER = "observer"
OTHER = "other"
# Shapes are drawn in this order, so members' outlines lie on top of their neighbours'.
DRAWING_ORDER = (OTHER, OBSERVER, MEMBER)
# What each shape's title says after the name (shown on hover, read out for members
# and observers).
STATUS_WORDS = {
    MEMBER: "member state or territory",
    OBSERVER: "observer",
    OTHER: "not a member or named observer",
}
# A place whose shapes cover less than this (drawing units squared: about a 5 by 5
# square at the width of the page) is marked with a dot as well: Singapore, Nauru,
# Kiribati and the like would otherwise not be seen, nor found by hovering.
DOT_AREA = 25.0


@dataclass(frozen=True)
class MapShape:
    """A country's or territory's shape as drawn: its path, status and title, and
    whether screen readers are given it (once per member or observer: its largest
    shape, or its dot when it has one)."""

    d: str
    status: str
    title: str
    spoken: bool = False


@dataclass(frozen=True)
class MapDot:
    """A dot marking a member or observer too small to see."""

    x: float
    y: float
    status: str
    title: str


@dataclass(frozen=True)
class MembersMap:
    """What the members page draws; counts come from the figures."""

    width: int
    height: float
    outline: str
    shapes: tuple[MapShape, ...]
    dots: tuple[MapDot, ...]
    member_states: int
    observers_named: int
    observers_total: int

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height:g}"

    def shapes_of(self, status: str) -> tuple[MapShape, ...]:
        return tuple(shape for shape in self.shapes if shape.status == status)

    def dots_of(self, status: str) -> tuple[MapDot, ...]:
        return tuple(dot for dot in self.dots if dot.status == status)


@dataclass(frozen=True)
class Participant:
    """A member state or named observer as the data file gives it."""

    name: str
    code: str  # ISO 3166-1 alpha-2
    status: str
    line: int | None

    @property
    def numeric(self) -> str:
        """The ISO 3166-1 numeric code, which Natural Earth's shapes carry."""
        return pycountry.countries.get(alpha_2=self.code).numeric

    @property
    def title(self) -> str:
        return f"{self.name}: {STATUS_WORDS[self.status]}"


def participants(figures) -> list[Participant]:
    """Member states, then named observers, as the figures list them."""
    return [
        Participant(place.name, place.code, status, place.line)
        for status, places in ((MEMBER, figures.member_states), (OBSERVER, figures.observers_named))
        for place in places
    ]


def colour_map(
    drawing: WorldDrawing,
    figures,
    detail: Callable[[frozenset[str]], WorldDrawing | None] | None = None,
) -> tuple[MembersMap, list[Participant]]:
    """The map of ``figures`` on ``drawing``, and the participants it cannot place.

    A participant without a shape in ``drawing`` is looked for in ``detail(codes)``, a
    more detailed drawing of just those codes (Natural Earth's 1:50m countries leave out
    Tuvalu, which 1:10m has)."""
    everyone = participants(figures)
    by_code: dict[str, list[WorldShape]] = {}
    for shape in drawing.shapes:
        by_code.setdefault(shape.code, []).append(shape)
    extra: list[WorldShape] = []
    missing = frozenset(p.numeric for p in everyone if p.numeric not in by_code)
    if missing and detail is not None:
        more = detail(missing)
        for shape in more.shapes if more is not None else ():
            by_code.setdefault(shape.code, []).append(shape)
            extra.append(shape)
    unplaced = [p for p in everyone if p.numeric not in by_code]

    status_of = {p.numeric: p for p in everyone}
    dots = []
    spoken: set[int] = set()  # id() of the shape that stands for each participant
    for participant in everyone:
        own = by_code.get(participant.numeric)
        if not own:
            continue
        largest = max(own, key=lambda shape: shape.area)
        if sum(shape.area for shape in own) < DOT_AREA:
            dots.append(MapDot(*largest.dot, participant.status, participant.title))
        elif largest.d:
            spoken.add(id(largest))
    dots.sort(key=lambda dot: DRAWING_ORDER.index(dot.status))

    shapes = []
    for shape in (*drawing.shapes, *extra):
        if not shape.d:
            continue
        participant = status_of.get(shape.code)
        if participant is None:
            shapes.append(MapShape(shape.d, OTHER, f"{shape.name}: {STATUS_WORDS[OTHER]}"))
        else:
            status, title = participant.status, participant.title
            shapes.append(MapShape(shape.d, status, title, spoken=id(shape) in spoken))
    shapes.sort(key=lambda shape: DRAWING_ORDER.index(shape.status))

    members_map = MembersMap(
        width=drawing.width,
        height=drawing.height,
        outline=drawing.outline,
        shapes=tuple(shapes),
        dots=tuple(dots),
        member_states=len(figures.member_states),
        observers_named=len(figures.observers_named),
        observers_total=figures.observers_total,
    )
    return members_map, unplaced
