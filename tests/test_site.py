"""The site a reader opens: the home page, the static pages and the news.

These tests read the real content/ through Pelican's own reader and hold for any
content an editor may write: every page and article is there with its title, the news
lists follow the dates, the figures shown are the data file's.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from rso_plugins.bali_process import load_figures
from tests.site_reading import (
    CONTENT,
    article_path,
    metadata,
    page_path,
    published_articles,
    soup_of,
    text_of,
)

PAGES = sorted((CONTENT / "pages").rglob("*.md"))
ARTICLES = published_articles()
FIGURES = load_figures(str(CONTENT / "data" / "bali-process.yaml"))
NEWS_PER_PAGE = 10
POSTED_ON = re.compile(
    r"Posted On: (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), "
    r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{4}"
)


@pytest.mark.parametrize("source", PAGES, ids=lambda p: p.stem)
def test_every_page_renders_with_its_title(publish_build, source):
    fields = metadata(source)
    page = publish_build / page_path(fields)
    assert page.exists(), f"{source} was not written to {page_path(fields)}"
    headings = soup_of(page).find_all("h1")
    assert [h.get_text(" ", strip=True) for h in headings] == [fields["title"]]


@pytest.mark.parametrize("fields", ARTICLES, ids=lambda f: f["slug"])
def test_every_article_shows_title_date_category_and_summary(publish_build, fields):
    page = publish_build / article_path(fields)
    soup = soup_of(page)
    assert soup.h1.get_text(strip=True) == fields["title"]
    text = text_of(page)
    assert POSTED_ON.search(text)
    assert f"Category: {fields['category']}" in text
    assert " ".join(fields["summary"].split())[:40] in text
    time = soup.find("time")
    assert time["datetime"].startswith(fields["date"][:10])
    assert time["datetime"].endswith("+07:00"), "dates are in Asia/Bangkok"


def test_articles_link_to_their_neighbours(publish_build):
    newest_first = sorted(ARTICLES, key=lambda f: f["date"], reverse=True)
    for newer, current, older in zip(
        newest_first, newest_first[1:], newest_first[2:], strict=False
    ):
        neighbours = soup_of(publish_build / article_path(current)).select("nav.neighbours a")
        hrefs = [a["href"] for a in neighbours]
        assert any(href.endswith(f"/{newer['slug']}/") for href in hrefs), current["slug"]
        assert any(href.endswith(f"/{older['slug']}/") for href in hrefs), current["slug"]


def test_the_home_page_carries_the_original_sections_in_order(publish_build):
    text = text_of(publish_build / "index.html")
    sheets = sorted((CONTENT / "pages" / "information-sheets").glob("*.md"))
    newest_two = sorted(ARTICLES, key=lambda f: f["date"], reverse=True)[:2]
    posted = [datetime.fromisoformat(f["date"]) for f in newest_two]
    markers = [
        "RSO information sheets",
        *(metadata(sheet)["title"] for sheet in sheets),
        "The Bali Process",
        str(FIGURES.members_total),
        str(FIGURES.observers_total),
        "The Regional Cooperation Framework",
        FIGURES.rcf_principles[0][:40],
        "Latest news",
        *(f"Posted On: {date:%A, %-d %B %Y}" for date in posted),
        "All news",
        "funded by the Governments of",
    ]
    position = text.index("Skip to main content")
    for marker in markers:
        found = text.find(marker, position)
        assert found != -1, f"{marker!r} missing, or not after the section before it"
        position = found + len(marker)


def test_the_home_page_states_the_data_files_membership(publish_build):
    section = soup_of(publish_build / "index.html").find(id="the-bali-process")
    text = " ".join(section.get_text(" ").split())
    assert f"Members {FIGURES.members_total}" in text
    assert f"Observers {FIGURES.observers_total}" in text


def test_the_home_page_links_to_all_news(publish_build):
    links = soup_of(publish_build / "index.html").find_all("a", string="All news")
    assert links and links[0]["href"].endswith("/news/")


def test_the_members_page_names_the_data_files_members_and_observers(publish_build):
    soup = soup_of(publish_build / "members" / "index.html")
    items = {li.get_text(strip=True) for li in soup.select("main li")}
    named = (*FIGURES.member_states, *FIGURES.member_organisations, *FIGURES.observers_named)
    assert set(named) <= items
    text = text_of(publish_build / "members" / "index.html")
    assert f"{FIGURES.observers_total} observers" in text


def test_every_information_sheet_is_listed_on_their_index(publish_build):
    index = soup_of(publish_build / "information-sheets" / "index.html")
    hrefs = {a["href"] for a in index.select("main a")}
    for source in sorted((CONTENT / "pages" / "information-sheets").glob("*.md")):
        address = page_path(metadata(source)).removesuffix("index.html")
        assert any(href.endswith("/" + address) for href in hrefs), source.name


def test_the_404_page_exists_at_the_root(publish_build):
    page = publish_build / "404.html"
    assert soup_of(page).h1.get_text(strip=True) == "Page not found"


def test_the_news_index_is_paginated_newest_first(publish_build):
    newest_first = sorted(ARTICLES, key=lambda f: f["date"], reverse=True)
    first = soup_of(publish_build / "news" / "index.html")
    titles = [h.get_text(strip=True) for h in first.select("main article h2")]
    assert titles == [f["title"] for f in newest_first[:NEWS_PER_PAGE]]
    second_page = publish_build / "news" / "page" / "2" / "index.html"
    assert second_page.exists() == (len(ARTICLES) > NEWS_PER_PAGE)
    if second_page.exists():
        second = soup_of(second_page)
        later = [h.get_text(strip=True) for h in second.select("main article h2")]
        assert later == [f["title"] for f in newest_first[NEWS_PER_PAGE : 2 * NEWS_PER_PAGE]]
        assert first.find("a", rel="next")["href"].endswith("/news/page/2/")
        assert second.find("a", rel="prev")["href"].endswith("/news/")


def test_archives_by_year_category_and_tag(publish_build):
    years = {f["date"][:4] for f in ARTICLES}
    for year in years:
        page = publish_build / "news" / year / "index.html"
        expected = sum(1 for f in ARTICLES if f["date"].startswith(year))
        assert len(soup_of(page).select("main article")) == expected, year
    for category in {f["category_slug"] for f in ARTICLES}:
        page = publish_build / "news" / "category" / category / "index.html"
        assert soup_of(page).select("main article"), category
    for tag in {slug for f in ARTICLES for slug in f["tag_slugs"]}:
        assert (publish_build / "news" / "tag" / tag / "index.html").exists(), tag
    archive = text_of(publish_build / "news" / "archive" / "index.html")
    assert all(year in archive for year in years)
