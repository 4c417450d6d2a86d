"""Where an image is named in an article or page: the file, and the line for messages.

The line is looked up only when a message needs it (reading the source file for every
photo would slow rebuilds). A photo can be shown twice in one article; the second use
is found as the second line that names it, so a message about it names its own line.
"""

from __future__ import annotations

import functools
import os

from rso_plugins.content_problems import find_field_line, report_problem


def _lines(path: str | os.PathLike) -> list[str]:
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            return handle.read().splitlines()
    except OSError:
        return []


def body_line(path: str | os.PathLike, needles: tuple[str, ...], occurrence: int) -> int | None:
    """The line of the ``occurrence``-th (from 0) line of the text, below the header,
    that holds the first of ``needles`` found there; else the first line anywhere that
    holds any of them."""
    lines = _lines(path)
    header_end = next((number for number, text in enumerate(lines) if not text.strip()), 0)
    for needle in needles:
        found = [n for n in range(header_end, len(lines)) if needle and needle in lines[n]]
        if len(found) > occurrence:
            return found[occurrence] + 1
    for needle in needles:
        for number, text in enumerate(lines, start=1):
            if needle and needle in text:
                return number
    return None


class Place:
    """The ``occurrence``-th image with this address in the text of ``source_path``,
    found by the first of ``needles`` its line holds."""

    def __init__(self, source_path: str, needles: tuple[str, ...], occurrence: int = 0):
        self.source_path = source_path
        self.needles = needles
        self.occurrence = occurrence

    @functools.cached_property
    def line(self) -> int | None:
        return body_line(self.source_path, self.needles, self.occurrence)

    def report(self, message: str) -> None:
        report_problem(self.source_path, self.line, message)


class FieldPlace(Place):
    """A header field that names an image (``Image:``, or a Summary with an image)."""

    def __init__(self, source_path: str, field: str):
        super().__init__(source_path, ())
        self.field = field

    @functools.cached_property
    def line(self) -> int | None:
        return find_field_line(self.source_path, self.field)
