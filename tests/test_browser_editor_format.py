"""The browser editor's file formats and rules, run in Node on the files the build serves.

The editor writes Pelican files through its own format (admin/pelican-format.mjs) and
the data file through the YAML library (admin/data-format.mjs); it checks what a field
pattern cannot through admin/site-rules.mjs. These tests run that very JavaScript, from
a tiny site's /admin/, against every file in content/ and under tests/, against what
`invoke new` writes, and against the plugins' own verdicts on the same inputs.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from rso_plugins.bali_process.figures import load_figures
from rso_plugins.bali_process.placeholders import fill_placeholders
from rso_plugins.content_problems.content_problems import forget_problems
from rso_plugins.events.fields import is_time_zone_name, read_fields
from sitetools.build import ROOT
from sitetools.new_article import create_article
from sitetools.new_content import make_slug
from sitetools.new_event import create_event
from sitetools.new_publication import create_publication
from sitetools.settings import read_settings
from tests.editor_project import tiny_project
from tests.tiny_site import DEFAULT_FILES, TINY_ARTICLE, TINY_PAGE, build_tiny_site

RUNNER = ROOT / "tests" / "js" / "browser-editor.mjs"
COLLECTIONS = ("news", "events", "publications", "pages")
# A page laid out as the real ones are: Slug before Summary, Save_as, an empty URL:.
ODD_PAGE = """\
Title: Home of the tiny site
Slug: home
Save_as: index.html
URL:
Template: home
Summary: The home page.

Welcome.
"""


@pytest.fixture(scope="module")
def admin(tmp_path_factory) -> Path:
    """The /admin/ folder of a tiny site, as the build writes it."""
    return build_tiny_site(tmp_path_factory.mktemp("editor"), {}) / "admin"


def node(admin: Path, calls: list) -> list:
    """Results of calling the editor's module functions: [[module, function, args]...]."""
    executable = shutil.which("node")
    if executable is None:
        pytest.fail("node is needed: run scripts/setup --dev")
    result = subprocess.run(
        [executable, "--experimental-detect-module", str(RUNNER), str(admin)],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def fixture_files() -> list[Path]:
    """Every Markdown and YAML file under content/ and tests/ (not the npm packages)."""
    found = []
    for folder in (ROOT / "content", ROOT / "tests"):
        for path in sorted(folder.rglob("*")):
            if "node_modules" in path.parts or not path.is_file():
                continue
            if path.suffix in (".md", ".yaml"):
                found.append(path)
    return found


@pytest.mark.real_content
def test_every_file_reads_and_writes_back_to_the_same_bytes(admin):
    markdown = {path: path.read_text(encoding="utf-8") for path in fixture_files()}
    texts = {
        **{str(path): text for path, text in markdown.items()},
        "tiny article": TINY_ARTICLE,
        **{f"tiny {name}": text for name, text in DEFAULT_FILES.items()},
        "bom and windows lines": "\ufeffTitle: A\r\nURL:\r\nSummary: B\r\n\r\nText\r\n",
        "continued summary": "Title: A\nSummary: one\n    two\n\nText",
        "no blank line": "Title: A\nSummary: B\nText right away\n",
        "yaml-style start": "---\nTitle: A\n---\nText\n",
        "no header": "Just text.\n",
        "twice the same key": "Title: A\nTags: x\nTags: y\n\nText\n",
    }
    calls = []
    for name, text in texts.items():
        if name.endswith(".yaml") or name == "tiny data/bali-process.yaml":
            calls.append(["data-format.mjs", "writeFigures", [{"data_source": text}]])
            calls.append(["data-format.mjs", "readFigures", [text]])
        else:
            calls += [["pelican-format.mjs", "roundTrip", [text, c, "$site"]] for c in COLLECTIONS]
    results = iter(node(admin, calls))
    checked = 0
    for name, text in texts.items():
        if name.endswith(".yaml") or name == "tiny data/bali-process.yaml":
            assert next(results) == text, name
            read = next(results)
            assert read["data_source"] == text
            # Reading then writing what was read gives the file back, too.
            assert node(admin, [["data-format.mjs", "writeFigures", [read]]]) == [text], name
        else:
            for collection in COLLECTIONS:
                assert next(results) == text, f"{name} as {collection}"
        checked += 1
    assert checked > 40


def written(admin: Path, data: dict, collection: str, source: str = "") -> str:
    if source:
        data = {**data, "pelican_source": source}
    return node(admin, [["pelican-format.mjs", "writeEntry", [data, collection, "$site"]]])[0]


def read(admin: Path, text: str, collection: str) -> dict:
    return node(admin, [["pelican-format.mjs", "readEntry", [text, collection, "$site"]]])[0]


def test_a_changed_field_changes_its_own_line_only(admin):
    data = read(admin, ODD_PAGE, "pages")
    assert data["title"] == "Home of the tiny site" and data["url"] == ""
    data["summary"] = "The new home page."
    assert written(admin, data, "pages") == ODD_PAGE.replace(
        "Summary: The home page.", "Summary: The new home page."
    )
    # The CMS trims what it saves: a text unchanged but for that keeps its own bytes.
    data["body"] = " Welcome. "
    assert written(admin, data, "pages").endswith("Summary: The new home page.\n\nWelcome.\n")
    data["body"] = "Welcome again."
    assert written(admin, data, "pages").endswith("Summary: The new home page.\n\nWelcome again.\n")
    windows = read(admin, ODD_PAGE.replace("\n", "\r\n"), "pages")
    windows.update(title="New", body="Welcome.\nTwo lines.")
    assert written(admin, windows, "pages") == ODD_PAGE.replace(
        "Title: Home of the tiny site", "Title: New"
    ).replace("Welcome.\n", "Welcome.\nTwo lines.\n").replace("\n", "\r\n")


def test_new_lines_go_where_the_site_puts_them_and_emptied_lines_go(admin):
    article = TINY_ARTICLE
    data = read(admin, article, "news")
    data.update(image="![Delegates](photo.jpg)", draft=True)
    text = written(admin, data, "news")
    assert text.splitlines()[:8] == [
        "Title: A first tiny story",
        "Date: 2020-02-01",
        "Category: News",
        "Tags: tiny",
        "Slug: a-first-tiny-story",
        "Summary: The first story of the tiny site.",
        "Image: ![Delegates]({attach}photo.jpg)",
        "Status: draft",
    ]
    again = read(admin, text, "news")
    assert again["image"] == "![Delegates](photo.jpg)"
    assert again["draft"] is True
    again.update(tags="", draft=False)
    assert written(admin, again, "news") == article.replace("Tags: tiny\n", "").replace(
        "Summary: The first story of the tiny site.\n",
        "Summary: The first story of the tiny site.\nImage: ![Delegates]({attach}photo.jpg)\n",
    )


def test_a_new_file_is_what_the_invoke_commands_write(admin, tmp_path):
    project = tiny_project(tmp_path / "project")
    day = datetime.date(2026, 11, 27)
    title = "RSO Newsletter – Edition Eleven"
    article = create_article(title, "Newsletters", "newsletter, rso", project, day)
    event = create_event(
        "Regional Workshop on Data",
        "2026-05-04 09:30",
        "2026-05-05 17:00",
        "Asia/Makassar",
        "Bali",
        "Indonesia",
        root=project,
        date=day,
    )
    publication = create_publication(
        "RSO Annual Report 2025", "Annual report", None, "en", project, day
    )
    for path, collection in ((article, "news"), (event, "events"), (publication, "publications")):
        text = path.read_text(encoding="utf-8")
        data = read(admin, text, collection)
        del data["pelican_source"]
        assert written(admin, data, collection) == text, collection


def test_an_added_member_is_one_more_line_and_comments_stay(admin):
    source = (ROOT / "tests/fixtures/check/content/data/bali-process.yaml").read_text("utf-8")
    data = node(admin, [["data-format.mjs", "readFigures", [source]]])[0]
    data["members"]["states"].append({"name": "Zedland", "code": ""})
    data["members"]["states"].insert(1, {"name": "Hong Kong SAR", "code": "HK"})
    text = node(admin, [["data-format.mjs", "writeFigures", [data]]])[0]
    added = [line for line in text.splitlines() if line not in source.splitlines()]
    assert added == ["    - {name: Hong Kong SAR, code: HK}", "    - Zedland"]
    assert set(source.splitlines()) <= set(text.splitlines())
    figures = yaml.safe_load(text)
    assert figures["members"]["states"][1] == {"name": "Hong Kong SAR", "code": "HK"}
    # And the form reads the coded entry back as a name and a code.
    again = node(admin, [["data-format.mjs", "readFigures", [text]]])[0]
    assert again["members"]["states"][1] == {"name": "Hong Kong SAR", "code": "HK"}
    assert again["members"]["states"][0] == {"name": source_first_state(source), "code": ""}


def source_first_state(source: str) -> str:
    return yaml.safe_load(source)["members"]["states"][0]


def test_the_committed_data_file_loads_after_a_member_is_added(admin, tmp_path):
    """What the editor writes is what the build reads: one more member."""
    source = (ROOT / "content/data/bali-process.yaml").read_text("utf-8")
    data = node(admin, [["data-format.mjs", "readFigures", [source]]])[0]
    # A made-up name, placed on the map by its code (the Antarctic's).
    data["members"]["states"].append({"name": "Zedland", "code": "AQ"})
    text = node(admin, [["data-format.mjs", "writeFigures", [data]]])[0]
    before = load_figures(str(ROOT / "content/data/bali-process.yaml"))
    path = tmp_path / "bali-process.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_figures(str(path)).members_total == before.members_total + 1
    assert len(text.splitlines()) == len(source.splitlines()) + 1


TITLES = (
    "RSO Newsletter – Edition Eleven",
    "Senior Officials’ Meeting on Côte d'Ivoire",
    "Ad Hoc Group   meets (again) in Bali, 2026!",
    "Straße, Æther and Łódź: naïve café",
    "Workshop on <em>data</em> &amp; protection",
    "A very long title that goes on and on about the regional cooperation framework",
    "100% of members agree",
    "under_score and hyphen-ated",
)


def test_addresses_are_made_from_titles_as_invoke_new_makes_them(admin):
    settings = read_settings(ROOT)
    made = node(admin, [["site-rules.mjs", "pelicanSlug", [t, "$site.slug"]] for t in TITLES])
    assert [result["slug"] for result in made] == [make_slug(t, settings) for t in TITLES]
    assert all(result["complete"] for result in made)
    # A script the editor cannot transliterate: no guess, the editor types the address.
    assert node(admin, [["site-rules.mjs", "pelicanSlug", ["การประชุม", "$site.slug"]]])[0] == {
        "slug": "",
        "complete": False,
    }
    checks = node(
        admin,
        [
            ["site-rules.mjs", "checkSlug", [slug, "$site.slug"]]
            for slug in ("good-slug", "Bad Slug", "", "under_score")
        ],
    )
    assert checks[0] == "" and checks[3] == ""
    assert "write bad-slug" in checks[1] and checks[2]


EVENTS = (
    ("2026-05-04", "", "Asia/Bangkok"),
    ("2026-05-04", "2026-05-06", "Asia/Makassar"),
    ("2026-05-04", "2026-05-03", "Asia/Makassar"),
    ("2026-05-04 09:30", "2026-05-04 17:00", "Australia/Sydney"),
    ("2026-05-04 09:30", "2026-05-04 09:00", "Australia/Sydney"),
    ("2026-05-04 09:30", "", "Australia/Sydney"),
    ("2026-05-04 09:30", "2026-05-05", "Asia/Bangkok"),
    ("2026-02-30", "", "Asia/Bangkok"),
    ("4 May 2026", "", "Asia/Bangkok"),
    ("2026-05-04 25:00", "2026-05-04 26:00", "Asia/Bangkok"),
    ("2026-05-04", "", "UTC+8"),
    ("2026-05-04", "", "Mars/Olympus"),
    ("2026-05-04", "", "UTC"),
    ("2026-05-04", "", "ICT"),
    ("", "", "Asia/Bangkok"),
)


def build_verdict(tmp_path: Path, start: str, end: str, zone: str) -> bool:
    """Whether the events plugin accepts these fields (a place given)."""
    path = tmp_path / "event.md"
    path.write_text(f"Title: T\nStart: {start}\nEnd: {end}\nTimezone: {zone}\n\n", "utf-8")
    metadata = {"start": start, "end": end, "timezone": zone, "city": "Bali"}
    forget_problems()
    try:
        return read_fields(str(path), metadata, "Asia/Bangkok") is not None
    finally:
        forget_problems()


def test_the_editor_refuses_exactly_the_events_the_build_refuses(admin, tmp_path):
    calls = []
    for start, end, zone in EVENTS:
        data = {"start": start, "end": end, "timezone": zone, "city": "Bali"}
        calls += [
            ["site-rules.mjs", "checkStart", [data, "$site"]],
            ["site-rules.mjs", "checkEnd", [data, "$site"]],
            ["site-rules.mjs", "checkTimeZone", [data, "$site"]],
        ]
    results = node(admin, calls)
    for index, (start, end, zone) in enumerate(EVENTS):
        messages = [m for m in results[index * 3 : index * 3 + 3] if m]
        assert (not messages) == build_verdict(tmp_path, start, end, zone), (start, end, zone)
    assert "before it starts" in results[2 * 3 + 1]


def test_the_time_zones_are_the_events_plugins(admin):
    zones = json.loads((admin / "editor.json").read_text("utf-8"))["site"]["timeZones"]
    assert "Asia/Makassar" in zones and "Australia/Sydney" in zones
    assert all(is_time_zone_name(zone) for zone in zones)
    assert not {"UTC+8", "ICT", "EST"} & set(zones)


def test_the_preview_fills_placeholders_as_the_build_does(admin):
    values = {"members": "48", "observers": "27", "as_of": "4 December 2015"}
    rule = {**json.loads((admin / "editor.json").read_text("utf-8"))["site"]["placeholders"]}
    rule["values"] = values
    samples = (
        "<p>{members} members and {observers} observers, as of {as_of}.</p>",
        "<p><code>{members}</code> and {{members}} and {unknown} and {filename}</p>",
        "<pre><code>{members}\n</code></pre><p>{members}</p>",
    )
    got = node(admin, [["site-rules.mjs", "fillPlaceholders", [s, rule]] for s in samples])
    assert got == [fill_placeholders(sample, values)[0] for sample in samples]


def test_a_photo_needs_its_description(admin):
    cases = (
        {"image": "photo.jpg", "image_alt": ""},
        {"image": "photo.jpg", "image_alt": "Delegates"},
        {"image": "", "image_alt": ""},
        {"image": "photo.jpg", "image_alt": "A [bracket]"},
    )
    got = node(admin, [["site-rules.mjs", "checkPhotoAlt", [case]] for case in cases])
    assert "describe what the photo shows" in got[0]
    assert got[1:3] == ["", ""]
    assert got[3]
    lines = ("![](photo.jpg)", '![Delegates](photo.jpg "At the opening")', "", "![a]b](x.jpg)")
    got = node(admin, [["site-rules.mjs", "checkLeadPhoto", [line, "$site"]] for line in lines])
    assert "describe what the photo shows" in got[0] and got[1:3] == ["", ""] and got[3]


def test_the_odd_page_keeps_its_empty_url_line(admin):
    data = read(admin, ODD_PAGE, "pages")
    data["title"] = "A new title"
    text = written(admin, data, "pages")
    assert "URL:\n" in text and text.startswith("Title: A new title\nSlug: home\nSave_as:")
    assert TINY_PAGE.count("URL:") == 1
