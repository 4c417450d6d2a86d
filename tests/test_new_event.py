"""`invoke new-event`: an event file in the right place, with every field, that the
events plugin reads once the editor has filled it in."""

from __future__ import annotations

import datetime

import pytest
from editor_project import run_invoke, tiny_project

from sitetools.new_event import PLACEHOLDER_SUMMARY, EventNotCreated, create_event
from tests.tiny_site import build_tiny_site

DAY = datetime.date(2026, 3, 9)


@pytest.fixture
def project(tmp_path):
    """A project with tiny content of its own."""
    return tiny_project(tmp_path / "site")


def test_event_has_every_field_and_is_a_draft(project):
    path = create_event(
        "Regional workshop on data",
        "2026-05-04",
        "2026-05-05",
        timezone="Asia/Makassar",
        city="Bali",
        country="Indonesia",
        root=project,
        date=DAY,
    )
    assert path == project / "content/events/2026/regional-workshop-on-data.md"
    assert path.read_text(encoding="utf-8").startswith(
        "Title: Regional workshop on data\n"
        "Start: 2026-05-04\n"
        "End: 2026-05-05\n"
        "Timezone: Asia/Makassar\n"
        "City: Bali\n"
        "Country: Indonesia\n"
        "Modified: 2026-03-09\n"
        f"Summary: {PLACEHOLDER_SUMMARY}\n"
        "Status: draft\n"
        "\n"
    )


def test_the_filled_in_event_is_published(project, tmp_path, monkeypatch):
    path = create_event(
        "Online briefing",
        "2026-05-04 10:00",
        "2026-05-04 11:30",
        online=True,
        root=project,
        date=DAY,
    )
    text = path.read_text(encoding="utf-8").replace("Status: draft\n", "")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772000000")  # 2026-02-25
    site = build_tiny_site(tmp_path / "tiny", {"events/2026/online-briefing.md": text})
    page = (site / "events" / "online-briefing" / "index.html").read_text(encoding="utf-8")
    assert "Monday, 4 May 2026, 10:00–11:30 (Asia/Bangkok time, UTC+7)" in page
    assert "Online" in page


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        ({"start": "4 May 2026", "city": "Bali"}, "is not a date; give it as 2026-05-04"),
        ({"start": "2026-02-30", "city": "Bali"}, "is not a day of the calendar"),
        ({"start": "2026-05-04"}, "say where the event is"),
        ({"start": "2026-05-04", "city": "Bali", "end": "2026-05-99"}, "--end"),
    ],
)
def test_bad_arguments_say_what_to_do(project, arguments, says):
    with pytest.raises(EventNotCreated, match=says):
        create_event("Workshop", root=project, **arguments)
    assert not (project / "content/events/2026/workshop.md").exists()


def test_the_command_never_overwrites_an_event(project):
    args = ("new-event", "Joint workshop", "--start", "2026-05-04", "--city", "Bali")
    first = run_invoke(project, *args)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "content/events/2026/joint-workshop.md"
    second = run_invoke(project, *args)
    assert second.returncode != 0
    assert "Not created: an event with the address events/joint-workshop/ already exists" in (
        second.stderr
    )
    assert "Traceback" not in second.stderr
