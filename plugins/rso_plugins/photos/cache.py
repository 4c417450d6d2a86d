"""Published copies of photos, kept by the photo's bytes and the settings that shape them.

A photo's key is sha256(its bytes + the settings fingerprint), so a rebuild with the
same photos and settings encodes nothing, and any change to either encodes again. The
sha256 of each file is remembered with its size and modification time, so a warm build
does not even read unchanged photos; a file whose stat changed is hashed again (a
checkout that only touches mtimes costs a hash, never a stale image). The index also
remembers that a photo decoded without fault, so the build after `invoke check` does
not decode it twice before encoding it.

Missing copies are encoded on every core (processes forked from the build; serial where
the system cannot fork), each worker writing straight into the cache. After each
build the cache keeps only the photos that build used (``keep_only``): a photo replaced,
renamed or removed is forgotten with its copies, so the cache does not grow with every
photo the content ever had. Builds of one project can run side by side (a preview while
publishing, tests): each holds a shared lock on the folder while it uses it, and a build
forgets what it did not use only when no other build holds one, so it never takes away
a copy another build is about to publish.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rso_plugins.atomic_file import place_file
from rso_plugins.file_digest import file_sha256

from .encode import Probe, UnreadablePhoto, check_decodes, encode, probe

logger = logging.getLogger(__name__)

INDEX_NAME = "index.json"
DONE_NAME = "probe.json"
# A staging folder (see encode_into) this old was left by a build that was killed.
STALE_STAGING_SECONDS = 3600
STAGING_PREFIX = ".tmp-"
# The file builds lock (shared while they use the cache, exclusive to forget entries).
LOCK_NAME = ".in-use"


class PhotoCache:
    """One folder of encoded copies, one sub-folder per key, and an index of the photos
    (by absolute path): [[size, mtime], sha256, probe or None, decodes without fault]."""

    def __init__(self, folder: Path, fingerprint: str):
        self.folder = folder
        self.fingerprint = fingerprint
        self._index_path = folder / INDEX_NAME
        try:
            stored = json.loads(self._index_path.read_text("utf-8"))
        except (OSError, ValueError):
            stored = {}
        if not isinstance(stored, dict) or not isinstance(stored.get("photos"), dict):
            stored = {}  # none yet, or an older layout: hash again once
        self._index: dict[str, list] = stored.get("photos", {})
        # The entries the cache held after the last build, to skip looking when unchanged.
        self._entries: list[str] = stored.get("entries", [])
        self._index_changed = False
        self._lock = self._hold_shared_lock()

    def _hold_shared_lock(self):
        """Say that this build uses the cache, until it ends or forgets entries."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle = open(self.folder / LOCK_NAME, "a")  # noqa: SIM115 (held for the build)
            fcntl.flock(handle, fcntl.LOCK_SH)
        except OSError:
            return None
        return handle

    def _alone(self) -> bool:
        """Whether no other build uses the cache now (then it is this build's to tidy)."""
        if self._lock is None:
            return False
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def _remembered(self, path: Path) -> list:
        """The index entry of the photo at ``path``, hashing the file again only when
        its size or modification time changed."""
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        name = os.path.abspath(path)
        remembered = self._index.get(name)
        if not remembered or remembered[0] != stamp or len(remembered) != 4:
            remembered = [stamp, file_sha256(path), None, False]
            self._index[name] = remembered
            self._index_changed = True
        return remembered

    def key(self, path: Path) -> str:
        """The key of the photo at ``path``, from its bytes and the settings."""
        content_sha = self._remembered(path)[1]
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

    def known_sound(self, path: Path) -> bool:
        """The photo decoded without fault before (its copies, or a check, say so)."""
        return bool(self._remembered(path)[3]) or self.has(self.key(path))

    def note_sound(self, path: Path) -> None:
        remembered = self._remembered(path)
        if not remembered[3]:
            remembered[3] = True
            self._index_changed = True

    def save_index(self) -> None:
        if not self._index_changed:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            stored = {"photos": self._index, "entries": self._entries}
            json.dump(stored, out, sort_keys=True)
        os.replace(temporary, self._index_path)
        self._index_changed = False

    def keep_only(self, keys: set[str], paths: set[Path]) -> None:
        """Forget every photo but ``paths`` and every cached entry but ``keys`` (what
        the build just published); look through the folder only when that set changed.
        While another build uses the cache, forget nothing: the next build will."""
        if not self._alone():
            self._release()
            self.save_index()
            return
        try:
            self._forget_all_but(keys, paths)
        finally:
            self._release()

    def _forget_all_but(self, keys: set[str], paths: set[Path]) -> None:
        names = {os.path.abspath(path) for path in paths}
        if set(self._index) - names:
            self._index = {name: item for name, item in self._index.items() if name in names}
            self._index_changed = True
        if sorted(keys) != self._entries:
            self._remove_entries_but(keys)
            self._entries = sorted(keys)
            self._index_changed = True
        self.save_index()

    def _remove_entries_but(self, keys: set[str]) -> None:
        if not self.folder.is_dir():
            return
        stale_before = time.time() - STALE_STAGING_SECONDS
        for shard in self.folder.iterdir():
            if not shard.is_dir():
                continue
            for entry in shard.iterdir():
                if entry.name.startswith(STAGING_PREFIX):
                    if entry.stat().st_mtime >= stale_before:
                        continue  # another build may be writing it now
                elif entry.name in keys:
                    continue
                shutil.rmtree(entry, ignore_errors=True)

    def publish(self, key: str, destinations: list[tuple[str, Path]]) -> None:
        """Put each cached copy (name, destination) in place: a hard link when possible.
        One copy can go to several places (a photo shown by two articles).

        A destination that already is the cached file is left alone (one stat each), so
        a warm rebuild publishes without copying.
        """
        with os.scandir(self.entry(key)) as found:
            cached = {item.name: (item.stat().st_dev, item.inode()) for item in found}
        for name, destination in destinations:
            place_file(self.entry(key) / name, destination, cached.get(name))


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
    staging = Path(tempfile.mkdtemp(dir=entry.parent, prefix=STAGING_PREFIX))
    for name, data in files.items():
        (staging / name).write_bytes(data)
    (staging / DONE_NAME).write_text(json.dumps(done), encoding="utf-8")
    try:
        os.rename(staging, entry)
    except OSError:  # another build got there first
        shutil.rmtree(staging, ignore_errors=True)


def _on_every_core(function: Callable, calls: list[tuple], processes: int) -> list:
    """``function(*call)`` for each call, on up to ``processes`` forked processes."""
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if processes < 2 or len(calls) < 2 or not can_fork:
        return [function(*call) for call in calls]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(processes, len(calls)), mp_context=context) as pool:
        return list(pool.map(function, *zip(*calls, strict=True)))


def _decode_problem(path: Path, max_pixels: int) -> str | None:
    try:
        check_decodes(path, max_pixels)
    except UnreadablePhoto as problem:
        return str(problem)
    return None


def check_unknown(
    cache: PhotoCache, photos: dict[str, Path], max_pixels: int, processes: int
) -> dict[str, str]:
    """Decode every photo (name -> path) not known to decode; return name -> why not."""
    todo = sorted((name, path) for name, path in photos.items() if not cache.known_sound(path))
    if not todo:
        return {}
    logger.info("Checking %s new photo(s)", len(todo))
    outcomes = _on_every_core(_decode_problem, [(path, max_pixels) for _, path in todo], processes)
    failures = {}
    for (name, path), outcome in zip(todo, outcomes, strict=True):
        if outcome:
            failures[name] = outcome
        else:
            cache.note_sound(path)
    return failures


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
    calls = [(cache.entry(key), path, widths, max_pixels) for key, path in todo]
    outcomes = _on_every_core(encode_into, calls, processes)
    return {key: outcome for (key, _), outcome in zip(todo, outcomes, strict=True) if outcome}
