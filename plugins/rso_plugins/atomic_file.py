"""Write a cache file so that no reader ever sees half of it.

The caches of photos, cards, covers and printed sheets may be shared by builds that
run at the same time (two checkouts of the project, a test's copy and the project):
each file is written under a name of this process's own beside its place, then renamed
into place, which replaces a file whole.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def write_then_rename(target: Path, write: Callable[[Path], object]) -> None:
    """Call ``write`` with a temporary path beside ``target``, then move it there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        write(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
