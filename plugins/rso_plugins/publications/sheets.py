"""Print a page of the site as a tagged PDF with WeasyPrint: the information sheets.

The PDF is made from the page exactly as the site renders it (the same Markdown, the same
template, the same figures from the data file) and laid out by the stylesheet's
``@media print`` rules, so the web page and the PDF can never disagree.

It is tagged PDF/UA-1 (structure tree, document language, the title shown in the
window, bookmarks from the headings), so screen readers can read it. Two builds of the
same content give the same bytes: the document's dates are the publication's date,
never the clock, and WeasyPrint writes no random identifier for this variant. Nothing
is fetched from the network: the only resource a page asks for, the site's stylesheet,
is read from the theme folder.

Sheets are printed only once the content has been checked (printing is drawing), and in
a process of their own (``SheetPrinter``), so WeasyPrint is imported and lays the pages
out on another core while the build renders and writes the site's pages; the build
waits for the PDFs only where a page shows what they are (size, pages).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path

from rso_plugins.atomic_file import write_then_rename

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/ua-1"
# Local fonts only. Naming the font (DejaVu, which the setup installs) rather than the
# stylesheet's system-ui makes the PDF the same on every machine that builds it.
SHEET_STYLES = """
@page { size: A4; }
body { font-family: "DejaVu Sans", sans-serif; }
"""


def local_only_fetcher(site_address: str, theme_static: Path):
    """A WeasyPrint fetcher that serves the site's own files from disk and refuses every
    other address. A page links its stylesheet at ``{site}/theme/...``: that is read
    from the theme's static folder, so printing needs neither a server nor the network.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    theme_prefix = site_address.rstrip("/") + "/theme/"
    root = theme_static.resolve()

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(theme_prefix):
                relative = url[len(theme_prefix) :].split("?")[0].split("#")[0]
                path = (root / relative).resolve()
                if root in path.parents and path.is_file():
                    kind = "text/css" if path.suffix == ".css" else "application/octet-stream"
                    return URLFetcherResponse(
                        url, path.read_bytes(), headers={"Content-Type": kind}
                    )
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"{url} is not fetched: printing uses no network")

    return LocalOnlyFetcher()


def pdf_date(moment: datetime.date | datetime.datetime) -> str:
    """The W3C date WeasyPrint writes as /CreationDate and /ModDate."""
    if isinstance(moment, datetime.datetime):
        return moment.isoformat(timespec="seconds")
    return moment.isoformat()


@contextlib.contextmanager
def quiet_css_warnings():
    """Keep WeasyPrint's notes on screen-only CSS (media queries by width, clip-path...)
    out of the build log, where ``--fatal warnings`` would make them fatal: a printed
    page does not need those rules. Its errors still show."""
    weasy_logger = logging.getLogger("weasyprint")
    level = weasy_logger.level
    weasy_logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        weasy_logger.setLevel(level)


def print_page(
    html: str,
    target: Path,
    site_address: str,
    theme_static: Path,
    dated: datetime.date | datetime.datetime,
) -> None:
    """Write ``html`` (a page of the site) to ``target`` as a tagged, dated A4 PDF."""
    # Imported here: loading WeasyPrint takes most of a second, which a rebuild whose
    # sheets are all in the cache should not pay.
    from weasyprint import CSS, HTML

    with quiet_css_warnings():
        document = HTML(
            string=html,
            base_url=site_address.rstrip("/") + "/",
            url_fetcher=local_only_fetcher(site_address, theme_static),
        ).render(stylesheets=[CSS(string=SHEET_STYLES)], pdf_variant=PDF_VARIANT)
        document.metadata.created = pdf_date(dated)
        document.metadata.modified = pdf_date(dated)
        write_then_rename(
            target, lambda partial: document.write_pdf(partial, pdf_variant=PDF_VARIANT)
        )
    logger.debug("Printed %s", target)


@dataclass(frozen=True)
class PrintJob:
    """One page to print: ``print_page``'s arguments."""

    html: str
    target: Path
    site_address: str
    theme_static: Path
    dated: datetime.date | datetime.datetime

    def run(self) -> None:
        print_page(self.html, self.target, self.site_address, self.theme_static, self.dated)


class PrintedElsewhere(Exception):
    """A sheet's facts were asked for in a process that did not start its printing (a
    page renderer's worker): that page is rendered again by the build's own process.

    Not an AttributeError, so a template does not take it for a missing attribute."""


class SheetPrintFailed(RuntimeError):
    """WeasyPrint could not print a sheet; the message is its own."""


def _print_jobs(jobs: list[PrintJob], results) -> None:
    """In the printing process: print each job, then say whether all went well."""
    outcome = None
    try:
        for job in jobs:
            job.run()
    except Exception as error:  # reported by the build's process, in its words
        outcome = f"{type(error).__name__}: {error}"
    results.send(outcome)
    results.close()


class SheetPrinter:
    """Print ``jobs`` in a forked process, started now; ``wait`` until they are printed.

    Where processes cannot fork, the jobs are printed here, when first waited for.
    """

    def __init__(self, jobs: list[PrintJob]):
        self.jobs = jobs
        self.owner = os.getpid()
        self.outcome: str | None = None
        self.finished = not jobs
        self.process = None
        self.results = None
        if not jobs or "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self.results, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_print_jobs, args=(jobs, sender), daemon=True)
        self.process.start()
        sender.close()

    def wait(self) -> None:
        """Return once every job is printed; raise SheetPrintFailed if one failed."""
        if os.getpid() != self.owner:
            raise PrintedElsewhere("sheets are printed for the build's own process")
        if not self.finished:
            self.finished = True
            if self.process is None:
                try:
                    for job in self.jobs:
                        job.run()
                except Exception as error:
                    self.outcome = f"{type(error).__name__}: {error}"
            else:
                try:
                    self.outcome = self.results.recv()
                except EOFError:
                    self.outcome = "the printing process ended without a word"
                self.results.close()
                self.process.join()
        if self.outcome:
            raise SheetPrintFailed(f"An information sheet could not be printed: {self.outcome}")
