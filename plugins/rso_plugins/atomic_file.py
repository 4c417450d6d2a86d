"""Write a cache file so that no reader ever sees half of it; put a file in place.

The caches of photos, cards, covers and printed sheets may be shared by builds that
run at the same time (two checkouts of the project, a test's copy and the project):
each file is written under a name of this process's own beside its place, then renamed
into place, which replaces a file whole.
"""

from __future__ import annotations

import os
import shutil
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


def place_file(source: Path, destination: Path, inode: tuple[int, int] | None = None) -> None:
    """Put the file ``source`` at ``destination``: a hard link where the file system
    allows it (no bytes written), else a copy. A destination that already is ``source``
    (the same device and inode; ``inode`` if known, else read from ``source``) is left
    alone, so a rebuild touches nothing."""
    try:
        found = destination.stat()
    except FileNotFoundError:
        destination.parent.mkdir(parents=True, exist_ok=True)
    else:
        if inode is None:
            original = source.stat()
            inode = (original.st_dev, original.st_ino)
        if (found.st_dev, found.st_ino) == inode:
            return
        destination.unlink()
    try:
        os.link(source, destination)
    except OSError:
        shutil.copyfile(source, destination)
