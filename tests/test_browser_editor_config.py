"""The editor's forms say what the build says: generated from the plugins' own rules.

editor.json is made in each build from the plugins' lists and patterns; these tests hold
the two side by side, so a rule changed in a plugin and not in the forms (or the other
way round) turns a test red.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from rso_plugins.browser_editor import editor_settings
from rso_plugins.browser_editor.editor_config import SLUG_MAX_LENGTH
from rso_plugins.browser_editor.js_rules import UntranslatablePattern, js_regex
from rso_plugins.content_problems import ContentProblems
from rso_plugins.content_rules.content_rules import ARTICLE_FIELDS
from rso_plugins.events.fields import DRAFT, LINK_FORM, STATUSES
from rso_plugins.publications.model import DEFAULT_TYPES, LANGUAGE_TAG, REQUIRED_FIELDS
from sitetools.build import ROOT
from sitetools.new_content import MAX_SLUG_LENGTH
from sitetools.settings import read_settings
from tests.tiny_site import build_tiny_site

FULL_ARTICLE = {
    "Title": "A complete story",
    "Date": "2020-03-01",
    "Category": "News",
    "Tags": "tiny",
    "Slug": "{slug}",
    "Summary": "A story with every field.",
}


@pytest.fixture(scope="module")
def settings():
    return read_settings(ROOT)


@pytest.fixture(scope="module")
def config(settings):
    return editor_settings(settings, {"members": "3"})


def collection(config, name: str) -> dict:
    return next(c for c in config["cms"]["collections"] if c["name"] == name)


def fields(config, name: str) -> dict[str, dict]:
    return {f["name"]: f for f in collection(config, name)["fields"]}


def test_the_choices_are_the_plugins_lists(config, settings):
    assert fields(config, "news")["category"]["options"] == list(settings["ALLOWED_CATEGORIES"])
    assert fields(config, "publications")["type"]["options"] == list(
        settings.get("PUBLICATION_TYPES", DEFAULT_TYPES)
    )
    statuses = [option["value"] for option in fields(config, "events")["status"]["options"]]
    assert statuses == [*STATUSES, DRAFT]
    assert SLUG_MAX_LENGTH == MAX_SLUG_LENGTH


def test_required_fields_are_the_plugins_required_fields(config, settings):
    news = {name for name, f in fields(config, "news").items() if f.get("required")}
    defaulted = {"category"} if settings.get("DEFAULT_CATEGORY") else set()
    assert news - {"slug"} == set(ARTICLE_FIELDS) - defaulted
    publications = {name for name, f in fields(config, "publications").items() if f.get("required")}
    assert set(REQUIRED_FIELDS) <= publications


def article(leave_out: str) -> str:
    slug = f"without-{leave_out.lower()}"
    lines = [f"{k}: {v.format(slug=slug)}" for k, v in FULL_ARTICLE.items() if k != leave_out]
    return "\n".join(lines) + "\n\nText.\n"


def test_the_build_refuses_exactly_the_articles_the_form_refuses(tmp_path, config):
    """An article missing a field the form requires stops the build; one missing a field
    the form leaves optional does not."""
    required = {f["name"] for f in fields(config, "news").values() if f.get("required")}
    files = {f"news/2020/{key.lower()}.md": article(key) for key in FULL_ARTICLE}
    with pytest.raises(ContentProblems) as stopped:
        build_tiny_site(tmp_path, files, allow_warnings=True)
    refused = {problem.path.rsplit("/", 1)[-1][:-3] for problem in stopped.value.problems}
    # Slug is required in the form because the form names the file after it; the build
    # takes a missing Slug from the file's name.
    assert refused == required - {"slug"}


@pytest.mark.parametrize(
    ("regex", "good", "bad"),
    [
        (LINK_FORM, ["https://example.org/x", "mailto:a@example.org"], ["www.example.org", ""]),
        (LANGUAGE_TAG, ["en", "id", "zh-Hans"], ["EN", "english", "e"]),
    ],
)
def test_field_patterns_accept_what_the_plugins_accept(admin_node, regex, good, bad):
    pattern = js_regex(regex)
    results = admin_node(pattern, [*good, *bad])
    assert results == [bool(regex.match(value)) for value in [*good, *bad]]
    assert results == [True] * len(good) + [False] * len(bad)


@pytest.fixture
def admin_node():
    """Test values against a pattern in Node, as the form's browser would."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed: run scripts/setup --dev")

    def test(pattern: dict, values: list[str]) -> list[bool]:
        script = (
            "const [p, values] = JSON.parse(process.argv[1]);"
            "const r = new RegExp(p.source, p.flags);"
            "console.log(JSON.stringify(values.map((v) => r.test(v))));"
        )
        result = subprocess.run(
            [node, "-e", script, json.dumps([pattern, values])],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(result.stdout)

    return test


def test_python_patterns_are_translated_or_refused():
    assert js_regex(re.compile(r"(?P<alt>a)(?P=alt)\Z")) == {
        "source": r"(?<alt>a)\k<alt>$",
        "flags": "",
    }
    assert js_regex(re.compile("x", re.IGNORECASE | re.DOTALL))["flags"] == "is"
    with pytest.raises(UntranslatablePattern):
        js_regex(r"(?x) a b")
