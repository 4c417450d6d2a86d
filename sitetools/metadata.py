"""The header block of a Markdown article or page, with the line each field is on.

Pelican reads the header with Python-Markdown's ``meta`` extension, which forgets line
numbers; an editor needs them to find a mistake. This parser follows the same rules
(``Key: value`` lines up to the first blank line, indented lines continue a value,
optional ``---`` fences) so it sees exactly the fields Pelican sees. It is the one
place sitetools reads or writes a header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# Python-Markdown's meta extension patterns (markdown/extensions/meta.py).
_FIELD = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)")
_FENCE_START = re.compile(r"^-{3}(\s.*)?")
_FENCE_END = re.compile(r"^(-{3}|\.{3})(\s.*)?")


@dataclass(frozen=True)
class Field:
    """One header field: its value and the 1-based line it starts on."""

    value: str
    line: int


@dataclass
class Header:
    """The fields of one file's header, keyed by lower-case name, and its body lines."""

    fields: dict[str, Field] = field(default_factory=dict)
    # Where an editor would add a missing field: the line after the last field.
    end_line: int = 1
    # Fields given more than once: (name, line of the repeat).
    repeated: list[tuple[str, int]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def get(self, name: str) -> Field | None:
        return self.fields.get(name.lower())

    def value(self, name: str, default: str = "") -> str:
        found = self.get(name)
        return found.value if found else default


def parse_header(text: str) -> Header:
    """Split ``text`` into header fields (with line numbers), as Pelican would."""
    lines = text.splitlines()
    header = Header(lines=lines)
    index = 1 if lines and _FENCE_START.match(lines[0]) else 0
    current: str | None = None
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.strip() or _FENCE_END.match(line):
            break
        match = _FIELD.match(line)
        if match:
            header.end_line = index + 1
            current = match.group("key").lower()
            if current in header.fields:
                header.repeated.append((current, index))
            else:
                header.fields[current] = Field(match.group("value").strip(), index)
            continue
        continuation = _CONTINUATION.match(line)
        if not (continuation and current):
            break
        header.end_line = index + 1
        previous = header.fields[current]
        joined = f"{previous.value} {continuation.group('value').strip()}".strip()
        header.fields[current] = Field(joined, previous.line)
    return header


def read_header(path: Path) -> Header:
    """The header of the Markdown file at ``path``."""
    return parse_header(path.read_text(encoding="utf-8"))


def format_header(fields: dict[str, str]) -> str:
    """Header lines for ``fields`` in the order given, then the blank line that ends it."""
    for name, value in fields.items():
        if "\n" in value or "\r" in value:
            raise ValueError(f"{name} must be on one line")
    return "".join(f"{name}: {value}".rstrip() + "\n" for name, value in fields.items()) + "\n"
