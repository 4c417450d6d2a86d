"""Report what the browser editor (/admin/) costs to open: time until usable, bytes.

Two moments, from a cold browser cache on a local server: the sign-in screen shown
("Work with Local Repository" can be clicked), and the editor usable (the project
picked and its collections listed, every content file read). Times are printed as
ratios to loading the site's home page in the same browser and run, so the machine's
speed and load cancel out; the seconds are printed too, for the record.

Bytes are counted by the server as it sends them, as a host that gzips text sends
them (GitHub Pages does), and as stored; the project's own files come from the
browser's file system, not the server, so they are not in the count.

    python -m bench.editor_load            # the site's own content, median of 3 runs
    python -m bench.editor_load --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.search_report import serve_counting
from sitetools.build import DEVELOP_SETTINGS, ROOT, build_site
from tests.browser_editor_session import PICKER, fill_opfs, project_files
from tests.local_server import free_port
from tests.offline_browser import chromium_session


@dataclass(frozen=True)
class EditorLoad:
    """One cold opening of /admin/: seconds to each moment, and what the server sent."""

    home_seconds: float
    shell_seconds: float
    usable_seconds: float
    requests: int
    gzip_bytes: int
    raw_bytes: int


def open_once(browser, base: str, files: dict[str, bytes], sent: list) -> EditorLoad:
    """Open the home page, then the editor, in a fresh context (an empty cache)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(PICKER)
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(f"{base}/", wait_until="load")
        home = time.perf_counter() - started
        # The project's files go into the browser's own file system, as a picked folder.
        fill_opfs(page, files)
        sent.clear()
        started = time.perf_counter()
        page.goto(f"{base}/admin/")
        button = page.get_by_role("button", name="Work with Local Repository")
        button.wait_for()
        shell = time.perf_counter() - started
        button.click()
        page.get_by_role("button", name="Create New Entry").first.wait_for()
        usable = time.perf_counter() - started
        return EditorLoad(
            home_seconds=home,
            shell_seconds=shell,
            usable_seconds=usable,
            requests=len(sent),
            gzip_bytes=sum(wire for _, wire, _ in sent),
            raw_bytes=sum(raw for _, _, raw in sent),
        )
    finally:
        context.close()


def measure(output: Path, project: Path, runs: int = 3, browser=None) -> list[EditorLoad]:
    """Serve the built ``output`` and open its editor ``runs`` times on ``project``."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    files = project_files(project)
    with serve_counting(output, port) as sent, chromium_session(browser) as chromium:
        return [open_once(chromium, base, files, sent) for _ in range(runs)]


def print_report(loads: list[EditorLoad], out=sys.stdout) -> None:
    def median(name: str) -> float:
        return statistics.median(getattr(load, name) for load in loads)

    home = median("home_seconds")
    print(f"/admin/ on a local server, cold cache, median of {len(loads)} run(s):", file=out)
    for label, name in (("sign-in screen", "shell_seconds"), ("usable", "usable_seconds")):
        seconds = median(name)
        ratio = seconds / home
        print(
            f"  {label:<15} {seconds:6.2f} s {ratio:6.1f} x the home page ({home:.2f} s)", file=out
        )
    print(
        f"  downloaded      {median('gzip_bytes') / 1024:8.0f} KB gzipped, "
        f"{median('raw_bytes') / 1024:.0f} KB as stored, {median('requests'):.0f} requests",
        file=out,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "output"
        build_site(DEVELOP_SETTINGS, output, quiet=True)
        print_report(measure(output, ROOT, args.runs))


if __name__ == "__main__":
    main()
