"""`invoke check` and the build say the same about every file (issue 20, section 3).

Odd content, fed to both: the check as editors run it (``check_content``: Pelican in a
child process with CHECK_ONLY, as `invoke check` runs it) and the build with the
development settings (in process, with the content cache on, as `invoke build` builds).
Any input that one accepts and the other refuses, or on which they name different
problems, fails here.

To stay cheap the cases are grouped into a few tiny projects, not one build per case:

- every refused case in one: the check's lines and the build's must be the same list,
  and each case must be in it (so neither let it through);
- a mistake in the data file in another (plugins that need the figures skip when they
  do not load, which would hide other cases);
- every accepted odd case in a third: the check finds nothing, and the build writes
  the site with no warning at all.

The cases are those of issue 20 and the kinds of bad input the plugins' own tests feed
(test_content_check, test_photos, test_events, test_publications, test_bali_process),
each written under a file name of its own.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pelican import Pelican

from rso_plugins.content_problems import ContentProblems
from sitetools.content_check import check_content
from tests import photo_files
from tests.editor_project import tiny_project
from tests.pdf_samples import password_pdf, sample_pdf
from tests.test_events import event_file
from tests.test_publications import entry
from tests.tiny_site import TINY_DATA, tiny_settings

# 2021-01-01, midday in Bangkok: what "today" is for both (scheduled news, events).
TODAY = "1609480800"
HEADER = "Title: {title}\nDate: 2020-02-03\nCategory: News\nSummary: What it is about.\n"
PLACEHOLDER = "One or two sentences that say what this news is about."
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def news(title: str, body: str = "Text.", *fields: str) -> str:
    return HEADER.format(title=title) + "".join(f"{f}\n" for f in fields) + "\n" + body + "\n"


def publication(name: str, **fields) -> str:
    return entry(title=f"Document {name}", file=f"{name}.pdf", **fields)


# (case, files, the file a problem must name). Paths are relative to content/.
REFUSED = [
    ("impossible date", {"news/2020/bad-date.md": news("A").replace("02-03", "02-30")}),
    ("not UTF-8", {"news/2020/latin-1.md": news("B").encode() + b"Caf\xe9.\n"}),
    ("no title", {"news/2020/no-title.md": news("C").replace("Title: C\n", "")}),
    ("no date", {"news/2020/no-date.md": news("D").replace("Date: 2020-02-03\n", "")}),
    (
        "no summary",
        {"news/2020/no-summary.md": news("E").replace("Summary: What it is about.\n", "")},
    ),
    ("unknown category", {"news/2020/category.md": news("F").replace("News", "Meetings")}),
    ("unknown status", {"news/2020/status.md": news("G", "Text.", "Status: drafted")}),
    (
        "placeholder summary",
        {"news/2020/placeholder.md": news("H").replace("What it is about.", PLACEHOLDER)},
    ),
    ("a field twice", {"news/2020/twice.md": news("I", "Text.", "Date: 2020-02-04")}),
    ("unknown placeholder", {"news/2020/braces.md": news("J", "We have {memebers}.")}),
    (
        "link to no article",
        {"news/2020/nowhere.md": news("K", "[Gone]({filename}/news/2020/gone.md)")},
    ),
    ("link to no file", {"news/2020/no-file.md": news("L", "[PDF]({static}/static/x.pdf)")}),
    (
        "link to a draft",
        {
            "news/2020/to-draft.md": news("M", "[Soon]({filename}a-draft.md)"),
            "news/2020/a-draft.md": news("A draft", "Text.", "Status: draft"),
        },
    ),
    (
        "one slug twice",
        {
            "news/2020/slug-one.md": news("N", "Text.", "Slug: same-slug"),
            "news/2020/slug-two.md": news("O", "Text.", "Slug: same-slug"),
        },
    ),
    # Photos.
    (
        "photo without alt text",
        {"news/2020/no-alt.md": news("P", "![](no-alt.jpg)"), "news/2020/no-alt.jpg": "JPEG"},
    ),
    ("photo not there", {"news/2020/no-photo.md": news("Q", "![A photo]({attach}none.jpg)")}),
    (
        "photo not beside the article",
        {"news/2020/not-beside.md": news("R", "![A photo](images/none.jpg)")},
    ),
    ("photo from the site root", {"news/2020/root.md": news("S", "![A map](/static/m.png)")}),
    (
        "photo on another site",
        {"news/2020/elsewhere.md": news("T", "![A logo](https://example.org/logo.png)")},
    ),
    (
        "photo cut short",
        {
            "news/2020/cut.md": news("U", "![The venue](cut.jpg)"),
            "news/2020/cut.jpg": photo_files.truncated_jpeg(),
        },
    ),
    (
        "document named .jpg",
        {
            "news/2020/notes.md": news("V", "![The venue](notes.jpg)"),
            "news/2020/notes.jpg": photo_files.text_as_jpeg(),
        },
    ),
    (
        "iPhone photo",
        {
            "news/2020/iphone.md": news("W", "![The venue](iphone.heic)"),
            "news/2020/iphone.heic": photo_files.heic_like(),
        },
    ),
    (
        "SVG as an image",
        {"news/2020/svg.md": news("X", "![A map]({attach}map.svg)"), "news/2020/map.svg": SVG},
    ),
    (
        "SVG as a link",
        {
            "news/2020/svg-link.md": news("Y", "[The route]({attach}route.svg)"),
            "news/2020/route.svg": SVG,
        },
    ),
    ("SVG among static files", {"static/images/unused.svg": SVG}),
    (
        "image in the Summary",
        {
            "news/2020/summary-image.md": news("Z").replace(
                "about.", "about. ![A photo](summary-image.jpg)"
            ),
            "news/2020/summary-image.jpg": "JPEG",
        },
    ),
    (
        "lead photo without alt text",
        {
            "news/2020/lead.md": news("AA", "Text.", "Image: ![](lead.jpg)"),
            "news/2020/lead.jpg": "JPEG",
        },
    ),
    ("lead photo not an image", {"news/2020/lead-field.md": news("AB", "T.", "Image: a.jpg")}),
    (
        "second use without alt text",
        {
            "news/2020/second.md": news("AC", "![The hall](second.jpg)\n\n![](second.jpg)"),
            "news/2020/second.jpg": "JPEG",
        },
    ),
    # Events.
    ("event ends before it starts", {"events/2020/backwards.md": event_file(End="2011-03-28")}),
    ("not a time zone", {"events/2020/zone.md": event_file(Timezone="UTC+8")}),
    ("no place", {"events/2020/no-place.md": event_file(City=None, Country=None)}),
    ("unknown event status", {"events/2020/delayed.md": event_file(Status="delayed")}),
    ("link not an address", {"events/2020/link.md": event_file(Link="www.example.org")}),
    ("news of no event", {"news/2020/no-event.md": news("AD", "Text.", "Event: no-such")}),
    # Publications.
    ("unknown type", {"publications/kind.md": publication("kind", kind="Brochure")}),
    ("PDF not there", {"publications/gone.md": publication("gone")}),
    (
        "not a PDF",
        {
            "publications/word.md": entry(title="Word", file="word.docx"),
            "publications/word.docx": b"PK\x03\x04 word",
        },
    ),
    (
        "damaged PDF",
        {
            "publications/broken.md": publication("broken"),
            "publications/broken.pdf": sample_pdf(2)[:600],
        },
    ),
    (
        "password",
        {
            "publications/locked.md": publication("locked"),
            "publications/locked.pdf": password_pdf(),
        },
    ),
    (
        "related to nothing",
        {
            "publications/related.md": publication("related", extra="Related: no-such-news"),
            "publications/related.pdf": "PDF",
        },
    ),
    ("news of no document", {"news/2020/no-doc.md": news("AE", "T.", "Publications: nothing")}),
]

ACCEPTED = {
    "news/2020/bom-crlf.md": ("\ufeff" + news("BOM")).replace("\n", "\r\n"),
    "news/2020/words.md": news("Date in words").replace("2020-02-03", "3 February 2020"),
    "news/2020/time.md": news("Date and time").replace("2020-02-03", "2020-02-03 09:30"),
    "news/2020/code.md": news("Code", "Write `{members}`.\n\n    {nonsense}\n\n{{members}}"),
    # Photos as cameras and people name them, every kind of file the site converts.
    "news/2020/photos.md": news(
        "Photos",
        "![Delegates](IMG 2034.jpg)\n\n"
        '![The delegation]({attach}Côte d\'Ivoire forum.jpg "The delegation")\n\n'
        "![Delegates again](IMG 2034.jpg)\n\n"
        "![]({attach}rule.png){.decorative}\n\n"
        "![A poster](print.jpg) ![A scan](scan.png) ![A banner](moving.gif)\n\n"
        "![The venue, upright](phone.jpg)\n\n"
        "![A map]({static}/static/Maps of 2020/Region map.png)",
        "Image: ![The forum](img-2034.jpg)",
    ),
    "news/2020/IMG 2034.jpg": photo_files.jpeg((700, 500)),
    "news/2020/img-2034.jpg": photo_files.jpeg((700, 500), colour="navy"),
    "news/2020/Côte d'Ivoire forum.jpg": photo_files.jpeg((700, 500), colour="teal"),
    "news/2020/rule.png": photo_files.transparent_png(),
    "news/2020/print.jpg": photo_files.cmyk_jpeg(),
    "news/2020/scan.png": photo_files.sixteen_bit_png(),
    "news/2020/moving.gif": photo_files.animated_gif(),
    "news/2020/phone.jpg": photo_files.phone_jpeg(),
    "static/Maps of 2020/Region map.png": photo_files.transparent_png(),
    # An event in another zone, with times, and news about it; an online one, postponed.
    "events/2020/adelaide.md": event_file(
        Start="2011-04-03 09:30", End="2011-04-03 17:00", Timezone="Australia/Adelaide"
    ),
    "events/2020/online.md": event_file(
        City=None, Country=None, Location="online", Status="postponed"
    ),
    "news/2020/about-event.md": news("About the event", "Text.", "Event: adelaide"),
    # A document and the news it belongs to.
    "publications/report.md": publication("report", extra="Related: about-event"),
    "publications/report.pdf": sample_pdf(2),
    "news/2020/documents.md": news("Documents", "Text.", "Publications: report"),
    # A page with its header in another order, a URL and a file name of its own.
    "pages/odd.md": "Slug: odd\nTitle: Odd page\nURL: odd.html\nSave_as: odd.html\n"
    "Summary: A page written another way.\n\nText.\n",
}


def _placeholders(files: dict) -> dict:
    """Small photos and PDFs where a case says only "JPEG" or "PDF"."""
    made = {"JPEG": photo_files.jpeg((320, 240)), "PDF": sample_pdf(1)}
    return {
        name: made.get(data, data) if isinstance(data, str) else data
        for name, data in files.items()
    }


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_in_process(project: Path, **overrides) -> list[str]:
    """Build ``project``'s content as `invoke build` does (content cache on); return
    the problems it stopped on and every warning it logged."""
    settings = tiny_settings(
        project, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, CACHE_PATH="cache", **overrides
    )
    warnings = _Warnings()
    logging.getLogger().addHandler(warnings)
    try:
        Pelican(settings).run()
    except ContentProblems as stopped:
        return [str(problem) for problem in stopped.problems] + warnings.messages
    finally:
        logging.getLogger().removeHandler(warnings)
    return warnings.messages


@pytest.fixture
def in_project(tmp_path, monkeypatch):
    """A tiny project to check and build, where both run and print paths from."""

    def make(files: dict) -> Path:
        project = tiny_project(tmp_path / "project", _placeholders(files))
        monkeypatch.chdir(project)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY)
        return project

    return make


def test_check_and_build_name_the_same_problems_and_miss_no_refused_case(in_project):
    files = {name: data for _, case in REFUSED for name, data in case.items()}
    project = in_project(files)

    checked = check_content(project / "content", project).problems
    built = build_in_process(project)

    assert sorted(checked) == sorted(built)
    missed = [
        case
        for case, case_files in REFUSED
        if not any(f"content/{name}" in line for name in case_files for line in checked)
    ]
    assert not missed, "accepted by both: " + ", ".join(missed)
    assert not (project / "output" / "index.html").exists(), "nothing is written"


def test_check_and_build_name_the_same_mistake_in_the_data_file(in_project):
    """A site has one data file, and plugins that need the figures skip when it does
    not load (hiding, say, an unknown placeholder): its mistake gets a project of its own."""
    data = {"data/bali-process.yaml": TINY_DATA.replace("2020-01-31", "2015-13-45")}
    project = in_project({**data, "news/2020/braces.md": news("Braces", "We have {members}.")})

    checked = check_content(project / "content", project).problems

    assert checked == build_in_process(project)
    assert checked == [
        "content/data/bali-process.yaml:1: as_of: 2015-13-45 is not a real date; "
        "write it as YYYY-MM-DD, e.g. 2015-12-04"
    ]


def test_what_the_build_accepts_the_check_accepts(in_project):
    project = in_project(ACCEPTED)

    assert check_content(project / "content", project).problems == []
    assert build_in_process(project) == []
    assert (project / "output/news/2020/photos/img-2034-2-480.webp").is_file()
    assert (project / "output/odd.html").is_file()


def test_a_document_attached_to_an_article_is_accepted_by_both(in_project):
    project = in_project(
        {
            "news/2020/report.md": news("Report", "[The report]({attach}report.pdf)"),
            "news/2020/report.pdf": "PDF",
        }
    )

    assert check_content(project / "content", project).problems == []
    assert build_in_process(project) == []
    assert (project / "output/news/2020/report/report.pdf").is_file()
