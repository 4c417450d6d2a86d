"""In development builds, leave article pages alone when nothing they show has changed.

Article pages are most of a build's output, and Pelican renders each of them on every
build. An article page shows only its own article, its newer and older neighbours, and
links to other content; so, when the content cache is on, it is written again only
when one of these changed since the build that wrote it:

- the article's source file, or where the page is written;
- the titles and addresses of its newer and older articles;
- the address of any article, page or static file (a changed slug changes links);
- the theme's templates;
- everything cache_folder.py fingerprints (settings, plugin code, library versions, the
  data files): a change there gives a new cache folder, and so an empty record.

What was written, and from which inputs, is kept in a record in the content cache
folder, per output folder. A page left alone still counts as written, exactly as
Pelican counts it (so a second page with the same output path fails as in a full
build), and ``content_written`` is still sent for it with the context Pelican would
render it with (pelican-sitemap lists and dates pages from it).

Tag, category, author and year lists are left alone the same way when nothing they show
changed (list_pages.py), with their keys in the same record.

Every other page and feed is rendered as usual, but a file whose new text is exactly
what it holds is not written again (internals.LeavesIdenticalFilesAlone): on ext4,
overwriting a file waits for the disk when it is closed, and most pages of a warm
rebuild come out the same.

(An earlier version also wrote pages from two forked processes. It was dropped: it
could not keep Pelican's behaviour on errors, duplicate paths and signals. Pages are now
rendered on other cores by page_renderer.py and all written here, by Pelican's Writer.)
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

from pelican import signals
from pelican.contents import Article
from pelican.utils import sanitised_join
from pelican.writers import Writer

from rso_plugins.file_digest import file_sha256
from rso_plugins.internals import (
    LeavesIdenticalFilesAlone,
    PagesOnDisk,
    address_unread,
    claim_written,
    page_context,
)

from .list_pages import LIST_TEMPLATES, NamesRead, content_digest, list_key

logger = logging.getLogger(__name__)

RECORD = "rendered-articles.json"
_writers: list[SkippingWriter] = []  # the writer of the running build


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _shown(item) -> list[str]:
    """What an article page shows of a linked event or publication."""
    return [str(getattr(item, name, "")) for name in ("url", "title", "date", "summary")]


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
            # Read without marking: a static file read here could no longer be moved
            # next to the article that links it with {attach}.
            pairs.append((kind, source, address_unread(content)))
    return _sha256(json.dumps(sorted(pairs, key=str)).encode())


def _neighbour(article) -> list[str] | None:
    return [article.url, article.title] if article is not None else None


def call_arguments(
    relative_urls=False,
    paginated=None,
    template_name=None,
    override_output=False,
    url=None,
    **kwargs,
) -> dict:
    """Every argument of a Writer.write_file call after (name, template, context),
    defaults filled in, so that two calls compare whichever way they were written."""
    return {
        "relative_urls": relative_urls,
        "paginated": paginated,
        "template_name": template_name,
        "override_output": override_output,
        "url": url,
        **kwargs,
    }


class SkippingWriter(LeavesIdenticalFilesAlone, Writer):
    """Pelican's Writer, which leaves an unchanged article page as it is on disk, and
    any other file whose new text is the text it holds."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.skip_unchanged = bool(
            self.settings.get("LOAD_CONTENT_CACHE") and self.settings.get("CACHE_CONTENT")
        )
        self.leave_identical_files = self.skip_unchanged
        self.record_path = Path(self.settings["CACHE_PATH"]) / RECORD
        self.previous = self._load_record() if self.skip_unchanged else {}
        self.current: dict[str, str] = {}
        self.shared_digest: str | None = None
        self.theme_digest: str | None = None
        self.keys: dict[int, str] = {}  # id(content) -> its key, worked out once
        self.left_alone: dict[str, bool] = {}  # page -> whether it is left as it is
        self.names_read: NamesRead | None = None  # what each list's templates read
        self.lists_read = 0  # list pages whose text was read back, not rendered
        self.skipped = 0
        _writers[:] = [self]

    def _load_record(self) -> dict[str, str]:
        try:
            record = json.loads(self.record_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return record.get(os.path.abspath(self.output_path), {})

    def article_key(self, name, article, context) -> str:
        """A digest of everything the page ``name`` of ``article`` shows."""
        key = self.keys.get(id(article))
        if key is None:
            key = self.keys[id(article)] = self._article_key(name, article, context)
        return key

    def leaves_alone(self, name, article, context) -> bool:
        """Whether the page ``name`` of ``article`` is unchanged and on disk (worked out
        once a build: the page renderer asks before the writer does)."""
        if not (name and self.skip_unchanged) or name not in self.previous:
            return False
        found = self.left_alone.get(name)
        if found is None:
            key = self.article_key(name, article, context)
            found = self.left_alone[name] = self.previous.get(name) == key and os.path.isfile(
                sanitised_join(self.output_path, name)
            )
        return found

    def _shared(self, context) -> str:
        """The digest of what every page can show: the templates, every address."""
        if self.shared_digest is None:
            self.theme_digest = templates_digest(self.settings)
            self.shared_digest = _sha256((self.theme_digest + addresses_digest(context)).encode())
        return self.shared_digest

    def _names_read(self, template, context) -> frozenset[str] | None:
        if self.names_read is None:
            self._shared(context)
            self.names_read = NamesRead(self.settings["CACHE_PATH"], self.theme_digest)
        return self.names_read.of(template)

    def list_key(self, name, template, context, arguments: dict) -> str | None:
        """The key of a tag, category, author or period list (list_pages.py), or None."""
        if not (name and self.skip_unchanged) or not hasattr(template, "environment"):
            return None
        if arguments.get("template_name") not in LIST_TEMPLATES:
            return None
        names = self._names_read(template, context)
        if names is None:
            return None
        return list_key(
            self._shared(context),
            name,
            template,
            context,
            arguments,
            self.settings,
            lambda content: self._content_key(content, context),
            names=names,
        )

    def _content_key(self, content, context) -> list[str]:
        """An article's page key, or what another page, event or publication shows in a
        list; worked out once a build."""
        key = self.keys.get(id(content))
        if key is None:
            if isinstance(content, Article):
                key = self.article_key(content.save_as, content, context)
            else:
                key = self.keys[id(content)] = json.dumps(content_digest(content))
        return [type(content).__name__, key]

    def leaves_list_alone(self, name, template, context, arguments: dict) -> bool:
        """Whether the list ``name`` shows what it showed when its pages were written.

        A list the last build did not write is not left alone, whatever its key: asked
        before the workers start, its key would hold them up; it is worked out when the
        list is written, for the next build's record."""
        if name not in self.previous:
            return False
        key = self.list_key(name, template, context, arguments)
        return key is not None and self.previous.get(name) == key

    def _article_key(self, name, article, context) -> str:
        inputs = [
            self._shared(context),
            file_sha256(article.source_path),
            name,  # where the page is written (the article's save_as)
            _neighbour(getattr(article, "newer_article", None)),
            _neighbour(getattr(article, "older_article", None)),
            # What other plugins show on the page: the article's photos (their bytes and
            # sizes), and the events and publications it names.
            getattr(article, "photo_digest", None),
            [_shown(item) for item in getattr(article, "events", [])],
            [_shown(item) for item in getattr(article, "publications", [])],
        ]
        return _sha256(json.dumps(inputs, default=str).encode())

    def save_record(self) -> None:
        if not self.skip_unchanged:
            return
        try:
            record = json.loads(self.record_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = {}
        record[os.path.abspath(self.output_path)] = self.current
        if self.names_read is not None:
            self.names_read.save()
        self.record_path.parent.mkdir(parents=True, exist_ok=True)
        self.record_path.write_text(json.dumps(record), encoding="utf-8")
        logger.info("Article pages unchanged, not rendered again: %d", self.skipped)
        logger.info("List pages unchanged, not rendered again: %d", self.lists_read)

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        article = kwargs.get("article")
        if name and self.skip_unchanged and article is not None and not paginated:
            self.current[name] = self.article_key(name, article, context)
            if self.leaves_alone(name, article, context):
                # What Writer.write_file does after writing, without rendering.
                path = sanitised_join(self.output_path, name)
                claim_written(self, path, override_output)
                self.skipped += 1
                signals.content_written.send(
                    path, context=page_context(context, name, kwargs, relative_urls)
                )
                return None
        on_disk = None
        if name and self.skip_unchanged and article is None:
            arguments = call_arguments(
                relative_urls, paginated, template_name, override_output, url, **kwargs
            )
            # The template itself, also when HTML rendered on another core stands in for it.
            real_template = getattr(template, "template", template)
            key = self.list_key(name, real_template, context, arguments)
            if key is not None:
                self.current[name] = key
                if self.previous.get(name) == key:
                    template = on_disk = PagesOnDisk(template, self.output_path)
        result = super().write_file(
            name,
            template,
            context,
            relative_urls,
            paginated,
            template_name,
            override_output,
            url,
            **kwargs,
        )
        if on_disk is not None:
            self.lists_read += on_disk.read
        return result


def current_writer() -> SkippingWriter | None:
    """The writer of the running build, if it is one of build_speed's."""
    return _writers[-1] if _writers else None


def forget_writer() -> None:
    """This build writes with Pelican's own Writer."""
    _writers.clear()


def save_page_record(pelican) -> None:
    """The build finished: remember what each article page was rendered from."""
    if _writers:
        _writers.pop().save_record()
