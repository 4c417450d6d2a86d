"""Run Pelican the one way this project builds: strict, from a settings file.

Pelican runs in a child process so that each build starts with fresh plugin state,
exactly as an editor's command-line build does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVELOP_SETTINGS = "pelicanconf.py"
PUBLISH_SETTINGS = "publishconf.py"


class BuildFailed(RuntimeError):
    """Pelican exited non-zero; its own messages say why."""


def pelican_command(
    settings: str = DEVELOP_SETTINGS,
    output: Path | None = None,
    root: Path = ROOT,
    extra: list[str] | None = None,
    strict: bool = True,
) -> list[str]:
    """The Pelican command line for ``root``; ``strict``, any warning fails the build.

    Serving is not strict: Pelican's server logs a missing address as a warning, which
    a strict run turns into a dropped connection instead of a "not found" answer.
    """
    return [
        sys.executable,
        "-m",
        "pelican",
        str(root / "content"),
        "--output",
        str(output or root / "output"),
        "--settings",
        str(root / settings),
        *(["--fatal", "warnings"] if strict else []),
        *(extra or []),
    ]


def build_site(
    settings: str = DEVELOP_SETTINGS,
    output: Path | None = None,
    root: Path = ROOT,
    env: dict[str, str] | None = None,
    quiet: bool = False,
    extra: list[str] | None = None,
) -> subprocess.CompletedProcess:
    """Build the site; raise BuildFailed, with Pelican's output, if it does not build.

    With ``quiet``, Pelican's output is captured and returned instead of printed.
    """
    result = subprocess.run(
        pelican_command(settings, output, root, extra),
        cwd=root,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        capture_output=quiet,
        text=True,
    )
    if result.returncode != 0:
        detail = (result.stdout or "") + (result.stderr or "") if quiet else ""
        raise BuildFailed(f"Pelican could not build the site.\n{detail}".rstrip())
    return result
