"""Load and validate the Bali Process data file.

The file is written by hand by editors, so every check names the file, the field and
the line, and says what to do. Counts are derived from the lists, never typed, so a
count cannot drift from the names it counts.

Member states and named observers are also placed on the members map, by their ISO
3166-1 alpha-2 code: the name's own entry in ISO 3166 (pycountry's exact lookup, never a
fuzzy one), or a code written beside a name ISO 3166 does not use
(``- {name: Hong Kong SAR, code: HK}``). A name that cannot be placed stops the build.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from typing import Any

import pycountry
import yaml

from rso_plugins.content_problems import EditorError

# libyaml's loader when PyYAML was built with it: the same result, several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TOP_LEVEL_FIELDS = ("as_of", "source", "members", "observers", "rcf_principles")
# The fields of an entry written as a mapping: - {name: Hong Kong SAR, code: HK}
ENTRY_FIELDS = ("name", "code")
# Characters that make YAML read a name in {name: ...} as something else unless quoted.
_NEEDS_QUOTES = set(",:{}[]#&*!|>'\"%@`")


class PlaceName(str):
    """A member state's or named observer's name as the data file writes it, which is
    what every page prints, with ``code``, its ISO 3166-1 alpha-2 code, and ``line``,
    where the data file names it.

    A ``str``, so every reader of the lists (templates, the open-data file, sorting and
    comparing names) keeps working with the name alone.
    """

    code: str
    line: int | None

    def __new__(cls, name: str, code: str, line: int | None = None) -> PlaceName:
        entry = super().__new__(cls, name)
        entry.code = code
        entry.line = line
        return entry

    def __getnewargs__(self) -> tuple[str, str, int | None]:
        # What pickle and copy pass to __new__ (the figures go to worker processes).
        return (str(self), self.code, self.line)

    @property
    def name(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"PlaceName({str(self)!r}, code={self.code!r})"


class BaliProcessDataError(EditorError, ValueError):
    """The data file cannot be used; the message says where and why."""

    def __init__(self, path: str, field: str, message: str, line: int | None = None):
        self.path = path
        self.field = field
        self.line = line
        self.reason = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {field}: {message}")


@dataclass(frozen=True)
class Figures:
    """The Bali Process figures for one build, with counts derived from the lists."""

    as_of: datetime.date
    source_title: str
    source_url: str
    member_states: tuple[PlaceName, ...]
    member_organisations: tuple[str, ...]
    observers_named: tuple[PlaceName, ...]
    observers_total: int
    rcf_principles: tuple[str, ...]

    @property
    def members_total(self) -> int:
        return len(self.member_states) + len(self.member_organisations)

    @property
    def observers_complete(self) -> bool:
        """True when every observer is named, not only counted."""
        return len(self.observers_named) == self.observers_total

    @property
    def as_of_text(self) -> str:
        return f"{self.as_of.day} {self.as_of:%B %Y}"

    def placeholders(self) -> dict[str, str]:
        """Values that Markdown prose may name as ``{name}``."""
        return {
            "members": str(self.members_total),
            "member_states": str(len(self.member_states)),
            "member_organisations": str(len(self.member_organisations)),
            "observers": str(self.observers_total),
            "principles": str(len(self.rcf_principles)),
            "as_of": self.as_of_text,
        }

    def as_open_data(self) -> dict[str, Any]:
        """The figures as published in data/bali-process.json."""
        return {
            "as_of": self.as_of.isoformat(),
            "source": {"title": self.source_title, "url": self.source_url},
            "counts": {
                "members": self.members_total,
                "member_states": len(self.member_states),
                "member_organisations": len(self.member_organisations),
                "observers": self.observers_total,
                "rcf_principles": len(self.rcf_principles),
            },
            "members": {
                "states": [state.name for state in self.member_states],
                "organisations": list(self.member_organisations),
                # ISO 3166-1 alpha-2 code of each state, by its name above.
                "state_codes": {state.name: state.code for state in self.member_states},
            },
            "observers": {
                "total": self.observers_total,
                "named": [observer.name for observer in self.observers_named],
                "named_codes": {observer.name: observer.code for observer in self.observers_named},
                "list_complete": self.observers_complete,
            },
            "rcf_principles": list(self.rcf_principles),
        }


class _Reader:
    """Walk the parsed YAML, remembering where each field sits in the file."""

    def __init__(self, path: str, display_path: str):
        self.path = display_path
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except FileNotFoundError:
            raise BaliProcessDataError(
                display_path, "file", "the data file is missing; restore it from git"
            ) from None
        # Parse once into nodes (which know their lines), then build the data from them.
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            self.data = loader.construct_document(root) if root is not None else None
        except ValueError as error:
            # YAML reads 2015-13-45 as a date and Python refuses it: name the value.
            field, node = _impossible_date(root)
            raise BaliProcessDataError(
                display_path,
                field,
                f"{node.value if node else error} is not a real date; "
                "write it as YYYY-MM-DD, e.g. 2015-12-04",
                node.start_mark.line + 1 if node else None,
            ) from None
        except yaml.YAMLError as error:
            line, message = _syntax_problem(text, error)
            raise BaliProcessDataError(display_path, "syntax", message, line) from None
        finally:
            loader.dispose()
        # A problem with the file as a whole is shown at its first line.
        self.lines: dict[str, int] = {"file": 1}
        if root is not None:
            self._index(root, "")

    def _index(self, node: yaml.Node, field: str) -> None:
        self.lines[field] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                name = f"{field}.{key.value}" if field else str(key.value)
                if key.value in seen:
                    raise BaliProcessDataError(
                        self.path,
                        name,
                        "this field is given twice; keep one",
                        key.start_mark.line + 1,
                    )
                seen.add(key.value)
                self._index(value, name)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._index(item, f"{field}[{index}]")

    def error(self, field: str, message: str) -> BaliProcessDataError:
        line = self.lines.get(field)
        if line is None and "." in field:
            line = self.lines.get(field.rsplit(".", 1)[0])
        return BaliProcessDataError(self.path, field, message, line)

    def get(self, field: str, required: bool = True) -> Any:
        value: Any = self.data
        walked: list[str] = []
        for part in field.split("."):
            if walked and value is not None and not isinstance(value, dict):
                group = ".".join(walked)
                raise self.error(
                    group,
                    f"must be a group of fields ({part}: and the others, indented "
                    f"under {group}:), not {_shape(value)}",
                )
            value = value.get(part) if isinstance(value, dict) else None
            walked.append(part)
        if required and (value is None or value == "" or value == []):
            raise self.error(field, "this field is required and must not be empty")
        return value

    def text(self, field: str) -> str:
        value = self.get(field)
        if not isinstance(value, str) or not value.strip():
            raise self.error(field, "must be text")
        return value.strip()

    def names(self, field: str, required: bool = True, with_codes: bool = False) -> tuple[str, ...]:
        """A list of distinct, non-empty names. With ``with_codes``, an item may also be
        a mapping ``{name: ..., code: ...}``; the codes are checked by ``places``."""
        value = self.get(field, required)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.error(field, "must be a list, one '- item' a line")
        names: list[str] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            item_field = f"{field}[{index}]"
            if isinstance(item, dict) and with_codes:
                item = self._entry_name(item_field, item)
            elif isinstance(item, dict):
                raise self.error(
                    item_field, "write the name alone, '- Name'; only states have a code"
                )
            if not isinstance(item, str) or not item.strip():
                raise self.error(item_field, "each item must be non-empty text")
            key = " ".join(item.split()).casefold()
            if key in seen:
                first = self.lines.get(f"{field}[{seen[key]}]")
                raise self.error(
                    item_field,
                    f"{item.strip()!r} is listed twice (first on line {first}); remove one",
                )
            seen[key] = index
            names.append(item.strip())
        return tuple(names)

    def _entry_name(self, field: str, entry: dict) -> str:
        """The name of an entry written as a mapping, once its fields are right."""
        unknown = [str(key) for key in entry if key not in ENTRY_FIELDS]
        if unknown:
            raise self.error(
                field,
                f"unknown field {unknown[0]!r}; an entry is a name, or "
                "{name: ..., code: ...} with its two-letter ISO 3166-1 code",
            )
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise self.error(field, "give the name as text: {name: ..., code: ...}")
        return name

    def places(self, field: str, names: tuple[str, ...]) -> tuple[PlaceName, ...]:
        """The names of ``field`` (as ``names`` read them) with their ISO 3166-1 codes,
        each checked; a name that cannot be placed on the map is an error."""
        items = self.get(field, required=False) or []
        places = []
        for index, (item, name) in enumerate(zip(items, names, strict=True)):
            item_field = f"{field}[{index}]"
            if isinstance(item, dict) and "code" in item:
                code = self._written_code(item_field, name, item["code"])
            else:
                code = self._code_of_name(item_field, name)
            places.append(PlaceName(name, code, self.lines.get(item_field)))
        return tuple(places)

    def _written_code(self, field: str, name: str, code: Any) -> str:
        if isinstance(code, bool):
            # YAML 1.1 reads NO (Norway) as "false".
            raise self.error(
                field,
                f'write the code in quotes, code: "{"YES" if code else "NO"}" '
                "(without them it is read as yes or no)",
            )
        if code is None or (isinstance(code, str) and not code.strip()):
            raise self.error(field, f"give {name!r} its two-letter ISO 3166-1 code, e.g. code: HK")
        code = str(code).strip().upper()
        if pycountry.countries.get(alpha_2=code) is None:
            raise self.error(
                field,
                f"{code!r} is not a two-letter ISO 3166-1 code; correct it "
                "(the code of the country or territory, e.g. HK for Hong Kong)",
            )
        own = _iso_code(name)
        if own is not None and own != code:
            raise self.error(
                field,
                f"{name!r} is {own} in ISO 3166-1, but its code says {code}; "
                f"correct the code, or write the name alone",
            )
        return code

    def _code_of_name(self, field: str, name: str) -> str:
        code = _iso_code(name)
        if code is None:
            shown = f'"{name}"' if _NEEDS_QUOTES & set(name) or name != name.strip() else name
            raise self.error(
                field,
                f"{name!r} cannot be placed on the map: ISO 3166-1 has no country or "
                f"territory of that name; add its two-letter ISO 3166-1 code, "
                f"'- {{name: {shown}, code: XX}}'",
            )
        return code

    def count(self, field: str) -> int | None:
        value = self.get(field, required=False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.error(field, f"must be a whole number, not {value!r}")
        return value


def _syntax_problem(text: str, error: yaml.YAMLError) -> tuple[int | None, str]:
    """The line of a YAML syntax error and what to do, in an editor's words.

    YAML notices a missing colon only at the next line ("mapping values are not allowed
    here"), so the line without one is looked for above where it stopped.
    """
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if mark is None:
        return None, f"the file cannot be read ({problem}); check indentation, colons and quotes"
    lines = text.splitlines()
    here = lines[mark.line] if mark.line < len(lines) else ""
    if "\t" in here[: mark.column + 1]:
        return mark.line + 1, "a tab is used to indent this line; indent with spaces, not tabs"
    for number in range(mark.line, -1, -1):
        line = lines[number].strip() if number < len(lines) else ""
        if not line or line.startswith("#"):
            continue
        if ":" not in line and not line.startswith("-"):
            return number + 1, (
                f"{line!r} has no colon; write the field as 'name: value' (a colon and a "
                "space after the name)"
            )
        if number < mark.line:
            break
    return (
        mark.line + 1,
        f"the file cannot be read here ({problem}); check indentation, colons and quotes",
    )


def _iso_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of the country or territory with exactly this name
    (or official or common name, or code; any case) in ISO 3166, else None."""
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


def _shape(value: Any) -> str:
    """How an editor would describe what they wrote."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, str):
        return f"the text {value!r}"
    return repr(value)


def _impossible_date(root: yaml.Node | None) -> tuple[str, yaml.ScalarNode | None]:
    """The first value that YAML reads as a date but that is no calendar date, and the
    field it belongs to."""
    stack = [("date", root)] if root is not None else []
    while stack:
        field, node = stack.pop(0)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:timestamp":
                try:
                    yaml.SafeLoader("").construct_yaml_timestamp(node)
                except ValueError:
                    return field, node
        elif isinstance(node, yaml.MappingNode):
            stack.extend((str(key.value), value) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((field, item) for item in node.value)
    return "date", None


def load_figures(path: str, display_path: str | None = None) -> Figures:
    """Read and check the data file; raise BaliProcessDataError on the first problem."""
    reader = _Reader(path, display_path or os.path.relpath(path))
    if not isinstance(reader.data, dict):
        raise reader.error(
            "file",
            "the file must hold the fields " + ", ".join(TOP_LEVEL_FIELDS) + ", each at the "
            f"start of a line followed by a colon, not {_shape(reader.data)}",
        )
    for field in reader.data:
        if field not in TOP_LEVEL_FIELDS:
            raise reader.error(
                str(field),
                "unknown field; expected one of " + ", ".join(TOP_LEVEL_FIELDS),
            )

    as_of = reader.get("as_of")
    if not isinstance(as_of, datetime.date) or isinstance(as_of, datetime.datetime):
        raise reader.error("as_of", "must be a date written YYYY-MM-DD")

    states = reader.names("members.states", with_codes=True)
    organisations = reader.names("members.organisations")
    _reject_shared_names(reader, states, organisations)
    stated_members = reader.count("members.total")
    if stated_members is not None and stated_members != len(states) + len(organisations):
        raise reader.error(
            "members.total",
            f"says {stated_members} but the lists name {len(states)} states and "
            f"{len(organisations)} organisations ({len(states) + len(organisations)}); "
            "correct the total or the lists",
        )

    named = reader.names("observers.named", required=False, with_codes=True)
    observers_total = reader.count("observers.total")
    if observers_total is None:
        if not named:
            raise reader.error("observers", "give a total, a list of names under 'named', or both")
        observers_total = len(named)
    elif len(named) > observers_total:
        raise reader.error(
            "observers.total",
            f"says {observers_total} but {len(named)} observers are named; "
            "correct the total or the list",
        )

    principles = reader.get("rcf_principles")
    if not isinstance(principles, list):
        raise reader.error("rcf_principles", "must be a list, one '- principle' a line")
    principles = reader.names("rcf_principles")

    source_url = reader.text("source.url")
    # The address becomes a link on every members page: only web addresses may.
    if not source_url.startswith(("https://", "http://")):
        raise reader.error("source.url", "must be a web address starting with https://")

    source_title = reader.text("source.title")
    # Placed last, so a mistake in the lists' shape or counts is named first.
    placed_states = reader.places("members.states", states)
    placed_observers = reader.places("observers.named", named)
    _reject_shared_codes(reader, placed_states + placed_observers)

    return Figures(
        as_of=as_of,
        source_title=source_title,
        source_url=source_url,
        member_states=placed_states,
        member_organisations=organisations,
        observers_named=placed_observers,
        observers_total=observers_total,
        rcf_principles=principles,
    )


def _reject_shared_names(
    reader: _Reader, states: tuple[str, ...], organisations: tuple[str, ...]
) -> None:
    state_keys = {name.casefold() for name in states}
    for index, name in enumerate(organisations):
        if name.casefold() in state_keys:
            raise reader.error(
                f"members.organisations[{index}]",
                f"{name!r} is also listed under members.states; remove one",
            )


def _reject_shared_codes(reader: _Reader, places: tuple[PlaceName, ...]) -> None:
    """Two entries with one code would colour one shape twice: name the second."""
    first: dict[str, PlaceName] = {}
    for place in places:
        other = first.setdefault(place.code, place)
        if other is not place:
            raise BaliProcessDataError(
                reader.path,
                "code",
                f"{place.name!r} is placed as {place.code}, like {other.name!r} on line "
                f"{other.line}; each state or observer has its own code; correct one",
                place.line,
            )
