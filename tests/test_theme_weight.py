"""Every page must fit the first round trip of a slow mobile connection.

The budget and the measuring live in bench/page_weight.py, so the test and the report
people run by hand cannot disagree.
"""

from __future__ import annotations

from bench.page_weight import BUDGET_BYTES, gzip_size, main, report

CSS = "body { color: #111; }\n"


def test_every_published_page_fits_the_budget_with_its_stylesheet(publish_build):
    sizes = dict(report(publish_build))
    assert "index.html" in sizes, "the home page is missing from the report"
    articles = [name for name in sizes if name.count("/") == 3 and name.startswith("news/2")]
    assert articles, "no article pages in the report"
    over = {name: size for name, size in sizes.items() if size > BUDGET_BYTES}
    assert not over, f"over {BUDGET_BYTES} gzip bytes of HTML+CSS: {over}"


def test_report_counts_the_stylesheet_and_flags_a_heavy_page(tmp_path, capsys):
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "site.css").write_text(CSS)
    light = '<link rel="stylesheet" href="https://example.org/theme/site.css"><p>Hello</p>'
    (tmp_path / "index.html").write_text(light)
    heavy = tmp_path / "heavy" / "index.html"
    heavy.parent.mkdir()
    # Incompressible text: every line differs.
    heavy.write_text(
        '<link rel="stylesheet" href="../theme/site.css">'
        + "".join(f"<p>{n * 7919 % 100003:x}{n**3:x}</p>" for n in range(8000))
    )
    sizes = dict(report(tmp_path))
    expected = gzip_size(light.encode()) + gzip_size(CSS.encode())
    assert sizes["index.html"] == expected, "HTML and stylesheet are not both counted"
    assert sizes["heavy/index.html"] > BUDGET_BYTES
    assert main([str(tmp_path)]) == 1
    assert "heavy/index.html" in capsys.readouterr().out
