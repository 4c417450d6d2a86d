"""Turn Pelican's own messages about a file it could not use into editors' problems.

Pelican logs a file it cannot read ("Could not process %s") or an article without a
title or date ("Skipping %s: could not find information about '%s'") and goes on
without it; under ``--fatal warnings`` the first such line stops the build with a
traceback. A filter on Pelican's loggers recognises these records, reports each as one
``file:line: what is wrong; what to do`` problem, and drops the record, so a build
names every bad file at once and `invoke check` lists the very same lines.

The record formats are Pelican's, kept in rso_plugins/internals.py with the other things
that depend on Pelican's private details (checked against Pelican 4.12); a record this
module does not recognise passes through untouched, so a change in Pelican makes
messages less helpful, never lost.
"""

from __future__ import annotations

import logging
import os
import re
import sys

from rso_plugins.internals import (
    COULD_NOT_PROCESS,
    DUPLICATE_FIELD,
    INVALID_DATE,
    LOGGERS,
    MISSING_PROPERTY,
    NO_STAMP,
    SAME_SLUG,
    SAME_SLUG_AGAIN,
    UNKNOWN_STATUS,
)

from .content_problems import find_field_line, find_line, report_missing_field, report_problem

SLUG = re.compile(r'with slug "(?P<slug>.*)"')
# Pelican names a file it could not read relative to the content folder (PATH).
_content_folder = [""]


def _not_utf8(path: str, error: UnicodeDecodeError) -> None:
    """Report the line of the first byte that is not UTF-8."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        data = b""
    line = data[: error.start].count(b"\n") + 1 if data else None
    report_problem(
        path,
        line,
        "this file is not saved as UTF-8 text (a character here cannot be read); "
        "open it in your editor and save it with the encoding UTF-8",
    )


def _bad_date(path: str, value: str) -> None:
    line = find_line(path, value.strip()) or find_field_line(path, "date")
    report_problem(
        path,
        line,
        f"{value!r} is not a real date; write it as YYYY-MM-DD, e.g. 2015-12-04 "
        "(add a time as 2015-12-04 09:30 if you need one)",
    )


def report_unreadable(path: str, error: BaseException | None) -> None:
    """One problem for a file a reader could not read, by what went wrong."""
    if isinstance(error, UnicodeDecodeError):
        _not_utf8(path, error)
        return
    date = INVALID_DATE.match(str(error)) if isinstance(error, ValueError) else None
    if date:
        _bad_date(path, date.group("value"))
        return
    report_problem(
        path,
        None,
        f"the file could not be read ({error}); check the header lines at the top: "
        "'Name: value', one a line, then a blank line",
    )


def report_repeated_field(path: str, field: str) -> None:
    """A header field given twice: point at the second one."""
    pattern = re.compile(rf"^\s*{re.escape(field)}\s*:", re.IGNORECASE)
    lines = []
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                break
            if pattern.match(text):
                lines.append(number)
    report_problem(
        path,
        lines[1] if len(lines) > 1 else None,
        f"{field.title()} is given twice (also on line {lines[0] if lines else '?'}); keep one",
    )


def report_status(path: str, status: str) -> None:
    report_problem(
        path,
        find_field_line(path, "status"),
        f"status {status!r} is not known; write 'Status: draft' to keep it unpublished, "
        "or remove the line to publish",
    )


def report_same_slug(with_slug: str, paths: list[str]) -> None:
    """Every file after the first that shares its slug (its address) with another."""
    found = SLUG.search(with_slug)
    slug = found.group("slug") if found else with_slug
    first, *others = sorted(paths)
    for path in others:
        report_problem(
            path,
            find_field_line(path, "slug") or 1,
            f"slug {slug!r} is also used by {os.path.relpath(first)}, so one page would "
            "replace the other; give this one a different Slug",
        )


class EditorMistakes(logging.Filter):
    """Report Pelican's records about a file an editor got wrong, and drop them."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            if record.msg == COULD_NOT_PROCESS and record.args:
                path = os.path.join(_content_folder[0], str(record.args[0]))
                report_unreadable(path, sys.exc_info()[1])
                return False
            if record.msg == MISSING_PROPERTY and len(record.args) == 2:
                content, prop = record.args
                report_missing_field(_source(content), str(prop))
                return False
            if str(record.msg).startswith(SAME_SLUG) and len(record.args) > 4:
                report_same_slug(str(record.args[1]), [str(p) for p in record.args[3:]])
                return False
            if str(record.msg).startswith((SAME_SLUG_AGAIN, NO_STAMP)):
                return False
            if record.msg == DUPLICATE_FIELD and len(record.args) == 2:
                report_repeated_field(str(record.args[1]), str(record.args[0]))
                return False
            if record.msg == UNKNOWN_STATUS and len(record.args) == 3:
                status, content, _allowed = record.args
                report_status(_source(content), str(status))
                return False
        except Exception:  # a problem report must never hide Pelican's own message
            return True
        return True


def _source(content) -> str:
    return getattr(content, "source_path", None) or os.fspath(content)


_filter = EditorMistakes()


def watch_pelican_messages(pelican) -> None:
    """Put the filter on Pelican's loggers (once; repeated calls are harmless)."""
    _content_folder[0] = pelican.settings["PATH"]
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _filter not in logger.filters:
            logger.addFilter(_filter)
