"""Write article pages faster: skip the unchanged ones, render the rest on two cores.

Article pages are most of a build's output, and Pelican renders them one by one.

**Unchanged pages** (development builds, where the content cache is on). An article
page shows only its own article, its newer and older neighbours, and links to other
content; so it is written again only when one of these changed:

- the article's source file;
- the titles and addresses of its newer and older articles;
- the address of any article, page or static file (a changed slug changes links);
- the theme's templates;
- everything content_cache_guard fingerprints (settings, plugin code, libraries, the
  data file): a change there gives a new cache folder, and so an empty manifest.

What was written, and from which inputs, is kept in a manifest in the content cache
folder, per output folder.

**Two processes** (every build). At the first feed (or article page), the build forks.
Both processes walk Pelican's own loops over the feeds, the article pages and the news
lists (archives, tags, categories); the child writes two of every three, the parent the
third.
Both see the same sequence of pages, so between them each page is written exactly once,
by Pelican's own code. When the articles generator is done, the child writes down which
files it wrote and leaves; the parent waits for it, then sends ``content_written`` for
every page the child wrote (the sitemap relies on it) and goes on with the rest of the
build alone. ``RENDER_PROCESSES = 1`` turns this off.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import traceback
from pathlib import Path

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

logger = logging.getLogger(__name__)

MANIFEST = "rendered-articles.json"
# Below this many articles, forking costs more than it saves.
MIN_ARTICLES_TO_SPLIT = 60
# Of every SPLIT_CYCLE pages, the parent renders one: it has the rest of the build after.
SPLIT_CYCLE = 3
_writers: list[ArticleWriter] = []  # the writer of the running build


class RenderingFailed(RuntimeError):
    """The process rendering a share of the article pages failed; its log says why."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def templates_digest(settings) -> str:
    """One digest of every template file the theme (and its overrides) can use."""
    digest = hashlib.sha256()
    folders = [Path(settings["THEME"]) / "templates"]
    folders += [Path(folder) for folder in settings.get("THEME_TEMPLATES_OVERRIDES", [])]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def addresses_digest(context) -> str:
    """One digest of where every article, page and static file is published."""
    pairs = []
    for kind in ("generated_content", "static_content"):
        for source, content in context.get(kind, {}).items():
            pairs.append((kind, source, getattr(content, "url", None)))
    return _sha256(json.dumps(sorted(pairs, key=str)).encode())


def _neighbour(article) -> list[str] | None:
    return [article.url, article.title] if article is not None else None


def render_processes(settings) -> int:
    """RENDER_PROCESSES, else 2 where this process may use two cores or more."""
    configured = settings.get("RENDER_PROCESSES")
    if configured is not None:
        return int(configured)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 if (cores or 1) >= 2 else 1


class ArticleWriter(Writer):
    """Pelican's Writer, which writes article pages only when, and where, it must."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.skip_unchanged = bool(
            self.settings.get("LOAD_CONTENT_CACHE") and self.settings.get("CACHE_CONTENT")
        )
        self.manifest_path = Path(self.settings["CACHE_PATH"]) / MANIFEST
        self.previous = self._load_manifest() if self.skip_unchanged else {}
        self.current: dict[str, str] = {}
        self.shared_digest: str | None = None
        self.skipped = 0
        # Splitting forks the build: only where the system can (not on Windows).
        self.split = hasattr(os, "fork") and render_processes(self.settings) > 1
        self.role = "single"  # then "parent" or "child" while split, then "done"
        self.child: int | None = None
        self.position = 0  # pages seen since the split
        self.claimed: set[str] = set()  # pages announced without being written here
        _writers[:] = [self]

    # Unchanged pages ---------------------------------------------------------------

    def _load_manifest(self) -> dict[str, str]:
        try:
            manifest = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return manifest.get(os.path.abspath(self.output_path), {})

    def article_key(self, article, context) -> str:
        if self.shared_digest is None:
            self.shared_digest = _sha256(
                (templates_digest(self.settings) + addresses_digest(context)).encode()
            )
        inputs = [
            self.shared_digest,
            _sha256(Path(article.source_path).read_bytes()),
            article.save_as,
            _neighbour(getattr(article, "newer_article", None)),
            _neighbour(getattr(article, "older_article", None)),
            # The photos plugin's digest of the article's photos (their bytes and sizes).
            getattr(article, "photo_digest", None),
        ]
        return _sha256(json.dumps(inputs).encode())

    def save_manifest(self) -> None:
        if not self.skip_unchanged:
            return
        try:
            manifest = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {}
        manifest[os.path.abspath(self.output_path)] = self.current
        self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
        self.manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
        logger.info("Article pages unchanged, not rendered again: %d", self.skipped)

    # Writing -------------------------------------------------------------------------

    def _claim(self, name: str, context, kwargs) -> None:
        """What Pelican does after writing a page, for a page written elsewhere."""
        path = sanitised_join(self.output_path, name)
        self._written_files.add(path)
        self.claimed.add(path)
        if self.role != "child":
            signals.content_written.send(path, context={**context, **kwargs})

    def _take_turn(self) -> bool:
        """While split: is this page this process's to write? (Always, when not split.)"""
        if self.role not in ("parent", "child"):
            return True
        parents_turn = self.position % SPLIT_CYCLE == 0
        self.position += 1
        return parents_turn == (self.role == "parent")

    def _split_if_worth_it(self, context) -> None:
        enough = len(context.get("articles", ())) >= MIN_ARTICLES_TO_SPLIT
        if self.role == "single" and self.split and enough:
            self._fork()

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        """Feeds come first in the articles generator: the split starts with them."""
        if path:
            self._split_if_worth_it(context)
        if path and not self._take_turn():
            self._written_files.add(sanitised_join(self.output_path, path))
            return None
        return self._write_here(super().write_feed, elements, context, path, *args, **kwargs)

    def write_file(self, name, template, context, *args, **kwargs):
        if not name:
            return super().write_file(name, template, context, *args, **kwargs)
        article = kwargs.get("article")
        is_article_page = article is not None and not kwargs.get("paginated")

        if is_article_page and self.skip_unchanged:
            key = self.article_key(article, context)
            self.current[name] = key
            path = sanitised_join(self.output_path, name)
            if self.previous.get(name) == key and os.path.isfile(path):
                self.skipped += 1
                return self._claim(name, context, kwargs)

        if is_article_page:
            self._split_if_worth_it(context)
        if not self._take_turn():
            # The other process writes this one. An article page is announced now, with
            # its article (the sitemap dates it); the child's list pages are announced
            # when it has finished.
            if is_article_page:
                self._claim(name, context, kwargs)
            return None
        if self.role == "child":
            logger.debug("The second process writes %s", name)
        return self._write_here(super().write_file, name, template, context, *args, **kwargs)

    def _write_here(self, write, *args, **kwargs):
        """Write with Pelican's own method; in the child, a failure ends it with status 1."""
        if self.role != "child":
            return write(*args, **kwargs)
        try:
            return write(*args, **kwargs)
        except BaseException:
            traceback.print_exc()
            os._exit(1)

    # Two processes -------------------------------------------------------------------

    def _fork(self) -> None:
        handle, self.child_list = tempfile.mkstemp(prefix="rso-pages-", suffix=".json")
        os.close(handle)
        self.child = os.fork()
        self.role = "child" if self.child == 0 else "parent"
        if self.role == "child":
            self.child_written: list[str] = []
            signals.content_written.connect(self._note_child_page)
        else:
            logger.debug("Rendering article pages on two processes (child %d)", self.child)

    def _note_child_page(self, path, context=None) -> None:
        self.child_written.append(path)

    def leave_child(self) -> None:
        """The child's share is written: say which files, and end without the rest."""
        try:
            Path(self.child_list).write_text(json.dumps(self.child_written), encoding="utf-8")
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)

    def wait_for_child(self) -> None:
        """Wait for the child's pages, announce them, and fail the build if it failed."""
        if self.role == "child":
            self.leave_child()
        if not self.child:
            return
        _, status = os.waitpid(self.child, 0)
        self.child = None
        self.role = "done"  # the rest of the build is written here, and never split
        try:
            if os.waitstatus_to_exitcode(status) != 0:
                raise RenderingFailed("rendering a share of the pages failed (see above)")
            written = json.loads(Path(self.child_list).read_text(encoding="utf-8"))
        finally:
            os.unlink(self.child_list)
        for path in written:
            if path not in self.claimed:
                self._written_files.add(path)
                signals.content_written.send(path, context={})


def choose_writer(pelican):
    return ArticleWriter


def wait_for_article_pages(generator, writer) -> None:
    """The articles generator is done: every article page must be on disk from here."""
    if isinstance(writer, ArticleWriter):
        writer.wait_for_child()


def save_manifest(pelican) -> None:
    """The build finished: remember what each article page was rendered from."""
    if _writers:
        _writers.pop().save_manifest()


def register() -> None:
    signals.get_writer.connect(choose_writer)
    signals.article_writer_finalized.connect(wait_for_article_pages)
    signals.finalized.connect(save_manifest)
