"""Skip rendering an article page whose inputs are the same as when it was written.

A warm development rebuild re-renders every article page although an editor changed
one. An article page shows only its own article, its newer and older neighbours, and
links to other content; so it is written again only when one of these changed:

- the article's source file;
- the titles and addresses of its newer and older articles;
- the address of any article, page or static file (a changed slug changes links);
- the theme's templates;
- everything content_cache_guard fingerprints (settings, plugin code, libraries, the
  data file): a change there gives a new cache folder, and so an empty manifest.

What was written, and from which inputs, is kept in a manifest in the content cache
folder, per output folder. Listing pages, feeds and pages are always rendered. Publish
builds do not cache, so they always render everything.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

logger = logging.getLogger(__name__)

MANIFEST = "rendered-articles.json"
_writers: list[UnchangedArticlesWriter] = []  # the writer of the running build


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


class UnchangedArticlesWriter(Writer):
    """Pelican's Writer, which does not render an article page again if it need not."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.manifest_path = Path(self.settings["CACHE_PATH"]) / MANIFEST
        self.previous = self._load_manifest()
        self.current: dict[str, str] = {}
        self.shared_digest: str | None = None
        self.skipped = 0
        _writers[:] = [self]

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
        source = Path(article.source_path).read_bytes()
        inputs = [
            self.shared_digest,
            _sha256(source),
            article.save_as,
            _neighbour(getattr(article, "newer_article", None)),
            _neighbour(getattr(article, "older_article", None)),
        ]
        return _sha256(json.dumps(inputs).encode())

    def write_file(self, name, template, context, *args, **kwargs):
        article = kwargs.get("article")
        if article is None or kwargs.get("paginated") or not name:
            return super().write_file(name, template, context, *args, **kwargs)
        key = self.article_key(article, context)
        self.current[name] = key
        path = sanitised_join(self.output_path, name)
        if self.previous.get(name) == key and os.path.isfile(path):
            # As Pelican does after writing: claim the file and tell other plugins.
            self._written_files.add(path)
            localcontext = {**context, **kwargs}
            signals.content_written.send(path, context=localcontext)
            self.skipped += 1
            return None
        return super().write_file(name, template, context, *args, **kwargs)

    def save_manifest(self) -> None:
        try:
            manifest = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {}
        manifest[os.path.abspath(self.output_path)] = self.current
        self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
        self.manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
        logger.info("Article pages unchanged, not rendered again: %d", self.skipped)


def choose_writer(pelican):
    """Use the skipping writer only where the content cache is on (development builds)."""
    if pelican.settings.get("LOAD_CONTENT_CACHE") and pelican.settings.get("CACHE_CONTENT"):
        return UnchangedArticlesWriter
    return None


def save_manifest(pelican) -> None:
    """The build finished: remember what each article page was rendered from."""
    if _writers:
        _writers.pop().save_manifest()


def register() -> None:
    signals.get_writer.connect(choose_writer)
    signals.finalized.connect(save_manifest)
