"""`invoke check`: one line per problem, `path:line: what is wrong; what to do`."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from editor_project import run_invoke

from sitetools.build import ROOT
from sitetools.content_check import check_site
from sitetools.metadata import parse_header

FIXTURE = Path("tests/fixtures/check/content")
NEWS = f"{FIXTURE}/news/2020"
# One line for each kind of problem the fixture holds, in the order the check prints them.
EXPECTED = [
    f"{FIXTURE}/data/bali-process.yaml:6: members.total: says 3 but the lists name 2 states "
    "and 2 organisations (4); correct the total or the lists",
    f"{NEWS}/2020-01-01-missing-summary.md:5: no Summary; add a line 'Summary: ...' to the "
    "header (the lines at the top, before the first blank line)",
    f"{NEWS}/2020-02-28-bad-date.md:2: Date '2020-02-30' is not a valid date; "
    "write it as YYYY-MM-DD, e.g. 2015-12-04",
    f"{NEWS}/2020-03-01-bad-category.md:3: category 'Event' is not allowed; "
    "use one of News, Events, Newsletters",
    f"{NEWS}/2020-03-04-broken-links.md:7: link "
    "{filename}/news/2020/2020-01-02-no-such-article.md goes nowhere; "
    "check the file name and folder (start with / for the content folder)",
    f"{NEWS}/2020-03-04-broken-links.md:9: link {{static}}/static/reports/missing.pdf "
    "goes nowhere; check the spelling, or copy the file into content/static/",
    f"{NEWS}/2020-03-04-broken-links.md:11: image {{static}}/static/images/missing-photo.jpg "
    "goes nowhere; check the spelling, or copy the file into content/static/",
    f"{NEWS}/2020-03-04-broken-links.md:13: image images/photo.jpg is not linked with "
    "{static}; put the file in content/static/images/ and write it as "
    "{static}/static/images/NAME",
    f"{NEWS}/2020-03-05-duplicate-slug.md:4: slug 'good-article' is also used by "
    f"{NEWS}/2020-03-03-good-article.md; give this article a different Slug",
    f"{NEWS}/2020-04-02-links-to-a-draft.md:7: link {{filename}}2020-04-01-a-draft.md "
    "points to a draft, which will not be published; publish that article first, "
    "or remove the link",
    f"{FIXTURE}/pages/untitled.md:3: no Title; add a line 'Title: ...' to the header "
    "(the lines at the top, before the first blank line)",
]


@pytest.fixture
def in_root(monkeypatch):
    """Paths are printed relative to where the editor stands: the project folder."""
    monkeypatch.chdir(ROOT)


def test_each_kind_of_problem_is_one_expected_line(in_root):
    assert [str(problem) for problem in check_site(ROOT, FIXTURE)] == EXPECTED


def test_invoke_check_prints_the_lines_and_fails():
    result = run_invoke(ROOT, "check", "--content", str(FIXTURE))

    assert result.returncode == 1
    assert result.stdout.splitlines() == EXPECTED
    assert "11 problem(s) to fix before publishing." in result.stderr


def test_the_sites_own_content_passes():
    result = run_invoke(ROOT, "check")

    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "No problems found."


def write(content: Path, name: str, text: str) -> Path:
    path = content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


@pytest.fixture
def content(tmp_path):
    """A content folder with a valid data file and nothing else."""
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content/data", folder / "data")
    return folder


def problems_in(content: Path) -> list[str]:
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in check_site(ROOT, content)]


def test_header_mistakes_pelican_would_accept(content):
    write(
        content,
        "news/2020/repeated.md",
        """
        Title: Once
        Title: Twice
        Date: 2020-01-01 25:00
        Category: News
        Summary: One or two sentences that say what this news is about.
        Status: publish

        Body.
        """,
    )
    assert problems_in(content) == [
        "repeated.md:2: Title is given twice (also on line 1); keep one",
        "repeated.md:3: Date '2020-01-01 25:00' is not a valid date; "
        "write it as YYYY-MM-DD, e.g. 2015-12-04",
        "repeated.md:5: the summary is still the placeholder; write a real one",
        "repeated.md:6: status 'publish' is not known; use draft, or remove the line to publish",
    ]


def test_other_link_spellings_and_html_images(content):
    write(content, "pages/about.md", "Title: About\nSummary: About.\n\nBody.\n")
    write(
        content,
        "pages/links.md",
        """
        Title: Links
        Summary: Links [home]({filename}about.md) and [gone](|filename|/pages/gone.md).

        <img alt="" src="/images/logo.png"> ![ok](https://example.org/x.png)
        [ok]({filename}/pages/about.md#part) [ok]({filename}about%2Emd)
        [ref]: {filename}../pages/missing.md
        """,
    )
    assert problems_in(content) == [
        "links.md:2: link |filename|/pages/gone.md goes nowhere; "
        "check the file name and folder (start with / for the content folder)",
        "links.md:4: image /images/logo.png is not linked with {static}; put the file in "
        "content/static/images/ and write it as {static}/static/images/NAME",
        "links.md:6: link {filename}../pages/missing.md goes nowhere; "
        "check the file name and folder (start with / for the content folder)",
    ]


def test_data_file_syntax_error_has_its_line(content):
    data = content / "data/bali-process.yaml"
    lines = data.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "members: [unclosed")
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")

    [problem] = check_site(ROOT, content)
    assert problem.path.endswith("data/bali-process.yaml")
    assert problem.line >= 4
    assert "check indentation, colons and quotes" in problem.message


def test_missing_data_file(content):
    (content / "data/bali-process.yaml").unlink()

    [problem] = check_site(ROOT, content)
    assert problem.line == 1
    assert problem.message == "file: the data file is missing; restore it from git"


def test_slug_from_file_name_counts_as_a_slug(content):
    body = "Date: 2020-01-01\nCategory: News\nSummary: S.\n\nBody.\n"
    write(content, "news/2020/same.md", "Title: A\n" + body)
    write(content, "news/2021/same.md", "Title: B\n" + body)

    assert problems_in(content) == [
        "same.md:1: slug 'same' is also used by "
        f"{content}/news/2020/same.md; give this article a different Slug"
    ]


def test_header_parser_follows_python_markdown():
    header = parse_header("---\nTitle: A\nSummary: first\n    second\n---\nTitle: body\n")

    assert header.value("title") == "A"
    assert header.get("summary").value == "first second"
    assert header.get("summary").line == 3
    assert header.end_line == 5


def test_header_ends_at_first_line_that_is_not_a_field():
    header = parse_header("Title: A\nThis is prose: not a field.\nSlug: x\n")

    assert list(header.fields) == ["title"]
    assert header.end_line == 2
