"""Make builds faster without changing a byte of what they write.

The speed-ups, each switched on here and explained in its own module:

- reader.py and parallel.py: Markdown is converted on every core (MARKDOWN_PROCESSES),
  with one reused parser per process that skips what cannot change (blocks and text no
  inline pattern matches, block tests whose regex needs a character the block lacks),
  instead of one new parser per file on one core; workers run at a lower priority than
  the build's own process (settings.WORKER_NICENESS), which reads each file's metadata;
- each file's content-cache stamp (its sha256) is worked out once a build, not five
  times (internals.share_file_stamps), and plain dates are read without dateutil;
- page_writer.py: when the content cache is on (development builds), an article page
  whose inputs are unchanged since the last build is left on disk, not rendered again;
  list_pages.py: so is a tag, category, author or year list whose articles and
  everything else its templates read are unchanged;
- page_renderer.py: article pages and the news lists (index, archives, tags,
  categories, with their further pages) are rendered on every core (RENDER_PROCESSES)
  and all written from the build's own process by Pelican's Writer;
- template_cache.py: development builds keep compiled templates in the content cache
  folder (Jinja's bytecode cache) instead of compiling the theme on every build;
- each article's and page's URL is worked out once, when no generator can change it
  any more, instead of on every link to it (internals.fix_content_urls);
- pelican-sitemap formats its dates with datetime's own strftime
  (internals.format_sitemap_date), the same text for a fortieth of the cost;
- cache_folder.py: each state of the settings, plugin code, library versions and
  CONTENT_CACHE_INPUTS gets its own content cache folder, so the cache (and the page
  writer's record, kept in it) never outlives what it was made from.

All but the cache folder and the template cache rely on private internals
(rso_plugins.internals), so they run only on the library versions those were checked
against; on any other version they switch off, and the build says so once, as a notice
that ``--fatal warnings`` does not turn into a failure. ``BUILD_SPEED = False`` switches
them off too, and the template cache (the oracle test compares both). The cache folder
uses public settings only and is always on when caching is.

Settings, checked when Pelican starts (``initialized``), with their defaults:

- ``BUILD_SPEED`` (True): use the speed-ups where the library versions allow.
- ``MARKDOWN_PROCESSES`` (None: every core this process may use): processes that
  convert Markdown; 1 converts in the build's own process.
- ``RENDER_PROCESSES`` (None: every core this process may use): processes that render
  article and list pages; 1 renders them in the build's own process.
- ``CONTENT_CACHE_INPUTS`` (()): data files, relative to PATH, that plugins write into
  content; a change to one starts a fresh content cache.
"""

from __future__ import annotations

from pelican import signals
from pelican.readers import MarkdownReader

from rso_plugins.internals import fix_content_urls, share_file_stamps, use_quick_sitemap_dates

from .cache_folder import mark_cache_complete, use_fingerprinted_cache
from .page_renderer import (
    RenderingWriter,
    remember_generators,
    render_articles_ahead,
    report_rendered,
    stop_rendering,
)
from .page_writer import forget_writer, save_page_record
from .parallel import prefetch_generator
from .reader import ReusingMarkdownReader
from .settings import speed_settings, speedups_allowed
from .template_cache import keep_compiled_templates


def check_settings(pelican) -> None:
    """Stop at start-up, naming the setting and what to write, if a value is wrong;
    let the sitemap format its dates quickly where the speed-ups are allowed."""
    speed_settings(pelican.settings)
    use_quick_sitemap_dates(speedups_allowed(pelican.settings))


def use_reusing_reader(readers) -> None:
    """Read Markdown with ReusingMarkdownReader wherever Pelican's own reader was chosen."""
    if not speedups_allowed(readers.settings):
        return
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is MarkdownReader:
            readers.reader_classes[extension] = ReusingMarkdownReader


def cache_compiled_templates(generator) -> None:
    """Development builds keep compiled templates, unless BUILD_SPEED is off."""
    if speed_settings(generator.settings).enabled:
        keep_compiled_templates(generator)


def read_ahead(generator) -> None:
    """Each file's stamp worked out once, then the articles' (or pages') Markdown
    converted on every core."""
    if speedups_allowed(generator.settings):
        share_file_stamps(generator)
    prefetch_generator(generator)


def stop_workers(generators) -> None:
    """Every file is read: end any conversion workers still running."""
    for generator in generators:
        for reader in getattr(getattr(generator, "readers", None), "readers", {}).values():
            if isinstance(reader, ReusingMarkdownReader):
                reader.close_stream()


def fix_urls(generators) -> None:
    """Every generator has its content: each URL is final, so work it out once."""
    if generators and speedups_allowed(generators[0].settings):
        fix_content_urls(generators)


def choose_writer(pelican):
    """The writer that leaves unchanged article pages alone and renders the others on
    every core, where it is allowed."""
    if speedups_allowed(pelican.settings):
        return RenderingWriter
    forget_writer()
    return None


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(use_fingerprinted_cache)
    signals.readers_init.connect(use_reusing_reader)
    signals.generator_init.connect(cache_compiled_templates)
    signals.article_generator_init.connect(read_ahead)
    signals.page_generator_init.connect(read_ahead)
    signals.all_generators_finalized.connect(stop_workers)
    signals.all_generators_finalized.connect(fix_urls)
    signals.all_generators_finalized.connect(remember_generators)
    signals.get_writer.connect(choose_writer)
    signals.article_generator_write_article.connect(render_articles_ahead)
    signals.article_writer_finalized.connect(stop_rendering)
    signals.finalized.connect(report_rendered)
    signals.finalized.connect(save_page_record)
    signals.finalized.connect(mark_cache_complete)
