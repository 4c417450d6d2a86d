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
DEVELOP_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"


class BuildFailed(RuntimeError):
    """Pelican exited non-zero; its own messages say why."""


def pelican_command(
    settings: Path = DEVELOP_SETTINGS,
    output: Path = OUTPUT,
    content: Path = CONTENT,
    extra: list[str] | None = None,
) -> list[str]:
    """The Pelican command line for a strict build: any warning fails it."""
    return [
        sys.executable, "-m", "pelican", str(content),
        "--output", str(output),
        "--settings", str(settings),
        "--fatal", "warnings",
        *(extra or []),
    ]


def build_site(
    settings: Path = DEVELOP_SETTINGS,
    output: Path = OUTPUT,
    content: Path = CONTENT,
    extra: list[str] | None = None,
    env: dict[str, str] | None = None,
    quiet: bool = False,
) -> subprocess.CompletedProcess:
    """Build the site; raise BuildFailed, with Pelican's output, if it does not build."""
    result = subprocess.run(
        pelican_command(settings, output, content, extra),
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=quiet,
        text=True,
    )
    if result.returncode != 0:
        detail = (result.stdout or "") + (result.stderr or "") if quiet else ""
        raise BuildFailed(f"Pelican could not build the site.\n{detail}".rstrip())
    return result
