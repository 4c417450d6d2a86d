"""News dated in the future is scheduled: nowhere on the published site until its date.

"Today" is the build's date in Bangkok, from SOURCE_DATE_EPOCH when set, so each test
builds a tiny site as of a chosen day.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from rso_plugins.content_problems import ContentProblems
from sitetools.build import PUBLISH_SETTINGS
from sitetools.content_check import check_content
from tests.tiny_site import SCHEDULED_ARTICLE, TINY_ARTICLE, build_tiny_site

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
LATER = SCHEDULED_ARTICLE  # its Date is 2020-06-01
FILES = {"news/2020/first.md": TINY_ARTICLE, "news/2020/later.md": LATER}


def epoch(*when: int) -> str:
    """SOURCE_DATE_EPOCH for a moment in Bangkok."""
    return str(int(datetime.datetime(*when, tzinfo=BANGKOK).timestamp()))


def every_file_mentioning(output: Path, text: str) -> list[str]:
    return sorted(
        str(path.relative_to(output))
        for path in output.rglob("*")
        if path.is_file() and text in path.read_text(encoding="utf-8", errors="ignore")
    )


def test_a_scheduled_article_is_nowhere_in_a_publish_build(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2020, 5, 31, 23, 59))

    output = build_tiny_site(tmp_path, FILES, PUBLISH_SETTINGS)

    assert every_file_mentioning(output, "a-story-for-later") == []
    assert every_file_mentioning(output, "A story for later") == []
    assert every_file_mentioning(output, "a-first-tiny-story")  # the other one is there
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "2020-06-01" not in sitemap, "no lastmod from the scheduled article"


def test_it_goes_live_at_midnight_in_bangkok(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2020, 6, 1, 0, 0))

    output = build_tiny_site(tmp_path, FILES, PUBLISH_SETTINGS)

    page = output / "news" / "2020" / "a-story-for-later" / "index.html"
    assert page.exists()
    news = BeautifulSoup((output / "news" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert news.select_one("main article h2").get_text(strip=True) == "A story for later"
    assert "A story for later" in (output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")


def test_a_preview_shows_it_marked_as_scheduled(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2020, 3, 1, 12, 0))

    output = build_tiny_site(tmp_path, FILES)

    page = output / "drafts" / "a-story-for-later" / "index.html"
    text = " ".join(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").get_text().split())
    assert "Scheduled: this preview goes live on Monday, 1 June 2020" in text
    assert "A story for later" not in (output / "news" / "index.html").read_text("utf-8")


def test_check_lists_scheduled_articles_and_warns_of_a_distant_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2020, 3, 1, 12, 0))
    distant = LATER.replace("2020-06-01", "2030-06-01").replace("for-later", "for-much-later")
    build_tiny_site(tmp_path, {**FILES, "news/2030/typo.md": distant})
    content = tmp_path / "content"

    result = check_content(content)

    assert result.problems == []
    assert result.notices == [
        f"{content}/news/2020/later.md:2: scheduled: published on Monday, 1 June 2020 "
        "(Asia/Bangkok time)",
        f"{content}/news/2030/typo.md:2: scheduled: published on Saturday, 1 June 2030 "
        "(Asia/Bangkok time)",
        f"{content}/news/2030/typo.md:2: the date is more than a year ahead; "
        "check the year for a typo",
    ]


@pytest.mark.parametrize("settings", ["pelicanconf.py", PUBLISH_SETTINGS])
def test_the_same_content_and_date_give_the_same_bytes(tmp_path, monkeypatch, settings):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2020, 3, 1, 12, 0))
    first = build_tiny_site(tmp_path / "one", FILES, settings)
    second = build_tiny_site(tmp_path / "two", FILES, settings)

    def files(output: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*") if p.is_file()
        }

    assert files(first) == files(second)


# A link to a scheduled article -----------------------------------------------------------

LINKING = """\
Title: A story that links ahead
Date: 2020-02-10
Category: News
Slug: a-story-that-links-ahead
Summary: It links to the story for later.

Read [the story for later]({filename}later.md) when it is out.
"""
LINK_LINE = 7
LINKED = {**FILES, "news/2020/linking.md": LINKING}
PUBLISH_PROBLEM = (
    "link {filename}later.md points to an article scheduled for Monday, 1 June 2020, "
    "which is not on the site before then; wait until that day to publish this (or date "
    "it that day or later, so both go live together), or remove the link"
)


def test_a_preview_shows_a_link_to_a_scheduled_article_working(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2020, 3, 1, 12, 0))

    output = build_tiny_site(tmp_path, LINKED)

    page = output / "news" / "2020" / "a-story-that-links-ahead" / "index.html"
    link = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").find(
        "a", string="the story for later"
    )
    target = (page.parent / link["href"]).resolve()
    target = target / "index.html" if target.is_dir() else target
    assert target == (output / "drafts" / "a-story-for-later" / "index.html").resolve()
    text = " ".join(BeautifulSoup(target.read_text(encoding="utf-8"), "lxml").get_text().split())
    assert "Scheduled: this preview goes live on Monday, 1 June 2020" in text


def test_check_notes_the_link_and_its_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2020, 3, 1, 12, 0))
    build_tiny_site(tmp_path, LINKED)
    content = tmp_path / "content"

    result = check_content(content)

    assert result.problems == []
    assert (
        f"{content}/news/2020/linking.md:{LINK_LINE}: link {{filename}}later.md points to an "
        "article scheduled for Monday, 1 June 2020: the preview shows it, but a publish "
        "before that day stops here; wait until then (or date this one that day or later), "
        "or remove the link"
    ) in result.notices


def test_a_publish_before_its_day_names_the_date_and_the_choices(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2020, 3, 1, 12, 0))
    build_tiny_site(tmp_path, LINKED)
    content = tmp_path / "content"

    result = check_content(content, settings=PUBLISH_SETTINGS)

    assert result.problems == [f"{content}/news/2020/linking.md:{LINK_LINE}: {PUBLISH_PROBLEM}"]
    assert "will not be published" not in " ".join(result.problems)


def test_on_its_day_the_link_is_published_and_leads_to_it(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2020, 6, 1, 0, 0))

    output = build_tiny_site(tmp_path, LINKED, PUBLISH_SETTINGS)

    page = output / "news" / "2020" / "a-story-that-links-ahead" / "index.html"
    assert 'href="https://' in page.read_text(encoding="utf-8")
    assert "/news/2020/a-story-for-later/" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("linking_date", "problem"),
    [("2020-05-31", True), ("2020-06-01", False), ("2020-07-01", False)],
)
def test_a_scheduled_article_may_link_to_one_that_goes_live_no_later(
    tmp_path, monkeypatch, linking_date, problem
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2020, 3, 1, 12, 0))
    files = {**LINKED, "news/2020/linking.md": LINKING.replace("2020-02-10", linking_date)}

    if problem:
        with pytest.raises(ContentProblems) as stopped:
            build_tiny_site(tmp_path, files, PUBLISH_SETTINGS)
        assert [p.message for p in stopped.value.problems] == [PUBLISH_PROBLEM]
    else:
        build_tiny_site(tmp_path, files, PUBLISH_SETTINGS)
