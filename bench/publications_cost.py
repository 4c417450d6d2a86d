"""What the publications library adds to a build: cold, and rebuilt with a warm cache.

Builds two copies of this project in child processes, the same way `invoke build` does:

- **without**: the project with no publications at all (no library, no printed sheets);
- **with**: the project's own two information sheets (printed by WeasyPrint) plus
  ``--documents`` synthetic ``--pages``-page PDFs with their entries.

Each is built **cold** (no output folder, no cache: every sheet printed, every PDF read
and thumbnailed) and then **warm** (a rebuild with nothing changed: the content cache
and the PDF cache are kept). Reported as medians, and as the ratio with/without of the
same script's runs, so the machine's speed cancels out.

    python -m bench.publications_cost [--documents 50] [--pages 20] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
from pathlib import Path

from bench.corpus import WORDS
from bench.measure import run_build
from bench.projects import our_command
from tests.project_copy import SITE_PARTS, copy_parts

SEED = 14


def document_pdf(index: int, pages: int) -> bytes:
    """A ``pages``-page A4 PDF of made-up prose, different for every ``index``."""
    from weasyprint import HTML

    rng = random.Random(SEED * 1_000_003 + index)

    def paragraph() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(90)).capitalize() + "."

    body = "".join(
        f"<section><h1>Document {index}, part {page}</h1>"
        + "".join(f"<p>{paragraph()}</p>" for _ in range(7))
        + "</section>"
        for page in range(1, pages + 1)
    )
    css = "section { break-after: page; } p { font-size: 11pt; }"
    html = f"<html lang='en'><head><style>{css}</style></head><body>{body}</body></html>"
    return HTML(string=html).write_pdf()


def document_entry(index: int) -> str:
    year = 2000 + index % 25
    return (
        f"Title: Synthetic report {index:02d}\nDate: {year}-0{1 + index % 9}-15\n"
        f"Type: Report\nSummary: A synthetic report for the benchmark.\nLanguage: en\n"
        f"File: synthetic-{index:02d}.pdf\n\nA made-up document.\n"
    )


def make_projects(folder: Path, documents: int, pages: int) -> tuple[Path, Path]:
    """The project copied twice: without any publication, and with the synthetic ones."""
    without, with_ = folder / "without", folder / "with"
    for project in (without, with_):
        copy_parts(project, SITE_PARTS)
    shutil.rmtree(without / "content" / "publications", ignore_errors=True)
    library = with_ / "content" / "publications"
    for index in range(documents):
        (library / f"synthetic-{index:02d}.md").write_text(document_entry(index), "utf-8")
        (library / f"synthetic-{index:02d}.pdf").write_bytes(document_pdf(index, pages))
    return without, with_


def time_builds(projects: dict[str, Path], runs: int) -> dict[str, tuple[list, list]]:
    """For each project, ``runs`` cold builds each followed by a warm rebuild (wall
    seconds). The projects take turns within a run, after one build each that is not
    counted, so neither gains from going second (a warmer disk cache, loaded libraries).
    """
    times: dict[str, tuple[list, list]] = {name: ([], []) for name in projects}
    for project in projects.values():
        run_build(our_command(project), project)
    for _ in range(runs):
        for name, project in projects.items():
            shutil.rmtree(project / "output", ignore_errors=True)
            shutil.rmtree(project / "cache", ignore_errors=True)
            times[name][0].append(run_build(our_command(project), project).seconds)
            times[name][1].append(run_build(our_command(project), project).seconds)
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=50)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        without, with_ = make_projects(Path(scratch), options.documents, options.pages)
        size = sum(p.stat().st_size for p in (with_ / "content/publications").glob("*.pdf"))
        print(
            f"with: 2 printed information sheets + {options.documents} PDFs of "
            f"{options.pages} pages ({size / 1e6:.1f} MB); {options.runs} runs, medians"
        )
        times = time_builds({"without": without, "with": with_}, options.runs)
    (base_cold, base_warm), (pub_cold, pub_warm) = times["without"], times["with"]
    print(f"{'build':<8}{'without':>10}{'with':>10}{'added':>10}{'ratio':>8}")
    for label, base, pub in (("cold", base_cold, pub_cold), ("warm", base_warm, pub_warm)):
        b, p = statistics.median(base), statistics.median(pub)
        print(f"{label:<8}{b:>9.2f}s{p:>9.2f}s{p - b:>9.2f}s{p / b:>7.2f}x")


if __name__ == "__main__":
    main()
