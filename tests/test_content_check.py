"""`invoke check` and the build read content one way, through Pelican, and agree.

Every mistake an editor can make in a file gets one line, ``file:line: what is wrong;
what to do``, from the check and from the build alike, and the build writes nothing.
What the build accepts (a byte-order mark, Windows line endings, any date form Pelican
reads) the check accepts. All of it is asserted on tiny content folders made here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_project import run_invoke

from sitetools.build import ROOT
from sitetools.content_check import check_content, check_site
from tests import photo_files
from tests.pdf_samples import sample_pdf
from tests.tiny_site import (
    DEFAULT_FILES,
    TINY_DATA,
    WarningsRaised,
    build_tiny_site,
    write_files,
)

FIXTURE = Path("tests/fixtures/check/content")
NEWS = f"{FIXTURE}/news/2020"
HEADER_HINT = "to the header (the lines at the top, before the first blank line)"
STATIC_HINT = "check the spelling, and that the file is in the content folder"
# One line for each kind of problem the fixture holds, in the order the check prints them.
EXPECTED = [
    f"{FIXTURE}/data/bali-process.yaml:6: members.total: says 3 but the lists name 2 states "
    "and 2 organisations (4); correct the total or the lists",
    f"{NEWS}/2020-01-01-missing-summary.md:5: no Summary; add a line 'Summary: ...' " + HEADER_HINT,
    f"{NEWS}/2020-02-28-bad-date.md:2: '2020-02-30' is not a real date; write it as "
    "YYYY-MM-DD, e.g. 2015-12-04 (add a time as 2015-12-04 09:30 if you need one)",
    f"{NEWS}/2020-03-01-bad-category.md:3: category 'Event' is not allowed; "
    "use one of News, Events, Newsletters",
    f"{NEWS}/2020-03-04-broken-links.md:7: link "
    "{filename}/news/2020/2020-01-02-no-such-article.md goes nowhere; "
    "check the file name and folder (start with / for the content folder)",
    f"{NEWS}/2020-03-04-broken-links.md:9: link {{static}}/static/reports/missing.pdf "
    f"goes nowhere; {STATIC_HINT}",
    f"{NEWS}/2020-03-04-broken-links.md:11: image {{static}}/static/images/missing-photo.jpg "
    f"not found (looked for {FIXTURE}/static/images/missing-photo.jpg); check the file name",
    f"{NEWS}/2020-03-04-broken-links.md:13: image images/photo.jpg not found "
    f"(looked for {NEWS}/images/photo.jpg); check the file name",
    f"{NEWS}/2020-03-05-duplicate-slug.md:4: slug 'good-article' is also used by "
    f"{NEWS}/2020-03-03-good-article.md, so one page would replace the other; "
    "give this one a different Slug",
    f"{NEWS}/2020-04-02-links-to-a-draft.md:7: link {{filename}}2020-04-01-a-draft.md "
    "points to a draft, which will not be published; publish that article first, "
    "or remove the link",
    f"{FIXTURE}/pages/untitled.md:3: no Title; add a line 'Title: ...' " + HEADER_HINT,
]
STORY = "news/2020/story.md"
GOOD_HEADER = "Title: A story\nDate: 2020-02-03\nCategory: News\nSummary: What it is about.\n"
DATA = "data/bali-process.yaml"
# (name, files to write, line, message): each mistake an editor can make, and what they
# read. Lines of a story file are counted in the text given.
MISTAKES = [
    (
        "impossible date",
        {STORY: GOOD_HEADER.replace("2020-02-03", "2020-02-30") + "\nText.\n"},
        2,
        "'2020-02-30' is not a real date; write it as YYYY-MM-DD, e.g. 2015-12-04 "
        "(add a time as 2015-12-04 09:30 if you need one)",
    ),
    (
        "not UTF-8",
        {STORY: GOOD_HEADER.encode() + b"\nCaf\xe9 au lait.\n"},
        6,
        "this file is not saved as UTF-8 text (a character here cannot be read); "
        "open it in your editor and save it with the encoding UTF-8",
    ),
    (
        "no title",
        {STORY: GOOD_HEADER.replace("Title: A story\n", "") + "\nText.\n"},
        4,
        "no Title; add a line 'Title: ...' " + HEADER_HINT,
    ),
    (
        "no date",
        {STORY: GOOD_HEADER.replace("Date: 2020-02-03\n", "") + "\nText.\n"},
        4,
        "no Date; add a line 'Date: 2015-12-04' " + HEADER_HINT,
    ),
    (
        "no summary",
        {STORY: GOOD_HEADER.replace("Summary: What it is about.\n", "") + "\nText.\n"},
        4,
        "no Summary; add a line 'Summary: ...' " + HEADER_HINT,
    ),
    (
        "unknown category",
        {STORY: GOOD_HEADER.replace("Category: News", "Category: Meetings") + "\nText.\n"},
        3,
        "category 'Meetings' is not allowed; use one of News, Events, Newsletters",
    ),
    (
        "unknown status",
        {STORY: GOOD_HEADER + "Status: drafted\n\nText.\n"},
        5,
        "status 'drafted' is not known; write 'Status: draft' to keep it unpublished, "
        "or remove the line to publish",
    ),
    (
        "summary left as written by invoke new",
        {
            STORY: GOOD_HEADER.replace(
                "What it is about.", "One or two sentences that say what this news is about."
            )
            + "\nText.\n"
        },
        4,
        "the summary is still the placeholder; write one or two sentences that say what "
        "this is about",
    ),
    (
        "a field twice",
        {STORY: GOOD_HEADER + "Date: 2020-02-04\n\nText.\n"},
        5,
        "Date is given twice (also on line 2); keep one",
    ),
    (
        "unknown placeholder",
        {STORY: GOOD_HEADER + "\nThe Bali Process has {memebers} members.\n"},
        6,
        "unknown placeholder {memebers}; use one of {as_of}, {member_organisations}, "
        "{member_states}, {members}, {observers}, {principles}, or write {{memebers}} "
        "to show {memebers} as it is",
    ),
    (
        "a link from the root of the address",
        {STORY: GOOD_HEADER + "\nRead [the latest news](/news/).\n"},
        6,
        "link /news/ starts from the root of the address, so it leads out of the site when "
        "the site is published below one (https://ORG.github.io/REPO/); "
        "write it as [...]({index})",
    ),
    (
        "a link to a page from the root of the address",
        {STORY: GOOD_HEADER + "\n[Home](/), [elsewhere](//example.org/), [top](#top).\n"},
        6,
        "link / starts from the root of the address, so it leads out of the site when "
        "the site is published below one (https://ORG.github.io/REPO/); "
        "write it as [...]({filename}/pages/home.md)",
    ),
    (
        "data file: impossible date",
        {DATA: TINY_DATA.replace("as_of: 2020-01-31", "as_of: 2015-13-45")},
        1,
        "as_of: 2015-13-45 is not a real date; write it as YYYY-MM-DD, e.g. 2015-12-04",
    ),
    (
        "data file: a list at the top",
        {DATA: "- Alpha\n- Bravo\n"},
        1,
        "file: the file must hold the fields as_of, source, members, observers, "
        "rcf_principles, each at the start of a line followed by a colon, not a list",
    ),
    (
        "data file: a field of the wrong shape",
        {DATA: TINY_DATA[: TINY_DATA.index("members:")] + "members: none\n"},
        5,
        "members: must be a group of fields (states: and the others, indented under "
        "members:), not the text 'none'",
    ),
    (
        "data file: a key given twice",
        {DATA: TINY_DATA + "as_of: 2020-02-01\n"},
        19,
        "as_of: this field is given twice; keep one",
    ),
]
# What the build accepts, the check accepts: each of these checks and builds cleanly.
ACCEPTED = [
    (
        "byte-order mark and CRLF",
        {STORY: ("\ufeff" + GOOD_HEADER + "\nText.\n").replace("\n", "\r\n")},
    ),
    ("a date in words", {STORY: GOOD_HEADER.replace("2020-02-03", "3 February 2020") + "\nT.\n"}),
    ("a date and time", {STORY: GOOD_HEADER.replace("2020-02-03", "2020-02-03 09:30") + "\nT.\n"}),
    ("placeholders in code", {STORY: GOOD_HEADER + "\nWrite `{members}`.\n\n    {nonsense}\n"}),
    ("a literal placeholder", {STORY: GOOD_HEADER + "\nWrite {{members}} for the count.\n"}),
]


def tiny_content(folder: Path, files: dict) -> Path:
    content = folder / "content"
    write_files(content, {**DEFAULT_FILES, **files})
    return content


def _where(content: Path, files: dict) -> Path:
    return content / next(iter(files))


@pytest.mark.parametrize(
    ("files", "line", "message"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_each_mistake_gets_one_line_from_the_check_and_the_build(tmp_path, files, line, message):
    content = tiny_content(tmp_path, files)
    expected = f"{_where(content, files)}:{line}: {message}"

    assert check_content(content).problems == [expected]
    with pytest.raises(Exception) as stopped:
        build_tiny_site(tmp_path, files)
    assert str(stopped.value).splitlines() == [expected]
    assert not (tmp_path / "output" / "index.html").exists(), "nothing is written"


@pytest.mark.parametrize("files", [a[1] for a in ACCEPTED], ids=[a[0] for a in ACCEPTED])
def test_what_the_build_accepts_the_check_accepts(tmp_path, files):
    content = tiny_content(tmp_path, files)

    assert check_content(content).problems == []
    output = build_tiny_site(tmp_path, files)
    assert (output / "news" / "2020" / "story" / "index.html").exists()


def test_placeholders_in_code_stay_as_written_and_doubled_braces_are_literal(tmp_path):
    story = GOOD_HEADER + "\nWe have {members} members; `{members}` and {{members}}.\n"
    output = build_tiny_site(tmp_path, {STORY: story})

    html = (output / "news" / "2020" / "story" / "index.html").read_text(encoding="utf-8")
    assert "We have 4 members; <code>{members}</code> and {members}." in html


def test_every_mistake_in_a_folder_is_listed_at_once(tmp_path):
    files = {f"news/2020/story-{n}.md": GOOD_HEADER + f"\n{{unknown{n}}}\n" for n in range(3)}
    content = tiny_content(tmp_path, files)

    problems = check_content(content).problems

    assert [p.split(": ")[0].rsplit("/", 1)[1] for p in problems] == [
        "story-0.md:6",
        "story-1.md:6",
        "story-2.md:6",
    ]


@pytest.fixture
def in_root(monkeypatch):
    """Paths are printed relative to where the editor stands: the project folder."""
    monkeypatch.chdir(ROOT)


def test_each_kind_of_problem_in_the_fixture_is_one_expected_line(in_root):
    assert check_site(ROOT, FIXTURE).problems == EXPECTED


def test_invoke_check_prints_the_lines_and_fails():
    result = run_invoke(ROOT, "check", "--content", str(FIXTURE))

    assert result.returncode == 1
    assert result.stdout.splitlines() == EXPECTED
    assert f"{len(EXPECTED)} problem(s) to fix before publishing." in result.stderr
    assert "Traceback" not in result.stderr


def test_the_sites_own_content_passes():
    result = run_invoke(ROOT, "check")

    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().splitlines()[-1] == "No problems found."


EVENT = (
    "Title: A workshop\nStart: 2020-03-05\nEnd: 2020-03-04\nCity: Bangkok\n"
    "Country: Thailand\nSummary: A workshop.\n\nDetails.\n"
)
PUBLICATION = (
    "Title: A report\nDate: 2020-03-01\nType: Brochure\nSummary: What it says.\n"
    "Language: en\nFile: report.pdf\n\nAbout it.\n"
)


@pytest.mark.parametrize(
    ("files", "line", "says"),
    [
        ({"events/2020/workshop.md": EVENT}, 3, "ends (2020-03-04) before it starts"),
        (
            {"publications/report.md": PUBLICATION, "publications/report.pdf": sample_pdf()},
            3,
            "Type 'Brochure' is not one of the kinds",
        ),
        (
            {
                STORY: GOOD_HEADER + "\nText.\n\n![]({attach}photo.jpg)\n",
                "news/2020/photo.jpg": photo_files.jpeg(),
            },
            8,
            "image has no alt text; describe what it shows",
        ),
    ],
    ids=["event", "publication", "photo"],
)
def test_the_check_lists_what_every_plugin_finds(tmp_path, files, line, says):
    content = tiny_content(tmp_path, files)

    [problem] = check_content(content).problems

    assert problem.startswith(f"{_where(content, files)}:{line}: ")
    assert says in problem


def test_a_warning_from_pelican_itself_is_a_problem_for_the_check_too(tmp_path):
    """A strict build stops on any warning; the check lists it (here: an article written
    as HTML with a meta tag Pelican warns about, which nothing of ours reads)."""
    page = (
        '<html><head><title>A page</title><meta content="orphan">'
        '<meta name="date" content="2020-02-03"><meta name="category" content="News">'
        '<meta name="summary" content="What it is.">'
        "</head><body><p>Text.</p></body></html>"
    )
    files = {"news/2020/page.html": page}
    content = tiny_content(tmp_path, files)

    problems = check_content(content).problems

    assert len(problems) == 1
    assert "does not have a 'name' attribute" in problems[0]
    with pytest.raises(WarningsRaised, match="does not have a 'name' attribute"):
        build_tiny_site(tmp_path, files)
