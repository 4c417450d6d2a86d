"""The one place in the project that touches private internals of Pelican, Markdown and
pelican-sitemap.

Every other module uses public signals, settings and the functions below. Each function
says what it relies on; all of it was checked against the versions in TESTED_VERSIONS.
Upgrading one of those libraries means reading this file against the new version, and
then changing TESTED_VERSIONS. Until then ``untested_versions()`` names the difference
and the build_speed plugin switches off its speed-ups (the reusing Markdown reader, the
inline prefilter, the page writer that leaves unchanged pages alone, pages rendered on
other cores), so the site still builds correctly, only slower. What other plugins need
from here (placeholders in content, sitemap dates) is not a speed-up: it stays on, and
its test fails loudly if an upgrade breaks it.
"""

from __future__ import annotations

import datetime
import io
import logging
import os
import re
import re._constants
import re._parser
from collections import deque
from collections.abc import Callable
from functools import partial
from itertools import chain
from typing import Any

from markdown import Markdown
from markdown.extensions.toc import TocTreeprocessor
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString
from pelican.contents import Content, Static
from pelican.plugins.sitemap import sitemap
from pelican.utils import SafeDatetime, get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from rso_plugins.contents import read_contents
from rso_plugins.library_versions import installed_version

# The exact versions whose internals this file was read against (requirements.txt).
TESTED_VERSIONS = {"pelican": "4.12.0", "markdown": "3.11.3", "pelican-sitemap": "1.2.2"}


# Version gate ----------------------------------------------------------------------------


def untested_versions(tested: dict[str, str] | None = None) -> list[str]:
    """``name installed (tested: version)`` for each library not at its tested version."""
    found = []
    for name, version in (tested or TESTED_VERSIONS).items():
        installed = installed_version(name) or "absent"
        if installed != version:
            found.append(f"{name} {installed} (tested: {version})")
    return found


def notice_logger(name: str) -> logging.Logger:
    """A logger whose warnings are shown but never fail a ``--fatal warnings`` build.

    Relies on: pelican.log sets FatalLogger as the class of every logger made with
    logging.getLogger, and FatalLogger._log raises RuntimeError for a record at or above
    the fatal level. A logging.Logger made directly is not a FatalLogger; with the root
    logger as its parent, its records reach Pelican's handlers like any other.
    """
    notice = logging.Logger(name)
    notice.parent = logging.getLogger()
    return notice


# Python-Markdown: inline passes ------------------------------------------------------------

# Python-Markdown 3.x inline pattern names, and text each needs to be present to match.
# If a pattern changes what it matches, this table is wrong: hence the version gate.
INLINE_TRIGGERS = {
    "backtick": r"[`\\]",
    "escape": r"\\",
    "footnote": r"\[",
    "reference": r"\[",
    "link": r"\[",
    "image_link": r"!\[",
    "image_reference": r"!\[",
    "short_reference": r"\[",
    "short_image_ref": r"!\[",
    "autolink": r"<",
    "automail": r"<",
    "linebreak": r"  \n",
    "html": r"<",
    "entity": r"&",
    "em_strong": r"[*_]",
    "em_strong2": r"_",
    "not_strong": r"[*_]",
    "strong_em": r"[*_]",
    "strong": r"[*_]",
    "emphasis": r"[*_]",
    "emphasis2": r"_",
    "smarty-em-dashes": r"--",
    "smarty-en-dashes": r"--",
    "smarty-ellipses": r"\.\.\.",
    "smarty-left-angle-quotes": r"<<",
    "smarty-right-angle-quotes": r">>",
}
# smarty names its quote patterns smarty-quotes-0, smarty-quotes-1, ...
SMARTY_QUOTES = re.compile(r"smarty-quotes-\d+")
QUOTE_TRIGGER = r"['\"]"


class PrefilteredInlineProcessor(InlineProcessor):
    """An InlineProcessor that returns text without any trigger untouched.

    Relies on: InlineProcessor.run calling the name-mangled ``__handleInline`` once per
    text node, which tries every pattern on it and returns the text unchanged when none
    matches. Overriding it under its mangled name is the only way in.
    """

    triggers: re.Pattern[str]

    patterns: list  # inlinePatterns in their order
    needs: list[str]  # per pattern, characters every text it matches holds

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """InlineProcessor.__handleInline, trying only the patterns whose characters
        are all in the text (a failed try also starts the next pattern at 0)."""
        if isinstance(data, AtomicString) or self.triggers.search(data) is None:
            return data
        apply = self._InlineProcessor__applyPattern
        patterns, needs = self.patterns, self.needs
        start = 0
        while patternIndex < len(patterns):
            if not all(character in data for character in needs[patternIndex]):
                patternIndex, start = patternIndex + 1, 0
                continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data

    def _untouched(self, block) -> bool:
        """Whether no text in ``block`` (its own, its descendants' and their tails)
        holds a trigger: InlineProcessor.run would then leave it as it is. (itertext
        leaves out the text of comment nodes, which Python-Markdown never makes.)"""
        search = self.triggers.search
        return not any(search(text) for text in block.itertext())

    def run(self, tree, ancestors=None):
        """InlineProcessor.run on the top-level blocks that hold a trigger only.

        Relies on: run walking the children of ``tree`` breadth first, changing a text
        or tail only when a pattern matches it, and adding elements inside a block, or
        after it in ``tree`` when its tail matches. So when no top-level tail holds a
        trigger, a block with none is left as it was and changes no state the others
        use: it is taken out for the run and put back in its place, and the others
        are walked in the same order as in a whole run. Skipping those walks saves a
        fifth of smarty's pass, which matches a few texts in each document.
        """
        blocks = list(tree)
        if any(block.tail and self.triggers.search(block.tail) for block in blocks):
            return super().run(tree, ancestors)
        kept = [block for block in blocks if not self._untouched(block)]
        if len(kept) == len(blocks):
            return super().run(tree, ancestors)
        if kept:
            tree[:] = kept
            super().run(tree, ancestors)
            tree[:] = blocks
        return tree


class MarkerCheckingTocTreeprocessor(TocTreeprocessor):
    """The toc extension's treeprocessor, looking for its marker ([TOC]) only in a
    document whose text holds it.

    Relies on: TocTreeprocessor.run calling replace_marker, which replaces a paragraph
    whose whole text is the marker, and does nothing else; it walks every element to
    look, at a tenth of the conversion's time.
    """

    def replace_marker(self, root, elem) -> None:
        if self.marker in "".join(root.itertext()):
            super().replace_marker(root, elem)


def check_toc_marker_first(md: Markdown) -> None:
    """Swap the toc extension's treeprocessor, if ``md`` has it, for the one that
    looks for its marker only where the text holds it."""
    if "toc" in md.treeprocessors and type(md.treeprocessors["toc"]) is TocTreeprocessor:
        md.treeprocessors["toc"].__class__ = MarkerCheckingTocTreeprocessor


def inline_triggers(names: list[str]) -> re.Pattern[str] | None:
    """One regex for what ``names`` need, or None if any pattern is not known here."""
    alternatives = set()
    for name in names:
        if SMARTY_QUOTES.fullmatch(name):
            alternatives.add(QUOTE_TRIGGER)
        elif name in INLINE_TRIGGERS:
            alternatives.add(INLINE_TRIGGERS[name])
        else:
            return None
    return re.compile("|".join(sorted(alternatives))) if alternatives else None


def prefilter_inline_passes(md: Markdown) -> None:
    """Swap each plain inline pass of ``md`` ("inline", smarty's "smarty") for a
    prefiltered one, when every pattern it runs is one INLINE_TRIGGERS knows.

    Relies on: Registry._priority, the list of registered items with their names
    (Registry has no public way to list names in order), and on the treeprocessors
    being named "inline" and "smarty". An extension with a pattern of its own keeps
    the unfiltered pass.
    """
    for name in ("inline", "smarty"):
        if name not in md.treeprocessors:
            continue
        processor = md.treeprocessors[name]
        if type(processor) is not InlineProcessor:
            continue
        triggers = inline_triggers([item.name for item in processor.inlinePatterns._priority])
        if triggers is not None:
            processor.__class__ = PrefilteredInlineProcessor
            processor.triggers = triggers
            processor.patterns = list(processor.inlinePatterns)
            processor.needs = [
                required_characters(pattern.getCompiledRegExp()) for pattern in processor.patterns
            ]


# Python-Markdown block processors whose method gives False (and changes nothing) for a
# block without what it needs: processor name -> (its class, the method, what it
# needs). A string is the characters needed; an attribute name (RE) is the processor's
# own regex, read by required_characters. Read against the tested version of Markdown.
BLOCK_GATES = {
    "hashheader": ("HashHeaderProcessor", "test", "RE"),  # test: RE.search
    "setextheader": ("SetextHeaderProcessor", "test", "RE"),  # test: RE.match
    "quote": ("BlockQuoteProcessor", "test", "RE"),  # test: RE.search and ...
    "deflist": ("DefListProcessor", "test", "RE"),  # test: RE.search
    # test: a header row split at "|" into cells, or one with a border
    "table": ("TableProcessor", "test", "|"),
    # run: RE.search, else the block goes back and it returns False
    "footnote": ("FootnoteBlockProcessor", "run", "RE"),
    "abbr": ("AbbrBlockprocessor", "run", "RE"),
    "reference": ("ReferenceProcessor", "run", "RE"),
}


def _gated(method: Callable, needs: str, block_of: Callable) -> Callable:
    def gated(parent, blocks_or_block):
        block = block_of(blocks_or_block)
        if all(character in block for character in needs):
            return method(parent, blocks_or_block)
        return False

    return gated


def gate_block_processors(md: Markdown) -> None:
    """Let each processor in BLOCK_GATES turn down, at once, a block that lacks a
    character its regex requires, instead of searching the whole block: every block is
    offered to every processor, and most searches fail.

    Relies on: BLOCK_GATES (what each processor's method does), Registry._priority, and
    BlockParser.parseBlocks calling ``test(parent, block)`` and ``run(parent, blocks)``
    on the processor objects, where instance attributes come first.
    """
    processors = md.parser.blockprocessors
    for item in processors._priority:
        if item.name not in BLOCK_GATES:
            continue
        processor = processors[item.name]
        class_name, method_name, need = BLOCK_GATES[item.name]
        if type(processor).__name__ != class_name:  # replaced by an extension: not gated
            continue
        if need.isidentifier():
            need = required_characters(getattr(processor, need))
        if not need:
            continue
        method = getattr(processor, method_name)
        block_of = (lambda block: block) if method_name == "test" else (lambda blocks: blocks[0])
        setattr(processor, method_name, _gated(method, need, block_of))


def required_characters(pattern: re.Pattern[str]) -> str:
    """Characters that every text ``pattern`` can match in holds: the literals its
    regex requires at top level, in groups and in lookarounds (a lookaround looks at
    the same text). Alternatives, repeats and sets require nothing here.

    Relies on: re._parser, the standard library's own parser of regular expressions
    (Python 3.11 and later).
    """
    if pattern.flags & re.IGNORECASE:
        return ""
    codes = re._constants
    repeats = (codes.MAX_REPEAT, codes.MIN_REPEAT, codes.POSSESSIVE_REPEAT)
    found: list[str] = []

    def walk(items) -> None:
        for op, value in items:
            if op is codes.LITERAL:
                found.append(chr(value))
            elif op is codes.IN and len(value) == 1 and value[0][0] is codes.LITERAL:
                found.append(chr(value[0][1]))  # a set of one character: [*]
            elif op is codes.SUBPATTERN:
                walk(value[-1])
            elif op is codes.ASSERT:
                walk(value[1])
            elif op in repeats and value[0] >= 1:
                walk(value[2])  # at least once: x+, x{1,6}

    walk(re._parser.parse(pattern.pattern, pattern.flags))
    return "".join(sorted(set(found)))


# Pelican: the Markdown reader ---------------------------------------------------------------


def parse_markdown_metadata(reader, meta: dict, field_parser) -> dict:
    """Pelican's own metadata processing of ``meta``, with ``field_parser`` converting
    the formatted fields (the summary).

    Relies on: MarkdownReader._parse_metadata reading formatted fields through
    ``self._md`` (``preprocessors.deregister("meta")``, ``reset()``, ``convert(text)``)
    and naming the file from ``self._source_path`` in its warnings.
    """
    document_parser = getattr(reader, "_md", None)
    reader._md = field_parser
    try:
        return reader._parse_metadata(meta)
    finally:
        reader._md = document_parser


# What editors write in Date: and Modified:, and what Pelican's processor makes of it.
PLAIN_DATE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ _]+([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?"
)
DATE_FIELDS = ("date", "modified")


def plain_date(value: str) -> SafeDatetime | None:
    """The date Pelican's processor makes of ``2024-05-01`` or ``2024-05-01 09:30``, at
    a fiftieth of the cost; None for anything else (and for a day or time that does not
    exist), which Pelican's processor then reads or reports.

    Relies on: METADATA_PROCESSORS["date"] and ["modified"] calling utils.get_date,
    which gives dateutil's reading with a SafeDatetime at midnight today as default:
    the written fields, zero for those not written, no time zone.
    """
    match = PLAIN_DATE.fullmatch(value)
    if match is None:
        return None
    try:
        return SafeDatetime(*(int(part or 0) for part in match.groups()))
    except ValueError:
        return None


def has_cached_data(cacher, path: str) -> bool:
    """Whether the content cache holds anything for ``path`` (before its stamp is
    worked out: a cold build holds nothing, and then no file need be read for it).

    Relies on: Cacher._cache, the dict of what the cache loaded, by path.
    """
    return path in getattr(cacher, "_cache", {})


def share_file_stamps(generator) -> None:
    """Work out each file's stamp (its sha256, with CHECK_MODIFIED_METHOD = "sha256")
    once per build, not five times: the generator and its readers each check and
    record it for every file, and the file is the same throughout the build.

    Relies on: FileStampDataCacher._get_file_stamp calling ``self._filestamp_func``
    with the file's path, in Generator and in Readers alike.
    """
    stamps: dict[str, object] = {}
    for cacher in (generator, getattr(generator, "readers", None)):
        function = getattr(cacher, "_filestamp_func", None)
        if function is None:
            continue

        def stamp(path, function=function):
            if path not in stamps:
                stamps[path] = function(path)
            return stamps[path]

        cacher._filestamp_func = stamp


def note_source_path(reader, source_path: str) -> None:
    """Tell Pelican's MarkdownReader which file it reads, for its warnings.

    Relies on: MarkdownReader.read storing it in ``self._source_path``.
    """
    reader._source_path = source_path


# Pelican: the writer ------------------------------------------------------------------------


def claim_written(writer, path: str, override: bool = False) -> None:
    """Record ``path`` as written, exactly as Writer._open_w does, without writing it.

    A page left alone on disk must still count, so that a later page writing the same
    file fails as it would in a full build. Relies on: Writer._written_files and
    Writer._overridden_files, and _open_w's rules for them (pelican/writers.py).
    """
    if path in writer._overridden_files:
        if override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" a second time (was previously overwritten)'
            )
        return
    if path in writer._written_files and not override:
        raise FileOverwriteFailedError(
            f'Failed to overwrite "{path}" as Pelican has already written to it '
            "previously (set `override=True` if intended)"
        )
    if override:
        writer._overridden_files.add(path)
    writer._written_files.add(path)


class _WrittenIfChanged(io.TextIOBase):
    """A file's new text, written on close only if the file does not hold it already."""

    def __init__(self, filename: str, encoding: str):
        super().__init__()
        self.filename = filename
        self.target_encoding = encoding
        self.parts: list[str] = []

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def close(self) -> None:
        if not self.closed:
            data = "".join(self.parts).encode(self.target_encoding)
            self.parts = []
            try:
                with open(self.filename, "rb") as existing:
                    same = existing.read() == data
            except OSError:
                same = False
            if not same:
                with open(self.filename, "wb") as output:
                    output.write(data)
        super().close()


class LeavesIdenticalFilesAlone:
    """A Writer mixin: a file whose new text is the text it holds is not written again,
    when ``leave_identical_files`` is true (development builds: overwriting a file
    makes ext4 wait for the disk on close, which is most of a warm rebuild).

    Relies on: Writer._open_w(filename, encoding, override) being where write_file and
    write_feed open every output file, used as a context manager that gets ``write``
    calls of text (feedgenerator writes to a text stream as it is); claim_written above
    keeping its bookkeeping. A file already written or overridden in this build takes
    Pelican's own _open_w, which logs or refuses it; so does a new file. The text is
    written as bytes, which is what text mode writes where lines end in "\\n".
    """

    leave_identical_files = False

    def _open_w(self, filename, encoding, override=False):
        if (
            not self.leave_identical_files
            or filename in self._written_files
            or filename in self._overridden_files
            or os.linesep != "\n"
            or not os.path.isfile(filename)
        ):
            return super()._open_w(filename, encoding, override)
        claim_written(self, filename, override)
        return _WrittenIfChanged(filename, encoding)


def page_context(context: dict, name: str, kwargs: dict, relative_urls: bool) -> dict:
    """The context Writer.write_file renders a page with, and sends with content_written;
    like Writer.write_file, it also leaves the page's ``localsiteurl`` in ``context``.

    Relies on: the nested ``_get_localcontext`` and ``_write_file`` of Writer.write_file
    (pelican/writers.py), which have no public twin; pelican-sitemap reads
    ``article``/``page`` from the context sent.
    """
    local = context.copy()
    local["localsiteurl"] = local.get("localsiteurl", None)
    if relative_urls:
        relative_url = path_to_url(get_relative_path(name))
        local["SITEURL"] = relative_url
        local["localsiteurl"] = relative_url
    local["output_file"] = name
    local.update(kwargs)
    if local["localsiteurl"]:
        context["localsiteurl"] = local["localsiteurl"]
    return local


class _RecordingTemplate:
    """A page's template that keeps each page's HTML as write_file renders it."""

    def __init__(self, template, rendered: list[str]):
        self.template = template
        self.rendered = rendered

    def render(self, *args, **kwargs) -> str:
        self.rendered.append(self.template.render(*args, **kwargs))
        return ""


class RenderOnlyWriter(Writer):
    """A Writer whose write_file renders pages, and makes their folders, but writes no
    file: what it would write goes nowhere.

    Relies on: write_file (its nested ``_write_file``) opening every page's file
    through ``self._open_w(path, encoding, override=...)`` and writing the rendered
    template to what it returns, after making the page's folder. Pelican's own checks
    and messages about the file (written twice, overwritten, "Writing") are left to the
    writer that really writes it.
    """

    def _open_w(self, filename, encoding, override=False):
        return io.StringIO()


def render_pages(writer: RenderOnlyWriter, name: str, template, context: dict, arguments: dict):
    """The HTML of each page one write_file call would write, in its order (one for a
    page, one per page of a paginated list); nothing written.

    Relies on: write_file calling ``template.render(localcontext)`` once per page it
    writes, in the order it writes them (pelican/writers.py, also for pagination).
    """
    rendered: list[str] = []
    writer.write_file(name, _RecordingTemplate(template, rendered), context, **arguments)
    return rendered


class RenderedTemplate:
    """Stands in for a page's template in Writer.write_file with HTML made elsewhere:
    each ``render`` returns the next page's; past the last, the real template renders.

    Relies on: write_file calling ``template.render(localcontext)`` once per page, in
    the order render_pages recorded, and writing exactly the string it returns, so
    that everything else (the output path, the check against writing one file twice,
    the log line, ``content_written`` with the page's context) is Pelican's own.
    """

    def __init__(self, template, rendered: list[str]):
        self.template = template
        self.name = getattr(template, "name", None)
        self.rendered = deque(rendered)

    def render(self, *args, **kwargs) -> str:
        if self.rendered:
            return self.rendered.popleft()
        return self.template.render(*args, **kwargs)


class PagesOnDisk:
    """Stands in for a list's template in Writer.write_file: each page renders as the
    text its file holds already, or with the real template if there is no such file.
    ``rendered`` counts the pages that had to be rendered.

    Relies on: write_file setting each page's ``output_file`` (its path under the output
    folder) in the local context it renders with, then calling
    ``template.render(localcontext)`` once per page (pelican/writers.py,
    _get_localcontext; also for the pages of a paginated list).
    """

    def __init__(self, template, output_path: str):
        self.template = template
        self.name = getattr(template, "name", None)
        self.output_path = output_path
        self.rendered = 0
        self.read = 0

    def render(self, localcontext) -> str:
        path = sanitised_join(self.output_path, localcontext["output_file"])
        try:
            with open(path, encoding="utf-8", newline="") as page:
                text = page.read()
        except (OSError, UnicodeDecodeError):
            self.rendered += 1
            return self.template.render(localcontext)
        self.read += 1
        return text


def article_page_writes(generator) -> list[tuple[str, Any, dict]]:
    """(name, template, arguments) of every write_file call that
    ArticlesGenerator.generate_articles makes, in its order.

    Relies on: generate_articles (pelican/generators.py) writing each of translations,
    articles, hidden translations and hidden articles with these arguments, and
    generate_pages passing ``relative_urls=RELATIVE_URLS``. The writer compares each
    real call with these before using HTML rendered from them, so a difference costs
    speed, never correctness. (It is not recorded like list_page_writes because
    generate_articles sends a signal before each page.)
    """
    writes = []
    for article in chain(
        generator.translations,
        generator.articles,
        generator.hidden_translations,
        generator.hidden_articles,
    ):
        arguments = {
            "relative_urls": generator.settings["RELATIVE_URLS"],
            "article": article,
            "category": getattr(article, "category", None),
            "override_output": hasattr(article, "override_save_as"),
            "url": article.url,
            "blog": True,
        }
        writes.append((article.save_as, generator.get_template(article.template), arguments))
    return writes


def list_page_writes(generator) -> list[tuple[str, Any, dict, dict]]:
    """(name, template, context, arguments) of every write_file call that
    ArticlesGenerator.generate_pages makes after the article pages (period archives,
    index and the other direct templates, tags, categories, authors), in its order;
    nothing written.

    Pelican's own methods are run with a ``write`` that only records, so the calls are
    Pelican's, not a copy of its loops. Relies on: generate_pages calling these five,
    in this order, right after generate_articles, with
    ``partial(writer.write_file, relative_urls=RELATIVE_URLS)``, and on them doing
    nothing else but work out each call (no signal, no change to the generator).
    """
    recorded = []

    def record(name, template, context, **arguments):
        recorded.append((name, template, context, arguments))

    write = partial(record, relative_urls=generator.settings["RELATIVE_URLS"])
    generator.generate_period_archives(write)
    generator.generate_direct_templates(write)
    generator.generate_tags(write)
    generator.generate_categories(write)
    generator.generate_authors(write)
    return recorded


# Pelican: content URLs ------------------------------------------------------------------------


def fix_content_urls(generators) -> None:
    """Work out the URL of every article, page and draft once, now that none can change.

    Pelican recomputes ``content.url`` on every access (copying the metadata and
    formatting the URL pattern), tens of thousands of times in a large build. Relies on:
    Content.url returning ``override_url`` when set (what a ``URL:`` metadata line
    sets). ``save_as`` is left alone: an override
    there would change how Pelican treats two pages writing the same file.
    """
    for generator in generators:
        for content in read_contents(generator):
            if not hasattr(content, "override_url"):
                content.override_url = content.url


def address_unread(content) -> str:
    """Where an article, page or static file is published, without marking it as read.

    Relies on: Static.url setting ``_output_location_referenced``, after which
    Static.attach_to refuses to move the file next to the article that links it with
    {attach} ("another link already referenced its location"); Content.get_url_setting
    ("url") is what Static.url returns, without the mark.
    """
    if isinstance(content, Static):
        return Content.get_url_setting(content, "url")
    return content.url


# Pelican: content text ------------------------------------------------------------------------


def content_html(content) -> str | None:
    """An article's or page's body as its reader made it, before Pelican replaces link
    markers ({filename}, {attach}) in it; None for static files.

    Relies on: Content._content, from which the public ``content`` property derives.
    """
    return getattr(content, "_content", None)


def replace_content_html(content, html: str) -> None:
    """Give an article or page a new body, which Pelican then renders as its own.

    Relies on: Content._content, as content_html.
    """
    content._content = html


def rewrite_content_text(content, rewrite: Callable[[str], str]) -> bool:
    """Apply ``rewrite`` to an article's or page's body, summary and title, before
    Pelican renders them; False for content without text (static files).

    Relies on: Content._content (the body as read) and Content._summary (an explicit
    Summary), which the public ``content``/``summary`` properties derive from, and
    ``metadata["summary"]``, which feeds read.
    """
    if getattr(content, "_content", None) is None:
        return False
    content._content = rewrite(content._content)
    if getattr(content, "_summary", None):
        content._summary = rewrite(content._summary)
        content.metadata["summary"] = content._summary
    if getattr(content, "title", None):  # an article without one is reported, not crashed on
        content.title = rewrite(content.title)
    return True


def content_context(content) -> dict[str, Any]:
    """The build's shared context as content_object_init sees it.

    Relies on: Content.__init__ keeping the generator's context as ``_context``.
    """
    return getattr(content, "_context", None) or {}


# Pelican: log records -------------------------------------------------------------------------
# The records Pelican logs about a file it could not use; content_problems turns them
# into editors' problems. Always on (not speed-ups): a record that stops matching
# passes through as Pelican's own message.

# pelican.generators: a reader raised while reading ``args[0]`` (a path relative to
# PATH); the exception is the one being handled when the record is logged.
COULD_NOT_PROCESS = "Could not process %s"
# pelican.utils.get_date's message for a date it cannot read.
INVALID_DATE = re.compile(r"^'(?P<value>.*)' is not a valid date$")
# pelican.contents: ``args`` = (content, property) for a missing mandatory property.
MISSING_PROPERTY = "Skipping %s: could not find information about '%s'"
# pelican.contents: ``args`` = (status, content, allowed statuses).
UNKNOWN_STATUS = "Unknown status '%s' for file %s, skipping it. (Not in %s)"
# pelican.utils: two or more files share a slug (so one page would overwrite the
# other); ``args`` = (count, 'with slug "SLUG"', lang, path, path, ...). The second
# form repeats the first for the same files.
SAME_SLUG = 'There are %s items "%s" with lang %s'
SAME_SLUG_AGAIN = "There are %s original (not translated) items %s"
# pelican.readers: a field given twice; ``args`` = (field name, path).
DUPLICATE_FIELD = "Duplicate definition of `%s` for %s. Using first one."
# pelican.cache: a {static} link names a file that does not exist (content_rules
# reports that link with its file and line).
NO_STAMP = "Cannot get modification stamp for %s"
LOGGERS = (
    "pelican.generators",
    "pelican.contents",
    "pelican.utils",
    "pelican.cache",
    "pelican.readers",
)


# pelican-sitemap -----------------------------------------------------------------------------


def stamp_undated_sitemap_pages(moment) -> None:
    """Make pelican-sitemap date pages that have no date of their own with ``moment``.

    Relies on: pelican.plugins.sitemap.sitemap.generator, the module's one
    SitemapGenerator, whose ``now`` it stamps undated pages with (else the clock).
    """
    sitemap.generator.now = moment


def forget_unfinished_sitemap() -> None:
    """Drop what pelican-sitemap kept from a build that failed before it finished.

    A failed build leaves its Pelican as the sitemap's "main" one, and the next
    Pelican made in the same process (a test, `invoke check` then a build) would never
    get a sitemap. Relies on: SitemapGenerator._main_pelican (set by the first
    get_generators, cleared only by a finished build) and ``page_queue``.
    """
    sitemap.generator._main_pelican = None
    sitemap.generator.page_queue = []


def write_sitemap_now(pelican) -> None:
    """Have pelican-sitemap write sitemap.xml now, not whenever blinker calls it.

    Relies on: SitemapGenerator.finalize(pelican) writing the file and then forgetting
    the build, so its own ``finalized`` receiver does nothing afterwards.
    """
    sitemap.generator.finalize(pelican)


SITEMAPS_OWN_FORMAT_DATE = sitemap.format_date


def format_sitemap_date(date) -> str:
    """pelican-sitemap's format_date, formatting with datetime's own strftime.

    Pelican's SafeDatetime.strftime formats each directive on its own, through
    datetime.strftime, so for these plain directives the text is the same; done once
    for the whole pattern it costs a sitemap of 1,500 pages 30 ms less. Relies on:
    format_date, a module function that _write_out calls for each page's lastmod.
    """
    if not isinstance(date, datetime.datetime):
        return SITEMAPS_OWN_FORMAT_DATE(date)
    text = datetime.datetime.strftime(date, "%Y-%m-%dT%H:%M:%S")
    if date.tzinfo:
        zone = datetime.datetime.strftime(date, "%z")
        return text + zone[:-2] + ":" + zone[-2:]
    return text + "-00:00"


def use_quick_sitemap_dates(on: bool) -> None:
    """Let pelican-sitemap format its dates with format_sitemap_date, or its own."""
    sitemap.format_date = format_sitemap_date if on else SITEMAPS_OWN_FORMAT_DATE


__all__ = [
    "DATE_FIELDS",
    "SITEMAPS_OWN_FORMAT_DATE",
    "TESTED_VERSIONS",
    "LeavesIdenticalFilesAlone",
    "PagesOnDisk",
    "RenderOnlyWriter",
    "RenderedTemplate",
    "article_page_writes",
    "check_toc_marker_first",
    "claim_written",
    "content_context",
    "fix_content_urls",
    "forget_unfinished_sitemap",
    "format_sitemap_date",
    "gate_block_processors",
    "has_cached_data",
    "list_page_writes",
    "note_source_path",
    "notice_logger",
    "page_context",
    "parse_markdown_metadata",
    "plain_date",
    "prefilter_inline_passes",
    "render_pages",
    "required_characters",
    "rewrite_content_text",
    "share_file_stamps",
    "stamp_undated_sitemap_pages",
    "untested_versions",
    "use_quick_sitemap_dates",
    "write_sitemap_now",
]
