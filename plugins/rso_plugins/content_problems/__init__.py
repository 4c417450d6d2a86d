"""Editors' mistakes, collected while Pelican reads the content and reported together.

``content_problems`` is the one reporter; ``pelican_messages`` turns Pelican's own
records about a file into reports to it. Both are wired up here, so neither imports
the other's registration.
"""

from pelican import signals

from .content_problems import (
    CheckFinished,
    ContentProblems,
    EditorError,
    Problem,
    content_checked,
    find_field_line,
    find_header_end,
    find_line,
    forget_problems,
    report_missing_field,
    report_notice,
    report_problem,
    stop_on_problems,
)
from .pelican_messages import watch_pelican_messages

__all__ = [
    "CheckFinished",
    "ContentProblems",
    "EditorError",
    "Problem",
    "content_checked",
    "find_field_line",
    "find_header_end",
    "find_line",
    "register",
    "report_missing_field",
    "report_notice",
    "report_problem",
]


def register() -> None:
    signals.initialized.connect(watch_pelican_messages)
    signals.get_generators.connect(forget_problems)
    signals.get_writer.connect(stop_on_problems)
