"""When each event file was last changed, from the project's git history.

A subscribed calendar notices that an event moved, changed or was cancelled by its
LAST-MODIFIED and SEQUENCE (RFC 5545, 3.8.7.3 and 3.8.7.4). Editors may forget to
update an event's Modified: line, so the build also reads when the file was last
committed: one ``git log`` for the whole events folder. Both are part of the content,
so the same commit builds the same calendars on every machine.

A shallow clone (CI's default) knows only its newest commits: a file whose last change
is older shows up as changed in the clone's oldest commit. Those files count as having
no commit time here, rather than all seeming changed whenever the clone is made.
"""

from __future__ import annotations

import datetime
import logging
import os
import subprocess
from pathlib import Path

logger = logging.getLogger(__name__)

# Start of the minute count that SEQUENCE is: any fixed moment before the first event.
SEQUENCE_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def _git(folder: Path, *args: str) -> str | None:
    try:
        found = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, check=False
        )
    except OSError:  # no git on this machine
        return None
    return found.stdout if found.returncode == 0 else None


def _shallow_boundary(folder: Path) -> set[str]:
    """The commits a shallow clone stops at (their parents are missing)."""
    if (_git(folder, "rev-parse", "--is-shallow-repository") or "").strip() != "true":
        return set()
    shallow = (_git(folder, "rev-parse", "--git-path", "shallow") or "").strip()
    path = Path(shallow) if os.path.isabs(shallow) else folder / shallow
    try:
        return set(path.read_text(encoding="utf-8").split())
    except OSError:
        return set()


def last_commit_times(folder: str | os.PathLike) -> dict[str, datetime.datetime]:
    """Absolute path -> time of the last commit that changed it, for files in ``folder``
    (none outside a git repository, or where git is not installed)."""
    folder = Path(folder).resolve()
    if not folder.is_dir():
        return {}
    top = _git(folder, "rev-parse", "--show-toplevel")
    log = _git(folder, "log", "--format=%x00%H %ct", "--name-only", "--no-renames", "--", ".")
    if not top or log is None:
        return {}
    root = Path(top.strip())
    boundary = _shallow_boundary(folder)
    times: dict[str, datetime.datetime] = {}
    unknown: set[str] = set()
    for record in log.split("\0")[1:]:
        head, _, names = record.partition("\n")
        commit, _, stamp = head.partition(" ")
        moment = datetime.datetime.fromtimestamp(int(stamp), datetime.UTC)
        for name in names.split("\n"):
            if not name:
                continue
            path = str(root / name)
            if path in times or path in unknown:
                continue  # newest first: the first commit seen is the last change
            if commit in boundary:
                unknown.add(path)
            else:
                times[path] = moment
    return times


def sequence_number(last_modified: datetime.datetime | None) -> int:
    """SEQUENCE for an event last changed at ``last_modified``: whole minutes since
    2000, so each later revision has a larger number without keeping a counter, and
    0 for an event without any history."""
    if last_modified is None:
        return 0
    return max(0, int((last_modified - SEQUENCE_EPOCH).total_seconds() // 60))
