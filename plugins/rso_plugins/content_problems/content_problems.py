"""Editors' mistakes, collected while Pelican reads the content and reported together.

A plugin that finds a mistake in what an editor wrote (a placeholder, a photo without
alt text, an event that ends before it starts) calls ``report_problem`` instead of
raising, so one build names every mistake at once. Once every plugin has seen all
content, and before the first page is written (``stop_on_problems``), the build stops
if there is any, with one ``file:line: what is wrong; what to do`` line each. `invoke
check` runs the same build with CHECK_ONLY and prints the same lines, so the check and
the build cannot disagree.

Nothing is drawn before that point: a plugin that renders (a template, a PDF, an image)
does so only once ``content_checked`` has been sent, which happens when the problems have
been reported and there are none, and never under `invoke check`. So a mistake is always
named by the plugin that found it, never by a later plugin tripping over its result.

A mistake that makes going on pointless (a setting that cannot be used) raises an
``EditorError`` directly: the command that runs Pelican (sitetools/pelican_runner.py)
prints its message, without a traceback, and exits non-zero.

This module is the one reporter: other modules (pelican_messages among them) report to
it, and it imports none of them.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass

from blinker import signal

logger = logging.getLogger(__name__)

# Problems of the running build, in the order they were found; and notices, which an
# editor should know (an article is scheduled) but which do not stop the build.
_problems: list[Problem] = []
_notices: list[Problem] = []
# `invoke check` sets this: read everything, report, and stop before writing anything.
CHECK_ONLY_SETTING = "CHECK_ONLY"
# Sent (with the Pelican object) once the content has been read and found without
# mistakes, before the first page is written: from here on, plugins may draw.
content_checked = signal("rso_plugins.content_checked")


class EditorError(Exception):
    """A mistake an editor can fix; its message says where, what is wrong and what to do.

    Commands print the message alone (no traceback) and exit non-zero.
    """


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix, where it is, and what to do about it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class CheckFinished(Exception):
    """`invoke check` has read everything; ``problems`` and ``notices`` are what it found."""

    def __init__(self, problems: list[Problem], notices: list[Problem]):
        self.problems = sorted(set(problems))
        self.notices = sorted(set(notices))
        super().__init__(f"{len(self.problems)} problem(s)")


class ContentProblems(EditorError):
    """The content has mistakes; ``problems`` lists them, the message one a line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(problem) for problem in self.problems))


def display_path(path: str | os.PathLike) -> str:
    """``path`` relative to the working folder when it is inside it, as editors read it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def report_problem(path: str | os.PathLike, line: int | None, message: str) -> None:
    """Note a mistake in the file at ``path`` (line 0 or None: the file as a whole).

    ``message`` says what is wrong, then, after a semicolon, what to do.
    """
    problem = Problem(display_path(path), line or 0, message)
    if problem not in _problems:
        _problems.append(problem)
    logger.debug("Problem: %s", problem)


def report_notice(path: str | os.PathLike, line: int | None, message: str) -> None:
    """Note something an editor should know that is not a mistake; `invoke check` lists
    it, a build logs it."""
    notice = Problem(display_path(path), line or 0, message)
    if notice not in _notices:
        _notices.append(notice)
    logger.info("%s", notice)


def find_line(path: str | os.PathLike, needle: str) -> int | None:
    """The first line of the file at ``path`` containing ``needle``, for messages."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if needle in line:
                    return number
    except OSError:
        return None
    return None


def find_field_line(path: str | os.PathLike, field: str) -> int | None:
    """The line of the header field ``field`` (any case), for messages."""
    pattern = re.compile(rf"^\s*{re.escape(field)}\s*:", re.IGNORECASE)
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if pattern.match(line):
                    return number
                if not line.strip():
                    return None
    except OSError:
        return None
    return None


def find_header_end(path: str | os.PathLike) -> int | None:
    """The line after the header (the first blank line), where a missing field goes."""
    number = 0
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    return number
    except OSError:
        return None
    return number + 1


def report_missing_field(path: str | os.PathLike, field: str) -> None:
    """A required header field is not there: say where and how to add it."""
    name = field.title()
    example = "2015-12-04" if field == "date" else "..."
    report_problem(
        path,
        find_header_end(path),
        f"no {name}; add a line '{name}: {example}' to the header "
        "(the lines at the top, before the first blank line)",
    )


def forget_problems(*_args, **_kwargs) -> None:
    """A new build (or a livereload rebuild) starts with no problems."""
    _problems.clear()
    _notices.clear()


def stop_on_problems(pelican) -> None:
    """Stop the build, before anything is written, if the content has mistakes.

    Connected to ``get_writer``, which Pelican sends once every plugin has seen all
    content (``all_generators_finalized``, whose receivers run in no fixed order) and
    before the first page is written. Under `invoke check` (CHECK_ONLY), always stop
    here: everything has been read.
    """
    problems, notices = list(_problems), list(_notices)
    forget_problems()
    if pelican.settings.get(CHECK_ONLY_SETTING):
        raise CheckFinished(problems, notices)
    if problems:
        raise ContentProblems(problems)
    content_checked.send(pelican)
