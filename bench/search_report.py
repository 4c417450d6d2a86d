"""Report what search costs: bytes a reader downloads for one search, and build time.

Budgets (issue 6): one one-word search downloads at most 150 KB in all, and indexing
adds at most 20% to a publish build.

Bytes are counted by the local server as it sends them, from a cold browser cache,
for everything a search needs: the search page, its stylesheet and script, Pagefind's
script and WebAssembly, the index chunk and the result fragments. Two figures: as
sent by a host that gzips text (as GitHub Pages and nginx do; Pagefind's own index
files are gzipped already), and uncompressed, for a host that does not.

Build overhead is a ratio, so machine speed cancels out: publish builds with
SEARCH_INDEX on and off, alternating, in this one script; median of each.

    python -m bench.search_report                       # the site, plus 300 news items
    python -m bench.search_report --articles 0 --runs 5
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import write_corpus
from bench.measure import run_build
from bench.page_weight import GZIP_LEVEL
from rso_plugins import search_index
from sitetools.build import PUBLISH_SETTINGS, build_site, pelican_command
from tests.local_server import free_port, serve
from tests.offline_browser import chromium_session
from tests.project_copy import OUR_PARTS, SITE_PARTS, copy_parts

SEARCH_BUDGET_BYTES = 150 * 1024
BUILD_BUDGET_PERCENT = 20.0
# A word from one article, a country, a city the synthetic news uses, a word on most
# pages (the last loads the most result fragments).
WORDS = ("warrants", "Afghanistan", "Bangkok", "Bali")
CORPUS_PARTS = (*OUR_PARTS, "content/pages/search.md")
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass(frozen=True)
class SearchCost:
    """Bytes one search downloaded, and how many requests it took."""

    word: str
    results: int
    requests: int
    gzip_bytes: int
    raw_bytes: int


@dataclass(frozen=True)
class BuildCost:
    """Median publish-build seconds with and without the search index.

    ``indexer`` is Pagefind's own run on the finished output and ``bundle_files`` what
    it wrote, so a report can say where the overhead goes: Pagefind writes one file
    per indexed page, and creating files is the slow part on some disks.
    """

    label: str
    with_index: float
    without_index: float
    runs: int
    indexer: float
    bundle_files: int

    @property
    def overhead_percent(self) -> float:
        return (self.with_index / self.without_index - 1) * 100


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the build like a static host that gzips text, and log bytes sent."""

    sent: list[tuple[str, int, int]]  # (path, bytes on the wire, bytes uncompressed)

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        content_type = self.guess_type(str(path))
        compress = "gzip" in self.headers.get("Accept-Encoding", "") and content_type.startswith(
            COMPRESSIBLE
        )
        wire = gzipped(body) if compress else body
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(wire)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(wire)
        self.sent.append((self.path, len(wire), len(body)))


def gzipped(body: bytes) -> bytes:
    """``body`` as a host sends it, at the level page_weight.py assumes for hosts."""
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


@contextmanager
def serve_counting(folder: Path, port: int):
    """Serve ``folder`` on 127.0.0.1:``port``; yield the list of bytes sent."""
    sent: list[tuple[str, int, int]] = []
    with serve(folder, port, type("Handler", (CountingHandler,), {"sent": sent})):
        yield sent


def measure_searches(project: Path, words=WORDS, browser=None) -> list[SearchCost]:
    """Build ``project`` for a local address, then search each word from a cold cache.

    Each word gets a fresh browser context, so nothing is cached between searches.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "output"
        build_site(PUBLISH_SETTINGS, output, root=project, env={"SITEURL": base}, quiet=True)
        costs = []
        with serve_counting(output, port) as sent, chromium_session(browser) as chromium:
            for word in words:
                context = chromium.new_context()
                page = context.new_page()
                sent.clear()
                # What the header box does: a GET to the search page with the word.
                page.goto(f"{base}/search/?q={word}")
                page.wait_for_function(
                    "q => document.querySelector('[data-search-status]').textContent.includes(q)",
                    arg=word,
                )
                page.wait_for_load_state("networkidle")
                results = page.locator(".search-result").count()
                context.close()
                costs.append(
                    SearchCost(
                        word=word,
                        results=results,
                        requests=len(sent),
                        gzip_bytes=sum(wire for _, wire, _ in sent),
                        raw_bytes=sum(raw for _, _, raw in sent),
                    )
                )
    return costs


def measure_builds(project: Path, label: str, runs: int) -> BuildCost:
    """Alternate publish builds with and without the index; return the medians."""
    output = project / "output"
    with_index = pelican_command(PUBLISH_SETTINGS, output, project)
    without_index = [*with_index, "-e", "SEARCH_INDEX=false"]
    timings: dict[str, list[float]] = {"with": [], "without": [], "indexer": []}
    # The project's files are in the disk cache already: report() measures the searches
    # first, on a build of the same project.
    for _ in range(runs):
        timings["without"].append(run_build(without_index, project).seconds)
        timings["with"].append(run_build(with_index, project).seconds)
        started = time.perf_counter()
        search_index.write_bundle(output, language="en")
        timings["indexer"].append(time.perf_counter() - started)
    return BuildCost(
        label=label,
        with_index=statistics.median(timings["with"]),
        without_index=statistics.median(timings["without"]),
        runs=runs,
        indexer=statistics.median(timings["indexer"]),
        bundle_files=sum(1 for p in (output / search_index.BUNDLE_DIR).rglob("*") if p.is_file()),
    )


def make_project(target: Path, articles: int) -> Path:
    """A copy of the site; with ``articles``, the synthetic news instead of the real."""
    if not articles:
        copy_parts(target, SITE_PARTS)
        return target
    copy_parts(target, CORPUS_PARTS)
    write_corpus(target / "content", articles)
    return target


def report(
    articles: int = 300,
    runs: int = 3,
    out=sys.stdout,
    browser=None,
    words=WORDS,
    site: Path | None = None,
) -> bool:
    """Print bytes per search and build overhead; return whether both are in budget.

    ``browser``: a running Playwright Chromium to search with (tests pass theirs);
    ``words``: the searches to measure, each from a cold cache; ``site``: the project
    reported as "this site" (default: a copy of this one; tests pass a tiny one).
    """
    within = True
    with tempfile.TemporaryDirectory() as scratch:
        projects = [("this site", site or make_project(Path(scratch) / "site", 0))]
        if articles:
            corpus = make_project(Path(scratch) / "corpus", articles)
            projects.append((f"{articles} synthetic news items", corpus))
        print("One one-word search, cold cache (KB = 1024 bytes):", file=out)
        for label, project in projects:
            for cost in measure_searches(project, words=words, browser=browser):
                ok = cost.gzip_bytes <= SEARCH_BUDGET_BYTES
                within &= ok
                print(
                    f"  {label:<28} {cost.word!r:<14} {cost.results:>2} shown, "
                    f"{cost.requests:>2} requests: {cost.gzip_bytes / 1024:6.1f} KB gzipped, "
                    f"{cost.raw_bytes / 1024:6.1f} KB uncompressed"
                    f"{'' if ok else '  OVER BUDGET'}",
                    file=out,
                )
        print(
            f"Publish build time, median of {runs}, with and without the search index:",
            file=out,
        )
        for label, project in projects:
            cost = measure_builds(project, label, runs)
            ok = cost.overhead_percent <= BUILD_BUDGET_PERCENT
            within &= ok
            print(
                f"  {label:<28} {cost.without_index:6.2f} s -> {cost.with_index:6.2f} s: "
                f"{cost.overhead_percent:+5.1f}%{'' if ok else '  OVER BUDGET'} "
                f"(Pagefind alone {cost.indexer:.2f} s, writing {cost.bundle_files} files)",
                file=out,
            )
            shutil.rmtree(project / "output", ignore_errors=True)
    print(
        f"Budgets: {SEARCH_BUDGET_BYTES // 1024} KB per search (gzipped), "
        f"+{BUILD_BUDGET_PERCENT:.0f}% build time: {'met' if within else 'NOT met'}",
        file=out,
    )
    return within


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="synthetic news; 0 for none")
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind")
    args = parser.parse_args(argv)
    return 0 if report(articles=args.articles, runs=args.runs) else 1


if __name__ == "__main__":
    sys.exit(main())
