"""build_speed's settings, read and checked in one place.

Every module of the package reads its settings from here, and this module imports
none of them, so the package's imports run one way: build_speed.py wires the others up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from rso_plugins.content_problems import EditorError
from rso_plugins.internals import notice_logger, untested_versions

DEFAULT_BUILD_SPEED = True
DEFAULT_MARKDOWN_PROCESSES = None  # every core this process may use
DEFAULT_RENDER_PROCESSES = None  # every core this process may use
DEFAULT_CONTENT_CACHE_INPUTS: tuple[str, ...] = ()
# Where a wrong value is to be fixed (Pelican does not record which file it read).
SETTINGS_FILES = "pelicanconf.py (or publishconf.py)"

notice = notice_logger(__name__)
_told_versions = False  # the version notice is given once per process


class BuildSpeedSettingError(EditorError):
    """A build_speed setting has a value it cannot use; the message says what to write."""


@dataclass(frozen=True)
class SpeedSettings:
    """build_speed's settings, checked, with defaults filled in."""

    enabled: bool
    markdown_processes: int
    cache_inputs: tuple[str, ...]
    render_processes: int


# Workers run at a lower priority than the build's own process, which does what no
# worker can start without (each file's metadata in order, each page's writing): it
# then never waits for a core while workers convert or render ahead of it.
WORKER_NICENESS = 10


def lower_worker_priority() -> None:
    """Called in each worker as it starts (where the system allows it)."""
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)


def _available_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _wrong(name: str, value, what_to_write: str) -> BuildSpeedSettingError:
    return BuildSpeedSettingError(
        f"{SETTINGS_FILES}: {name} = {value!r} cannot be used; {what_to_write}"
    )


def _processes(settings, name: str, default: int | None) -> int:
    processes = settings.get(name, default)
    if processes is None:
        return _available_cores()
    if isinstance(processes, bool) or not isinstance(processes, int) or processes < 1:
        raise _wrong(
            name,
            processes,
            f"write a whole number of at least 1, such as {name} = 2, "
            "or delete the line to use every core",
        )
    return processes


def speed_settings(settings) -> SpeedSettings:
    """Read and check BUILD_SPEED, MARKDOWN_PROCESSES, RENDER_PROCESSES and
    CONTENT_CACHE_INPUTS."""
    enabled = settings.get("BUILD_SPEED", DEFAULT_BUILD_SPEED)
    if not isinstance(enabled, bool):
        raise _wrong("BUILD_SPEED", enabled, "write BUILD_SPEED = True or BUILD_SPEED = False")
    processes = _processes(settings, "MARKDOWN_PROCESSES", DEFAULT_MARKDOWN_PROCESSES)
    render_processes = _processes(settings, "RENDER_PROCESSES", DEFAULT_RENDER_PROCESSES)
    inputs = settings.get("CONTENT_CACHE_INPUTS", DEFAULT_CONTENT_CACHE_INPUTS)
    if isinstance(inputs, str) or not all(isinstance(item, str) for item in inputs):
        raise _wrong(
            "CONTENT_CACHE_INPUTS",
            inputs,
            "write a list of paths under the content folder, such as "
            'CONTENT_CACHE_INPUTS = ["data/bali-process.yaml"]',
        )
    return SpeedSettings(enabled, processes, tuple(inputs), render_processes)


def speedups_allowed(settings) -> bool:
    """BUILD_SPEED is on and the libraries are the versions the internals were read for."""
    global _told_versions
    if not speed_settings(settings).enabled:
        return False
    untested = untested_versions()
    if untested and not _told_versions:
        _told_versions = True
        notice.warning(
            "Build speed-ups are off, so builds are slower: they were checked against "
            "other versions than %s. See plugins/rso_plugins/internals.py.",
            ", ".join(untested),
        )
    return not untested
