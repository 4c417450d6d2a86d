"""Read content/events through Pelican's readers, link events with news, write it all.

A Pelican generator, added with ``get_generators``: it runs after the articles and
pages generators have read their content (so it can link news to events) and before
anything is written (so the home page can list upcoming events and a mistake stops the
build with nothing half-published).
"""

from __future__ import annotations

import logging
import os
from itertools import groupby

from pelican.generators import Generator
from pelican.readers import SkipStub

from rso_plugins.content_problems import find_line, report_problem
from rso_plugins.site_clock import build_today

from .calendar import CalendarEntry, calendar_bytes
from .content import Event
from .fields import DRAFT, read_fields
from .history import last_commit_times
from .schema import event_json_ld

logger = logging.getLogger(__name__)

# The field in a news article that names the event (or events) it reports on.
NEWS_EVENT_FIELD = "event"


class FeedEntry:
    """An event as a feed item: dated when its details were written, saying when and where.

    Its author is the event's (Pelican's AUTHOR unless the file names one): Pelican's
    writer gives an item without one an empty ``<author><name/></author>``, which the
    W3C feed validator reports ("name should not be blank").
    """

    def __init__(self, event: Event):
        self.title = event.title
        self.url = event.url
        self.date = event.stamp
        self.author = getattr(event, "author", None) or event.settings["SITENAME"]
        when = f"<p>{event.when} · {event.place.text} · {event.status_label}</p>"
        self.summary = when + (event.summary or "")
        self._event = event

    def get_content(self, site_url: str) -> str:
        return self.summary + self._event.get_content(site_url)


class EventsGenerator(Generator):
    """Events: their pages, the events list, calendars and feeds."""

    def __init__(self, *args, **kwargs):
        self.events: list[Event] = []
        super().__init__(*args, **kwargs)

    def site_url(self) -> str:
        """The site's address for calendars and JSON-LD, which need a full one."""
        return (self.settings.get("SITEURL") or self.settings.get("FEED_DOMAIN") or "").rstrip("/")

    # Reading --------------------------------------------------------------------

    def _read(self, path: str) -> Event | None:
        try:
            event = self.readers.read_file(
                base_path=self.path, path=path, content_class=Event, context=self.context
            )
        except Exception:
            logger.exception("Could not read the event %s", path)
            self._add_failed_source_path(path)
            return None
        if isinstance(event, SkipStub):
            return None
        return event

    def generate_context(self) -> None:
        today = build_today(self.settings)
        site_url = self.site_url()
        default_zone = self.settings["EVENTS_DEFAULT_TIMEZONE"]
        by_slug: dict[str, Event] = {}
        drafts: set[str] = set()
        committed = {}
        for folder in self.settings["EVENT_PATHS"]:
            committed.update(last_commit_times(os.path.join(self.path, folder)))
        for path in sorted(self.get_files(self.settings["EVENT_PATHS"])):
            event = self._read(path)
            if event is None:
                continue
            source = event.source_path
            if not getattr(event, "title", "").strip():
                report_problem(source, 1, "the event has no title; add a Title: line first")
                continue
            fields = read_fields(
                source, {**event.metadata, "timezone": event.zone_name}, default_zone
            )
            if fields is None:
                continue
            if fields.status == DRAFT:
                drafts.add(event.slug)
                continue
            if event.slug in by_slug:
                other = by_slug[event.slug].source_path
                report_problem(
                    source,
                    find_line(source, "Title:"),
                    f"another event, {os.path.relpath(other)}, has the address "
                    f"events/{event.slug}/; give this one a different Slug: line",
                )
                continue
            event.attach(fields, site_url, today, committed.get(os.path.realpath(source)))
            event.json_ld = event_json_ld(
                event.title, event.summary_text, event.absolute_url, fields
            )
            by_slug[event.slug] = event
            self.add_source_path(event)
        self.events = sorted(by_slug.values(), key=lambda event: event.sort_key)
        self._link_news(by_slug, drafts)
        upcoming = [event for event in self.events if event.upcoming]
        past = sorted(
            (event for event in self.events if not event.upcoming),
            key=lambda event: event.sort_key,
            reverse=True,
        )
        self.context["events"] = self.events
        self.context["events_upcoming"] = upcoming
        self.context["events_past_by_year"] = [
            (year, list(group)) for year, group in groupby(past, key=lambda e: e.year)
        ]
        self.context["home_upcoming_events"] = upcoming[: self.settings["HOME_UPCOMING_EVENTS"]]
        logger.debug("Events: %s upcoming, %s past", len(upcoming), len(past))

    def _link_news(self, by_slug: dict[str, Event], drafts: set[str]) -> None:
        """Link each news article that names an event (``Event: slug``) both ways."""
        published = list(self.context.get("articles", []))
        others = list(self.context.get("drafts", [])) + list(
            self.context.get("hidden_articles", [])
        )
        for article in published + others:
            article.events = []
            names = str(article.metadata.get(NEWS_EVENT_FIELD, "") or "")
            for slug in (name.strip() for name in names.split(",")):
                if not slug or slug in drafts:
                    continue
                event = by_slug.get(slug)
                if event is None:
                    source = article.source_path
                    report_problem(
                        source,
                        find_line(source, "Event:"),
                        f"Event: no event has the slug {slug!r}; write the slug of a file "
                        f"in content/events (its file name without .md, or its Slug: line)",
                    )
                    continue
                article.events.append(event)
                if article in published:
                    event.reports.append(article)
        for event in self.events:
            event.reports.sort(key=lambda article: article.date)

    # Writing --------------------------------------------------------------------

    def _write_calendar(self, save_as: str, events: list[Event], name: str) -> None:
        entries = [
            CalendarEntry(
                uid=f"{event.slug}@{self.settings['EVENTS_UID_DOMAIN']}",
                title=event.title,
                description=event.summary_text,
                url=event.absolute_url,
                stamp=event.stamp,
                fields=event.fields,
                last_modified=event.last_modified,
                sequence=event.sequence,
            )
            for event in events
        ]
        target = os.path.join(self.output_path, save_as)
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(calendar_bytes(entries, name))
        logger.info("Writing %s", target)

    def generate_output(self, writer) -> None:
        relative = self.settings["RELATIVE_URLS"]
        for event in self.events:
            writer.write_file(
                event.save_as,
                self.get_template(event.template),
                self.context,
                event=event,
                relative_urls=relative,
                url=event.url,
            )
            self._write_calendar(event.ics_url, [event], event.title)
        writer.write_file(
            self.settings["EVENTS_INDEX_SAVE_AS"],
            self.get_template("events"),
            self.context,
            relative_urls=relative,
            url=self.settings["EVENTS_INDEX_URL"],
        )
        sitename = self.settings["SITENAME"]
        self._write_calendar(self.settings["EVENTS_ICS_SAVE_AS"], self.events, sitename)
        # Feeds: the most recently written events first, as feed readers expect.
        entries = sorted(
            (FeedEntry(event) for event in self.events),
            key=lambda entry: (entry.date, entry.title),
            reverse=True,
        )
        # A feed without entries would be dated by the clock (feedgenerator's default),
        # so the same content would not give the same bytes: no events, no feeds (and
        # base.html announces none).
        for feed_type in ("atom", "rss") if entries else ():
            path = self.settings[f"EVENTS_FEED_{feed_type.upper()}"]
            # feed_titles titles it by what it carries, as the links that offer it say.
            writer.write_feed(entries, self.context, path, path, feed_type=feed_type)
