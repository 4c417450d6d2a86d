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


# (options, the one message): each mistake the events plugin would stop the build on,
# refused by the command, in the plugin's words with the options named.
BAD_OPTIONS = [
    (
        {"start": "4 May 2026", "city": "Bali"},
        "--start '4 May 2026' is not a date; write the date as 2011-03-29, "
        "or a date and time as 2011-03-29 09:30",
    ),
    (
        {"start": "2026-02-30", "city": "Bali"},
        "--start 2026-02-30 is not a day of the calendar; check the day and the month "
        "(year-month-day, such as 2011-03-29)",
    ),
    (
        {"start": "2026-05-04"},
        "the event has no place; give --city and --country (such as --city Bali "
        "--country Indonesia), or --online",
    ),
    (
        {"start": "2026-05-04", "city": "Bali", "end": "2026-05-99"},
        "--end 2026-05-99 is not a day of the calendar; check the day and the month "
        "(year-month-day, such as 2011-03-29)",
    ),
    (
        {"start": "2026-05-04", "end": "2026-05-03", "city": "Bali"},
        "the event ends (2026-05-03) before it starts (2026-05-04); correct --end (or --start)",
    ),
    (
        {"start": "2026-05-04 10:00", "end": "2026-05-04 09:00", "online": True},
        "the event ends (2026-05-04 09:00) before it starts (2026-05-04 10:00); "
        "correct --end (or --start)",
    ),
    (
        {"start": "2026-05-04", "city": "Bali", "timezone": "UTC+8"},
        "--timezone 'UTC+8' is not a time zone name; write a place name from the time zone "
        "database, such as Asia/Bangkok (Thailand), Asia/Makassar (Bali) or "
        "Australia/Adelaide, or leave --timezone out for Asia/Bangkok",
    ),
    (
        {"start": "2026-05-04", "city": "Bali", "timezone": "Asia/Makasar"},
        "--timezone 'Asia/Makasar' is not a time zone name; write a place name",
    ),
    (
        {"start": "2026-05-04 09:30", "city": "Bali"},
        "the event has a start time but no --end; add one such as --end '2026-05-04 17:00'",
    ),
    (
        {"start": "2026-05-04 09:30", "end": "2026-05-05", "city": "Bali"},
        "--start and --end must both be dates, or both dates with times; write them the same way",
    ),
]


@pytest.mark.parametrize(("arguments", "says"), BAD_OPTIONS)
def test_bad_options_are_refused_in_the_build_s_words(project, arguments, says):
    with pytest.raises(EventNotCreated) as refused:
        create_event("Workshop", root=project, **arguments)
    assert str(refused.value).startswith(says)
    assert "\n" not in str(refused.value)
    assert not (project / "content/events").exists()


def test_the_command_refuses_an_end_before_the_start_in_one_line(project):
    result = run_invoke(
        project,
        "new-event",
        "Workshop",
        "--start",
        "2026-05-04",
        "--end",
        "2026-05-03",
        "--city",
        "Bali",
        "--timezone",
        "Asia/Makassar",
    )
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "Not created: the event ends (2026-05-03) before it starts (2026-05-04); "
        "correct --end (or --start)"
    )
    assert result.stdout == ""
    assert not (project / "content/events").exists()


def test_the_command_refuses_an_unknown_time_zone(project):
    result = run_invoke(
        project,
        "new-event",
        "Workshop",
        "--start",
        "2026-05-04",
        "--city",
        "Bali",
        "--timezone",
        "UTC+8",
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Not created: --timezone 'UTC+8' is not a time zone name;")
    assert not (project / "content/events").exists()


def test_every_mistake_is_named_at_once(project):
    with pytest.raises(EventNotCreated) as refused:
        create_event("Workshop", "2026-02-30", timezone="UTC+8", root=project)
    assert [line.split(" is ")[0].split(";")[0] for line in str(refused.value).splitlines()] == [
        "--start 2026-02-30",
        "--timezone 'UTC+8'",
        "the event has no place",
    ]


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
