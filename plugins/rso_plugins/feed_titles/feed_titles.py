"""Title every feed by what it carries, and give templates the same titles for links.

Pelican titles a category's feed with the category's name alone, so the news category
"Events" (``feeds/events.*``) and the events plugin's feed of the events themselves
(``feeds/event-calendar.*``) were both "… - Events", and pages offered them as "events"
and "Events". Here each feed's title is worked out once a build, from the settings that
name the feeds and the categories Pelican read, into ``FEED_SUBJECTS`` (feed path ->
what it carries, such as "news filed under Events") in the shared context. Every feed
Pelican or a plugin writes passes ``feed_generated``, which titles it "SITENAME: subject"
from that mapping; templates read the same mapping for the links that offer a feed, so a
feed and its links cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urljoin

from pelican import signals

CONTEXT_KEY = "FEED_SUBJECTS"
ALL_NEWS = "all news"
CATEGORY_NEWS = "news filed under {category}"
EVENTS = "upcoming and past events"
PUBLICATIONS = "publications"
# Setting names of the feeds, by what they carry.
ALL_NEWS_FEEDS = ("FEED_ALL_ATOM", "FEED_ALL_RSS")
CATEGORY_FEEDS = ("CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS")
EVENT_FEEDS = ("EVENTS_FEED_ATOM", "EVENTS_FEED_RSS")
PUBLICATION_FEEDS = ("PUBLICATIONS_FEED_ATOM", "PUBLICATIONS_FEED_RSS")


def feed_subjects(settings: Mapping[str, Any], categories: Iterable[Any]) -> dict[str, str]:
    """Each feed's path (as the settings name it) and what it carries."""
    subjects: dict[str, str] = {}
    for key in ALL_NEWS_FEEDS:
        if settings.get(key):
            subjects[settings[key]] = ALL_NEWS
    for category in categories:
        for key in CATEGORY_FEEDS:
            if settings.get(key):
                path = str(settings[key]).format(slug=category.slug)
                subjects[path] = CATEGORY_NEWS.format(category=category.name)
    for keys, subject in ((EVENT_FEEDS, EVENTS), (PUBLICATION_FEEDS, PUBLICATIONS)):
        for key in keys:
            if settings.get(key):
                subjects[settings[key]] = subject
    return subjects


def feed_title(sitename: str, subject: str) -> str:
    """A feed's title: the site, then what the feed carries (as the links say it)."""
    return f"{sitename}: {subject}"


def name_the_feeds(generator) -> None:
    """Once the news is read (its categories known), put the subjects in the context."""
    categories = [category for category, _articles in generator.categories]
    generator.context[CONTEXT_KEY] = feed_subjects(generator.settings, categories)


def title_the_feed(context, feed) -> None:
    """Title a feed by its subject, found by the address it is written to.

    The publications plugin names its feeds in the context only once it has run, after
    FEED_SUBJECTS was made, so the subjects are looked up in the context again here.
    """
    subjects = {**feed_subjects(context, ()), **(context.get(CONTEXT_KEY) or {})}
    domain = context.get("FEED_DOMAIN") or context.get("SITEURL") or ""
    base = domain if domain.endswith("/") else domain + "/"
    by_address = {urljoin(base, path): subject for path, subject in subjects.items()}
    subject = by_address.get(feed.feed.get("feed_url", ""))
    if subject:
        feed.feed["title"] = feed_title(context["SITENAME"], subject)


def register() -> None:
    signals.article_generator_finalized.connect(name_the_feeds)
    signals.feed_generated.connect(title_the_feed)
