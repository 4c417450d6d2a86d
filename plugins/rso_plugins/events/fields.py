"""What an editor wrote at the top of an event file, read and checked.

Pelican's reader gives the fields as text; this module turns them into dates, a time
zone, a place and a status, and names every mistake with the file, the line and what
to do (through content_problems), so `invoke check` and the build say the same thing.
`invoke new-event` checks its options by these same rules (``read_fields`` with
``COMMAND_OPTIONS``), so it refuses at once what the build would refuse later.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rso_plugins.content_problems import find_line, report_problem

# The statuses an editor may give, and how each is named on the page.
STATUSES = {
    "scheduled": "Scheduled",
    "postponed": "Postponed",
    "cancelled": "Cancelled",
    "moved online": "Moved online",
}
# Not an event's status but Pelican's: the event is left out of the site.
DRAFT = "draft"
ONLINE = "online"

# How Start: and End: are written: a day, or a day and a time (the browser editor's
# form checks the same patterns, rso_plugins.browser_editor).
DATE_FORM = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DATE_TIME_FORM = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})$")
# A Link: is a web address or an email address.
LINK_FORM = re.compile(r"^(https?://\S+|mailto:\S+@\S+)$")


@dataclass(frozen=True)
class Place:
    """Where an event happens: a venue, a city and a country, or online."""

    venue: str = ""
    city: str = ""
    country: str = ""
    online: bool = False

    @property
    def text(self) -> str:
        """The place in one line, as pages and calendars show it."""
        if self.online:
            return "Online"
        return ", ".join(part for part in (self.venue, self.city, self.country) if part)


@dataclass(frozen=True)
class EventFields:
    """An event's checked fields. ``start``/``end`` are dates (all-day events, ``end``
    the last day) or aware datetimes (timed events, ``end`` when it finishes)."""

    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime
    zone: ZoneInfo
    place: Place
    status: str
    link: str = ""

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime.datetime)

    @property
    def first_day(self) -> datetime.date:
        return self.start if self.all_day else self.start.date()

    @property
    def last_day(self) -> datetime.date:
        """The last day the event takes place, in its own time zone."""
        if self.all_day:
            return self.end
        # An event that ends at midnight does not take place on the day it ends.
        return (self.end - datetime.timedelta(microseconds=1)).date()


@dataclass(frozen=True)
class FieldNames:
    """How messages name the fields: as the lines of an event file (no ``options``), or
    as the options of the command that writes the file (``options``: field -> option)."""

    options: Mapping[str, str] | None = None
    # What to add when an event has no place.
    place_hint: str = (
        "add a City: and a Country: line (a Venue: line too when the venue is known), "
        "or 'Location: online'"
    )

    def label(self, field: str) -> str:
        """The field as it stands before its value: ``End:`` or ``--end``."""
        return self.options[field] if self.options else f"{field}:"

    def line(self, field: str, article: str = "the ") -> str:
        """Where the field is written: ``the End: line`` or ``--end``."""
        return self.options[field] if self.options else f"{article}{field}: line"

    def example(self, field: str, value: str) -> str:
        """The field written with ``value``: ``End: 2026-05-04 17:00`` or
        ``--end '2026-05-04 17:00'``."""
        return f"{self.options[field]} {value!r}" if self.options else f"{field}: {value}"


FILE_LINES = FieldNames()
COMMAND_OPTIONS = FieldNames(
    options={
        "Start": "--start",
        "End": "--end",
        "Timezone": "--timezone",
        "City": "--city",
        "Country": "--country",
        "Location": "--online",
    },
    place_hint="give --city and --country (such as --city Bali --country Indonesia), or --online",
)
Problem = Callable[[str | None, str], None]


class _Problems:
    """Collects the mistakes of one file, each placed on the line of its field."""

    def __init__(self, path: str):
        self.path = path

    def __call__(self, field: str | None, message: str) -> None:
        line = find_line(self.path, f"{field}:") if field else None
        if field and line is None:
            line = find_line(self.path, f"{field.lower()}:")
        report_problem(self.path, line, message)


def _text(metadata: Mapping[str, object], key: str) -> str:
    value = metadata.get(key.lower(), "")
    return str(value).strip() if value is not None else ""


def _parse_moment(
    value: str, field: str, problem: Problem, names: FieldNames
) -> datetime.date | datetime.datetime | None:
    """A date (2011-03-29) or a date and time (2011-03-29 09:30) as the editor wrote it."""
    timed = DATE_TIME_FORM.match(value)
    dated = timed or DATE_FORM.match(value)
    if not dated:
        problem(
            field,
            f"{names.label(field)} {value!r} is not a date; write the date as 2011-03-29, "
            f"or a date and time as 2011-03-29 09:30",
        )
        return None
    numbers = [int(part) for part in dated.groups()]
    try:
        day = datetime.date(*numbers[:3])
    except ValueError:
        problem(
            field,
            f"{names.label(field)} {value} is not a day of the calendar; "
            f"check the day and the month (year-month-day, such as 2011-03-29)",
        )
        return None
    if not timed:
        return day
    try:
        return datetime.datetime.combine(day, datetime.time(numbers[3], numbers[4]))
    except ValueError:
        problem(
            field,
            f"{names.label(field)} {value} has no such time of day; "
            f"write the time with the 24-hour clock, from 00:00 to 23:59",
        )
        return None


def names_a_place(name: str) -> bool:
    """Whether a time zone name has the form of a place (Asia/Bangkok), or is UTC;
    not an abbreviation or offset (ICT, UTC+7), which knows nothing of summer time."""
    return "/" in name or name == "UTC"


def is_time_zone_name(name: str) -> bool:
    """A place name from the time zone database (Asia/Bangkok), or UTC; not an
    abbreviation or offset (ICT, UTC+7), which knows nothing of summer time."""
    if not names_a_place(name):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _parse_zone(value: str, default: str, problem: Problem, names: FieldNames) -> ZoneInfo | None:
    name = value or default
    if is_time_zone_name(name):
        return ZoneInfo(name)
    problem(
        "Timezone",
        f"{names.label('Timezone')} {name!r} is not a time zone name; write a place "
        f"name from the time zone database, such as Asia/Bangkok (Thailand), "
        f"Asia/Makassar (Bali) or Australia/Adelaide, or leave "
        f"{names.line('Timezone')} out for {default}",
    )
    return None


def _parse_place(
    metadata: Mapping[str, object], problem: Problem, names: FieldNames
) -> Place | None:
    location = _text(metadata, "location")
    venue, city, country = (_text(metadata, key) for key in ("venue", "city", "country"))
    if location:
        if location.lower() != ONLINE:
            problem(
                "Location",
                f"Location: {location!r} is not understood; write 'Location: online' "
                f"for an event on the internet, or give the place with Venue:, City: "
                f"and Country: lines",
            )
            return None
        return Place(venue, city, country, online=True)
    if not (city or country):
        problem("Title", f"the event has no place; {names.place_hint}")
        return None
    return Place(venue, city, country)


def _parse_status(value: str, problem: Problem) -> str | None:
    status = " ".join(value.lower().split()) or "scheduled"
    if status in STATUSES or status == DRAFT:
        return status
    allowed = ", ".join(STATUSES)
    problem(
        "Status",
        f"Status: {value!r} is not an event status; write one of {allowed} "
        f"(or draft, to keep the event off the site), or leave the line out for scheduled",
    )
    return None


def _parse_link(value: str, problem: Problem) -> str | None:
    if not value or LINK_FORM.match(value):
        return value
    problem(
        "Link",
        f"Link: {value!r} is not a web address; write the full address, starting with "
        "https:// (or mailto: and an email address)",
    )
    return None


def read_fields(
    path: str,
    metadata: Mapping[str, object],
    default_zone: str,
    problem: Problem | None = None,
    names: FieldNames = FILE_LINES,
) -> EventFields | None:
    """The event's checked fields, or None after reporting every mistake in them.

    Mistakes go to ``problem(field, message)``: by default, content_problems, on the
    line of the field in the file at ``path``; ``names`` says how messages name fields.
    """
    problem = problem or _Problems(path)
    start_text, end_text = _text(metadata, "start"), _text(metadata, "end")
    start = end = None
    if not start_text:
        problem(
            "Title",
            "the event has no Start: line; add one with its first day, "
            "such as Start: 2011-03-29 (or 2011-03-29 09:30 with a time)",
        )
    else:
        start = _parse_moment(start_text, "Start", problem, names)
    if end_text:
        end = _parse_moment(end_text, "End", problem, names)
    zone = _parse_zone(_text(metadata, "timezone"), default_zone, problem, names)
    place = _parse_place(metadata, problem, names)
    status = _parse_status(_text(metadata, "status"), problem)
    link = _parse_link(_text(metadata, "link"), problem)
    if start is None or zone is None or place is None or status is None or link is None:
        return None
    if end_text and end is None:
        return None
    timed = isinstance(start, datetime.datetime)
    if end is None:
        if timed:
            problem(
                "Start",
                f"the event has a start time but no {names.line('End', article='')}; "
                f"add one such as {names.example('End', f'{start:%Y-%m-%d} 17:00')}",
            )
            return None
        end = start
    if timed != isinstance(end, datetime.datetime):
        problem(
            "End",
            f"{names.label('Start')} and {names.label('End')} must both be dates, or both "
            "dates with times; write them the same way",
        )
        return None
    if timed:
        start, end = start.replace(tzinfo=zone), end.replace(tzinfo=zone)
    if end < start:
        problem(
            "End",
            f"the event ends ({end_text}) before it starts ({start_text}); "
            f"correct {names.line('End')} (or {names.line('Start')})",
        )
        return None
    return EventFields(start, end, zone, place, status, link)
