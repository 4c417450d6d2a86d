"""Editors' mistakes, collected while Pelican reads the content and reported together."""

from .content_problems import (
    CheckFinished,
    ContentProblems,
    EditorError,
    Problem,
    find_field_line,
    find_header_end,
    find_line,
    register,
    report_missing_field,
    report_notice,
    report_problem,
)

__all__ = [
    "CheckFinished",
    "ContentProblems",
    "EditorError",
    "Problem",
    "find_field_line",
    "find_header_end",
    "find_line",
    "register",
    "report_missing_field",
    "report_notice",
    "report_problem",
]
