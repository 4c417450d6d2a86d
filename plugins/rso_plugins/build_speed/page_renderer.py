"""Render the blog's pages on other cores; write every page from the build's own process.

Rendering pages with Jinja is the largest part of writing a site, and Pelican does it
on one core. When the writer is made (every plugin has finished with the content,
nothing is written yet), the pages the articles generator will write are handed to
forked worker processes, which start from the state the build has at that moment:

- every article page still to be rendered (``internals.article_page_writes``);
- every list page after them: period archives, the index and the other direct
  templates, tags, categories and authors, each paginated as Pelican paginates it.
  These calls are recorded by running Pelican's own methods with a ``write`` that only
  records (``internals.list_page_writes``).

Workers render while the build writes the feeds, which change nothing a page shows
(Pelican's write_feed reads articles and settings; our feed receivers, feed_language
and rss_guid, edit only the feed). A worker runs Pelican's own write_file for each call
with a writer that writes nothing (``internals.render_pages``), so each page's folder is
made there, off the build's process, and sends back only the HTML of each page and, in
development builds, an article page's key for page_writer.py's record.

Everything else stays in the build's own process and is Pelican's own code: each page
is written by Writer.write_file with the worker's HTML standing in for the template's
(``internals.RenderedTemplate``). So the output path, the check that no file is written
twice, the "Writing" line and ``content_written`` (pelican-sitemap lists pages from it)
happen where, when and as in Pelican alone. The HTML is used only if the real call is
the one the worker rendered: the same name, template, context and arguments.

A call whose rendering raised, or logged anything, in a worker is rendered again here
in its turn, so the error or message is Pelican's own, naming the page. If a worker
dies, the rest is rendered here. Workers are not used below MIN_PAGES calls, with
``RENDER_PROCESSES = 1``, where processes cannot fork, or when another plugin listens to
``article_generator_write_article`` (it may change an article just before its page is
written, after the workers were forked).
"""

from __future__ import annotations

import logging
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.writers import Writer

from rso_plugins.internals import (
    RenderedTemplate,
    RenderOnlyWriter,
    article_page_writes,
    list_page_writes,
    render_pages,
)

from .page_writer import SkippingWriter, call_arguments, current_writer
from .parallel import fork_context
from .settings import lower_worker_priority, speed_settings

logger = logging.getLogger(__name__)

# Below about this many pages to render, starting workers costs more than it saves.
MIN_PAGES = 40
# Calls a worker renders at a time: few, so the first pages come back early.
CHUNK = 4
# Chunks per worker submitted ahead of the writer.
IN_FLIGHT = 4

_worker_pages: RenderedPages | None = None  # what a worker renders from (set when forked)
_generators: list = []  # the running build's generators, once they have their content
_logged = False  # a worker's page logged something


class LoggedWhileRendering(Exception):
    """A worker's page logged a message: the build's own process renders it again."""


def _refuse_log_records(*args, **kwargs):
    """In a worker, a log message stops the page instead of being shown."""
    global _logged
    _logged = True
    raise LoggedWhileRendering


def _same_context(context: dict, planned: dict) -> bool:
    """Whether a call's context is the planned one: the same dict, or (a period
    archive's copy of the generator's context) an equal one.

    ``localsiteurl`` is left out: write_file sets it in the generator's context for
    each page it writes with relative URLs, and then ignores the value it finds there;
    without relative URLs it never changes.
    """
    if context is planned:
        return True
    return context.keys() == planned.keys() and all(
        value is planned[key] or value == planned[key]
        for key, value in context.items()
        if key != "localsiteurl"
    )


@dataclass(frozen=True, eq=False)
class PlannedPage:
    """One write_file call as ArticlesGenerator.generate_pages will make it."""

    name: str
    template: Any
    context: dict
    arguments: dict  # call_arguments()
    is_article: bool

    def pages(self, per_page: int) -> int:
        """About how many pages the call writes (a list writes one per ``per_page``
        articles)."""
        articles = len(self.arguments.get("articles") or ())
        return 1 + (articles // per_page if per_page and not self.is_article else 0)

    def is_call(self, name, template, context, arguments: dict) -> bool:
        """Whether a real write_file call is this one."""
        return (
            name == self.name
            and template is self.template
            and _same_context(context, self.context)
            and arguments.keys() == self.arguments.keys()
            and all(
                value is self.arguments[key] or value == self.arguments[key]
                for key, value in arguments.items()
            )
        )


def planned_pages(generator, writer: SkippingWriter) -> list[PlannedPage]:
    """Every call generate_pages will make for articles and lists, less the pages the
    writer leaves as they are on disk (unchanged articles and lists)."""
    pages = [
        PlannedPage(name, template, generator.context, call_arguments(**arguments), True)
        for name, template, arguments in article_page_writes(generator)
        if name and not writer.leaves_alone(name, arguments["article"], generator.context)
    ]
    try:
        lists = list_page_writes(generator)
    except Exception:  # Pelican raises it again, in its turn, when it writes them
        lists = []
    for name, template, context, arguments in lists:
        arguments = call_arguments(**arguments)
        if name and not writer.leaves_list_alone(name, template, context, arguments):
            pages.append(PlannedPage(name, template, context, arguments, False))
    return pages


class RenderedPages:
    """Pages rendered by workers, handed out as the writer comes to write them."""

    def __init__(self, writer: Writer, pages: list[PlannedPage], key_of=None):
        self.pages = pages
        self.key_of = key_of  # page_writer's key of an article's page, if it keeps a record
        self.output_path = writer.output_path
        self.settings = writer.settings
        self.localsiteurl = pages[0].context.get("localsiteurl") if pages else None
        self.positions: dict[str, deque[int]] = {}
        for position, page in enumerate(pages):
            self.positions.setdefault(page.name, deque()).append(position)
        self.done: dict[int, tuple[list[str] | None, str | None]] = {}
        self.executor: ProcessPoolExecutor | None = None
        self.chunks: deque[list[int]] = deque()
        self.pending: deque[Future] = deque()
        self.workers = 0
        self.used = {True: 0, False: 0}  # pages written from workers' HTML: articles, lists
        self.scratch_writer: RenderOnlyWriter | None = None  # a worker's own

    def start(self, processes: int, context) -> None:
        """Fork the workers and give them every call, in the order they are made."""
        self.executor = ProcessPoolExecutor(
            processes, mp_context=context, initializer=_start_worker, initargs=(self,)
        )
        self.chunks = deque(
            list(range(start, min(start + CHUNK, len(self.pages))))
            for start in range(0, len(self.pages), CHUNK)
        )
        self.pending: deque[Future] = deque()
        self.workers = processes
        self._submit()

    def _submit(self) -> None:
        """Keep a few chunks per worker in flight: enough that no worker waits, few
        enough that rendered pages do not pile up in memory ahead of the writer."""
        while (
            self.executor is not None
            and self.chunks
            and len(self.pending) < (self.workers * IN_FLIGHT)
        ):
            self.pending.append(self.executor.submit(_render_chunk, self.chunks.popleft()))

    def _next_chunk(self) -> list:
        if not self.pending:
            raise StopIteration
        chunk = self.pending.popleft().result()
        self._submit()
        return chunk

    def stop(self) -> None:
        """Cancel what is not started, and wait for the workers to end (they finish the
        chunk they are on), so none outlives the writing."""
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
        self.pending = deque()
        self.chunks = deque()

    def take(self, name, template, context, arguments: dict) -> tuple[list[str] | None, str | None]:
        """The workers' HTML of each page of this call (None if this process is to
        render it), and an article page's record key if the worker worked it out."""
        positions = self.positions.get(name)
        if not positions or not self.pages[positions[0]].is_call(
            name, template, context, arguments
        ):
            return None, None
        position = positions.popleft()
        while position not in self.done:
            try:
                chunk = self._next_chunk()
            except StopIteration:
                break
            except Exception as error:  # a worker died: render the rest here
                logger.debug("Page workers stopped (%s); rendering here", error)
                self.stop()
                break
            self.done.update(chunk)
        rendered, key = self.done.pop(position, (None, None))
        if rendered is not None:
            self.used[self.pages[position].is_article] += len(rendered)
        return rendered, key

    # In a worker ---------------------------------------------------------------------

    def render_here(self, position: int) -> tuple[list[str] | None, str | None]:
        """Render one call as write_file would (None if it raised or logged); and, for
        an article page, its record key."""
        page = self.pages[position]
        key = None
        if page.is_article and self.key_of is not None:
            try:
                key = self.key_of(page.name, page.arguments["article"], page.context)
            except Exception:  # worked out, and reported, by the build's process
                key = None
        return self._render(page), key

    def _render(self, page: PlannedPage) -> list[str] | None:
        global _logged
        # What the build's process has here before it renders the page (each page
        # sets its own when RELATIVE_URLS; otherwise it never changes).
        page.context["localsiteurl"] = self.localsiteurl
        _logged = False
        try:
            with signals.content_written.muted():  # the build's process sends it
                rendered = render_pages(
                    self.scratch_writer, page.name, page.template, page.context, page.arguments
                )
        except Exception:  # rendered again by the build's process, which reports it
            return None
        return None if _logged else rendered


def _start_worker(pages: RenderedPages) -> None:
    global _worker_pages
    _worker_pages = pages
    lower_worker_priority()
    pages.scratch_writer = RenderOnlyWriter(pages.output_path, settings=pages.settings)
    # The writer's own messages ("Writing ...") are the build process's to give, when
    # it writes the file; any other message stops the page (_refuse_log_records).
    logging.getLogger("pelican.writers").disabled = True
    logging.setLogRecordFactory(_refuse_log_records)


def _render_chunk(positions: list[int]) -> list[tuple[int, tuple[list[str] | None, str | None]]]:
    return [(position, _worker_pages.render_here(position)) for position in positions]


class RenderingWriter(SkippingWriter):
    """SkippingWriter that writes the blog's pages from HTML rendered on other cores."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.rendered: RenderedPages | None = None
        self.rendering_for = None  # the generator whose pages are being rendered
        self.rendered_total = {True: 0, False: 0}
        articles = [item for item in _generators if isinstance(item, ArticlesGenerator)]
        _generators.clear()
        if articles:
            render_articles_ahead(articles[0])

    def start_rendering(self, generator, processes: int) -> None:
        """Hand the pages this writer will render for ``generator`` to forked workers."""
        self.stop_rendering()
        self.rendering_for = generator
        context = fork_context()
        if processes < 2 or context is None:
            return
        pages = planned_pages(generator, self)
        per_page = generator.settings.get("DEFAULT_PAGINATION") or 0
        if sum(page.pages(per_page) for page in pages) < MIN_PAGES:
            return
        self.rendered = RenderedPages(
            self, pages, self._article_key if self.skip_unchanged else None
        )
        self.rendered.start(processes, context)
        logger.debug("Rendering %d pages on %d processes", len(pages), processes)

    def stop_rendering(self) -> None:
        if self.rendered is not None:
            self.rendered.stop()
            for is_article, count in self.rendered.used.items():
                self.rendered_total[is_article] += count
            self.rendered = None

    def write_file(self, name, template, context, *args, **kwargs):
        """Pelican's write_file, with the workers' HTML for a call they rendered (the
        other arguments are write_file's own, passed on as they came)."""
        if self.rendered is not None:
            arguments = call_arguments(*args, **kwargs)
            rendered, key = self.rendered.take(name, template, context, arguments)
            if rendered is not None:
                template = RenderedTemplate(template, rendered)
            if key is not None:
                self.keys[id(arguments["article"])] = key
        try:
            return super().write_file(name, template, context, *args, **kwargs)
        except BaseException:
            self.stop_rendering()
            raise


def _only_listener(signal, sender, receiver) -> bool:
    return all(listener is receiver for listener in signal.receivers_for(sender))


def remember_generators(generators) -> None:
    """Every generator has its content: the writer, made next, renders from them."""
    _generators[:] = generators


def render_articles_ahead(generator, content=None) -> None:
    """An article page is about to be written: render them all, if not yet started."""
    writer = current_writer()
    if not isinstance(writer, RenderingWriter) or writer.rendering_for is generator:
        return
    processes = speed_settings(generator.settings).render_processes
    signal = signals.article_generator_write_article
    if not _only_listener(signal, generator, render_articles_ahead):
        processes = 1
    writer.start_rendering(generator, processes)


def stop_rendering(generator, writer=None) -> None:
    """Every page of the articles generator is written: the workers are done."""
    if isinstance(writer, RenderingWriter):
        writer.stop_rendering()


def report_rendered(pelican) -> None:
    writer = current_writer()
    if isinstance(writer, RenderingWriter):
        writer.stop_rendering()
        logger.info("Article pages rendered on other cores: %d", writer.rendered_total[True])
        logger.info("List pages rendered on other cores: %d", writer.rendered_total[False])
