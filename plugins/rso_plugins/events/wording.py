"""When an event takes place, in words, in the site's style.

The site writes dates as "Tuesday, 2 April 2013"; a range says each part once where it
can: "Tuesday, 29 – Wednesday, 30 March 2011", "Monday, 28 September – Wednesday,
28 October 2015", and both years when it crosses one. Times are given in the event's
own zone, with its name and offset, since readers are in many zones.
"""

from __future__ import annotations

import datetime

from .fields import EventFields

DASH = " – "


def _day(day: datetime.date) -> str:
    return f"{day:%A}, {day.day}"


def day_text(day: datetime.date) -> str:
    """'Tuesday, 2 April 2013'."""
    return f"{_day(day)} {day:%B %Y}"


def day_range_text(first: datetime.date, last: datetime.date) -> str:
    """Two days in the site's style, saying the month and year once where they agree."""
    if first == last:
        return day_text(first)
    if first.year != last.year:
        return day_text(first) + DASH + day_text(last)
    if first.month != last.month:
        return f"{_day(first)} {first:%B}" + DASH + day_text(last)
    return _day(first) + DASH + day_text(last)


def offset_text(moment: datetime.datetime) -> str:
    """'UTC+8', 'UTC+9:30', 'UTC' for a moment in its zone."""
    offset = moment.utcoffset() or datetime.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if not minutes:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def when_text(fields: EventFields) -> str:
    """The event's dates (and times with their zone) as a reader sees them."""
    if fields.all_day:
        return day_range_text(fields.start, fields.end)
    start, end = fields.start, fields.end
    zone = f"{fields.zone.key} time, {offset_text(start)}"
    if offset_text(end) != offset_text(start):
        zone += f" to {offset_text(end)}"
    if start.date() == end.date():
        return f"{day_text(start.date())}, {start:%H:%M}–{end:%H:%M} ({zone})"
    first, last = f"{day_text(start.date())}, {start:%H:%M}", f"{day_text(end.date())}, {end:%H:%M}"
    return f"{first}{DASH}{last} ({zone})"
