"""Published copies of photos, kept by the photo's bytes and the settings that shape them.

A photo's key is sha256(its bytes + the settings fingerprint), so a rebuild with the
same photos and settings encodes nothing, and any change to either encodes again. The
sha256 of each file is remembered with its size and modification time, so a warm build
does not even read unchanged photos; a file whose stat changed is hashed again (a
checkout that only touches mtimes costs a hash, never a stale image).

Missing copies are encoded on every core (processes forked from the build; serial where
the system cannot fork), each worker writing straight into the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rso_plugins.file_digest import file_sha256

from .encode import Probe, UnreadablePhoto, encode, probe

logger = logging.getLogger(__name__)

INDEX_NAME = "index.json"
DONE_NAME = "probe.json"


class PhotoCache:
    """One folder of encoded copies, one sub-folder per key."""

    def __init__(self, folder: Path, fingerprint: str):
        self.folder = folder
        self.fingerprint = fingerprint
        self._index_path = folder / INDEX_NAME
        try:
            self._index: dict[str, list] = json.loads(self._index_path.read_text("utf-8"))
        except (OSError, ValueError):
            self._index = {}
        self._index_changed = False

    def _remembered(self, path: Path) -> list:
        """The index entry of the photo at ``path``: [stamp, sha256, probe or None],
        hashing the file again only when its size or modification time changed."""
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        name = os.path.abspath(path)
        remembered = self._index.get(name)
        if not remembered or remembered[0] != stamp or len(remembered) != 3:
            remembered = [stamp, file_sha256(path), None]
            self._index[name] = remembered
            self._index_changed = True
        return remembered

    def key(self, path: Path) -> str:
        """The key of the photo at ``path``, from its bytes and the settings."""
        _, content_sha, _ = self._remembered(path)
        return hashlib.sha256(f"{content_sha}:{self.fingerprint}".encode()).hexdigest()

    def entry(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def probe(self, path: Path, max_pixels: int) -> Probe:
        """The photo's upright size and transparency: remembered, else from its header."""
        remembered = self._remembered(path)
        if remembered[2] is not None:
            width, height, transparent = remembered[2]
            if width * height > max_pixels:
                return probe(path, max_pixels)  # raises, with the message
            return Probe(width, height, transparent)
        found = probe(path, max_pixels)
        remembered[2] = [found.width, found.height, found.transparent]
        self._index_changed = True
        return found

    def has(self, key: str) -> bool:
        return (self.entry(key) / DONE_NAME).exists()

    def save_index(self) -> None:
        if not self._index_changed:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(self._index, out, sort_keys=True)
        os.replace(temporary, self._index_path)
        self._index_changed = False

    def publish(self, key: str, destinations: dict[str, Path]) -> None:
        """Put each cached copy (name -> destination) in place: a hard link when possible.

        A destination that already is the cached file is left alone (one stat each), so
        a warm rebuild publishes without copying.
        """
        with os.scandir(self.entry(key)) as found:
            cached = {item.name: (item.stat().st_dev, item.inode()) for item in found}
        for name, destination in destinations.items():
            try:
                stat = destination.stat()
            except FileNotFoundError:
                destination.parent.mkdir(parents=True, exist_ok=True)
            else:
                if (stat.st_dev, stat.st_ino) == cached.get(name):
                    continue
                destination.unlink()
            source = self.entry(key) / name
            try:
                os.link(source, destination)
            except OSError:
                shutil.copyfile(source, destination)


def encode_into(entry: Path, path: Path, widths: tuple[int, ...], max_pixels: int) -> str | None:
    """Encode the photo at ``path`` into the cache folder ``entry``; the reason on failure."""
    try:
        result, files = encode(path, widths, max_pixels)
    except UnreadablePhoto as problem:
        return str(problem)
    store_entry(entry, files, [result.width, result.height, result.transparent])
    return None


def store_entry(entry: Path, files: dict[str, bytes], done: list) -> None:
    """Write ``files`` (name -> bytes) as the cache folder ``entry``, all or nothing.

    The files are written to a temporary folder that is renamed into place, with
    ``done`` (what ``PhotoCache.has`` looks for) last, so a killed build never leaves
    half an entry. Share cards (rso_plugins.share_cards) keep theirs the same way.
    """
    entry.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=entry.parent, prefix=".tmp-"))
    for name, data in files.items():
        (staging / name).write_bytes(data)
    (staging / DONE_NAME).write_text(json.dumps(done), encoding="utf-8")
    try:
        os.rename(staging, entry)
    except OSError:  # another build got there first
        shutil.rmtree(staging, ignore_errors=True)


def encode_missing(
    cache: PhotoCache,
    photos: dict[str, Path],
    widths: tuple[int, ...],
    max_pixels: int,
    processes: int,
) -> dict[str, str]:
    """Encode every photo (key -> path) not yet in the cache; return key -> why it failed."""
    todo = sorted((key, path) for key, path in photos.items() if not cache.has(key))
    if not todo:
        return {}
    logger.info("Encoding %s photo(s) on up to %s process(es)", len(todo), processes)
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if processes < 2 or len(todo) < 2 or not can_fork:
        outcomes = [encode_into(cache.entry(key), path, widths, max_pixels) for key, path in todo]
    else:
        context = multiprocessing.get_context("fork")
        workers = min(processes, len(todo))
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            outcomes = list(
                pool.map(
                    encode_into,
                    [cache.entry(key) for key, _ in todo],
                    [path for _, path in todo],
                    [widths] * len(todo),
                    [max_pixels] * len(todo),
                )
            )
    return {key: outcome for (key, _), outcome in zip(todo, outcomes, strict=True) if outcome}
