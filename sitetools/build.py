"""Run Pelican the one way this project builds: strict, from a settings file.

Pelican runs in a child process so that each build starts with fresh plugin state,
exactly as an editor's command-line build does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sitetools.failures import EditorFailure

ROOT = Path(__file__).resolve().parent.parent
DEVELOP_SETTINGS = "pelicanconf.py"
# Pelican, with editors' errors as one line each (sitetools/pelican_runner.py).
RUNNER = "sitetools.pelican_runner"
PUBLISH_SETTINGS = "publishconf.py"
# The runner's exit status for a build stopped by mistakes in the content (it has
# printed them, one a line, then a closing line), told apart from any other failure.
CONTENT_PROBLEMS_EXIT = 2


class BuildFailed(EditorFailure, RuntimeError):
    """Pelican exited non-zero; its own messages say why (the message holds them when
    they were captured, and is empty when they were printed already).

    ``problems`` lists the mistakes in the content, one line each, when those stopped it
    and its output was captured."""

    def __init__(self, message: str = "", problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


def pelican_command(
    settings: str = DEVELOP_SETTINGS,
    output: Path | None = None,
    root: Path = ROOT,
    extra: list[str] | None = None,
    strict: bool = True,
    content: Path | None = None,
) -> list[str]:
    """The Pelican command line for ``root`` (its content/, or ``content``); ``strict``,
    any warning fails the build.

    Serving is not strict: Pelican's server logs a missing address as a warning, which
    a strict run turns into a dropped connection instead of a "not found" answer.
    """
    return [
        sys.executable,
        "-m",
        RUNNER,
        str(content or root / "content"),
        "--output",
        str(output or root / "output"),
        "--settings",
        str(root / settings),
        *(["--fatal", "warnings"] if strict else []),
        *(extra or []),
    ]


def pelican_env(extra: dict[str, str] | None = None, root: Path = ROOT) -> dict[str, str]:
    """The environment Pelican runs in: wide lines for log messages, this tooling
    importable (``-m sitetools.pelican_runner``) whichever project folder is built, and
    that project's own plugins package ahead of the installed one, so a copy of the
    project (a test, a colleague's branch) builds with its own plugin code."""
    folders = [str(root / "plugins"), str(ROOT), os.environ.get("PYTHONPATH")]
    path = os.pathsep.join(dict.fromkeys(filter(None, folders)))
    return {**os.environ, "COLUMNS": "200", "PYTHONPATH": path, **(extra or {})}


def build_site(
    settings: str = DEVELOP_SETTINGS,
    output: Path | None = None,
    root: Path = ROOT,
    env: dict[str, str] | None = None,
    quiet: bool = False,
    extra: list[str] | None = None,
    debug: bool = False,
    content: Path | None = None,
) -> subprocess.CompletedProcess:
    """Build the site; raise BuildFailed, with Pelican's output, if it does not build.

    With ``quiet``, Pelican's output is captured and returned instead of printed.
    """
    result = subprocess.run(
        pelican_command(
            settings,
            output,
            root,
            [*(extra or []), *(["--debug"] if debug else [])],
            content=content,
        ),
        cwd=root,
        env=pelican_env(env, root),
        capture_output=quiet,
        text=True,
    )
    if result.returncode != 0:
        # Not quiet, Pelican has already said why, ending with its own closing line.
        detail = ((result.stdout or "") + (result.stderr or "")).strip() if quiet else ""
        problems = []
        if detail and result.returncode == CONTENT_PROBLEMS_EXIT:
            problems = detail.splitlines()[:-1]  # the problems, less the closing line
        raise BuildFailed(detail, problems)
    return result
