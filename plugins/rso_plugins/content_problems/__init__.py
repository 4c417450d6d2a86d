"""Editors' mistakes, collected while Pelican reads the content and reported together."""

from .content_problems import (
    ContentProblems,
    EditorError,
    Problem,
    find_line,
    register,
    report_problem,
)

__all__ = [
    "ContentProblems",
    "EditorError",
    "Problem",
    "find_line",
    "register",
    "report_problem",
]
