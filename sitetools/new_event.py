"""Start an event: the file an editor fills in, in the right place, with every field.

Like `invoke new` for news: the event starts as a draft (left off the site until the
editor deletes the Status: line), dated Modified: today, which calendars use as the
time the event's details were written. The place starts as City: and Country: lines
(or 'Location: online'), which the build insists on.
"""

from __future__ import annotations

import datetime
import logging
import re
from pathlib import Path

from rso_plugins.site_clock import build_today
from sitetools.build import ROOT
from sitetools.new_content import NotCreated, format_header, title_and_slug, write_new_file
from sitetools.settings import content_path, read_settings

logger = logging.getLogger(__name__)

EVENTS_FOLDER = "events"
DEFAULT_TIMEZONE = "Asia/Bangkok"
PLACEHOLDER_SUMMARY = "One or two sentences that say what this event is."
PLACEHOLDER_BODY = (
    "Say what the event is for and who takes part. Use ## for headings.\n"
    "After the event, write a news article about it with an Event: line naming this "
    "event's slug.\n"
)
_DATE_OR_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$")


class EventNotCreated(NotCreated):
    """The event cannot be created; the message says why and what to do."""


def event_path(content: Path, start: str, slug: str) -> Path:
    """content/events/YYYY/slug.md: by the year the event starts."""
    return content / EVENTS_FOLDER / start[:4] / f"{slug}.md"


def _check_moment(name: str, value: str) -> None:
    if not _DATE_OR_TIME.match(value):
        raise EventNotCreated(
            f"--{name} {value!r} is not a date; give it as 2026-05-04, "
            f"or with a time as '2026-05-04 09:30'"
        )
    try:
        datetime.datetime.fromisoformat(value)
    except ValueError:
        raise EventNotCreated(f"--{name} {value} is not a day of the calendar") from None


def create_event(
    title: str,
    start: str,
    end: str = "",
    timezone: str = "",
    city: str = "",
    country: str = "",
    online: bool = False,
    root: Path = ROOT,
    date: datetime.date | None = None,
) -> Path:
    """Write a draft event for ``title`` and return its path; never overwrite a file."""
    settings = read_settings(root)
    title, slug = title_and_slug(title, settings, "invoke --help new-event", EventNotCreated)
    if not (online or city or country):
        raise EventNotCreated(
            "say where the event is: --city and --country (such as --city Bali "
            "--country Indonesia), or --online"
        )
    _check_moment("start", start)
    if end:
        _check_moment("end", end)
    content = content_path(root, settings)
    path = event_path(content, start, slug)
    taken = sorted((content / EVENTS_FOLDER).rglob(f"{slug}.md"))
    if path.exists() or taken:
        raise EventNotCreated(
            f"an event with the address events/{slug}/ already exists: "
            f"{path if path.exists() else taken[0]}; edit that file, or choose another title"
        )
    fields = {"Title": title, "Start": start}
    if end:
        fields["End"] = end
    fields["Timezone"] = timezone or settings.get("EVENTS_DEFAULT_TIMEZONE", DEFAULT_TIMEZONE)
    if online:
        fields["Location"] = "online"
    else:
        fields.update(
            {key: value for key, value in (("City", city), ("Country", country)) if value}
        )
    fields["Modified"] = (date or build_today(settings)).isoformat()
    fields["Summary"] = PLACEHOLDER_SUMMARY
    fields["Status"] = "draft"
    write_new_file(path, format_header(fields) + PLACEHOLDER_BODY, EventNotCreated)
    return path
