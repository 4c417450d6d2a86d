"""`invoke check`: every mistake in the content, one line each, before anything is published.

The check is a build that stops before writing: Pelican reads the content with the
project's settings, readers and plugins, every plugin reports what it finds wrong
(``content_problems``), and the check prints those lines instead of building. So the
check and the build apply the very same rules to the very same reading of each file:
what one accepts the other accepts, and what the build would stop on, the check names
first, as ``path:line: what is wrong; what to do``.
"""

from __future__ import annotations

import json
import logging
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sitetools.build import DEVELOP_SETTINGS, ROOT, pelican_command, pelican_env
from sitetools.settings import content_path, read_settings

logger = logging.getLogger(__name__)

CHECK_REPORT_OPTION = "--check-report"


@dataclass
class CheckResult:
    """What the check found: ``problems`` must be fixed before publishing; ``notices``
    are for the editor's information (scheduled articles)."""

    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def check_content(
    content: Path, root: Path = ROOT, settings: str = DEVELOP_SETTINGS, debug: bool = False
) -> CheckResult:
    """Read ``content`` as a build of the project at ``root`` would, and report."""
    with tempfile.TemporaryDirectory(prefix="rso-check-") as folder:
        report = Path(folder) / "report.json"
        command = pelican_command(
            settings,
            Path(folder) / "output",
            root,
            extra=[
                CHECK_REPORT_OPTION,
                str(report),
                "-e",
                "CHECK_ONLY=true",
                "CACHE_CONTENT=false",
                "LOAD_CONTENT_CACHE=false",
                *(["--debug"] if debug else []),
            ],
            strict=False,
            content=content,
        )
        result = subprocess.run(
            command, cwd=root, env=pelican_env(root=root), capture_output=True, text=True
        )
        if not report.is_file():
            detail = (result.stdout + result.stderr).strip()
            return CheckResult(problems=[detail or "The check could not read the content."])
        found = json.loads(report.read_text(encoding="utf-8"))
    return CheckResult(found["problems"], found["notices"])


def check_site(
    root: Path = ROOT,
    content: Path | None = None,
    debug: bool = False,
    settings: str = DEVELOP_SETTINGS,
) -> CheckResult:
    """Check the project at ``root`` (or another content folder, with its settings);
    ``settings`` PUBLISH_SETTINGS checks as a publish builds (drafts are not written)."""
    folder = content or content_path(root, read_settings(root))
    return check_content(Path(folder), root, settings, debug=debug)
