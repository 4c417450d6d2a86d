"""Time one build in a child process and read that child's peak memory.

``os.wait4`` returns the resource usage of exactly the child it reaps, so each build's
peak RSS is its own, unlike ``RUSAGE_CHILDREN``, which keeps the maximum of every child
reaped so far and so could report an earlier, larger build. On Linux that figure is
the largest single process in the build's tree (Pelican, or a program it runs such
as Pagefind), not their sum.
"""

from __future__ import annotations

import compileall
import functools
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sitetools.build import ROOT, pelican_env


class BenchBuildFailed(RuntimeError):
    """A benchmark build exited non-zero; the message carries Pelican's output."""


@dataclass(frozen=True)
class Sample:
    """One build: wall seconds, CPU seconds and the peak resident memory of its process."""

    seconds: float
    cpu_seconds: float
    max_rss_mib: float


@functools.cache
def compile_project_bytecode() -> None:
    """Compile the project's own Python (the plugins, sitetools) where it changed, as
    pip compiles the packages it installs and as Python does on first import anywhere
    bytecode may be written. The timed builds run with PYTHONDONTWRITEBYTECODE, as some
    machines do: without this, each would compile the plugins again, which a build on
    a machine that writes bytecode does once. Once per process, before the first build."""
    for folder in ("plugins", "sitetools"):
        compileall.compile_dir(ROOT / folder, quiet=1)


def run_build(command: list[str], cwd: Path) -> Sample:
    """Run ``command`` in ``cwd``; return its wall time and peak memory."""
    compile_project_bytecode()
    env = pelican_env({"PYTHONDONTWRITEBYTECODE": "1"}, root=cwd)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    # Read output before reaping so a chatty build cannot fill the pipe and stall.
    output = process.stdout.read()
    process.stdout.close()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise BenchBuildFailed(
            f"{' '.join(command)} failed ({process.returncode}):\n"
            + output.decode("utf-8", "replace")[-4000:]
        )
    # ru_maxrss is KiB on Linux and bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return Sample(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        max_rss_mib=usage.ru_maxrss / scale,
    )


@dataclass(frozen=True)
class Summary:
    """The medians of several samples of one kind of build."""

    label: str
    seconds: float
    cpu_seconds: float
    max_rss_mib: float
    runs: int

    @classmethod
    def of(cls, label: str, samples: list[Sample]) -> Summary:
        return cls(
            label=label,
            seconds=statistics.median(sample.seconds for sample in samples),
            cpu_seconds=statistics.median(sample.cpu_seconds for sample in samples),
            max_rss_mib=statistics.median(sample.max_rss_mib for sample in samples),
            runs=len(samples),
        )
