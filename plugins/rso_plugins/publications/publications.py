"""The publications library: read the entries, describe their PDFs, write the reader pages.

A generator of its own (registered with ``get_generators``, so it runs after the
articles and pages are read) reads ``content/publications/*.md`` through Pelican's
readers, like Pelican's own generators. Mistakes are reported with ``report_problem``,
so the build stops before writing anything and `invoke check` prints the same lines.

Reading checks: every entry's header and PDF (can it be opened, how many pages, what
text) are checked while the context is built, and every problem of an entry is reported
in the same run. Nothing is drawn until the content has been checked
(``content_checked``): then the covers are drawn and the information sheets are printed
to PDF from their web pages, in a process of their own, while the site's pages are
rendered (sheets.py). A printed sheet is cached by its page's rendered HTML, so a
rebuild of an unchanged sheet does not run WeasyPrint again; PDF facts and covers are
cached by the PDF's bytes (pdf_facts.py). If the data file failed to load, a sheet
dated by its figures is left out without a word: the data plugin has said what is wrong.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import shutil
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.generators import Generator
from pelican.urlwrappers import Category
from pelican.utils import order_content

from rso_plugins.content_problems import (
    content_checked,
    find_line,
    report_notice,
    report_problem,
)
from rso_plugins.library_versions import installed_version

from .model import (
    Publication,
    PublicationSettings,
    PublicationType,
    check_document,
    check_entry,
    read_publication_settings,
    type_slug,
)
from .pdf_facts import (
    PdfFacts,
    UnreadablePdf,
    describe_download,
    paragraphs,
    pdf_facts,
    pdf_thumbnail,
)
from .sheets import SHEET_STYLES, PrintJob, SheetPrinter

logger = logging.getLogger(__name__)

CONTEXT_KEY = "publications"
TYPES_KEY = "publication_types"
THUMBNAIL_NAME = "cover"
# The cover is published at the size it is shown, and at twice that for the 2x screens
# of phones and laptops (publication.html offers both in its srcset).
SHARP_THUMBNAIL_NAME = "cover-2x"
# Part of a printed sheet's cache key: another WeasyPrint may lay the page out differently.
WEASYPRINT_VERSION = installed_version("weasyprint")
# The running build's generator, to draw once the content is checked.
_to_draw: list[PublicationsGenerator] = []


@dataclass(frozen=True)
class PublishedFile:
    """A file of the library (a PDF) as the sitemap lists it: its address and date."""

    url: str
    date: datetime
    status: str = "published"


def _as_datetime(value, timezone: str | None) -> datetime:
    """A date as midnight where the office is, as Pelican dates an entry's ``Date``."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(), tzinfo=ZoneInfo(timezone or "UTC"))


class PublicationsGenerator(Generator):
    """Read the publications, check them, and write the library."""

    def __init__(self, *args, **kwargs):
        self.publications: list[Publication] = []
        self.types: list[PublicationType] = []
        super().__init__(*args, **kwargs)
        self.options: PublicationSettings = read_publication_settings(self.settings)

    # Reading -----------------------------------------------------------------

    def read_entries(self) -> list[Publication]:
        entries = []
        for relative in sorted(
            self.get_files(self.options.paths, extensions=self.readers.extensions)
        ):
            source = os.path.join(self.path, relative)
            try:
                entry = self.readers.read_file(
                    base_path=self.path,
                    path=relative,
                    content_class=Publication,
                    context=self.context,
                )
            except Exception as error:  # a reader's own message says what it could not read
                report_problem(
                    source,
                    find_line(source, "Date:") if "date" in str(error).lower() else 1,
                    f"the header cannot be read ({error}); "
                    "write dates as YYYY-MM-DD and one 'Field: value' a line",
                )
                continue
            if entry.status != "published":
                # A draft document is not listed, written or linked until it is ready.
                logger.debug("Not publishing %s (status %s)", relative, entry.status)
                continue
            fine = check_entry(entry, self.options)
            if entry.metadata.get("file") and not entry.metadata.get("generated-from"):
                # Checked even when the header has mistakes: every problem in one run.
                fine = self.read_document(entry) and fine
            if fine:
                entries.append(entry)
        return entries

    def read_document(self, entry: Publication) -> bool:
        """Check the PDF an entry names and learn its facts; False (reported) if unusable."""
        document = check_document(entry, self.options)
        if document is None:
            return False
        try:
            facts = pdf_facts(document, self.options.cache_path)
        except UnreadablePdf as error:
            report_problem(
                entry.source_path,
                find_line(entry.source_path, document.name),
                f"File {document.name!r} cannot be published: {error.reason}; "
                "save or export it again as a PDF without a password, and check it opens",
            )
            return False
        if not facts.text.strip():
            report_notice(
                entry.source_path,
                find_line(entry.source_path, document.name),
                f"File {document.name!r} has no text layer (a scan, or text saved as "
                "pictures): screen readers and the site's search cannot read it; export "
                "it again from the original document, or run text recognition (OCR) on it",
            )
        self.know_facts(entry, document, facts)
        return True

    def know_facts(self, entry: Publication, document: Path, facts: PdfFacts) -> None:
        """What the pages show of an entry's PDF, from its facts."""
        entry.document = document
        entry.pages = facts.pages
        entry.size = facts.size
        entry.text = facts.text
        entry.text_paragraphs = paragraphs(facts.text)
        entry.download = describe_download(facts.size, facts.pages)

    def page_html(self, page) -> str:
        """The page as the site renders it, with full addresses (a PDF's links leave the site)."""
        template = self.get_template(page.template)
        previous = self.context.get("localsiteurl")
        self.context["localsiteurl"] = self.options.print_address
        try:
            return template.render(
                {
                    **self.context,
                    "SITEURL": self.options.print_address,
                    "page": page,
                    "output_file": page.save_as,
                }
            )
        finally:
            if previous is None:
                self.context.pop("localsiteurl", None)
            else:
                self.context["localsiteurl"] = previous

    def find_page(self, entry: Publication):
        """The page an information sheet is printed from (``Generated-from``)."""
        wanted = str(entry.metadata["generated-from"]).strip().removeprefix("{filename}")
        wanted = os.path.normpath(wanted.lstrip("/"))
        for page in [*self.context.get("pages", []), *self.context.get("hidden_pages", [])]:
            if os.path.normpath(page.relative_source_path) == wanted:
                return page
        report_problem(
            entry.source_path,
            find_line(entry.source_path, "enerated-from"),
            f"Generated-from names {wanted!r}, which is not a page; name a file under "
            "content/pages/, like pages/information-sheets/1-overview.md",
        )
        return None

    def sheet_job(self, entry: Publication) -> PrintJob:
        """What printing the sheet takes; its PDF in the cache is named by its page's
        rendered HTML and everything else that shapes it."""
        html = self.page_html(entry.source_page)
        css = (self.options.theme_static / "css" / "rso.css").read_bytes()
        date = entry.date.isoformat()
        key = hashlib.sha256(
            "\0".join([html, SHEET_STYLES, css.decode(), date, WEASYPRINT_VERSION]).encode()
        ).hexdigest()
        target = self.options.cache_path / "printed" / f"{key}.pdf"
        return PrintJob(
            html, target, self.options.print_address, self.options.theme_static, entry.date
        )

    def plan_sheet(self, entry: Publication) -> bool:
        """Find the page a sheet is printed from, and date it; False to leave it out."""
        page = self.find_page(entry)
        if page is None:
            return False
        if not hasattr(entry, "date"):
            # A printed sheet without a Date carries the date its figures hold for.
            figures = self.context.get("bali_process")
            if figures is None:
                return False
            entry.date = _as_datetime(figures.as_of, self.settings.get("TIMEZONE"))
            entry.locale_date = entry.date.strftime(self.settings["DEFAULT_DATE_FORMAT"])
        entry.source_page = page
        return True

    def place(self, entry: Publication) -> None:
        """Where an entry's page, PDF and cover go, and how it is filed."""
        folder = os.path.dirname(entry.save_as)
        if entry.metadata.get("generated-from"):
            file_name = f"{entry.slug}.pdf"
        else:
            file_name = Path(str(entry.metadata["file"]).strip()).name
        entry.file_save_as = f"{folder}/{file_name}"
        entry.file_url = f"{entry.url}{file_name}"
        entry.thumbnail_save_as = f"{folder}/{THUMBNAIL_NAME}.webp"
        entry.thumbnail_url = f"{entry.url}{THUMBNAIL_NAME}.webp"
        entry.sharp_thumbnail_save_as = f"{folder}/{SHARP_THUMBNAIL_NAME}.webp"
        entry.sharp_thumbnail_url = f"{entry.url}{SHARP_THUMBNAIL_NAME}.webp"
        entry.type = entry.metadata["type"]
        # Feeds file an item under its category: a document's is its type.
        entry.category = Category(entry.type, self.settings)
        entry.language = entry.metadata["language"]

    # Drawing, once the content is checked -------------------------------------

    def draw(self) -> None:
        """Start printing the sheets not in the cache (on another core), and draw the
        covers of the other documents; a sheet's facts come when a page asks for them."""
        sheets = [entry for entry in self.publications if hasattr(entry, "source_page")]
        jobs = [self.sheet_job(entry) for entry in sheets]
        for entry in sheets:
            # Only now, after its HTML was made: the printed sheet does not link to itself.
            entry.source_page.pdf_publication = entry
        printer = SheetPrinter([job for job in jobs if not job.target.is_file()])
        for entry, job in zip(sheets, jobs, strict=True):
            entry.finish_printing = functools.partial(
                self.finish_printing, entry, printer, job.target
            )
        for entry in self.publications:
            if not hasattr(entry, "source_page"):
                self.draw_cover(entry)

    def finish_printing(self, entry: Publication, printer: SheetPrinter, printed: Path) -> None:
        """Wait for the sheet to be printed, then give the entry its facts and cover."""
        printer.wait()
        del entry.finish_printing
        self.know_facts(entry, printed, pdf_facts(printed, self.options.cache_path))
        self.draw_cover(entry)

    def draw_cover(self, entry: Publication) -> None:
        """The cover at the size it is shown, and twice as sharp for 2x screens."""
        facts = pdf_facts(entry.document, self.options.cache_path)
        width = self.options.thumbnail_width
        thumbnail = pdf_thumbnail(entry.document, facts, self.options.cache_path, width)
        sharp = pdf_thumbnail(entry.document, facts, self.options.cache_path, 2 * width)
        entry.thumbnail_source = thumbnail.path
        entry.thumbnail_width = thumbnail.width
        entry.thumbnail_height = thumbnail.height
        entry.sharp_thumbnail_source = sharp.path

    def link_related(self, entries: list[Publication]) -> None:
        """Each entry's ``Related`` news article, by {filename} path or slug."""
        articles = self.context.get("articles", [])
        for entry in entries:
            entry.related = None
            wanted = str(entry.metadata.get("related", "")).strip()
            if not wanted:
                continue
            path = os.path.normpath(wanted.removeprefix("{filename}").lstrip("/"))
            for article in articles:
                if article.slug == wanted or os.path.normpath(article.relative_source_path) == path:
                    entry.related = article
                    break
            else:
                report_problem(
                    entry.source_path,
                    find_line(entry.source_path, wanted),
                    f"Related names {wanted!r}, which is not a published news article; "
                    "give the article's slug or {filename}/news/YEAR/file.md",
                )

    def link_articles(self, entries: list[Publication]) -> None:
        """Articles with ``Publications: slug, slug`` list those documents under them."""
        by_slug = {entry.slug: entry for entry in entries}
        for article in [*self.context.get("articles", []), *self.context.get("drafts", [])]:
            names = [
                name.strip()
                for name in str(article.metadata.get("publications", "")).split(",")
                if name.strip()
            ]
            article.publications = []
            for name in names:
                if name in by_slug:
                    article.publications.append(by_slug[name])
                else:
                    report_problem(
                        article.source_path,
                        find_line(article.source_path, name),
                        f"Publications names {name!r}, which is not a publication; "
                        f"use the slug of one in content/publications/ "
                        f"(the file name without .md)",
                    )

    def group_by_type(self, entries: list[Publication]) -> list[PublicationType]:
        groups = []
        for name in self.options.types:
            members = [entry for entry in entries if entry.type == name]
            if members:
                slug = type_slug(name, self.settings)
                url = self.options.type_url.format(slug=slug)
                groups.append(PublicationType(name, slug, url, url + "index.html", members))
        return groups

    def generate_context(self) -> None:
        entries = []
        for entry in self.read_entries():
            if entry.metadata.get("generated-from") and not self.plan_sheet(entry):
                continue
            self.place(entry)
            entries.append(entry)
        for entry in entries:
            self.add_source_path(entry)
        entries = order_content(entries, "reversed-date")
        self.link_related(entries)
        self.link_articles(entries)
        self.publications = entries
        self.types = self.group_by_type(entries)
        self.context[CONTEXT_KEY] = entries
        self.context[TYPES_KEY] = self.types
        self.context["PUBLICATIONS_URL"] = self.options.index_url
        self.context["PUBLICATIONS_FEED_ATOM"] = self.options.feed_atom
        self.context["PUBLICATIONS_FEED_RSS"] = self.options.feed_rss
        logger.debug("Publications: %d documents", len(entries))
        _to_draw[:] = [self]

    # Writing -----------------------------------------------------------------

    def copy_file(self, source: Path, save_as: str, date: datetime, url: str) -> None:
        """Copy a PDF or thumbnail into the output, skipping one already there unchanged."""
        target = Path(self.output_path) / save_as
        target.parent.mkdir(parents=True, exist_ok=True)
        same = (
            target.is_file()
            and target.stat().st_size == source.stat().st_size
            and target.stat().st_mtime == source.stat().st_mtime
        )
        if not same:
            shutil.copy2(source, target)
        if url.endswith(".pdf"):
            # The sitemap lists every page the writer announces; PDFs are announced here.
            signals.content_written.send(str(target), context={"page": PublishedFile(url, date)})

    def generate_output(self, writer) -> None:
        for entry in self.publications:
            self.copy_file(entry.document, entry.file_save_as, entry.date, entry.file_url)
            self.copy_file(
                entry.thumbnail_source, entry.thumbnail_save_as, entry.date, entry.thumbnail_url
            )
            self.copy_file(
                entry.sharp_thumbnail_source,
                entry.sharp_thumbnail_save_as,
                entry.date,
                entry.sharp_thumbnail_url,
            )
            writer.write_file(
                entry.save_as,
                self.get_template(entry.template),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                page=entry,
                publication=entry,
                url=entry.url,
            )
        for group in self.types:
            writer.write_file(
                group.save_as,
                self.get_template("publication-type"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                publication_type=group,
                url=group.url,
            )
        writer.write_file(
            self.options.index_url + "index.html",
            self.get_template("publications"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=self.options.index_url,
        )
        for path, kind in ((self.options.feed_atom, "atom"), (self.options.feed_rss, "rss")):
            # A feed without entries would be dated by the clock (feedgenerator's
            # default), so the same content would not give the same bytes.
            if path and self.publications:
                writer.write_feed(
                    self.publications,
                    self.context,
                    path,
                    feed_type=kind,
                    feed_title="Publications",
                )


def get_generators(_pelican):
    _to_draw.clear()
    return PublicationsGenerator


def draw_publications(_pelican) -> None:
    """The content is checked: draw what the library shows."""
    for generator in _to_draw:
        generator.draw()
    _to_draw.clear()


def register() -> None:
    signals.get_generators.connect(get_generators)
    content_checked.connect(draw_publications)
