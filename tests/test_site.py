"""The site a reader opens: the home page, the static pages and the news."""

from __future__ import annotations

import re

import pytest
import yaml

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
    markers = [
        "was set up to",  # what the RSO is and aims to do
        "RSO information sheets",
        "Overview of the Regional Support Office",
        "Bali Process Conclusions on Establishment of the RSO",
        "The Bali Process",
        "48",
        "27",
        "The Regional Cooperation Framework",
        "promote human life and dignity",
        "Latest news",
        "Posted On: Friday, 4 December 2015",
        "Posted On: Tuesday, 30 June 2015",
        "All news",
        "funded by the Governments of Japan, New Zealand and Australia",
    ]
    position = text.index("Skip to main content")
    for marker in markers:
        found = text.find(marker, position)
        assert found != -1, f"{marker!r} missing, or not after the section before it"
        position = found + len(marker)


def test_the_home_page_states_the_membership(publish_build):
    section = soup_of(publish_build / "index.html").find(id="the-bali-process")
    text = " ".join(section.get_text(" ").split())
    assert "Members 48" in text and "Observers 27" in text
    for organisation in ("UNHCR", "UNODC", "IOM"):
        assert organisation in text


def test_the_home_page_links_to_all_news(publish_build):
    links = soup_of(publish_build / "index.html").find_all("a", string="All news")
    assert links and links[0]["href"].endswith("/news/")


def test_the_members_page_names_members_and_only_confirmed_observers(publish_build):
    data = yaml.safe_load((CONTENT / "data" / "bali-process.yaml").read_text(encoding="utf-8"))
    soup = soup_of(publish_build / "members" / "index.html")
    items = {li.get_text(strip=True) for li in soup.select("main li")}
    for name in data["members"]["states"] + data["members"]["organisations"]:
        assert name in items
    assert len(data["members"]["states"]) == 45
    for name in data["observers"]["named"]:
        assert name in items
    text = text_of(publish_build / "members" / "index.html")
    assert "27 observers" in text


def test_information_sheets_are_pages_listed_on_their_index(publish_build):
    index = soup_of(publish_build / "information-sheets" / "index.html")
    hrefs = {a["href"] for a in index.select("main a")}
    for slug in ("overview-of-the-rso", "conclusions-on-establishment-of-the-rso"):
        assert any(f"/information-sheets/{slug}/" in href for href in hrefs)
        assert (publish_build / "information-sheets" / slug / "index.html").exists()


def test_the_404_page_exists_at_the_root(publish_build):
    page = publish_build / "404.html"
    assert soup_of(page).h1.get_text(strip=True) == "Page not found"


def test_the_news_index_is_paginated_newest_first(publish_build):
    first = soup_of(publish_build / "news" / "index.html")
    titles = [h.get_text(strip=True) for h in first.select("main article h2")]
    assert titles[0] == (
        "Bali Process Joint Period of Action to Disrupt People Smuggling and "
        "Trafficking in Persons Networks"
    )
    assert len(titles) == 10
    second = soup_of(publish_build / "news" / "page" / "2" / "index.html")
    assert len(second.select("main article h2")) == len(ARTICLES) - 10
    assert first.find("a", rel="next")["href"].endswith("/news/page/2/")
    assert second.find("a", rel="prev")["href"].endswith("/news/")


def test_archives_by_year_category_and_tag(publish_build):
    years = {f["date"][:4] for f in ARTICLES}
    for year in years:
        page = publish_build / "news" / year / "index.html"
        expected = sum(1 for f in ARTICLES if f["date"].startswith(year))
        assert len(soup_of(page).select("main article")) == expected, year
    for category in ("news", "events", "newsletters"):
        page = publish_build / "news" / "category" / category / "index.html"
        assert soup_of(page).select("main article"), category
    tags = {t.strip() for f in ARTICLES for t in f.get("tags", "").split(",") if t.strip()}
    assert len(tags) >= 5
    assert (publish_build / "news" / "tag" / "rcf" / "index.html").exists()
    archive = text_of(publish_build / "news" / "archive" / "index.html")
    assert all(year in archive for year in years)


def test_there_are_the_seed_news_and_a_dozen_earlier_items():
    dates = sorted(f["date"][:10] for f in ARTICLES)
    assert "2015-12-04" in dates and "2015-06-30" in dates
    earlier = [d for d in dates if d not in ("2015-06-30", "2015-12-04")]
    assert len(earlier) >= 12 and max(earlier) < "2015-12-04"
    assert {f["category"] for f in ARTICLES} >= {"News", "Events", "Newsletters"}


def test_the_joint_period_of_action_item_carries_its_results(publish_build):
    text = text_of(publish_build / "news" / "2015" / "joint-period-of-action" / "index.html")
    for figure in ("59", "63", "32", "485"):
        assert re.search(rf"\b{figure}\b", text), figure
