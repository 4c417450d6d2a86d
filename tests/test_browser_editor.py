"""The editor at /admin/ in Chromium: the real Sveltia CMS on a temporary git copy.

One copy of the project is built and served for the module; each test opens the editor
in a fresh browser context whose "project folder" is the copy's files (see
tests/browser_editor_session.py), works through the real forms, then looks at what the
editor wrote, what `invoke check` says about it and what a build shows.
"""

from __future__ import annotations

import datetime
import difflib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from bench.editor_load import measure, print_report
from rso_plugins.bali_process.figures import load_figures
from sitetools.build import DEVELOP_SETTINGS, build_site
from sitetools.new_article import article_path
from sitetools.new_content import make_slug
from sitetools.settings import read_settings
from tests import photo_files
from tests.browser_editor_session import editor_session, read_opfs, write_back
from tests.editor_project import TOOLING, git, run_invoke
from tests.local_server import free_port, serve
from tests.pdf_samples import sample_pdf
from tests.project_copy import SITE_PARTS, copy_parts

pytestmark = pytest.mark.browser

# An article of the copy's own with a photo named photo.jpg beside it, in the year folder
# the editor's new article goes to: the upload of another photo.jpg must not replace it.
EXISTING_YEAR = "2025"
EXISTING_ARTICLE = f"""\
Title: An earlier story with a photo
Date: {EXISTING_YEAR}-01-10
Category: News
Slug: an-earlier-story-with-a-photo
Summary: A story already on the site, with its photo beside it.
Image: ![A red square]({{attach}}photo.jpg)

The earlier story.
"""
NEWS_TITLE = "Officials’ workshop – Côte d’Ivoire visit"
NEWS_DATE = f"{EXISTING_YEAR}-03-14"
EVENT_TITLE = "Regional workshop in Canberra"
PUBLICATION_TITLE = "RSO Annual Report Test"
# A made-up member, placed on the map by an explicit code (the Antarctic's, as no one
# will ever add it for real): the data file's form for a name ISO 3166 does not know.
NEW_STATE = "Testland"
NEW_STATE_CODE = "AQ"
PAGE_EDIT = " (edited in the browser)"


@dataclass
class EditorSite:
    project: Path
    output: Path
    base: str


@pytest.fixture(scope="module")
def editor_site(tmp_path_factory) -> Iterator[EditorSite]:
    """A git copy of the project with an article whose photo is photo.jpg, built for
    preview and served on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("browser-editor")
    project = folder / "project"
    copy_parts(project, (*SITE_PARTS, *TOOLING))
    news = project / "content" / "news" / EXISTING_YEAR
    news.mkdir(parents=True, exist_ok=True)
    (news / f"{EXISTING_YEAR}-01-10-an-earlier-story-with-a-photo.md").write_text(
        EXISTING_ARTICLE, encoding="utf-8"
    )
    (news / "photo.jpg").write_bytes(photo_files.jpeg(colour="red"))
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "--all")
    git(project, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "copy")
    output = folder / "output"
    build_site(DEVELOP_SETTINGS, output, root=project, quiet=True)
    port = free_port()
    with serve(output, port):
        yield EditorSite(project, output, f"http://127.0.0.1:{port}")


def open_collection(page, label: str) -> None:
    page.get_by_role("treeitem", name=label).click()


def new_entry(page) -> None:
    """Start a new entry, and wait until the editor has set up its form: it says so in
    its status line, and fields filled before that could be reset."""
    page.get_by_role("button", name="Create New Entry").first.click()
    page.get_by_role("status").filter(has_text="now creating a new entry").wait_for()
    page.get_by_role("textbox", name="Title", exact=True).wait_for()
    page.wait_for_load_state("load")


def fill_held(page, *fields) -> None:
    """Fill each (field, value) and make sure the values held: a new entry's form can
    still be set up again just after the editor says it is ready (seen once in about
    fifteen runs of the suite), which empties what was typed in that moment; a person
    is not that quick, a test is."""
    for _ in range(3):
        for field_, value in fields:
            if field_.input_value() != value:
                field_.fill(value)
        page.wait_for_timeout(300)
        if all(field_.input_value() == value for field_, value in fields):
            return
    raise AssertionError(f"the form keeps emptying: {page.locator('body').aria_snapshot()}")


def save(page) -> None:
    """Save the entry and wait until the editor has closed it (it does, once saved)."""
    button = page.get_by_role("button", name="Save", exact=True)
    button.click()
    try:
        button.wait_for(state="detached")
    except PlaywrightTimeout:
        raise AssertionError(f"not saved: {page.locator('body').aria_snapshot()}") from None


def field(page, label: str):
    """A field's group: its input, its hint and its error message."""
    return page.locator(f'section[role="group"][aria-label="“\u2068{label}\u2069” Field"]')


def upload_photo(page, path: Path) -> None:
    """Upload ``path`` through the Lead photo field's dialog, as an editor does."""
    page.get_by_role("button", name="Choose a photo").click()
    dialog = page.get_by_role("dialog")
    with page.expect_file_chooser() as chooser:
        dialog.get_by_role("button", name="Upload").click()
    chooser.value.set_files(str(path))
    dialog.get_by_text(path.name, exact=True).wait_for()
    dialog.get_by_role("button", name="Insert").click()
    page.get_by_role("button", name="Remove the photo").wait_for()


def member_counts(output: Path) -> dict[str, int]:
    """The member count each page shows in its figures box, by page."""
    counts = {}
    for page in output.rglob("*.html"):
        if "admin" in page.relative_to(output).parts:
            continue
        box = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("aside.figures p")
        if box is not None:
            counts[page.relative_to(output).as_posix()] = int(box.strong.get_text())
    return counts


def test_an_editor_publishes_news_an_event_a_document_a_page_and_a_member(
    browser, editor_site, tmp_path
):
    project = editor_site.project
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(photo_files.jpeg(colour="blue"))
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(sample_pdf(words="What the office did."))
    with editor_session(browser, editor_site.base, project) as session:
        page = session.page
        # News, with a photo and its description, published (not a draft).
        new_entry(page)
        fill_held(
            page,
            (page.get_by_role("textbox", name="Title", exact=True), NEWS_TITLE),
            (page.get_by_role("textbox", name="Date", exact=True), NEWS_DATE),
            (page.get_by_role("textbox", name="Summary", exact=True), "A workshop was held."),
        )
        upload_photo(page, photo)
        page.get_by_role("textbox", name="What the photo shows").fill("A blue square")
        page.get_by_role("switch", name="Draft (only in previews, not published)").click()
        page.get_by_role("textbox", name="Text", exact=True).fill("There are {members} members.")
        save(page)
        # An event in Canberra's time zone, going ahead.
        open_collection(page, "Events")
        new_entry(page)
        fill_held(page, (page.get_by_role("textbox", name="Title", exact=True), EVENT_TITLE))
        page.get_by_role("textbox", name="Start").fill("2026-05-04 09:30")
        page.get_by_role("textbox", name="End").fill("2026-05-05 17:00")
        page.get_by_role("combobox", name="Time zone").fill("Australia/Sydney")
        page.get_by_role("textbox", name="City").fill("Canberra")
        page.get_by_role("textbox", name="Country").fill("Australia")
        page.get_by_role("radio", name="Scheduled").check()
        save(page)
        # A document with its PDF.
        open_collection(page, "Publications")
        new_entry(page)
        fill_held(
            page,
            (page.get_by_role("textbox", name="Title", exact=True), PUBLICATION_TITLE),
            (page.get_by_role("textbox", name="Summary"), "What the office did in the year."),
        )
        page.get_by_role("button", name="PDF", exact=True).set_input_files(str(pdf))
        save(page)
        # A page, whichever comes first.
        open_collection(page, "Pages")
        page.get_by_role("row").first.click()
        summary = page.get_by_role("textbox", name="Summary", exact=True)
        summary.fill(summary.input_value() + PAGE_EDIT)
        save(page)
        # A member state, at the end of the list.
        open_collection(page, "Bali Process figures")
        page.get_by_text("Members, observers and RCF principles").click()
        states = field(page, "Member states and territories")
        page.get_by_role("button", name="Add \u2068Member states and territories\u2069").click()
        # The new item comes last, empty (the list draws only the items in view and the
        # last ones, so it is found by that).
        added = states.get_by_role("textbox", name="Name", exact=True).last
        expect(added).to_have_value("")
        added.fill(NEW_STATE)
        states.get_by_role("textbox", name="Country code (ISO 3166, two letters)").last.fill(
            NEW_STATE_CODE
        )
        save(page)
        changes = write_back(page, project, session.files)
        assert session.foreign_requests() == []
        assert session.errors == []

    settings = read_settings(project)
    content = project / "content"
    day = datetime.date.fromisoformat(NEWS_DATE)
    news = article_path(content, day, make_slug(NEWS_TITLE, settings))
    event_slug = make_slug(EVENT_TITLE, settings)
    publication_slug = make_slug(PUBLICATION_TITLE, settings)
    expected = {
        news.relative_to(project).as_posix(): "added",
        f"content/events/2026/{event_slug}.md": "added",
        f"content/publications/{publication_slug}.md": "added",
        f"content/publications/{publication_slug}.pdf": "added",
        "content/data/bali-process.yaml": "changed",
    }
    assert {path: changes[path] for path in expected} == expected
    # The photo went beside the article, under a name of its own: the earlier story's
    # photo.jpg is untouched.
    photos = [path for path in changes if path.endswith(".jpg")]
    assert len(photos) == 1 and photos[0].startswith(f"content/news/{EXISTING_YEAR}/")
    assert Path(photos[0]).name != "photo.jpg"
    assert (project / photos[0]).read_bytes() == photo.read_bytes()
    assert git(project, "status", "--porcelain", f"content/news/{EXISTING_YEAR}/photo.jpg") == ""
    article = news.read_text("utf-8")
    assert f"Image: ![A blue square]({{attach}}{Path(photos[0]).name})" in article
    assert "Status:" not in article
    assert (
        project / f"content/publications/{publication_slug}.pdf"
    ).read_bytes() == pdf.read_bytes()
    # One line added to the data file, one line changed in the page; nothing else.
    data_file = "content/data/bali-process.yaml"
    old_data = git(project, "show", f"HEAD:{data_file}")
    assert changed_lines(old_data, project / data_file) == [
        f"+    - {{name: {NEW_STATE}, code: {NEW_STATE_CODE}}}"
    ]
    edited = [path for path, change in changes.items() if path.startswith("content/pages/")]
    assert len(edited) == 1
    page_diff = changed_lines(git(project, "show", f"HEAD:{edited[0]}"), project / edited[0])
    assert len(page_diff) == 2 and page_diff[1].endswith(PAGE_EDIT)

    check = run_invoke(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No problems found." in check.stdout

    output = tmp_path / "after"
    build_site(DEVELOP_SETTINGS, output, root=project, quiet=True)
    slug = make_slug(NEWS_TITLE, settings)
    story_page = output / f"news/{EXISTING_YEAR}/{slug}/index.html"
    story = BeautifulSoup(story_page.read_text("utf-8"), "html.parser")
    members = load_figures(str(content / "data" / "bali-process.yaml")).members_total
    assert story.select_one(".lead-photo img")["alt"] == "A blue square"
    assert f"There are {members} members." in story.get_text()
    earlier = output / f"news/{EXISTING_YEAR}/an-earlier-story-with-a-photo/index.html"
    assert "photo-480" in earlier.read_text("utf-8")
    assert "photo-480" not in str(story.select_one(".lead-photo"))
    event = (output / f"events/{event_slug}/index.html").read_text("utf-8")
    assert "Canberra" in event
    assert "TZID=Australia/Sydney" in (output / f"events/{event_slug}.ics").read_text("utf-8")
    assert (output / f"publications/{publication_slug}/index.html").is_file()
    assert any(PAGE_EDIT in p.read_text("utf-8") for p in output.rglob("*.html"))
    before, after = member_counts(editor_site.output), member_counts(output)
    assert before and set(after) >= set(before)
    assert {page: after[page] for page in before} == {page: n + 1 for page, n in before.items()}
    assert set(after.values()) == {members}
    opened = json.loads((output / "data" / "bali-process.json").read_text("utf-8"))
    assert NEW_STATE in opened["members"]["states"]


def changed_lines(old: str, new: Path) -> list[str]:
    """The lines taken out and put in between ``old`` and the file ``new``."""
    diff = difflib.unified_diff(old.splitlines(), new.read_text("utf-8").splitlines(), n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_the_editor_refuses_what_the_build_would_refuse(browser, editor_site, tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(photo_files.jpeg(colour="green"))
    with editor_session(browser, editor_site.base, editor_site.project) as session:
        page = session.page
        # A news article without a Summary.
        new_entry(page)
        page.get_by_role("textbox", name="Title", exact=True).fill("A story without a summary")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(field(page, "Summary").get_by_text("This field is required.")).to_be_visible()
        # A photo without its description (the Summary given this time).
        page.get_by_role("textbox", name="Summary", exact=True).fill("Now with a summary.")
        upload_photo(page, photo)
        page.get_by_role("button", name="Save", exact=True).click()
        photo_field = field(page, "Lead photo")
        expect(photo_field.get_by_text(re.compile("describe what the photo shows"))).to_be_visible()
        expect(page.get_by_text(re.compile("One field has an error"))).to_be_visible()
        discard(page)
        # An event that ends before it starts.
        open_collection(page, "Events")
        new_entry(page)
        page.get_by_role("textbox", name="Title", exact=True).fill("A backwards event")
        page.get_by_role("textbox", name="Start").fill("2026-05-04")
        page.get_by_role("textbox", name="End").fill("2026-05-03")
        page.get_by_role("textbox", name="City").fill("Bali")
        page.get_by_role("button", name="Save", exact=True).click()
        end = field(page, "End")
        expect(end.get_by_text(re.compile(r"ends \(2026-05-03\) before it starts"))).to_be_visible()
        # Nothing was written.
        assert read_opfs(page) == session.files
        assert session.errors == []


def discard(page) -> None:
    """Leave the entry being edited without saving it."""
    page.get_by_role("button", name="Cancel Editing").click()
    confirm = page.get_by_role("button", name=re.compile("^(Discard|Leave|OK)$"))
    if confirm.count():
        confirm.first.click()


ICON_IS_ONE_GLYPH = """() => {
    const icon = [...document.querySelectorAll(".material-symbols-outlined")]
        .find(e => e.getBoundingClientRect().height > 0);
    if (!icon) return false;
    const box = icon.getBoundingClientRect();
    return {square: box.width <= box.height * 1.5, text: icon.textContent,
            width: box.width, height: box.height};
}"""


def test_admin_loads_from_this_site_alone_and_shows_icons(browser, editor_site):
    with editor_session(browser, editor_site.base, editor_site.project) as session:
        page = session.page
        expect(page.locator(".material-symbols-outlined").first).to_be_visible()
        page.evaluate("document.fonts.ready.then(() => true)")
        # An icon drawn by its font is one glyph as wide as it is high; without the
        # font it is a word such as "arrow_back". Measured in the page, on whichever
        # icon is shown when the check runs: the editor redraws its screens as it loads.
        shape = page.wait_for_function(ICON_IS_ONE_GLYPH, timeout=10_000).json_value()
        assert shape["square"], shape
        assert page.evaluate("document.fonts.check('24px \"Material Symbols Outlined\"')")
        requested = session.requests
        assert any(url.endswith("/admin/sveltia/index.js") for url in requested)
        assert any(url.endswith(".woff2") for url in requested)
        assert session.foreign_requests() == []
        assert session.errors == []


def test_the_editor_page_is_private_and_public_pages_never_load_it(editor_site):
    admin = (editor_site.output / "admin" / "index.html").read_text("utf-8")
    soup = BeautifulSoup(admin, "html.parser")
    assert soup.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "script-src 'self' 'sha256-" in policy and "unsafe-eval" not in policy
    assert "data-pagefind-body" not in admin
    sitemap = (editor_site.output / "sitemap.xml").read_text("utf-8")
    assert "/admin" not in sitemap and "<loc>" in sitemap
    pages = [p for p in editor_site.output.rglob("*.html") if "admin" not in p.parts]
    assert len(pages) > 5
    for path in pages:
        html = path.read_text("utf-8")
        assert "sveltia" not in html.lower() and "/admin/" not in html, path
        public_policy = BeautifulSoup(html, "html.parser").find(
            "meta", attrs={"http-equiv": "Content-Security-Policy"}
        )
        if public_policy is not None:
            assert "unsafe-" not in public_policy["content"], path


def test_the_load_report_prints_its_figures(browser, editor_site):
    loads = measure(editor_site.output, editor_site.project, runs=1, browser=browser)
    out = io.StringIO()
    print_report(loads, out)
    printed = out.getvalue()
    print(printed)
    load = loads[0]
    assert 0 < load.shell_seconds < load.usable_seconds
    assert load.raw_bytes >= load.gzip_bytes > 100_000 and load.requests > 5
    assert re.search(r"usable\s+[\d.]+ s\s+[\d.]+ x the home page", printed)
