"""The installed version of a library, looked up once per process.

importlib.metadata.version reads through every folder on sys.path for the library's
metadata, a millisecond or more each time, and a build asks for the same few libraries
dozens of times (build_speed's version gate and cache fingerprint, the cache keys of
the map, the share cards and the publications). What is installed does not change
while a build runs.
"""

from __future__ import annotations

import functools
import importlib.metadata


@functools.cache
def installed_version(name: str) -> str | None:
    """The installed version of the distribution ``name``, or None if it is absent."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None
