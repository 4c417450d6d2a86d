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
from sitetools.new_article import make_slug
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


class EventNotCreated(ValueError):
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
    title = " ".join(title.split())
    if title.startswith("-"):
        raise EventNotCreated(
            f"{title!r} looks like an option, not a title; for help run `invoke --help new-event`"
        )
    slug = make_slug(title, settings)
    if not slug:
        raise EventNotCreated(
            "the title has no letters or numbers to make an address from; give a longer title"
        )
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
    header = "".join(f"{key}: {value}\n" for key, value in fields.items())
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(header + "\n" + PLACEHOLDER_BODY)
    except FileExistsError:
        raise EventNotCreated(f"{path} already exists; edit that file instead") from None
    logger.info("Created %s", path)
    return path
