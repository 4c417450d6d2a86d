"""Start an event: the file an editor fills in, in the right place, with every field.

Like `invoke new` for news: the event starts as a draft (left off the site until the
editor deletes the Status: line), dated Modified: today, which calendars use as the
time the event's details were written. The place starts as City: and Country: lines
(or 'Location: online'), which the build insists on.

The options are checked by the events plugin's own rules (``read_fields``), named as
options, so an End before the Start or an unknown time zone is refused when the
command runs, in the words the build would use, and no file is written.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

from rso_plugins.events.fields import COMMAND_OPTIONS, read_fields
from rso_plugins.events.settings import DEFAULTS as EVENTS_DEFAULTS
from rso_plugins.site_clock import build_today
from sitetools.build import ROOT
from sitetools.new_content import NotCreated, format_header, title_and_slug, write_new_file
from sitetools.settings import content_path, read_settings

logger = logging.getLogger(__name__)

EVENTS_FOLDER = "events"
PLACEHOLDER_SUMMARY = "One or two sentences that say what this event is."
PLACEHOLDER_BODY = (
    "Say what the event is for and who takes part. Use ## for headings.\n"
    "After the event, write a news article about it with an Event: line naming this "
    "event's slug.\n"
)


class EventNotCreated(NotCreated):
    """The event cannot be created; the message says why and what to do."""


def event_path(content: Path, start: str, slug: str) -> Path:
    """content/events/YYYY/slug.md: by the year the event starts."""
    return content / EVENTS_FOLDER / start[:4] / f"{slug}.md"


def check_options(fields: dict[str, str], default_zone: str) -> None:
    """Refuse, with every mistake one a line, what the events plugin would refuse in the
    file these options make (``fields``: field -> value, as the file will say)."""
    mistakes: list[str] = []
    metadata = {field.lower(): value for field, value in fields.items()}
    read_fields(
        "",
        metadata,
        default_zone,
        lambda _field, message: mistakes.append(message),
        COMMAND_OPTIONS,
    )
    if mistakes:
        raise EventNotCreated("\n".join(mistakes))


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
    fields = {"Title": title, "Start": start}
    if end:
        fields["End"] = end
    default_zone = settings.get(
        "EVENTS_DEFAULT_TIMEZONE", EVENTS_DEFAULTS["EVENTS_DEFAULT_TIMEZONE"]
    )
    fields["Timezone"] = timezone or default_zone
    if online:
        fields["Location"] = "online"
    else:
        fields.update(
            {key: value for key, value in (("City", city), ("Country", country)) if value}
        )
    check_options(fields, default_zone)
    content = content_path(root, settings)
    path = event_path(content, start, slug)
    taken = sorted((content / EVENTS_FOLDER).rglob(f"{slug}.md"))
    if path.exists() or taken:
        raise EventNotCreated(
            f"an event with the address events/{slug}/ already exists: "
            f"{path if path.exists() else taken[0]}; edit that file, or choose another title"
        )
    fields["Modified"] = (date or build_today(settings)).isoformat()
    fields["Summary"] = PLACEHOLDER_SUMMARY
    fields["Status"] = "draft"
    write_new_file(path, format_header(fields) + PLACEHOLDER_BODY, EventNotCreated)
    return path
