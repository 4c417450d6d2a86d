"""The Bali Process data plugin: loading, deriving, bad input, and what a tiny site shows.

Every fact asserted here comes from the tiny data file in tests/tiny_site.py (three
states, one organisation, five observers, two principles), never from content/, so an
editor can change the real data freely.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pelican import Pelican

from rso_plugins.bali_process import BaliProcessDataError, load_figures
from rso_plugins.bali_process.placeholders import fill_placeholders
from rso_plugins.content_problems import ContentProblems
from sitetools.build import PUBLISH_SETTINGS, ROOT
from tests.site_reading import html_files
from tests.tiny_site import TINY_DATA, build_tiny_site, tiny_settings

TINY_PRINCIPLES = ["First principle of the test.", "Second principle of the test."]
ARTICLE = """\
Title: Tiny news
Date: 2020-02-01
Summary: News about {members} members.

The Bali Process has {members} members and {observers} observers.
"""


def write_data(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bali-process.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def changed_data(tmp_path: Path, change) -> Path:
    """The tiny data file with ``change`` applied to its parsed content."""
    data = yaml.safe_load(TINY_DATA)
    change(data)
    return write_data(tmp_path, yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def with_change(old: str, new: str) -> str:
    assert old in TINY_DATA
    return TINY_DATA.replace(old, new)


# Loading and deriving -----------------------------------------------------------


def test_the_bundled_data_file_loads():
    """A rule that holds for any content: the project's own data file is valid."""
    figures = load_figures(str(ROOT / "content" / "data" / "bali-process.yaml"))
    assert figures.members_total == len(figures.member_states) + len(figures.member_organisations)


def test_the_tiny_data_gives_its_figures(tmp_path):
    figures = load_figures(str(write_data(tmp_path, TINY_DATA)))
    assert figures.members_total == 4
    assert len(figures.member_states) == 3
    assert len(figures.member_organisations) == 1
    assert figures.observers_total == 5
    assert not figures.observers_complete
    assert list(figures.rcf_principles) == TINY_PRINCIPLES


def test_counts_are_derived_from_the_lists(tmp_path):
    path = changed_data(
        tmp_path,
        lambda d: d["members"]["organisations"].append("Golf Organisation"),
    )
    figures = load_figures(str(path))
    assert figures.members_total == 5
    assert figures.placeholders()["members"] == "5"
    assert figures.placeholders()["member_organisations"] == "2"


def test_a_stated_total_that_agrees_with_the_lists_is_accepted(tmp_path):
    path = changed_data(tmp_path, lambda d: d["members"].update(total=4))
    assert load_figures(str(path)).members_total == 4


def test_a_complete_observer_list_gives_the_total(tmp_path):
    def complete(data):
        data["observers"] = {"named": ["Canada", "Netherlands"]}

    figures = load_figures(str(changed_data(tmp_path, complete)))
    assert figures.observers_total == 2
    assert figures.observers_complete


def test_open_data_carries_lists_counts_date_and_source(tmp_path):
    data = load_figures(str(write_data(tmp_path, TINY_DATA))).as_open_data()
    assert data["counts"] == {
        "members": 4,
        "member_states": 3,
        "member_organisations": 1,
        "observers": 5,
        "rcf_principles": 2,
    }
    assert data["as_of"] == "2020-01-31"
    assert data["source"]["url"] == "https://example.org/source"
    assert "Alpha" in data["members"]["states"]


# Bad input: each names the file, the field and the line -------------------------


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(tmp_path / "nowhere.yaml"), "content/data/nowhere.yaml")
    assert str(error.value).startswith("content/data/nowhere.yaml: file: the data file is missing")


def test_a_syntax_error_names_the_line(tmp_path):
    alpha = "    - {name: Alpha, code: AL}\n"
    text = with_change(alpha, alpha + "   bad: [\n")
    path = write_data(tmp_path, text)
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(path), "data.yaml")
    assert re.match(r"data\.yaml:\d+: syntax: ", str(error.value)), str(error.value)
    assert error.value.line is not None


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("as_of", lambda d: d.pop("as_of")),
        ("members.states", lambda d: d["members"].update(states=[])),
        ("members.organisations", lambda d: d["members"].pop("organisations")),
        ("rcf_principles", lambda d: d.pop("rcf_principles")),
        ("source.url", lambda d: d["source"].update(url="")),
        ("observers", lambda d: d.update(observers={})),
    ],
)
def test_a_required_field_missing_or_empty_is_named(tmp_path, field, change):
    path = changed_data(tmp_path, change)
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(path), "data.yaml")
    assert f": {field}: " in str(error.value)
    assert error.value.field == field


def test_a_stated_total_that_disagrees_with_its_list_is_named(tmp_path):
    path = changed_data(tmp_path, lambda d: d["members"].update(total=50))
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(path), "data.yaml")
    message = str(error.value)
    assert re.match(r"data\.yaml:\d+: members\.total: says 50 but the lists name 3 states", message)


def test_more_observers_named_than_the_total_is_named(tmp_path):
    def more_named(data):
        data["observers"].update(total=1, named=["Echo", "Hotel"])

    path = changed_data(tmp_path, more_named)
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(path), "data.yaml")
    assert "observers.total: says 1 but 2 observers are named" in str(error.value)


def test_a_member_listed_twice_is_named_with_both_lines(tmp_path):
    path = changed_data(tmp_path, lambda d: d["members"]["states"].append("alpha"))
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(path), "data.yaml")
    message = str(error.value)
    assert re.match(r"data\.yaml:\d+: members\.states\[3\]: 'alpha' is listed twice", message)
    assert "first on line" in message


def test_a_member_both_state_and_organisation_is_named(tmp_path):
    path = changed_data(tmp_path, lambda d: d["members"]["organisations"].append("Alpha"))
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(path), "data.yaml")
    assert "members.organisations[1]: 'Alpha' is also listed under members.states" in str(
        error.value
    )


@pytest.mark.parametrize(
    ("principles", "field"),
    [
        ("promote human life and dignity", "rcf_principles"),
        ({"first": "promote human life"}, "rcf_principles"),
        (["promote human life and dignity;", ""], "rcf_principles[1]"),
        (["promote human life and dignity;", 7], "rcf_principles[1]"),
    ],
)
def test_principles_must_be_a_list_of_non_empty_text(tmp_path, principles, field):
    path = changed_data(tmp_path, lambda d: d.update(rcf_principles=principles))
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(path), "data.yaml")
    assert f": {field}: " in str(error.value)


def test_a_source_that_is_not_a_web_address_is_refused(tmp_path):
    path = changed_data(tmp_path, lambda d: d["source"].update(url="javascript:alert(1)"))
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(path), "data.yaml")
    assert re.match(r"data\.yaml:\d+: source\.url: must be a web address", str(error.value))


def test_a_field_given_twice_is_named(tmp_path):
    text = TINY_DATA + "\nas_of: 2020-01-01\n"
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(write_data(tmp_path, text)), "data.yaml")
    assert "as_of: this field is given twice" in str(error.value)


def test_an_unknown_field_is_named(tmp_path):
    path = changed_data(tmp_path, lambda d: d.update(observer_count=27))
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(path), "data.yaml")
    assert "observer_count: unknown field" in str(error.value)


# Placeholders -------------------------------------------------------------------


def test_placeholders_are_replaced_and_pelican_links_kept():
    values = {"members": "48", "observers": "27"}
    html = '<p>{members} members, {observers} observers, <a href="{filename}/x.md">x</a></p>'
    assert fill_placeholders(html, values) == (
        '<p>48 members, 27 observers, <a href="{filename}/x.md">x</a></p>',
        [],
    )


def test_unknown_placeholders_are_named_and_left_as_written():
    assert fill_placeholders("{member} and {x} and {member}", {"members": "48"}) == (
        "{member} and {x} and {member}",
        ["member", "x"],
    )


# What a tiny site shows -------------------------------------------------------------


def figures_on(page: Path) -> tuple[str, list[str]]:
    """The page's text and the RCF principles as a reader sees them."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    principles = [" ".join(item.get_text().split()) for item in soup.select(".principles li")]
    return " ".join(soup.get_text().split()), principles


@pytest.fixture(scope="module")
def tiny_publish(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tiny-publish")
    return build_tiny_site(folder, {"news/2020/tiny.md": ARTICLE}, PUBLISH_SETTINGS)


def test_every_page_carries_both_counts_and_every_principle(tiny_publish):
    pages = html_files(tiny_publish)
    assert len(pages) > 5
    for page in pages:
        text, principles = figures_on(page)
        assert re.search(r"\b4\b members", text), page
        assert re.search(r"\b5\b observers", text), page
        assert principles[:2] == TINY_PRINCIPLES, page


def test_prose_placeholders_show_the_figures(tiny_publish):
    text = (tiny_publish / "news/2020/tiny/index.html").read_text(encoding="utf-8")
    assert "{members}" not in text
    assert "The Bali Process has 4 members and 5 observers." in text
    feed = (tiny_publish / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert "News about 4 members." in feed


def test_open_data_json_is_published(tiny_publish):
    data = json.loads((tiny_publish / "data/bali-process.json").read_text(encoding="utf-8"))
    assert data["counts"]["members"] == 4
    assert data["rcf_principles"] == TINY_PRINCIPLES


def test_a_change_to_the_data_changes_every_page_in_one_build(tmp_path):
    data = with_change("  organisations:\n", "  organisations:\n    - Golf Organisation\n")
    output = build_tiny_site(
        tmp_path, {"news/2020/tiny.md": ARTICLE, "data/bali-process.yaml": data}
    )
    for page in html_files(output):
        text, _ = figures_on(page)
        assert re.search(r"\b5\b members", text), page
        assert not re.search(r"\b4\b members", text), page
    opened = json.loads((output / "data/bali-process.json").read_text(encoding="utf-8"))
    assert "Golf Organisation" in opened["members"]["organisations"]


def test_markup_in_the_data_shows_as_text_everywhere(tmp_path):
    charlie = "    - {name: Charlie, code: CL}\n"
    data = with_change(charlie, charlie + '    - {name: "<script>alert(1)</script>", code: FR}\n')
    output = build_tiny_site(
        tmp_path,
        {
            "data/bali-process.yaml": data,
            "pages/members.md": (
                "Title: Members\nSlug: members\nTemplate: members\nSummary: Who.\n\nAll.\n"
            ),
        },
    )
    members_page = (output / "members/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in members_page
    for page in html_files(output):
        assert "<script>alert" not in page.read_text(encoding="utf-8"), page
    opened = json.loads((output / "data/bali-process.json").read_text(encoding="utf-8"))
    assert "<script>alert(1)</script>" in opened["members"]["states"]


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda path: path.unlink(), r"data/bali-process\.yaml: file: the data file is missing"),
        (
            lambda path: path.write_text("as_of: [\n", encoding="utf-8"),
            r"data/bali-process\.yaml:\d+: syntax: ",
        ),
    ],
    ids=["missing", "syntax"],
)
def test_a_bad_data_file_stops_the_build_with_nothing_written(tmp_path, damage, expected):
    build_tiny_site(tmp_path, {})  # writes the files; its output is removed below
    shutil.rmtree(tmp_path / "output")
    damage(tmp_path / "content/data/bali-process.yaml")

    with pytest.raises(ContentProblems) as error:
        Pelican(tiny_settings(tmp_path)).run()
    assert re.search(expected, str(error.value)), str(error.value)
    assert not (tmp_path / "output").exists() or not any((tmp_path / "output").rglob("*"))


def test_an_unknown_placeholder_stops_the_build_naming_file_and_line(tmp_path):
    bad = ARTICLE + "\nWe have {memebers} members.\n"
    with pytest.raises(ContentProblems) as error:
        build_tiny_site(tmp_path, {"news/2020/tiny.md": bad})
    line = bad.splitlines().index("We have {memebers} members.") + 1
    assert f"news/2020/tiny.md:{line}: unknown placeholder {{memebers}}" in str(error.value)
    assert not (tmp_path / "output").exists() or not any((tmp_path / "output").rglob("*"))


def test_the_data_file_is_loaded_once_per_build(tmp_path, caplog):
    """The plugin logs one line per load; a build must show exactly one."""
    with caplog.at_level(logging.DEBUG, logger="rso_plugins.bali_process.bali_process"):
        build_tiny_site(tmp_path, {"news/2020/tiny.md": ARTICLE})
    loads = [r for r in caplog.records if "Loaded Bali Process figures" in r.getMessage()]
    assert len(loads) == 1
