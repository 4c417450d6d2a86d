"""Feeds: what a feed reader sees in the published site."""

from __future__ import annotations

import datetime
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest

from sitetools.build import PUBLISH_SETTINGS, ROOT
from sitetools.settings import read_settings
from tests.site_reading import SITEURL, html_files, published_articles, soup_of
from tests.tiny_site import TINY_ARTICLE, build_tiny_site

ARTICLES = published_articles()
CATEGORIES = sorted({(f["category_slug"], f["category"]) for f in ARTICLES})
FEEDS = [("all", None)] + [(slug, category) for slug, category in CATEGORIES]
BANGKOK = datetime.timezone(datetime.timedelta(hours=7))


def expected_entries(category: str | None) -> list[dict[str, str]]:
    """The newest FEED_MAX_ITEMS articles in the feed's scope."""
    scope = [f for f in ARTICLES if category is None or f["category"] == category]
    newest_first = sorted(scope, key=lambda f: f["date"], reverse=True)
    return newest_first[: read_settings(ROOT, PUBLISH_SETTINGS)["FEED_MAX_ITEMS"]]


@pytest.mark.parametrize("kind", ["atom", "rss"])
@pytest.mark.parametrize(("name", "category"), FEEDS, ids=[n for n, _ in FEEDS])
def test_each_feed_parses_with_the_newest_articles(publish_build, kind, name, category):
    path = publish_build / "feeds" / f"{name}.{kind}.xml"
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    expected = expected_entries(category)
    assert len(feed.entries) == len(expected)
    assert {entry.title for entry in feed.entries} == {f["title"] for f in expected}
    assert feed.feed.title.startswith("Regional Support Office of the Bali Process")
    assert feed.feed.get("subtitle") or feed.feed.get("description")
    for entry in feed.entries:
        assert entry.link.startswith(SITEURL + "/news/"), entry.link
        assert entry.get("summary")


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_feed_dates_are_the_articles_dates_in_bangkok(publish_build, kind):
    feed = feedparser.parse((publish_build / "feeds" / f"all.{kind}.xml").read_bytes())
    by_title = {f["title"]: f for f in ARTICLES}
    for entry in feed.entries:
        raw = entry.get("published") or entry.get("updated")
        date = datetime.datetime.fromisoformat(raw) if kind == "atom" else None
        if kind == "rss":
            date = datetime.datetime.strptime(raw, "%a, %d %b %Y %H:%M:%S %z")
        assert date.utcoffset() == datetime.timedelta(hours=7), raw
        expected = datetime.date.fromisoformat(by_title[entry.title]["date"][:10])
        assert date.astimezone(BANGKOK).date() == expected


def test_rss_guids_are_permalinks(publish_build):
    tree = ElementTree.parse(publish_build / "feeds" / "all.rss.xml")
    items = tree.findall("./channel/item")
    assert items
    for item in items:
        guid = item.find("guid")
        link = item.find("link").text
        permalink = guid.get("isPermaLink", "true") == "true"
        assert (permalink and guid.text == link) or guid.get("isPermaLink") == "false"
        assert guid.text.startswith(SITEURL + "/") or guid.get("isPermaLink") == "false"
    channel_description = tree.find("./channel/description").text
    assert channel_description and channel_description.strip()


def test_every_page_announces_the_feeds(publish_build):
    for page in html_files(publish_build):
        links = soup_of(page).select('head link[rel="alternate"]')
        types = {link["type"] for link in links}
        assert {"application/atom+xml", "application/rss+xml"} <= types, page
        for link in links:
            assert link["href"].startswith(SITEURL + "/feeds/"), page


@pytest.mark.parametrize(
    "page", ["news/index.html", "news/category/events/index.html", "index.html"]
)
def test_news_pages_link_to_feeds_visibly(publish_build, page):
    main = soup_of(publish_build / page).find("main")
    hrefs = {a["href"] for a in main.find_all("a")}
    assert f"{SITEURL}/feeds/all.atom.xml" in hrefs
    assert f"{SITEURL}/feeds/all.rss.xml" in hrefs


def test_a_category_page_offers_its_own_feeds(publish_build):
    main = soup_of(publish_build / "news" / "category" / "events" / "index.html").find("main")
    hrefs = {a["href"] for a in main.find_all("a")}
    assert f"{SITEURL}/feeds/events.atom.xml" in hrefs
    assert f"{SITEURL}/feeds/events.rss.xml" in hrefs


def test_a_feed_carries_only_the_newest_articles(tmp_path):
    stories = {
        f"news/2020/story-{n}.md": TINY_ARTICLE.replace("2020-02-01", f"2020-02-{n:02d}")
        .replace("a-first-tiny-story", f"story-{n}")
        .replace("A first tiny story", f"Story {n}")
        for n in range(1, 6)
    }

    output = build_tiny_site(tmp_path, stories, PUBLISH_SETTINGS, FEED_MAX_ITEMS=3)

    feed = (output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert [f"Story {n}" in feed for n in range(1, 6)] == [False, False, True, True, True]


# What the W3C Feed Validator checks, and what a reader reads in a feed list ----------

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_KINDS = {"atom": "Atom", "rss": "RSS"}


def feed_files(output: Path) -> list[Path]:
    return sorted((output / "feeds").glob("*.xml"))


def feed_title(path: Path) -> str:
    root = ElementTree.parse(path).getroot()
    title = root.find(f"{ATOM}title") if root.tag == f"{ATOM}feed" else root.find("channel/title")
    return title.text or ""


def blank_authors(path: Path) -> list[str]:
    """Entries whose author has no name (the validator: "name should not be blank"), or
    that have no author where the feed has none either (Atom requires one)."""
    root = ElementTree.parse(path).getroot()
    if root.tag != f"{ATOM}feed":
        items = root.findall("channel/item")
        creators = [e for item in items for e in item if e.tag.endswith(("creator", "author"))]
        return [ElementTree.tostring(e, "unicode") for e in creators if not (e.text or "").strip()]
    feed_has_author = any(
        (name.text or "").strip() for name in root.findall(f"{ATOM}author/{ATOM}name")
    )
    blank = []
    for entry in root.findall(f"{ATOM}entry"):
        names = [(n.text or "").strip() for n in entry.findall(f"{ATOM}author/{ATOM}name")]
        if (names and not all(names)) or (not names and not feed_has_author):
            blank.append(entry.findtext(f"{ATOM}title"))
    return blank


def test_no_feed_entry_has_a_blank_author(publish_build):
    feeds = feed_files(publish_build)
    assert feeds
    for path in feeds:
        assert blank_authors(path) == [], path.name


def test_every_feed_has_a_title_that_says_what_it_carries(publish_build):
    """Atom and RSS of one feed share a title; no two feeds do."""
    titles: dict[str, set[str]] = {}
    for path in feed_files(publish_build):
        titles.setdefault(path.name.split(".")[0], set()).add(feed_title(path))
    assert all(len(pair) == 1 for pair in titles.values()), titles
    flat = [next(iter(pair)) for pair in titles.values()]
    assert len(set(flat)) == len(flat), sorted(flat)


def test_a_link_that_offers_a_feed_says_its_title(publish_build):
    titles = {f"{SITEURL}/feeds/{p.name}": feed_title(p) for p in feed_files(publish_build)}
    for page in html_files(publish_build):
        for link in soup_of(page).select('head link[rel="alternate"]'):
            kind = FEED_KINDS["atom" if link["type"] == "application/atom+xml" else "rss"]
            assert link["title"] == f"{titles[link['href']]} ({kind})", page


NEWS_FILED_UNDER_EVENTS = """\
Title: A report filed under Events
Date: 2020-02-02
Category: Events
Slug: a-report-filed-under-events
Summary: News about an event.

It was a good workshop.
"""
AN_EVENT = """\
Title: A workshop in Bali
Start: 2020-03-04
City: Bali
Country: Indonesia
Timezone: Asia/Makassar
Summary: A workshop.

What it is for.
"""


def test_the_events_category_and_the_events_have_feeds_of_different_titles(tmp_path):
    files = {
        "news/2020/report.md": NEWS_FILED_UNDER_EVENTS,
        "events/2020/workshop.md": AN_EVENT,
    }
    output = build_tiny_site(tmp_path, files, PUBLISH_SETTINGS, SITEURL=SITEURL)
    site = read_settings(ROOT, PUBLISH_SETTINGS)["SITENAME"]

    category = f"{site}: news filed under Events"
    events = f"{site}: upcoming and past events"
    assert feed_title(output / "feeds/events.atom.xml") == category
    assert feed_title(output / "feeds/events.rss.xml") == category
    assert feed_title(output / "feeds/event-calendar.atom.xml") == events
    assert feed_title(output / "feeds/event-calendar.rss.xml") == events
    assert feed_title(output / "feeds/all.atom.xml") == f"{site}: all news"

    page = soup_of(output / "news/category/events/index.html")
    offered = {link["title"] for link in page.select('head link[rel="alternate"]')}
    assert {f"{category} (Atom)", f"{category} (RSS)", f"{events} (Atom)"} <= offered
    visible = " ".join(page.select_one("main .feed-links").get_text().split())
    assert "RSS feed. Only news filed under Events: Atom or RSS." in visible

    # Every entry names its author: the event's is the site's AUTHOR.
    calendar = ElementTree.parse(output / "feeds/event-calendar.atom.xml").getroot()
    names = [n.text for n in calendar.iter(f"{ATOM}name")]
    assert names == [read_settings(ROOT, PUBLISH_SETTINGS)["AUTHOR"]]
    assert blank_authors(output / "feeds/event-calendar.atom.xml") == []
