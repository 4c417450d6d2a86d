"""The sha256 of a file's bytes: what the caches of derived files (photo copies, PDF
thumbnails and text) and the record of article pages are keyed on, so a rebuild redoes
only what really changed."""

from __future__ import annotations

import hashlib
import os


def file_sha256(path: str | os.PathLike) -> str:
    """The sha256 of the file at ``path``, read in blocks so a large file is not held
    in memory whole."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
