"""Events as iCalendar (RFC 5545), written with the icalendar library.

Every value comes from the content, never from the clock, so the same events give the
same bytes, and the UID is the event's slug at a fixed domain, so a calendar that
subscribed to events.ics updates an event instead of adding it twice. A changed event
reaches calendars as a newer version: LAST-MODIFIED is when it was last changed (its
Modified: line or its file's last commit, whichever is later; see history.py), SEQUENCE
grows with it, and DTSTAMP is that moment too (else the start of its first day).

- All-day events are DATE values with an exclusive DTEND (the day after the last).
- Timed events carry their TZID, and the calendar a VTIMEZONE for each zone it uses
  (icalendar builds them from the zoneinfo database), covering the events' years.
- Cancelled events are STATUS:CANCELLED. A postponed event keeps its old dates until
  the editor gives new ones, so it is STATUS:TENTATIVE and its summary starts with
  "Postponed:": a calendar shows it, but not as a firm date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from .fields import EventFields

PRODID = "-//Regional Support Office of the Bali Process//Events//EN"
ICS_STATUS = {
    "scheduled": "CONFIRMED",
    "moved online": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}


@dataclass(frozen=True)
class CalendarEntry:
    """What a calendar needs of one event."""

    uid: str
    title: str
    description: str
    url: str
    stamp: datetime.datetime
    fields: EventFields
    last_modified: datetime.datetime | None = None
    sequence: int = 0


def _vevent(entry: CalendarEntry):
    import icalendar  # here: a site without events never loads it

    fields = entry.fields

    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", entry.stamp.astimezone(datetime.UTC))
    if entry.last_modified is not None:
        event.add("last-modified", entry.last_modified.astimezone(datetime.UTC))
    event.add("sequence", entry.sequence)
    if fields.all_day:
        event.add("dtstart", fields.start)
        event.add("dtend", fields.end + datetime.timedelta(days=1))
    else:
        event.add("dtstart", fields.start)
        event.add("dtend", fields.end)
    prefix = "Postponed: " if fields.status == "postponed" else ""
    event.add("summary", prefix + entry.title)
    if entry.description:
        event.add("description", entry.description)
    online = fields.place.online or fields.status == "moved online"
    event.add("location", "Online" if online else fields.place.text)
    event.add("url", entry.url)
    event.add("status", ICS_STATUS[fields.status])
    return event


def calendar_bytes(entries: Iterable[CalendarEntry], name: str) -> bytes:
    """One VCALENDAR holding ``entries`` (in the order given), as RFC 5545 bytes."""
    entries = list(entries)
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for entry in entries:
        calendar.add_component(_vevent(entry))
    timed = [entry.fields for entry in entries if not entry.fields.all_day]
    if timed:
        # The zones' rules for the years the events span, not 1970-2038: small files.
        first = min(fields.start.date() for fields in timed)
        last = max(fields.end.date() for fields in timed)
        calendar.add_missing_timezones(
            first_date=datetime.date(first.year, 1, 1),
            last_date=datetime.date(last.year + 1, 1, 1),
        )
    return calendar.to_ical()
