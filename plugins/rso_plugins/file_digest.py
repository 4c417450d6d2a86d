"""The sha256 of a file's bytes: what the caches of derived files (photo copies, PDF
thumbnails and text) are keyed on, so a rebuild redoes only what really changed."""

from __future__ import annotations

import hashlib
import os

BLOCK = 1 << 20


def file_sha256(path: str | os.PathLike) -> str:
    """The sha256 of the file at ``path``, read in blocks so a large file is not held
    in memory whole."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()
