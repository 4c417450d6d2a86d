"""The publications library on tiny sites: pages, lists, feeds, sitemap, bad files, cache."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican.plugins.sitemap import sitemap
from PIL import Image

from rso_plugins.content_problems import ContentProblems
from rso_plugins.publications.model import PLACEHOLDER_SUMMARY
from rso_plugins.publications.pdf_facts import describe_download
from tests.pdf_samples import password_pdf, sample_pdf, scanned_pdf
from tests.tiny_site import build_tiny_site


def entry(
    title: str = "Annual report 2020",
    date: str = "2020-06-01",
    kind: str = "Annual report",
    file: str = "report.pdf",
    extra: str = "",
    body: str = "What the year brought.",
) -> str:
    lines = [
        f"Title: {title}",
        f"Date: {date}" if date else "",
        f"Type: {kind}" if kind else "",
        "Summary: The year of the office in brief.",
        "Language: en",
        f"File: {file}" if file else "",
        extra,
    ]
    return "\n".join(line for line in lines if line) + "\n\n" + body + "\n"


def build(tmp_path: Path, files: dict, **settings) -> Path:
    settings.setdefault("CACHE_PATH", str(tmp_path / "cache"))
    return build_tiny_site(tmp_path, files, **settings)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(path: Path) -> str:
    return " ".join(soup(path).get_text(" ").split())


# What a reader sees ---------------------------------------------------------------


def test_download_text_says_format_size_and_pages():
    assert describe_download(1_234_567, 8) == "PDF, 1.2 MB, 8 pages"
    assert describe_download(48_200, 1) == "PDF, 48 KB, 1 page"


def test_a_document_page_shows_summary_cover_and_download(tmp_path):
    pdf = sample_pdf(8, "The office trained border officials.")
    output = build(
        tmp_path,
        {
            "publications/annual-report-2020.md": entry(file="annual-report-2020.pdf"),
            "publications/annual-report-2020.pdf": pdf,
        },
    )
    page = output / "publications" / "annual-report-2020" / "index.html"
    html = soup(page)
    assert html.h1.get_text() == "Annual report 2020"
    assert len(html.find_all("h1")) == 1
    assert "The year of the office in brief." in text_of(page)
    assert "Monday, 1 June 2020" in text_of(page)
    download = html.select_one(".download a")
    size_kb = max(1, round(len(pdf) / 1000))
    assert f"(PDF, {size_kb} KB, 8 pages)" in download.parent.get_text()
    served = (page.parent / download["href"]).resolve()
    assert served.read_bytes() == pdf
    cover = html.select_one(".publication-cover img")
    image = Image.open((page.parent / cover["src"]).resolve())
    shown = (int(cover["width"]), int(cover["height"]))
    assert image.size == shown
    assert shown[0] == 240 and shown[1] > shown[0]  # an A4 page, upright
    # Sharp on 2x screens: a second file with twice the pixels, which the srcset offers.
    one, two = (candidate.split() for candidate in cover["srcset"].split(", "))
    assert one == [cover["src"], "1x"] and two[1] == "2x"
    sharp = Image.open((page.parent / two[0]).resolve())
    assert all(abs(got - 2 * side) <= 1 for got, side in zip(sharp.size, shown, strict=True))
    assert cover["alt"]
    # The document's text is on its page, for search and for readers without a PDF viewer.
    assert "The office trained border officials." in html.select_one(".document-text").get_text()
    assert html.main.has_attr("data-pagefind-body")
    assert not html.find(attrs={"style": True})


def test_the_library_groups_by_type_newest_first(tmp_path):
    pdf = sample_pdf(1)
    output = build(
        tmp_path,
        {
            "publications/report-2019.md": entry("Report 2019", "2019-03-01", "Report", "a.pdf"),
            "publications/report-2021.md": entry("Report 2021", "2021-03-01", "Report", "a.pdf"),
            "publications/edition-one.md": entry(
                "Edition One", "2020-01-01", "Newsletter", "a.pdf"
            ),
            "publications/a.pdf": pdf,
        },
    )
    library = soup(output / "publications" / "index.html")
    groups = [
        (section.h2.get_text(), [h3.get_text() for h3 in section.find_all("h3")])
        for section in library.select("section.publication-group")
    ]
    assert groups == [("Newsletter", ["Edition One"]), ("Report", ["Report 2021", "Report 2019"])]
    # A page per type, plain links: no JavaScript needed.
    report_link = library.find("a", string=re.compile("Only report"))
    type_page = (output / "publications" / report_link["href"]).resolve() / "index.html"
    titles = [h2.get_text() for h2 in soup(type_page).select(".publication-summary h2")]
    assert titles == ["Report 2021", "Report 2019"]
    assert soup(type_page).h1.get_text() == "Report"
    # Publications is in the site's navigation.
    nav = library.select_one("nav[aria-label=Main]")
    assert nav.find("a", string="Publications")


def test_a_news_article_lists_its_publications_and_the_document_links_back(tmp_path):
    output = build(
        tmp_path,
        {
            "publications/edition-ten.md": entry(
                "Newsletter Edition Ten",
                "2015-06-30",
                "Newsletter",
                "edition-ten.pdf",
                extra="Related: {filename}/news/2015/edition-ten.md",
            ),
            "publications/edition-ten.pdf": sample_pdf(4),
            "news/2015/edition-ten.md": """\
                Title: Edition Ten is out
                Date: 2015-06-30
                Summary: The newsletter.
                Publications: edition-ten

                Read it.
                """,
        },
    )
    article = soup(output / "news" / "2015" / "edition-ten" / "index.html")
    listed = article.select_one(".article-publications")
    assert listed.find("a", string="Newsletter Edition Ten")
    assert "PDF" in listed.get_text() and "4 pages" in listed.get_text()
    document = soup(output / "publications" / "edition-ten" / "index.html")
    assert document.find("h2", string="Related news")
    assert document.find("a", string="Edition Ten is out")


def test_feeds_of_publications_state_their_language_like_every_feed(tmp_path):
    output = build(
        tmp_path,
        {
            "publications/report.md": entry(file="report.pdf"),
            "publications/report.pdf": sample_pdf(1),
            "news/2020/x.md": "Title: X\nDate: 2020-01-01\nSummary: S.\n\nText.\n",
        },
    )
    atom = (output / "feeds" / "publications.atom.xml").read_text(encoding="utf-8")
    rss = (output / "feeds" / "publications.rss.xml").read_text(encoding="utf-8")
    assert "<title>Annual report 2020</title>" in atom
    assert "<title>Annual report 2020</title>" in rss
    feeds = sorted((output / "feeds").glob("*.xml"))
    assert len(feeds) >= 4
    for feed in feeds:
        text = feed.read_text(encoding="utf-8")
        if ".atom." in feed.name:
            assert re.search(r'<feed[^>]* xml:lang="en"', text), feed.name
        else:
            assert "<language>en</language>" in text, feed.name
    # Announced like the news feeds: in the head and as links on the library page.
    library = soup(output / "publications" / "index.html")
    announced = [link["href"] for link in library.select("link[rel=alternate]")]
    assert any(href.endswith("feeds/publications.atom.xml") for href in announced)
    assert any(href.endswith("feeds/publications.rss.xml") for href in announced)
    assert library.select_one(".feed-links a[href$='publications.rss.xml']")


@pytest.fixture
def sitemap_released():
    """pelican-sitemap keeps the Pelican of the build it started with in a module global,
    and lets go of it only when that build finishes. An in-process build stopped by the
    content's problems (the tests below) never finishes, so a later tiny build in the same
    process would write no sitemap: let go of it first."""
    sitemap.generator._main_pelican = None
    sitemap.generator.page_queue = []


def test_the_sitemap_lists_document_pages_and_their_pdfs(tmp_path, sitemap_released):
    output = build(
        tmp_path,
        {
            "publications/report.md": entry(file="report.pdf"),
            "publications/report.pdf": sample_pdf(1),
        },
    )
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/publications/report/</loc>" in sitemap
    assert "/publications/report/report.pdf</loc>" in sitemap
    assert "/publications/</loc>" in sitemap


# Cheap rebuilds ---------------------------------------------------------------------


def test_an_unchanged_pdf_is_not_read_again(tmp_path):
    """The second build takes pages and text from the cache: a cache entry edited between
    builds shows, so the PDF itself was not opened. A changed PDF is read afresh."""
    files = {"publications/report.md": entry(file="report.pdf"), "publications/report.pdf": None}
    files["publications/report.pdf"] = sample_pdf(3, "original words")
    build(tmp_path / "one", files, CACHE_PATH=str(tmp_path / "cache"))
    (record,) = (tmp_path / "cache" / "publications").glob("*.json")
    facts = json.loads(record.read_text(encoding="utf-8"))
    assert facts["pages"] == 3
    facts["pages"] = 99
    record.write_text(json.dumps(facts), encoding="utf-8")

    output = build(tmp_path / "two", files, CACHE_PATH=str(tmp_path / "cache"))
    assert "99 pages" in text_of(output / "publications" / "report" / "index.html")

    files["publications/report.pdf"] = sample_pdf(5, "new words")
    output = build(tmp_path / "three", files, CACHE_PATH=str(tmp_path / "cache"))
    page = text_of(output / "publications" / "report" / "index.html")
    assert "5 pages" in page and "new words" in page


# Editors' mistakes ------------------------------------------------------------------

BAD_ENTRIES = {
    "missing summary": (
        {
            "publications/r.md": entry(file="r.pdf").replace(
                "Summary: The year of the office in brief.\n", ""
            )
        },
        "publications/r.md:1: the header has no Summary",
    ),
    "missing date": (
        {"publications/r.md": entry(date="", file="r.pdf")},
        "publications/r.md:1: the header has no Date",
    ),
    "unknown type": (
        {"publications/r.md": entry(kind="Brochure", file="r.pdf")},
        "publications/r.md:3: Type 'Brochure' is not one of the kinds of publication; use one "
        "of: Information sheet, Newsletter, Annual report, Strategy, Outcome statement, Report",
    ),
    "no file named": (
        {"publications/r.md": entry(file="")},
        "publications/r.md:1: the header has no File",
    ),
    "file not there": (
        {"publications/r.md": entry(file="missing.pdf")},
        "publications/r.md:6: File 'missing.pdf' is not there",
    ),
    "not a pdf": (
        {"publications/r.md": entry(file="r.docx"), "publications/r.docx": b"PK\x03\x04 word"},
        "publications/r.md:6: File 'r.docx' is not a PDF",
    ),
    "empty file": (
        {"publications/r.md": entry(file="r.pdf"), "publications/r.pdf": b""},
        "publications/r.md:6: File 'r.pdf' is empty (0 bytes)",
    ),
    "renamed file": (
        {"publications/r.md": entry(file="r.pdf"), "publications/r.pdf": b"PK\x03\x04 word"},
        "publications/r.md:6: File 'r.pdf' ends in .pdf but is not a PDF inside",
    ),
    "damaged pdf": (
        {
            "publications/r.md": entry(file="r.pdf"),
            "publications/r.pdf": sample_pdf(2)[:600],
        },
        "publications/r.md:6: File 'r.pdf' cannot be published: the PDF is damaged",
    ),
    "password": (
        {"publications/r.md": entry(file="r.pdf"), "publications/r.pdf": password_pdf()},
        "publications/r.md:6: File 'r.pdf' cannot be published: the PDF is protected by a password",
    ),
    "bad date": (
        {
            "publications/r.md": entry(date="someday soon", file="r.pdf"),
            "publications/r.pdf": "GOOD",
        },
        "publications/r.md:2: the header cannot be read",
    ),
    "unknown related article": (
        {
            "publications/r.md": entry(file="r.pdf", extra="Related: no-such-article"),
            "publications/r.pdf": "GOOD",
        },
        "publications/r.md:7: Related names 'no-such-article', which is not a published news",
    ),
}


@pytest.mark.parametrize("mistake", sorted(BAD_ENTRIES))
def test_a_bad_entry_stops_the_build_with_file_line_and_what_to_do(tmp_path, mistake):
    files, expected = BAD_ENTRIES[mistake]
    files = {name: sample_pdf(1) if data == "GOOD" else data for name, data in files.items()}
    with pytest.raises(ContentProblems) as raised:
        build(tmp_path, files)
    message = str(raised.value)
    assert expected in message
    assert ";" in message.split(expected, 1)[1] or ";" in expected  # and says what to do
    # Nothing half-published.
    assert not (tmp_path / "output" / "publications").exists()


def test_every_problem_of_an_entry_is_reported_in_one_run(tmp_path):
    """A placeholder summary does not hide a bad file until it is fixed."""
    placeholder = entry(file="r.pdf").replace(
        "Summary: The year of the office in brief.", f"Summary: {PLACEHOLDER_SUMMARY}"
    )
    with pytest.raises(ContentProblems) as raised:
        build(tmp_path, {"publications/r.md": placeholder, "publications/r.pdf": b"PK\x03\x04"})
    assert [str(problem).split(": ", 1)[1][:40] for problem in raised.value.problems] == [
        "the Summary is still the placeholder; wr",
        "File 'r.pdf' ends in .pdf but is not a P",
    ]


def test_a_scan_without_text_is_published_with_a_warning(tmp_path, caplog):
    files = {"publications/r.md": entry(file="r.pdf"), "publications/r.pdf": scanned_pdf()}
    with caplog.at_level(logging.INFO, logger="rso_plugins.content_problems"):
        output = build(tmp_path, files)
    assert (output / "publications/r/r.pdf").is_file()
    notices = [
        record.getMessage() for record in caplog.records if "text layer" in record.getMessage()
    ]
    assert len(notices) == 1
    assert notices[0].endswith(
        "publications/r.md:6: File 'r.pdf' has no text layer (a scan, or text saved as "
        "pictures): screen readers and the site's search cannot read it; export it again "
        "from the original document, or run text recognition (OCR) on it"
    )


def test_a_pdf_over_30_mb_is_refused(tmp_path):
    # A real PDF, padded past the limit with a PDF comment (readers skip it).
    padded = sample_pdf(1) + b"%" + b"x" * 30_000_000 + b"\n"
    with pytest.raises(ContentProblems) as raised:
        build(tmp_path, {"publications/r.md": entry(file="r.pdf"), "publications/r.pdf": padded})
    assert "publications/r.md:6: File 'r.pdf' is 30.0 MB, more than the 30 MB" in str(raised.value)


def test_a_news_article_naming_an_unknown_publication_is_reported(tmp_path):
    with pytest.raises(ContentProblems) as raised:
        build(
            tmp_path,
            {
                "news/2020/x.md": "Title: X\nDate: 2020-01-01\nSummary: S.\n"
                "Publications: no-such-document\n\nText.\n",
            },
        )
    assert (
        "news/2020/x.md:4: Publications names 'no-such-document', which is not a publication"
        in str(raised.value)
    )


def test_a_draft_document_is_not_published(tmp_path):
    output = build(
        tmp_path,
        {
            "publications/report.md": entry(file="report.pdf", extra="Status: draft"),
            "publications/report.pdf": sample_pdf(1),
        },
    )
    assert not (output / "publications" / "report").exists()
    assert "Annual report 2020" not in text_of(output / "publications" / "index.html")


def test_a_hyphen_at_a_line_end_comes_out_as_a_hyphen(tmp_path):
    """PDFium reports it as a control character, which HTML forbids."""
    # Twelve words put "non-" at the end of the first line of an A4 page (checked against
    # PDFium's raw text, which has U+0002 there).
    words = "word " * 12 + "a non-binding framework " + "word " * 30
    output = build(
        tmp_path,
        {
            "publications/report.md": entry(file="report.pdf"),
            "publications/report.pdf": sample_pdf(1, words),
        },
    )
    html = (output / "publications" / "report" / "index.html").read_text(encoding="utf-8")
    assert "\x02" not in html
    assert "non-binding" in html.split("Text of the document")[1]
