"""The Event content type: a page of Pelican content with checked event fields."""

from __future__ import annotations

import datetime

from markupsafe import Markup
from pelican.contents import Content

from .fields import STATUSES, EventFields
from .history import sequence_number
from .wording import when_text

# How a past event's status reads (cancelled and postponed read the same as before).
PAST_LABELS = {"scheduled": "Held", "moved online": "Held online"}


class Event(Content):
    """An event read from content/events by Pelican's readers.

    Its URL and file come from EVENT_URL and EVENT_SAVE_AS, as Pelican does for
    articles and pages. The fields an editor wrote are checked by ``read_fields`` and
    attached with ``attach``; templates read the attributes set there.
    """

    mandatory_properties = ("title",)
    default_template = "event"
    default_status = "scheduled"

    def __init__(self, content, metadata=None, settings=None, source_path="", context=None):
        # Pelican reads a Timezone: field as the zone of Date: and fails on an unknown
        # one before a message of ours could name the line; an event's zone is its own.
        metadata = dict(metadata or {})
        self.zone_name = str(metadata.pop("timezone", "") or "").strip()
        super().__init__(content, metadata, settings, source_path, context)

    def attach(
        self,
        fields: EventFields,
        site_url: str,
        today: datetime.date,
        committed: datetime.datetime | None = None,
    ) -> None:
        """Give the event what its pages, lists and calendars show; ``committed`` is when
        its file was last committed, if it is in git."""
        self.fields = fields
        self.when = when_text(fields)
        self.place = fields.place
        self.event_status = fields.status
        self.upcoming = fields.last_day >= today
        self.status_label = STATUSES[fields.status]
        if not self.upcoming and fields.status in PAST_LABELS:
            # "Scheduled" reads wrongly once the day has gone.
            self.status_label = PAST_LABELS[fields.status]
        self.link = fields.link
        self.all_day = fields.all_day
        self.first_day = fields.first_day
        self.last_day = fields.last_day
        self.year = fields.first_day.year
        self.ics_url = self.settings["EVENT_ICS_SAVE_AS"].format(slug=self.slug)
        self.absolute_url = f"{site_url}/{self.url}"
        self.reports: list = []
        self.last_modified = self._last_modified(committed)
        self.sequence = sequence_number(self.last_modified)
        self.stamp = self._stamp()

    def _last_modified(self, committed: datetime.datetime | None) -> datetime.datetime | None:
        """When the event was last changed: its Modified: line or its file's last commit,
        whichever is later (an editor may forget the line); None with neither."""
        moments = [
            moment.astimezone(datetime.UTC)
            for moment in (getattr(self, "modified", None), committed)
            if moment is not None
        ]
        return max(moments) if moments else None

    def _stamp(self) -> datetime.datetime:
        """When the event's details were last written (``last_modified``), else its first
        day. Calendars call it DTSTAMP; it comes from the content so builds are repeatable.
        """
        if self.last_modified is not None:
            return self.last_modified
        start = self.fields.start
        if isinstance(start, datetime.datetime):
            return start
        return datetime.datetime.combine(start, datetime.time(), tzinfo=self.fields.zone)

    @property
    def summary_text(self) -> str:
        """The summary without markup, for calendars."""
        return Markup(self.summary or "").striptags()

    @property
    def sort_key(self):
        start = self.fields.start
        moment = (
            start
            if isinstance(start, datetime.datetime)
            else datetime.datetime.combine(start, datetime.time(), tzinfo=self.fields.zone)
        )
        return (moment.astimezone(datetime.UTC), self.title)
