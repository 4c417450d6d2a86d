"""The benchmark and the search report run end to end and print their figures.

Timing targets are not asserted here (a test machine's load would decide them); the
figures must be printed and positive, and the corpus must be the same on every run.
"""

from __future__ import annotations

import io
import re

import pytest

from bench.build_speed import run
from bench.corpus import article_path, article_text, write_corpus
from bench.photo_cost import measure as measure_photos
from bench.photo_cost import print_results as print_photo_results
from bench.search_report import WORDS, report
from sitetools.build import ROOT
from tests.editor_project import tiny_project

FIGURE = re.compile(
    r"^\s+(?P<label>[\w ,()]+?)\s+wall\s+(?P<wall>[\d.]+) s\s+cpu\s+(?P<cpu>[\d.]+) s\s+"
    r"peak memory\s+(?P<memory>[\d.]+) MiB",
    re.MULTILINE,
)


def test_corpus_is_deterministic_and_realistic(tmp_path):
    paths = write_corpus(tmp_path, 3)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        article_path(i) for i in range(3)
    ]
    text = article_text(2)
    assert text == article_text(2)
    assert text.startswith("Title: ")
    for part in (
        "\nDate: ",
        "\nTags: ",
        "\n## ",
        "\n- ",
        "\n1. ",
        "|---|",
        "](https://",
        "]({filename}/news/",
        "{members}",
    ):
        assert part in text
    words = len(re.findall(r"\w+", text.split("\n\n", 1)[1]))
    assert 500 <= words <= 700


def test_benchmark_prints_positive_figures(tmp_path):
    out = io.StringIO()
    results = run(articles=20, runs=1, workdir=tmp_path, out=out)
    printed = out.getvalue()
    print(printed)
    figures = {match["label"]: match for match in FIGURE.finditer(printed)}
    assert set(figures) == {
        "stock Pelican, cold",
        "ours, cold",
        "ours, warm",
        "ours, publish (search index)",
    }
    for match in figures.values():
        assert float(match["wall"]) > 0 and float(match["memory"]) > 0
        assert float(match["cpu"]) > 0
    for line in (
        "cold ours/stock, wall time:",
        "cold ours/stock, peak memory:",
        "warm/cold ours, wall time:",
        "publish build ours/stock, wall time:",
        "Page weights",
        "bali_process plugin:",
    ):
        assert line in printed
    assert results.cold_ratio > 0 and results.memory_ratio > 0 and results.warm_ratio > 0
    assert (tmp_path / "ours" / "output" / "news" / "index.html").is_file()
    assert (tmp_path / "stock" / "output" / "index.html").is_file()


def test_photo_benchmark_prints_what_photos_add_cold_and_warm(tmp_path):
    results = measure_photos(tmp_path, articles=10, photos=2, runs=1, size=(1200, 900))
    out = io.StringIO()
    print_photo_results(results, out)
    printed = out.getvalue()
    print(printed)
    assert all(summary.seconds > 0 for summary in results.values())
    assert "photos add, cold build:" in printed
    assert re.search(r"photos add, warm rebuild: [+-][\d.]+ s \([\d.]+x; target <= 1.05x", printed)
    output = tmp_path / "photos" / "output"
    assert len(list(output.rglob("photo-*-960.webp"))) == 2
    assert not list(output.rglob("photo-?????.jpg"))  # the originals stay out


SEARCH_FIGURE = re.compile(
    r"^\s+this site\s+'(?P<word>\w+)'\s+(?P<shown>\d+) shown,\s+(?P<requests>\d+) requests:"
    r"\s+(?P<gzipped>[\d.]+) KB gzipped,\s+(?P<raw>[\d.]+) KB uncompressed",
    re.MULTILINE,
)
BUILD_FIGURE = re.compile(
    r"^\s+this site\s+(?P<without>[\d.]+) s ->\s+(?P<with>[\d.]+) s:\s+[+-][\d.]+%.*"
    r"\(Pagefind alone (?P<indexer>[\d.]+) s, writing (?P<files>\d+) files\)",
    re.MULTILINE,
)


@pytest.mark.browser
def test_search_report_prints_bytes_per_search_and_build_overhead(browser, tmp_path):
    """Issue 6's budgets are read from this report: both figures must be printed (here
    for one word, on a tiny site with the search page; the report's own run measures
    several words on this site)."""
    search_page = (ROOT / "content" / "pages" / "search.md").read_text(encoding="utf-8")
    site = tiny_project(tmp_path / "site", {"pages/search.md": search_page})
    out = io.StringIO()
    report(articles=0, runs=1, out=out, browser=browser, words=WORDS[:1], site=site)
    printed = out.getvalue()
    print(printed)
    searches = {match["word"]: match for match in SEARCH_FIGURE.finditer(printed)}
    assert set(searches) == set(WORDS[:1])
    for match in searches.values():
        assert 0 < float(match["gzipped"]) < float(match["raw"])
    [build] = BUILD_FIGURE.finditer(printed)
    assert float(build["without"]) > 0 and float(build["with"]) > 0
    assert float(build["indexer"]) > 0 and int(build["files"]) > 0
    assert "Budgets: 150 KB per search (gzipped), +20% build time:" in printed
