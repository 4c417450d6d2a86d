"""Register the reusing Markdown reader for every Markdown file extension.

Hooked to ``readers_init`` so it replaces Pelican's class before readers are made; a
reader a setting or another plugin chose instead of Pelican's own is left alone. When
the article and page generators are made, their Markdown is converted on every core.
"""

from __future__ import annotations

from pelican import signals
from pelican.readers import MarkdownReader

from .parallel import prefetch_articles, prefetch_pages
from .reader import ReusingMarkdownReader


def use_reusing_reader(readers) -> None:
    """Read Markdown with ReusingMarkdownReader wherever Pelican's reader was chosen."""
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is MarkdownReader:
            readers.reader_classes[extension] = ReusingMarkdownReader


def stop_workers(generators) -> None:
    """Every file is read: end any conversion workers still running."""
    for generator in generators:
        for reader in getattr(getattr(generator, "readers", None), "readers", {}).values():
            if isinstance(reader, ReusingMarkdownReader):
                reader.close_stream()


def register() -> None:
    signals.readers_init.connect(use_reusing_reader)
    signals.article_generator_init.connect(prefetch_articles)
    signals.page_generator_init.connect(prefetch_pages)
    signals.all_generators_finalized.connect(stop_workers)
