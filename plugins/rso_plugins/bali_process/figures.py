"""Load and validate the Bali Process data file.

The file is written by hand by editors, so every check names the file, the field and
the line, and says what to do. Counts are derived from the lists, never typed, so a
count cannot drift from the names it counts.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from typing import Any

import yaml

from rso_plugins.content_problems import EditorError

# libyaml's loader when PyYAML was built with it: the same result, several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TOP_LEVEL_FIELDS = ("as_of", "source", "members", "observers", "rcf_principles")


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
    member_states: tuple[str, ...]
    member_organisations: tuple[str, ...]
    observers_named: tuple[str, ...]
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
                "states": list(self.member_states),
                "organisations": list(self.member_organisations),
            },
            "observers": {
                "total": self.observers_total,
                "named": list(self.observers_named),
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

    def names(self, field: str, required: bool = True) -> tuple[str, ...]:
        """A list of distinct, non-empty strings."""
        value = self.get(field, required)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.error(field, "must be a list, one '- item' a line")
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            item_field = f"{field}[{index}]"
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
        return tuple(item.strip() for item in value)

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

    states = reader.names("members.states")
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

    named = reader.names("observers.named", required=False)
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

    return Figures(
        as_of=as_of,
        source_title=reader.text("source.title"),
        source_url=source_url,
        member_states=states,
        member_organisations=organisations,
        observers_named=named,
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
