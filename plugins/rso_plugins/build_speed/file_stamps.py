"""Work out each content file's cache stamp once per build, not four or five times.

With the content cache on, Pelican checks whether a file changed by its stamp (the
sha256 of its bytes, CHECK_MODIFIED_METHOD): the generator and the reader each look the
file up in their caches, then each store it, and the Markdown prefetch looks too. Each
look opens and reads the file again; on this kind of disk an open costs far more than
the hashing, and in a 1,000-article build these opens are about a third of a second of
the build's own process.

Here every cacher of one build shares one table of stamps. A stamp is reused only while
the file's size, modification time and inode are what they were when it was worked out
(one ``stat``, much cheaper than an open), so a file saved during the build is hashed
again; and the table is new for every build (``get_generators``), so a long-running
process (live preview, tests) never carries a stamp from one build into the next.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from rso_plugins.internals import reuse_file_stamps


class FileStamps:
    """The stamps of the files one build has looked at, with what each was taken from."""

    def __init__(self):
        self.known: dict[str, tuple[tuple[int, int, int], object]] = {}

    def stamp(self, filename: str, stamp_of: Callable):
        """``stamp_of(filename)``, reused while the file is unchanged on disk."""
        try:
            status = os.stat(filename)
        except OSError:
            return stamp_of(filename)  # fails again, and Pelican reports it
        state = (status.st_size, status.st_mtime_ns, status.st_ino)
        known = self.known.get(filename)
        if known is not None and known[0] == state:
            return known[1]
        value = stamp_of(filename)
        self.known[filename] = (state, value)
        return value


_build_stamps = FileStamps()


def start_build_stamps(pelican=None) -> None:
    """A build starts: no stamp from an earlier build is trusted."""
    global _build_stamps
    _build_stamps = FileStamps()


def share_stamps(generator) -> None:
    """Let the generator and its readers take stamps from the build's one table."""
    if generator.settings.get("CHECK_MODIFIED_METHOD") == "mtime":
        return  # a stat already: nothing to save
    for cacher in (generator, getattr(generator, "readers", None)):
        if cacher is not None:
            reuse_file_stamps(cacher, _build_stamps.stamp)
