"""The events plugin's settings: defaults, and one place that checks them."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Where event files are, under the content folder.
DEFAULT_PATHS = ["events"]
DEFAULTS: dict[str, Any] = {
    "EVENT_PATHS": DEFAULT_PATHS,
    "EVENT_URL": "events/{slug}/",
    "EVENT_SAVE_AS": "events/{slug}/index.html",
    # The "Add to calendar" file of each event.
    "EVENT_ICS_SAVE_AS": "events/{slug}.ics",
    "EVENTS_INDEX_URL": "events/",
    "EVENTS_INDEX_SAVE_AS": "events/index.html",
    "EVENTS_ICS_SAVE_AS": "events.ics",
    # Not feeds/events.*: that is the news category "Events".
    "EVENTS_FEED_ATOM": "feeds/event-calendar.atom.xml",
    "EVENTS_FEED_RSS": "feeds/event-calendar.rss.xml",
    # The zone of an event file without a Timezone: line.
    "EVENTS_DEFAULT_TIMEZONE": "Asia/Bangkok",
    # UIDs are SLUG@this: fixed, so a changed SITEURL never duplicates subscribers' events.
    "EVENTS_UID_DOMAIN": "rso-baliprocess.github.io",
    "HOME_UPCOMING_EVENTS": 3,
}


class EventsSettingsError(ValueError):
    """A setting of the events plugin has a value it cannot use."""


def apply_settings(settings: MutableMapping[str, Any]) -> None:
    """Fill in the defaults the site did not set, and check every value."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    for key in DEFAULTS:
        if key == "EVENT_PATHS":
            paths = settings[key]
            if not isinstance(paths, list | tuple) or not all(isinstance(p, str) for p in paths):
                raise EventsSettingsError(f"{key} must be a list of folders, not {paths!r}")
        elif key == "HOME_UPCOMING_EVENTS":
            count = settings[key]
            if not isinstance(count, int) or count < 0:
                raise EventsSettingsError(f"{key} must be a whole number, not {count!r}")
        elif not isinstance(settings[key], str) or not settings[key]:
            raise EventsSettingsError(f"{key} must be a non-empty text, not {settings[key]!r}")
    try:
        ZoneInfo(settings["EVENTS_DEFAULT_TIMEZONE"])
    except (ZoneInfoNotFoundError, ValueError):
        raise EventsSettingsError(
            f"EVENTS_DEFAULT_TIMEZONE={settings['EVENTS_DEFAULT_TIMEZONE']!r} is not a "
            "time zone name such as Asia/Bangkok"
        ) from None
