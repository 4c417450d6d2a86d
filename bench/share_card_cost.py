"""What share cards add to a publish build of the synthetic news.

    python -m bench.share_card_cost [--articles 1000] [--runs 3]

Alternates cold publish builds (no output, no cache) with share cards on and off, so
both see the same machine load, then times warm publish builds with cards on (their
cache kept: nothing is drawn again). Prints medians and the ratios against the build
without cards. Every article of the corpus gets a drawn card (none has a lead photo).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.build_speed import Clearer, describe_place, scratch_folder
from bench.corpus import write_corpus
from bench.measure import Sample, Summary, run_build
from bench.projects import make_ours, our_command
from sitetools.build import PUBLISH_SETTINGS

WITHOUT_CARDS = ["-e", "SHARE_CARDS=false"]


def measure(workdir: Path, articles: int, runs: int) -> dict[str, Summary]:
    write_corpus(workdir / "corpus", articles)
    ours = make_ours(workdir / "ours", workdir / "corpus" / "news")
    clear = Clearer(workdir / "moved-aside")
    command = our_command(ours, PUBLISH_SETTINGS)
    without: list[Sample] = []
    cold: list[Sample] = []
    warm: list[Sample] = []
    for _ in range(runs):
        clear.move_aside(ours)
        without.append(run_build([*command, *WITHOUT_CARDS], ours))
        clear.move_aside(ours)
        cold.append(run_build(command, ours))
    for _ in range(runs):
        warm.append(run_build(command, ours))  # the cards' cache stays
    cards = len(list((ours / "output" / "share").iterdir()))
    clear.empty_trash()
    return {
        "without": Summary.of("publish, no share cards, cold", without),
        "cold": Summary.of(f"publish, {cards} share cards, cold", cold),
        "warm": Summary.of("publish, share cards cached", warm),
    }


def print_results(results: dict[str, Summary], out=sys.stdout) -> None:
    for row in results.values():
        print(
            f"  {row.label:<34} wall {row.seconds:7.2f} s   cpu {row.cpu_seconds:7.2f} s   "
            f"peak memory {row.max_rss_mib:7.1f} MiB   ({row.runs} runs, median)",
            file=out,
        )
    # CPU time as well as wall time: on a machine shared with other work, wall time
    # says more about the neighbours than about the cards.
    for name, label in (("cold", "cold with cards"), ("warm", "cached cards")):
        wall = results[name].seconds / results["without"].seconds
        cpu = results[name].cpu_seconds / results["without"].cpu_seconds
        print(f"  {label} / without: wall {wall:.2f}x, cpu {cpu:.2f}x", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rso-cards-", dir=scratch_folder()) as folder:
        print(f"Share cards, {options.articles} articles, in {describe_place(Path(folder))}")
        print_results(measure(Path(folder), options.articles, options.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
