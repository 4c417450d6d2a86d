"""Benchmark build speed: our site against stock Pelican on the same synthetic news.

    python -m bench.build_speed [--articles 1000] [--runs 3]

Writes the synthetic corpus once, lays out both projects, then alternates cold builds
of stock Pelican and of ours (no output, no content cache) so both see the same machine
load, then times warm rebuilds of ours after one article changes, with the content
cache on. Prints medians of wall time, CPU time and peak memory, the ratios against the
targets, and the page weights of our build.

Cold builds start with no output and no content cache: the last build's are moved
aside, and deleted only when the timing is over.

By default the projects live in RAM (/dev/shm, where there is one), so that both builds
are timed on their own work, not on the disk's state: on this project's development
machines (ext4 without a journal) every file made within minutes of deleting thousands
skips past the deleted ones, so a build right after a deletion can take a second more,
varying from run to run, and more the more folders it writes (ours writes one per
page). ``--workdir`` measures on the disk that holds it instead.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import article_path, write_corpus
from bench.measure import Sample, Summary, run_build
from bench.plugin_cost import measure_plugin_share
from bench.projects import make_ours, make_stock, our_command, stock_command
from sitetools.build import PUBLISH_SETTINGS

# Editors wait on development builds (no search index); the publish build, with the
# Pagefind index and absolute URLs, is timed too so its cost is in plain view.
# Targets printed with each ratio: issue 7's, and issue 20's for a cold build (at most
# 0.7x stock Pelican's, as the median of alternated runs).
COLD_RATIO_TARGET = 0.7
WARM_RATIO_TARGET = 0.4
MEMORY_RATIO_TARGET = 1.5


@dataclass(frozen=True)
class Results:
    """Medians of each kind of build, and the ratios the targets are about."""

    articles: int
    stock: Summary
    ours_cold: Summary
    ours_warm: Summary | None
    ours_publish: Summary | None = None
    place: str = ""

    @property
    def cold_ratio(self) -> float:
        return self.ours_cold.seconds / self.stock.seconds

    @property
    def cpu_ratio(self) -> float:
        return self.ours_cold.cpu_seconds / self.stock.cpu_seconds

    @property
    def publish_ratio(self) -> float | None:
        return self.ours_publish.seconds / self.stock.seconds if self.ours_publish else None

    @property
    def memory_ratio(self) -> float:
        return self.ours_cold.max_rss_mib / self.stock.max_rss_mib

    @property
    def warm_ratio(self) -> float | None:
        return self.ours_warm.seconds / self.ours_cold.seconds if self.ours_warm else None


class Clearer:
    """Takes a project back to cold (no output, no content cache) between builds."""

    def __init__(self, trash: Path):
        self.trash = trash
        self.moved = 0

    def move_aside(self, project: Path) -> None:
        """Move the output and cache into the trash folder, and let the disk settle."""
        for name in ("output", "cache"):
            if (project / name).exists():
                self.moved += 1
                self.trash.mkdir(parents=True, exist_ok=True)
                (project / name).rename(self.trash / f"{self.moved}-{project.name}-{name}")
        os.sync()

    def empty_trash(self) -> None:
        shutil.rmtree(self.trash, ignore_errors=True)


# Room the projects need in RAM: the outputs moved aside add up to a few hundred MiB.
RAM_NEEDED = 1 << 30


def scratch_folder() -> str | None:
    """Where the projects go unless --workdir says: RAM (/dev/shm) where there is one
    with room (a container's may hold only 64 MiB), else the system's temporary folder."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free >= RAM_NEEDED:
        return str(shm)
    return None


def describe_place(folder: Path) -> str:
    """The folder the builds ran in, and the kind of file system it is on (Linux)."""
    kind = "?"
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        mounts = []
    best = ""
    resolved = str(folder.resolve())
    for line in mounts:
        parts = line.split()
        mounted = len(parts) > 2 and (resolved + "/").startswith(parts[1].rstrip("/") + "/")
        if mounted and len(parts[1]) > len(best):
            best, kind = parts[1], parts[2]
    return f"{folder} ({kind})"


def touch_article(project: Path, index: int, run: int) -> None:
    """Change one article's text, as an editor would, for a warm rebuild."""
    path = project / "content" / article_path(index)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\nA correction added in warm run {run}.\n")


def measure(workdir: Path, articles: int, runs: int, warm: bool = True) -> Results:
    """Build both projects ``runs`` times each, alternating; return the medians."""
    write_corpus(workdir / "corpus", articles)
    news = workdir / "corpus" / "news"
    ours = make_ours(workdir / "ours", news)
    stock = make_stock(workdir / "stock", news)
    clear = Clearer(workdir / "moved-aside")
    stock_samples: list[Sample] = []
    cold_samples: list[Sample] = []
    publish_samples: list[Sample] = []
    for _ in range(runs):
        clear.move_aside(stock)
        stock_samples.append(run_build(stock_command(stock), stock))
        clear.move_aside(ours)
        cold_samples.append(run_build(our_command(ours), ours))
    # Publish builds run apart from the pairs above: Pagefind's large writes slow down
    # whichever build comes next, which would bias the stock/ours comparison.
    for _ in range(runs):
        clear.move_aside(ours)
        publish_samples.append(run_build(our_command(ours, PUBLISH_SETTINGS), ours))
    clear.move_aside(ours)
    run_build(our_command(ours), ours)  # leave a development build and cache for warm runs
    warm_summary = None
    if warm:
        # The development build above left its output and content cache: rebuild on them.
        warm_samples = []
        for run in range(runs):
            touch_article(ours, (run * 7919) % articles, run)
            os.sync()
            warm_samples.append(run_build(our_command(ours), ours))
        warm_summary = Summary.of("ours, warm", warm_samples)
    clear.empty_trash()
    return Results(
        articles=articles,
        stock=Summary.of("stock Pelican, cold", stock_samples),
        ours_cold=Summary.of("ours, cold", cold_samples),
        ours_warm=warm_summary,
        ours_publish=Summary.of("ours, publish (search index)", publish_samples),
        place=describe_place(workdir),
    )


def _verdict(value: float, target: float) -> str:
    return f"{value:.2f}x (target <= {target:.1f}x: {'met' if value <= target else 'NOT met'})"


def print_results(results: Results, out=sys.stdout) -> None:
    """Print each build's medians and the ratios against their targets."""
    print(
        f"Build speed, {results.articles} synthetic news articles, in {results.place}:",
        file=out,
    )
    rows = [
        results.stock,
        results.ours_cold,
        results.ours_warm,
        results.ours_publish,
    ]
    rows = [row for row in rows if row is not None]
    for row in rows:
        print(
            f"  {row.label:<30} wall {row.seconds:7.2f} s   cpu {row.cpu_seconds:7.2f} s   "
            f"peak memory {row.max_rss_mib:7.1f} MiB   ({row.runs} runs, median)",
            file=out,
        )
    print(
        f"  cold ours/stock, wall time:   {_verdict(results.cold_ratio, COLD_RATIO_TARGET)}",
        file=out,
    )
    print(f"  cold ours/stock, CPU time:    {results.cpu_ratio:.2f}x", file=out)
    if results.publish_ratio is not None:
        print(f"  publish build ours/stock, wall time: {results.publish_ratio:.2f}x", file=out)
    print(
        f"  cold ours/stock, peak memory: {_verdict(results.memory_ratio, MEMORY_RATIO_TARGET)}",
        file=out,
    )
    if results.warm_ratio is not None:
        print(
            f"  warm/cold ours, wall time:    {_verdict(results.warm_ratio, WARM_RATIO_TARGET)}",
            file=out,
        )


def print_page_weights(output_dir: Path, out=sys.stdout) -> None:
    """Summarise bench/page_weight.py's report of our build, if that module is there."""
    try:
        from bench import page_weight
    except ImportError:
        print("Page weights: bench/page_weight.py not available", file=out)
        return
    report = getattr(page_weight, "report", None)
    if report is None:
        print("Page weights: bench/page_weight.py has no report()", file=out)
        return
    sizes = sorted(size for _, size in report(output_dir))
    if not sizes:
        print("Page weights: no pages", file=out)
        return
    budget = getattr(page_weight, "BUDGET_BYTES", None)
    over = sum(size > budget for size in sizes) if budget else 0
    print(
        f"Page weights (HTML+CSS, gzip), {len(sizes)} pages: median "
        f"{sizes[len(sizes) // 2]} B, largest {sizes[-1]} B"
        + (f", budget {budget} B, {over} over" if budget else ""),
        file=out,
    )


def print_plugin_cost(project: Path, out=sys.stdout, repeat: int = 3) -> None:
    """How much of our build the Bali Process data plugin takes (issue 3: under 2%),
    the median of ``repeat`` builds."""
    seconds, share = measure_plugin_share(project, repeat)
    print(
        f"bali_process plugin: {seconds * 1000:.1f} ms a build, {share:.2%} of the build "
        f"(target < 2%: {'met' if share < 0.02 else 'NOT met'})",
        file=out,
    )


def run(articles: int, runs: int, workdir: Path | None = None, out=sys.stdout) -> Results:
    """Measure and print everything; keep the projects in ``workdir`` if one is given."""
    with tempfile.TemporaryDirectory(prefix="rso-bench-", dir=scratch_folder()) as scratch:
        base = workdir or Path(scratch)
        base.mkdir(parents=True, exist_ok=True)
        results = measure(base, articles, runs)
        print_results(results, out)
        print_page_weights(base / "ours" / "output", out)
        print_plugin_cost(base / "ours", out, repeat=runs)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="synthetic articles")
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind")
    parser.add_argument("--workdir", type=Path, help="keep the projects here")
    args = parser.parse_args(argv)
    run(args.articles, args.runs, args.workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
