"""The events plugin on tiny sites: pages, lists, calendars read by two parsers, feeds,
the build date, and every editor's mistake with its file, line and what to do."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup

from rso_plugins.content_problems import ContentProblems
from rso_plugins.events.fields import read_fields
from rso_plugins.events.wording import day_range_text, when_text
from sitetools.build import ROOT
from tests.editor_project import git, isolate_git
from tests.tiny_site import TINY_PAGE, build_tiny_site

JS = ROOT / "tests" / "js"
# 2011-03-01 and 2011-04-15, midday in Bangkok.
BEFORE_MARCH_2011 = 1298959200
AFTER_MARCH_2011 = 1302847200

# An all-day event over a month end, in Bali's zone.
OVER_MONTH_END = """\
    Title: Conference over a month end
    Start: 2011-03-30
    End: 2011-04-01
    Timezone: Asia/Makassar
    City: Bali
    Country: Indonesia
    Modified: 2011-01-10
    Summary: Three days in Bali.

    What the conference is about.
    """
# A timed event in a zone other than Bangkok's, with daylight saving.
TIMED_ADELAIDE = """\
    Title: Timed meeting in Adelaide
    Start: 2011-04-03 09:30
    End: 2011-04-03 17:00
    Timezone: Australia/Adelaide
    Venue: Town Hall
    City: Adelaide
    Country: Australia
    Link: https://example.org/register
    Summary: A day of meetings, with a summary long enough that the calendar file
        must fold its lines at seventy-five octets.
    """
CANCELLED = """\
    Title: Cancelled workshop
    Start: 2011-03-20
    Country: Thailand
    City: Bangkok
    Status: cancelled
    Summary: This workshop will not take place.
    """
REPORT = """\
    Title: The conference is announced
    Date: 2011-02-20
    Event: conference
    Summary: What the conference will discuss.

    The announcement (dated before the builds' day, so it is published).
    """


def three_events() -> dict[str, str]:
    return {
        "events/2011/conference.md": OVER_MONTH_END,
        "events/2011/meeting.md": TIMED_ADELAIDE,
        "events/2011/workshop.md": CANCELLED,
        "news/2011/report.md": REPORT,
    }


# The home page at the site's root, as content/pages/home.md is.
HOME_PAGE = TINY_PAGE  # written to index.html


def build(tmp_path: Path, files: dict[str, str], monkeypatch, epoch: int = BEFORE_MARCH_2011):
    """Build ``files`` (and a home page) as of ``epoch``."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    return build_tiny_site(tmp_path, {"pages/home.md": HOME_PAGE, **files})


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    return build(tmp_path, three_events(), monkeypatch)


# Dates in words --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [
        ("2013-04-02", "2013-04-02", "Tuesday, 2 April 2013"),
        ("2011-03-29", "2011-03-30", "Tuesday, 29 – Wednesday, 30 March 2011"),
        ("2015-09-28", "2015-10-28", "Monday, 28 September – Wednesday, 28 October 2015"),
        ("2025-12-31", "2026-01-01", "Wednesday, 31 December 2025 – Thursday, 1 January 2026"),
    ],
)
def test_day_ranges_are_written_in_the_site_style(first, last, text):
    dates = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    assert day_range_text(*dates) == text


def test_times_are_given_with_their_zone_and_offset():
    fields = read_fields(
        "x.md",
        {
            "start": "2011-04-03 09:30",
            "end": "2011-04-03 17:00",
            "timezone": "Australia/Adelaide",
            "city": "Adelaide",
        },
        "Asia/Bangkok",
    )
    # Adelaide left daylight saving at 03:00 that morning: UTC+9:30 all day.
    assert when_text(fields) == (
        "Sunday, 3 April 2011, 09:30–17:00 (Australia/Adelaide time, UTC+9:30)"
    )


# Pages ------------------------------------------------------------------------------


def test_an_event_page_shows_dates_place_status_and_the_news_about_it(site):
    html = page(site / "events" / "conference" / "index.html")
    facts = {text_of(div.dt): text_of(div.dd) for div in html.select(".event-facts div")}
    assert facts == {
        "When": "Wednesday, 30 March – Friday, 1 April 2011",
        "Where": "Bali, Indonesia",
        "Status": "Scheduled",
    }
    assert html.h1.get_text() == "Conference over a month end"
    assert html.find("a", string="Add to calendar")["href"] == "../../events/conference.ics"
    reports = html.select("section[aria-labelledby=event-news-heading] a")
    assert [(a.get_text(), a["href"]) for a in reports] == [
        ("The conference is announced", "../../news/2011/report/")
    ]


def test_the_news_article_links_back_to_its_event(site):
    html = page(site / "news" / "2011" / "report" / "index.html")
    link = html.select_one(".about-event a")
    assert (link.get_text(), link["href"]) == (
        "Conference over a month end",
        "../../../events/conference/",
    )


def test_a_link_and_the_status_are_shown(site, tmp_path, monkeypatch):
    meeting = page(site / "events" / "meeting" / "index.html")
    assert meeting.find("a", href="https://example.org/register")
    workshop = page(site / "events" / "workshop" / "index.html")
    facts = {text_of(d.dt): text_of(d.dd) for d in workshop.select(".event-facts div")}
    assert facts["Status"] == "Cancelled"
    past = page(
        build(tmp_path / "later", three_events(), monkeypatch, AFTER_MARCH_2011)
        / "events"
        / "meeting"
        / "index.html"
    )
    assert "Held" in text_of(past.select_one(".event-facts"))
    assert facts["When"] == "Sunday, 20 March 2011"


def test_the_json_ld_describes_the_event(site):
    html = page(site / "events" / "meeting" / "index.html")
    data = json.loads(html.find("script", type="application/ld+json").string)
    assert data["@type"] == "Event"
    assert data["name"] == "Timed meeting in Adelaide"
    assert data["startDate"] == "2011-04-03T09:30:00+09:30"
    assert data["endDate"] == "2011-04-03T17:00:00+09:30"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "Town Hall",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Adelaide",
            "addressCountry": "Australia",
        },
    }
    cancelled = page(site / "events" / "workshop" / "index.html")
    data = json.loads(cancelled.find("script", type="application/ld+json").string)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["startDate"] == data["endDate"] == "2011-03-20"


def test_online_events_are_virtual_in_json_ld(tmp_path, monkeypatch):
    site = build(
        tmp_path,
        {
            "events/webinar.md": """\
                Title: Webinar
                Start: 2011-05-02
                Location: online
                Link: https://example.org/join
                Summary: Online.
                """
        },
        monkeypatch,
    )
    html = page(site / "events" / "webinar" / "index.html")
    data = json.loads(html.find("script", type="application/ld+json").string)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://example.org/join"}
    assert "Online" in text_of(html.select_one(".event-facts"))


# Upcoming and past, from SOURCE_DATE_EPOCH ------------------------------------------


def listed(site: Path, section: str) -> list[str]:
    html = page(site / "events" / "index.html")
    return [a.get_text() for a in html.select(f"#{section} h3 a, #{section} h4 a")]


def test_before_the_events_all_are_upcoming_soonest_first(site):
    assert listed(site, "upcoming") == [
        "Cancelled workshop",
        "Conference over a month end",
        "Timed meeting in Adelaide",
    ]
    assert listed(site, "past") == []
    home = page(site / "index.html")
    assert [a.get_text() for a in home.select("#upcoming-events h3 a")] == listed(site, "upcoming")


def test_after_the_events_all_are_past_by_year_and_the_home_page_lists_none(tmp_path, monkeypatch):
    site = build(tmp_path, three_events(), monkeypatch, epoch=AFTER_MARCH_2011)
    assert listed(site, "upcoming") == []
    assert listed(site, "past") == [
        "Timed meeting in Adelaide",
        "Conference over a month end",
        "Cancelled workshop",
    ]
    html = page(site / "events" / "index.html")
    assert [h.get_text() for h in html.select("#past h3")] == ["2011"]
    assert "No upcoming events" in text_of(html.select_one("#upcoming"))
    assert page(site / "index.html").select_one("#upcoming-events") is None


def test_an_event_stays_upcoming_until_its_last_day_in_bangkok(tmp_path, monkeypatch):
    # 2011-04-01 00:30 in Bangkok: the conference's last day.
    site = build(tmp_path, three_events(), monkeypatch, epoch=1301592600)
    assert listed(site, "upcoming") == [
        "Conference over a month end",
        "Timed meeting in Adelaide",
    ]


def test_the_home_page_shows_the_next_three_upcoming_events(tmp_path, monkeypatch):
    files = {
        f"events/e{day}.md": f"""\
            Title: Event on day {day}
            Start: 2011-05-{day:02d}
            City: Bangkok
            Country: Thailand
            Summary: An event.
            """
        for day in (9, 3, 7, 5)
    }
    site = build(tmp_path, files, monkeypatch)
    home = page(site / "index.html")
    assert [a.get_text() for a in home.select("#upcoming-events h3 a")] == [
        "Event on day 3",
        "Event on day 5",
        "Event on day 7",
    ]


def test_two_builds_with_the_same_date_are_identical(tmp_path, monkeypatch):
    first = build(tmp_path / "a", three_events(), monkeypatch)
    second = build(tmp_path / "b", three_events(), monkeypatch)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    different = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []
    assert Path("events.ics") in files


# Calendars ----------------------------------------------------------------------------

ICS_FILES = ["events.ics", "events/conference.ics", "events/meeting.ics", "events/workshop.ics"]


def test_calendar_files_follow_rfc_5545_line_rules(site):
    for name in ICS_FILES:
        data = (site / name).read_bytes()
        assert data.endswith(b"\r\n"), name
        lines = data.split(b"\r\n")[:-1]
        assert all(b"\n" not in line and b"\r" not in line for line in lines), name
        assert max(len(line) for line in lines) <= 75, name
    # The long summary of the meeting was folded (a continuation line starts with a space).
    assert any(line.startswith(b" ") for line in (site / "events.ics").read_bytes().split(b"\r\n"))


def utc(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=datetime.UTC)


def python_events(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_icalendar_library_reads_every_event(site):
    events = python_events(site / "events.ics")
    assert set(events) == {
        "conference@rso-baliprocess.github.io",
        "meeting@rso-baliprocess.github.io",
        "workshop@rso-baliprocess.github.io",
    }
    conference = events["conference@rso-baliprocess.github.io"]
    # All day: DATE values, the end the day after the last (exclusive), over a month end.
    assert conference.decoded("DTSTART") == datetime.date(2011, 3, 30)
    assert conference.decoded("DTEND") == datetime.date(2011, 4, 2)
    assert conference["DTSTART"].params.get("VALUE") == "DATE"
    # DTSTAMP is the Modified: date (midnight in Bangkok), not the build's clock.
    assert conference.decoded("DTSTAMP") == datetime.datetime(
        2011, 1, 9, 17, 0, tzinfo=datetime.UTC
    )
    meeting = events["meeting@rso-baliprocess.github.io"]
    start, end = meeting.decoded("DTSTART"), meeting.decoded("DTEND")
    assert meeting["DTSTART"].params["TZID"] == "Australia/Adelaide"
    assert start.astimezone(datetime.UTC) == datetime.datetime(
        2011, 4, 3, 0, 0, tzinfo=datetime.UTC
    )
    assert end.astimezone(datetime.UTC) == datetime.datetime(2011, 4, 3, 7, 30, tzinfo=datetime.UTC)
    assert str(meeting["SUMMARY"]) == "Timed meeting in Adelaide"
    assert str(meeting["LOCATION"]) == "Town Hall, Adelaide, Australia"
    assert str(events["workshop@rso-baliprocess.github.io"]["STATUS"]) == "CANCELLED"
    calendar = icalendar.Calendar.from_ical((site / "events.ics").read_bytes())
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Australia/Adelaide"]
    # Each event's own file holds that event alone, with the same UID.
    for slug in ("conference", "meeting", "workshop"):
        assert list(python_events(site / "events" / f"{slug}.ics")) == [
            f"{slug}@rso-baliprocess.github.io"
        ]


def ical_js(paths: list[Path]) -> dict[str, list[dict]]:
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "ical.js").is_dir():
        pytest.fail("node and ical.js are needed: run scripts/setup --dev (npm ci in tests/js)")
    result = subprocess.run(
        [node, str(JS / "read-ics.mjs"), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {Path(name).name: events for name, events in json.loads(result.stdout).items()}


def test_mozilla_ical_js_reads_every_event_the_same_way(site):
    parsed = ical_js([site / name for name in ICS_FILES])
    assert set(parsed) == {"events.ics", "conference.ics", "meeting.ics", "workshop.ics"}
    events = {event["uid"].split("@")[0]: event for event in parsed["events.ics"]}
    conference = events["conference"]
    assert conference["start"] == {
        "value": "2011-03-30",
        "isDate": True,
        "tzid": None,
        "unix": None,
    }
    assert conference["end"]["value"] == "2011-04-02"
    meeting = events["meeting"]
    assert meeting["start"]["tzid"] == meeting["end"]["tzid"] == "Australia/Adelaide"
    assert meeting["start"]["value"] == "2011-04-03T09:30:00"
    # ical.js finds the instant through the file's own VTIMEZONE: 09:30 at UTC+9:30.
    assert (
        meeting["start"]["unix"] == datetime.datetime(2011, 4, 3, tzinfo=datetime.UTC).timestamp()
    )
    assert meeting["end"]["unix"] - meeting["start"]["unix"] == 7.5 * 3600
    assert events["workshop"]["status"] == "CANCELLED"
    assert events["workshop"]["start"]["value"] == "2011-03-20"
    assert events["workshop"]["end"]["value"] == "2011-03-21"
    for slug in ("conference", "meeting", "workshop"):
        assert parsed[f"{slug}.ics"] == [events[slug]]


# Feeds ----------------------------------------------------------------------------------


def test_atom_and_rss_feeds_of_events_are_written_and_announced(site):
    atom = BeautifulSoup((site / "feeds/event-calendar.atom.xml").read_text(), "xml")
    rss = BeautifulSoup((site / "feeds/event-calendar.rss.xml").read_text(), "xml")
    titles = {"Cancelled workshop", "Conference over a month end", "Timed meeting in Adelaide"}
    assert {entry.title.get_text() for entry in atom.find_all("entry")} == titles
    assert {item.title.get_text() for item in rss.find_all("item")} == titles
    home = page(site / "index.html")
    alternates = {link["href"] for link in home.find_all("link", rel="alternate")}
    assert {"./feeds/event-calendar.atom.xml", "./feeds/event-calendar.rss.xml"} <= alternates
    events_page = page(site / "events" / "index.html")
    visible = {a["href"] for a in events_page.select("main .feed-links a")}
    assert visible == {
        "../events.ics",
        "../feeds/event-calendar.atom.xml",
        "../feeds/event-calendar.rss.xml",
    }


# Editors' mistakes ----------------------------------------------------------------------


def problems_of(tmp_path, monkeypatch, event_text: str, extra=None) -> list[str]:
    with pytest.raises(ContentProblems) as raised:
        build(tmp_path, {"events/bad.md": event_text, **(extra or {})}, monkeypatch)
    assert not (tmp_path / "output" / "events").exists(), "nothing is written"
    return [str(problem) for problem in raised.value.problems]


GOOD = {
    "Title": "An event",
    "Start": "2011-03-29",
    "End": "2011-03-30",
    "City": "Bali",
    "Country": "Indonesia",
    "Summary": "An event.",
}


def event_file(**changes) -> str:
    fields = {**GOOD, **changes}
    return "".join(f"{key}: {value}\n" for key, value in fields.items() if value is not None)


@pytest.mark.parametrize(
    ("changes", "line", "says"),
    [
        ({"End": "2011-03-28"}, 3, "ends (2011-03-28) before it starts (2011-03-29)"),
        ({"Timezone": "UTC+8"}, 7, "'UTC+8' is not a time zone name; write a place name"),
        ({"Timezone": "Bali/Nusa_Dua"}, 7, "such as Asia/Bangkok"),
        ({"Start": "2011-02-30"}, 2, "2011-02-30 is not a day of the calendar"),
        ({"Start": "29 March 2011"}, 2, "write the date as 2011-03-29"),
        ({"City": None, "Country": None}, 1, "the event has no place; add a City: and a Country:"),
        ({"Location": "Bangkok"}, 7, "write 'Location: online'"),
        ({"Status": "delayed"}, 7, "write one of scheduled, postponed, cancelled, moved online"),
        ({"Start": "2011-03-29 09:00"}, 3, "must both be dates, or both dates with times"),
        ({"Start": "2011-03-29 09:00", "End": None}, 2, "no End: line"),
        ({"Start": None}, 1, "no Start: line"),
        ({"Link": "www.example.org"}, 7, "not a web address; write the full address"),
    ],
)
def test_each_mistake_names_the_file_line_and_what_to_do(
    tmp_path, monkeypatch, changes, line, says
):
    problems = problems_of(tmp_path, monkeypatch, event_file(**changes))
    assert len(problems) == 1, problems
    where, message = problems[0].split(": ", 1)
    assert where.endswith(f"events/bad.md:{line}")
    assert says in message


def test_a_news_article_naming_an_unknown_event_is_a_mistake(tmp_path, monkeypatch):
    article = REPORT.replace("Event: conference", "Event: confrence")
    problems = problems_of(tmp_path, monkeypatch, event_file(), {"news/2011/report.md": article})
    assert len(problems) == 1
    assert "news/2011/report.md:3: Event: no event has the slug 'confrence'" in problems[0]


def test_every_mistake_of_a_file_is_named_at_once(tmp_path, monkeypatch):
    problems = problems_of(
        tmp_path, monkeypatch, event_file(Start="2011-13-01", Timezone="Mars", Status="maybe")
    )
    assert len(problems) == 3


def test_a_draft_event_is_left_out(tmp_path, monkeypatch):
    site = build(tmp_path, {"events/bad.md": event_file(Status="draft")}, monkeypatch)
    assert not (site / "events" / "bad").exists()
    assert b"BEGIN:VEVENT" not in (site / "events.ics").read_bytes()


# The real content, by rules that hold for any content -----------------------------------


def test_both_parsers_read_every_calendar_of_the_site(publish_build):
    """Every .ics the site publishes parses, and the full calendar holds each event's."""
    files = sorted(publish_build.rglob("*.ics"))
    assert publish_build / "events.ics" in files
    by_js = ical_js(files)
    every = python_events(publish_build / "events.ics")
    for path in files:
        events = python_events(path)
        assert all(event.get("DTSTART") and event.get("DTSTAMP") for event in events.values())
        assert len(by_js[path.name]) == len(events), path
        if path.name != "events.ics":
            assert len(events) == 1, path
            assert set(events) <= set(every), path
    assert len(every) == len(files) - 1


# Calendars notice changes ------------------------------------------------------------


def minutes_since_2000(moment: datetime.datetime) -> int:
    return int((moment - datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)).total_seconds() // 60)


def test_an_event_carries_its_modified_date_and_a_sequence_from_it(site):
    events = python_events(site / "events.ics")
    conference = events["conference@rso-baliprocess.github.io"]
    changed = datetime.datetime(2011, 1, 9, 17, 0, tzinfo=datetime.UTC)  # Modified: 2011-01-10
    assert conference.decoded("LAST-MODIFIED") == changed
    assert conference.decoded("SEQUENCE") == minutes_since_2000(changed)
    # An event with no Modified: line and no history: the first version, as is.
    meeting = events["meeting@rso-baliprocess.github.io"]
    assert "LAST-MODIFIED" not in meeting
    assert meeting.decoded("SEQUENCE") == 0


def commit_all(folder: Path, message: str, when: str, monkeypatch) -> None:
    monkeypatch.setenv("GIT_AUTHOR_DATE", when)
    monkeypatch.setenv("GIT_COMMITTER_DATE", when)
    git(folder, "add", "content")
    git(folder, "commit", "--quiet", "-m", message)


def by_slug(parsed: list[dict]) -> dict[str, dict]:
    return {event["uid"].split("@")[0]: event for event in parsed}


@pytest.fixture
def history(tmp_path, monkeypatch) -> Path:
    """A tiny site in git: the three events committed on 1 February 2011."""
    isolate_git(monkeypatch, tmp_path / "home")
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    build(tmp_path, three_events(), monkeypatch)
    commit_all(tmp_path, "Three events", "2011-02-01T10:00:00+07:00", monkeypatch)
    return tmp_path


def test_an_edited_event_reaches_a_calendar_as_a_newer_version(history, monkeypatch):
    before = by_slug(
        ical_js([build(history, three_events(), monkeypatch) / "events.ics"])["events.ics"]
    )
    # The committed file counts, and is later than the conference's Modified: line.
    assert before["conference"]["lastModified"] == "2011-02-01T03:00:00Z"
    assert before["meeting"]["lastModified"] == "2011-02-01T03:00:00Z"
    moved = TIMED_ADELAIDE.replace("End: 2011-04-03 17:00", "End: 2011-04-03 18:00")
    files = {**three_events(), "events/2011/meeting.md": moved}
    build(history, files, monkeypatch)
    commit_all(history, "The meeting ends later", "2011-02-20T09:00:00+07:00", monkeypatch)
    output = build(history, files, monkeypatch)
    parsed = ical_js([output / "events.ics", output / "events" / "meeting.ics"])
    after = by_slug(parsed["events.ics"])
    assert after["meeting"]["lastModified"] == "2011-02-20T02:00:00Z"
    assert after["meeting"]["sequence"] > before["meeting"]["sequence"]
    assert after["meeting"]["dtstamp"] > before["meeting"]["dtstamp"]
    assert after["meeting"]["end"]["value"] == "2011-04-03T18:00:00"
    assert parsed["meeting.ics"] == [after["meeting"]]
    # Events that did not change keep their version, so calendars leave them alone.
    for slug in ("conference", "workshop"):
        assert after[slug] == before[slug]


def test_the_same_history_builds_the_same_calendars(history, monkeypatch, tmp_path_factory):
    first = (build(history, three_events(), monkeypatch) / "events.ics").read_bytes()
    assert b"LAST-MODIFIED:20110201T030000Z" in first
    assert first == (build(history, three_events(), monkeypatch) / "events.ics").read_bytes()


def test_a_shallow_clone_does_not_make_old_events_look_changed(history, monkeypatch, tmp_path):
    """CI clones only the newest commits: a file last changed before them shows up in
    the clone's oldest commit, which would make every event look changed each time."""
    report = REPORT.replace("The announcement", "The corrected announcement")
    files = {**three_events(), "news/2011/report.md": report}
    build(history, files, monkeypatch)
    commit_all(history, "A news correction", "2011-02-10T09:00:00+07:00", monkeypatch)
    moved = TIMED_ADELAIDE.replace("End: 2011-04-03 17:00", "End: 2011-04-03 18:00")
    files["events/2011/meeting.md"] = moved
    build(history, files, monkeypatch)
    commit_all(history, "The meeting ends later", "2011-02-20T09:00:00+07:00", monkeypatch)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth=2", history.as_uri(), str(clone))
    events = python_events(build(clone, files, monkeypatch) / "events.ics")
    meeting = events["meeting@rso-baliprocess.github.io"]
    assert meeting.decoded("LAST-MODIFIED") == datetime.datetime(
        2011, 2, 20, 2, 0, tzinfo=datetime.UTC
    )
    # The workshop was last changed before the clone's oldest commit: no date is made up.
    assert "LAST-MODIFIED" not in events["workshop@rso-baliprocess.github.io"]
    assert events["conference@rso-baliprocess.github.io"].decoded("LAST-MODIFIED") == (
        datetime.datetime(2011, 1, 9, 17, 0, tzinfo=datetime.UTC)
    )
