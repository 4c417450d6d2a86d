"""Information sheets printed to PDF: tagged, current, linked, and the same bytes every build.

A tiny site with its own data file (four members, two principles) prints one sheet; the
assertions read the PDF with pypdfium2, as a reader's software would.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from bs4 import BeautifulSoup

from rso_plugins.build_speed.page_renderer import MIN_PAGES
from rso_plugins.content_problems import CheckFinished, ContentProblems
from tests.pdf_samples import pdf_dictionaries
from tests.tiny_site import TINY_DATA, build_tiny_site

SHEET_PAGE = """\
Title: About the tiny office
Slug: about-the-tiny-office
Template: information-sheet
URL: information-sheets/about-the-tiny-office/
Save_as: information-sheets/about-the-tiny-office/index.html
Summary: What the tiny office is.

## Purpose

The tiny office serves its {members} members.

## Location

Somewhere quiet.
"""
SHEET_ENTRY = """\
Title: About the tiny office
Type: Information sheet
Summary: The sheet about the tiny office.
Language: en
Generated-from: pages/information-sheets/about.md

The sheet, printed from its web page.
"""
SHEETS_PAGE = """\
Title: Information sheets
Slug: information-sheets
Template: information-sheets
Summary: The sheets.

Short sheets.
"""
FILES = {
    "pages/information-sheets/about.md": SHEET_PAGE,
    "pages/information-sheets.md": SHEETS_PAGE,
    "publications/about-the-tiny-office.md": SHEET_ENTRY,
}
PDF_PATH = Path("publications/about-the-tiny-office/about-the-tiny-office.pdf")


def build(folder: Path) -> Path:
    return build_tiny_site(folder, FILES, CACHE_PATH=str(folder / "cache"))


def catalog_language(document: pdfium.PdfDocument) -> str:
    size = pdfium_c.FPDFCatalog_GetLanguage(document.raw, None, 0)
    buffer = (ctypes.c_ushort * (size // 2))()
    pdfium_c.FPDFCatalog_GetLanguage(document.raw, buffer, size)
    return bytes(buffer).decode("utf-16-le").rstrip("\x00")


def document_text(document: pdfium.PdfDocument) -> str:
    text = "\n".join(page.get_textpage().get_text_bounded() for page in document)
    return " ".join(text.split())


def test_the_sheet_pdf_is_tagged_titled_and_bookmarked(tmp_path):
    output = build(tmp_path)
    data = (output / PDF_PATH).read_bytes()
    document = pdfium.PdfDocument(data)
    assert document.is_tagged()
    page = document[0]
    tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
    assert tree and pdfium_c.FPDF_StructTree_CountChildren(tree) > 0
    pdfium_c.FPDF_StructTree_Close(tree)
    assert catalog_language(document) == "en"
    assert document.get_metadata_dict()["Title"].startswith("About the tiny office")
    assert "/DisplayDocTitle true" in pdf_dictionaries(data)
    bookmarks = [(item.level, item.get_title()) for item in document.get_toc()]
    assert (0, "About the tiny office") in bookmarks
    assert (1, "Purpose") in bookmarks and (1, "Location") in bookmarks
    # A4: 595 x 842 points.
    assert [round(value) for value in page.get_size()] == [595, 842]


def test_the_sheet_pdf_has_the_current_figures_and_every_principle(tmp_path):
    output = build(tmp_path)
    text = document_text(pdfium.PdfDocument(output / PDF_PATH))
    assert "The tiny office serves its 4 members." in text
    assert "The Bali Process has 4 members" in text
    assert "First principle of the test." in text
    assert "Second principle of the test." in text
    # The screen-only parts of the page are not printed.
    assert "Skip to main content" not in text
    assert "Download this sheet" not in text


def test_two_builds_print_the_same_bytes(tmp_path):
    first = build(tmp_path / "one") / PDF_PATH
    second = build(tmp_path / "two") / PDF_PATH
    assert first.read_bytes() == second.read_bytes()


def test_the_sheet_pages_link_to_the_pdf(tmp_path):
    output = build(tmp_path)
    expected = "(PDF, "
    for page in (
        output / "information-sheets" / "about-the-tiny-office" / "index.html",
        output / "information-sheets" / "index.html",
        output / "index.html",
    ):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = [a for a in html.main.find_all("a") if a["href"].endswith(PDF_PATH.name)]
        assert links, page
        assert (page.parent / links[0]["href"]).resolve() == (output / PDF_PATH).resolve()
        assert expected in links[0].parent.get_text(), page
    document_page = output / "publications" / "about-the-tiny-office" / "index.html"
    html = BeautifulSoup(document_page.read_text(encoding="utf-8"), "html.parser")
    assert html.find("a", string="About the tiny office (web page)")


def test_the_check_draws_nothing(tmp_path):
    """`invoke check` (CHECK_ONLY) reads and checks; printing and covers wait for a build."""
    with pytest.raises(CheckFinished) as finished:
        build_tiny_site(tmp_path, FILES, CACHE_PATH=str(tmp_path / "cache"), CHECK_ONLY=True)
    assert finished.value.problems == []
    drawn = [path.name for path in (tmp_path / "cache").rglob("*") if path.suffix in DRAWN]
    assert drawn == []


DRAWN = {".pdf", ".webp", ".png", ".jpg"}


def test_a_data_file_that_failed_to_load_is_the_one_problem_named(tmp_path):
    """The sheet is dated by, and shows, the figures: with none loaded it is left out
    without a word, and the data plugin's message is the only one."""
    files = {**FILES, "data/bali-process.yaml": TINY_DATA.replace("2020-01-31", "2020-02-30")}
    with pytest.raises(ContentProblems) as raised:
        build_tiny_site(tmp_path, files, CACHE_PATH=str(tmp_path / "cache"))
    assert [str(problem) for problem in raised.value.problems] == [
        f"{tmp_path / 'content/data/bali-process.yaml'}:1: as_of: 2020-02-30 is not a real "
        "date; write it as YYYY-MM-DD, e.g. 2015-12-04"
    ]


def test_pages_rendered_on_other_cores_show_the_printed_sheet(tmp_path):
    """Article pages are rendered by forked workers while the sheet is printed in its own
    process; an article that lists the sheet still shows what the download is."""
    stories = {
        f"news/2020/story-{number:02}.md": (
            f"Title: Story {number}\nDate: 2020-03-{number % 28 + 1:02}\nCategory: News\n"
            f"Summary: Story {number}.\n"
            + ("Publications: about-the-tiny-office\n" if number == 7 else "")
            + "\nText.\n"
        )
        for number in range(MIN_PAGES + 5)
    }
    output = build_tiny_site(
        tmp_path, {**FILES, **stories}, CACHE_PATH=str(tmp_path / "cache"), RENDER_PROCESSES=2
    )
    page = BeautifulSoup(
        (output / "news/2020/story-07/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    [link] = [a for a in page.main.find_all("a") if a["href"].endswith(PDF_PATH.name)]
    assert link.get_text().startswith("PDF, ")
