"""`invoke new-publication`: an entry beside its PDF, every field, never over another."""

from __future__ import annotations

import datetime
import re
import shutil

import pytest
from editor_project import run_invoke, tiny_project

from rso_plugins.content_problems import ContentProblems
from sitetools.build import ROOT
from sitetools.new_publication import (
    PLACEHOLDER_SUMMARY,
    PublicationNotCreated,
    create_publication,
)
from tests.pdf_samples import sample_pdf
from tests.tiny_site import build_tiny_site

DAY = datetime.date(2026, 3, 9)


@pytest.fixture
def project(tmp_path):
    """A project folder with the real settings and an empty content folder."""
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    (tmp_path / "content").mkdir()
    return tmp_path


def test_the_entry_has_every_field_and_the_pdf_beside_it(project, tmp_path_factory):
    pdf = tmp_path_factory.mktemp("editor") / "Annual Report 2025 FINAL.pdf"
    pdf.write_bytes(sample_pdf(2, "The year."))
    path = create_publication(
        "Annual Report 2025", "Annual report", str(pdf), root=project, date=DAY
    )
    assert path == project / "content/publications/annual-report-2025.md"
    assert path.read_text(encoding="utf-8").startswith(
        "Title: Annual Report 2025\n"
        "Date: 2026-03-09\n"
        "Type: Annual report\n"
        f"Summary: {PLACEHOLDER_SUMMARY}\n"
        "Language: en\n"
        "File: annual-report-2025.pdf\n\n"
    )
    assert (path.parent / "annual-report-2025.pdf").read_bytes() == pdf.read_bytes()


def test_the_placeholder_summary_stops_the_build_until_replaced(project):
    create_publication("Strategy", "Strategy", root=project, date=DAY)
    entry = project / "content/publications/strategy.md"
    (project / "content/publications/strategy.pdf").write_bytes(sample_pdf(1))
    files = {"publications/strategy.md": entry.read_text(encoding="utf-8")}
    with pytest.raises(ContentProblems) as raised:
        build_tiny_site(project / "site", files, CACHE_PATH=str(project / "cache"))
    assert "publications/strategy.md:4: the Summary is still the placeholder" in str(raised.value)

    files["publications/strategy.md"] = files["publications/strategy.md"].replace(
        PLACEHOLDER_SUMMARY, "The plan for the years ahead."
    )
    files["publications/strategy.pdf"] = sample_pdf(1)
    output = build_tiny_site(project / "site2", files, CACHE_PATH=str(project / "cache"))
    assert (output / "publications/strategy/strategy.pdf").is_file()


@pytest.mark.parametrize(
    ("title", "kind", "file", "message"),
    [
        ("Edition One", "Brochure", None, "type 'Brochure' is not allowed; use one of"),
        ("Edition One", "Newsletter", "nowhere.pdf", "nowhere.pdf is not there"),
        ("!!!", "Report", None, "no letters or numbers"),
    ],
)
def test_what_cannot_be_started_says_why(project, title, kind, file, message):
    with pytest.raises(PublicationNotCreated, match=message):
        create_publication(title, kind, file, root=project, date=DAY)
    assert not (project / "content/publications").exists() or not any(
        (project / "content/publications").iterdir()
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"", "File 'report.pdf' is empty (0 bytes)"),
        ("report.pdf", b"PK\x03\x04 a Word file renamed", "is not a PDF inside"),
        ("report.docx", b"PK\x03\x04 a Word file", "File 'report.docx' is not a PDF"),
    ],
    ids=["empty", "renamed", "word"],
)
def test_a_file_the_build_would_refuse_is_refused_at_once(project, tmp_path, name, data, message):
    document = tmp_path / name
    document.write_bytes(data)
    with pytest.raises(PublicationNotCreated, match=re.escape(message)):
        create_publication("Edition One", "Newsletter", str(document), root=project, date=DAY)
    assert not (project / "content/publications").exists() or not any(
        (project / "content/publications").iterdir()
    )


def test_it_never_overwrites(project):
    create_publication("Edition One", "Newsletter", root=project, date=DAY)
    with pytest.raises(PublicationNotCreated, match="already exists"):
        create_publication("Edition One", "Report", root=project, date=DAY)


def test_the_task_prints_the_path_or_why_not(tmp_path):
    site = tiny_project(tmp_path / "site")
    made = run_invoke(site, "new-publication", "Outcome of the workshop", "--type", "Report")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "content/publications/outcome-of-the-workshop.md"
    refused = run_invoke(site, "new-publication", "Other", "--type", "Brochure")
    assert refused.returncode != 0
    assert "Not created: type 'Brochure' is not allowed" in refused.stderr
