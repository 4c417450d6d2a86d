"""The Bali Process data plugin: loading, deriving, bad input, and the built site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bali_process import BaliProcessDataError, load_figures
from bali_process.placeholders import UnknownPlaceholder, fill_placeholders
from bs4 import BeautifulSoup

from sitetools.build import PUBLISH_SETTINGS, ROOT, BuildFailed, build_site
from tests.site_reading import SPEC, html_files

DATA_FILE = ROOT / "content" / "data" / "bali-process.yaml"
SEED = SPEC / "rso-home-2015.txt"


def seed_principles() -> list[str]:
    """The eight RCF principles exactly as the original page gives them."""
    text = SEED.read_text(encoding="utf-8")
    return [line.strip().lstrip("•").strip() for line in text.splitlines() if "•" in line]


def write_data(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bali-process.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def changed_data(tmp_path: Path, change) -> Path:
    """The real data file with ``change`` applied to its parsed content."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    change(data)
    return write_data(tmp_path, yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


# Loading and deriving -----------------------------------------------------------


def test_the_bundled_data_gives_the_seed_figures():
    figures = load_figures(str(DATA_FILE))
    assert figures.members_total == 48
    assert len(figures.member_states) == 45
    assert len(figures.member_organisations) == 3
    assert figures.observers_total == 27
    assert not figures.observers_complete
    assert list(figures.rcf_principles) == seed_principles()
    assert len(figures.rcf_principles) == 8


def test_counts_are_derived_from_the_lists(tmp_path):
    path = changed_data(
        tmp_path,
        lambda d: d["members"]["organisations"].append("International Labour Organization (ILO)"),
    )
    figures = load_figures(str(path))
    assert figures.members_total == 49
    assert figures.placeholders()["members"] == "49"
    assert figures.placeholders()["member_organisations"] == "4"


def test_a_stated_total_that_agrees_with_the_lists_is_accepted(tmp_path):
    path = changed_data(tmp_path, lambda d: d["members"].update(total=48))
    assert load_figures(str(path)).members_total == 48


def test_a_complete_observer_list_gives_the_total(tmp_path):
    def complete(data):
        data["observers"] = {"named": ["Canada", "Netherlands"]}

    figures = load_figures(str(changed_data(tmp_path, complete)))
    assert figures.observers_total == 2
    assert figures.observers_complete


def test_open_data_carries_lists_counts_date_and_source():
    data = load_figures(str(DATA_FILE)).as_open_data()
    assert data["counts"] == {
        "members": 48,
        "member_states": 45,
        "member_organisations": 3,
        "observers": 27,
        "rcf_principles": 8,
    }
    assert data["as_of"] == "2015-12-04"
    assert data["source"]["url"].startswith("https://")
    assert "Afghanistan" in data["members"]["states"]


# Bad input: each names the file, the field and the line -------------------------


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(tmp_path / "nowhere.yaml"), "content/data/nowhere.yaml")
    assert str(error.value).startswith("content/data/nowhere.yaml: file: the data file is missing")


def test_a_syntax_error_names_the_line(tmp_path):
    text = DATA_FILE.read_text(encoding="utf-8").replace(
        "    - Australia\n", "    - Australia\n   bad: [\n", 1
    )
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
    assert re.match(
        r"data\.yaml:\d+: members\.total: says 50 but the lists name 45 states", message
    )


def test_more_observers_named_than_the_total_is_named(tmp_path):
    path = changed_data(tmp_path, lambda d: d["observers"].update(total=3))
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(path), "data.yaml")
    assert "observers.total: says 3 but 5 observers are named" in str(error.value)


def test_a_member_listed_twice_is_named_with_both_lines(tmp_path):
    path = changed_data(tmp_path, lambda d: d["members"]["states"].append("japan"))
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(path), "data.yaml")
    message = str(error.value)
    assert re.match(r"data\.yaml:\d+: members\.states\[45\]: 'japan' is listed twice", message)
    assert "first on line" in message


def test_a_member_both_state_and_organisation_is_named(tmp_path):
    path = changed_data(tmp_path, lambda d: d["members"]["organisations"].append("Japan"))
    with pytest.raises(BaliProcessDataError) as error:
        load_figures(str(path), "data.yaml")
    assert "members.organisations[3]: 'Japan' is also listed under members.states" in str(
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
    text = DATA_FILE.read_text(encoding="utf-8") + "\nas_of: 2020-01-01\n"
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
        '<p>48 members, 27 observers, <a href="{filename}/x.md">x</a></p>'
    )


def test_an_unknown_placeholder_is_refused():
    with pytest.raises(UnknownPlaceholder, match=r"unknown placeholder \{member\}; use one of"):
        fill_placeholders("{member}", {"members": "48"})


# The built site -------------------------------------------------------------------


def figures_on(page: Path) -> tuple[str, list[str]]:
    """The figures block text and the RCF principles as a reader sees them."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    principles = [" ".join(item.get_text().split()) for item in soup.select(".principles li")]
    return " ".join(soup.get_text().split()), principles


def test_every_page_carries_both_counts_and_all_eight_principles(publish_build):
    expected = seed_principles()
    pages = html_files(publish_build)
    assert len(pages) > 30
    for page in pages:
        text, principles = figures_on(page)
        assert re.search(r"\b48\b members", text), page
        assert re.search(r"\b27\b observers", text), page
        assert principles[: len(expected)] == expected, page


def test_prose_placeholders_show_the_figures(publish_build):
    text = (publish_build / "bali-process" / "index.html").read_text(encoding="utf-8")
    assert "{members}" not in text
    assert "48 members" in text


def test_open_data_json_is_published(publish_build):
    data = json.loads((publish_build / "data" / "bali-process.json").read_text(encoding="utf-8"))
    assert data["counts"]["members"] == 48
    assert data["rcf_principles"] == seed_principles()


def test_a_change_to_the_data_changes_every_page_in_one_build(site_copy, tmp_path):
    data_file = site_copy / "content" / "data" / "bali-process.yaml"
    data_file.write_text(
        data_file.read_text(encoding="utf-8").replace(
            "    - United Nations Office on Drugs and Crime (UNODC)\n",
            "    - United Nations Office on Drugs and Crime (UNODC)\n"
            "    - International Labour Organization (ILO)\n",
        ),
        encoding="utf-8",
    )
    output = tmp_path / "output"
    build_site(PUBLISH_SETTINGS, output, root=site_copy, quiet=True)
    for page in html_files(output):
        text, _ = figures_on(page)
        assert re.search(r"\b49\b members", text), page
        assert not re.search(r"\b48\b members", text), page
    data = json.loads((output / "data" / "bali-process.json").read_text(encoding="utf-8"))
    assert data["counts"]["members"] == 49
    assert "International Labour Organization (ILO)" in data["members"]["organisations"]
    members_page = (output / "members" / "index.html").read_text(encoding="utf-8")
    assert "International Labour Organization (ILO)" in members_page


def test_markup_in_the_data_shows_as_text_everywhere(site_copy, tmp_path):
    data_file = site_copy / "content" / "data" / "bali-process.yaml"
    data_file.write_text(
        data_file.read_text(encoding="utf-8").replace(
            "    - Viet Nam\n", "    - Viet Nam\n    - <script>alert(1)</script>\n"
        ),
        encoding="utf-8",
    )
    output = tmp_path / "output"
    build_site(PUBLISH_SETTINGS, output, root=site_copy, quiet=True)
    members_page = (output / "members" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in members_page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in members_page
    for page in html_files(output):
        assert "<script>alert" not in page.read_text(encoding="utf-8"), page
    data = json.loads((output / "data" / "bali-process.json").read_text(encoding="utf-8"))
    assert "<script>alert(1)</script>" in data["members"]["states"]


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (
            lambda path: path.unlink(),
            r"content/data/bali-process\.yaml: file: the data file is missing",
        ),
        (
            lambda path: path.write_text("as_of: [\n", encoding="utf-8"),
            r"content/data/bali-process\.yaml:\d+: syntax: ",
        ),
    ],
    ids=["missing", "syntax"],
)
def test_a_bad_data_file_stops_the_build_with_nothing_written(
    site_copy, tmp_path, damage, expected
):
    damage(site_copy / "content" / "data" / "bali-process.yaml")
    output = tmp_path / "output"
    with pytest.raises(BuildFailed) as error:
        build_site(PUBLISH_SETTINGS, output, root=site_copy, quiet=True)
    assert re.search(expected, str(error.value)), str(error.value)
    assert not output.exists() or not any(output.rglob("*"))


def test_an_unknown_placeholder_stops_the_build_naming_file_and_line(site_copy, tmp_path):
    page = site_copy / "content" / "pages" / "about.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.append("")
    lines.append("We have {memebers} members.")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = tmp_path / "output"
    with pytest.raises(BuildFailed) as error:
        build_site(PUBLISH_SETTINGS, output, root=site_copy, quiet=True)
    message = str(error.value)
    assert f"content/pages/about.md:{len(lines)}: unknown placeholder {{memebers}}" in message
    assert not output.exists() or not any(output.rglob("*"))


def test_the_data_file_is_loaded_once_per_build(site_copy, tmp_path):
    """The plugin logs one line per load; a build must show exactly one."""
    output = tmp_path / "output"
    result = build_site(PUBLISH_SETTINGS, output, root=site_copy, quiet=True, extra=["--debug"])
    assert (result.stdout + result.stderr).count("Loaded Bali Process figures") == 1


def test_the_benchmark_reports_the_plugins_share_of_a_build():
    import contextlib
    import io

    from bench.plugin_cost import main

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main([]) == 0
    match = re.search(
        r"bali_process plugin: ([\d.]+) ms a build, ([\d.]+)% of the build", printed.getvalue()
    )
    assert match, printed.getvalue()
    assert float(match.group(1)) > 0
    assert 0 < float(match.group(2)) < 100
