"""`invoke new`: an article in the right place, with every field, never over another."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from editor_project import add_tooling, run_invoke
from pelican.contents import Article
from pelican.readers import Readers

from sitetools.content_check import check_site
from sitetools.new_article import (
    PLACEHOLDER_SUMMARY,
    ArticleNotCreated,
    create_article,
    make_slug,
    today,
)
from sitetools.settings import read_settings

DAY = datetime.date(2026, 3, 9)


def test_article_has_every_field_and_is_a_draft(site_copy):
    path = create_article(
        "RSO Newsletter – Edition Eleven",
        category="Newsletters",
        tags="newsletter, rso, Newsletter",
        root=site_copy,
        date=DAY,
    )

    assert path == site_copy / "content/news/2026/2026-03-09-rso-newsletter-edition-eleven.md"
    assert path.read_text(encoding="utf-8").startswith(
        "Title: RSO Newsletter – Edition Eleven\n"
        "Date: 2026-03-09\n"
        "Category: Newsletters\n"
        "Tags: newsletter, rso\n"
        "Slug: rso-newsletter-edition-eleven\n"
        f"Summary: {PLACEHOLDER_SUMMARY}\n"
        "Status: draft\n"
        "\n"
    )


def test_pelican_reads_the_new_article_as_written(site_copy):
    path = create_article("Workshop in Bangkok", category="Events", root=site_copy, date=DAY)
    settings = read_settings(site_copy)
    settings["PATH"] = str(site_copy / "content")
    settings["PLUGINS"] = []

    article = Readers(settings).read_file(
        base_path=settings["PATH"], path=str(path), content_class=Article
    )

    assert article.title == "Workshop in Bangkok"
    assert article.date.date() == DAY
    assert article.category.name == "Events"
    assert article.slug == "workshop-in-bangkok"
    assert article.status == "draft"
    assert article.summary == f"<p>{PLACEHOLDER_SUMMARY}</p>"


def test_a_new_draft_passes_the_check(site_copy):
    create_article("Workshop in Bangkok", root=site_copy, date=DAY)

    assert check_site(site_copy) == []


def test_unknown_category_is_refused(site_copy):
    with pytest.raises(ArticleNotCreated, match="use one of News, Events, Newsletters"):
        create_article("A title", category="Event", root=site_copy, date=DAY)
    assert not (site_copy / "content/news/2026").exists()


def test_an_existing_slug_in_another_year_is_refused(site_copy):
    with pytest.raises(ArticleNotCreated, match=r"already exists: .*2002-02-28-first-ministerial"):
        create_article("First Ministerial Conference", root=site_copy, date=DAY)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("RSO Newsletter – Edition Ten", "rso-newsletter-edition-ten"),
        ("  Bali Process: what's next?  ", "bali-process-whats-next"),
        ("Việt Nam joins a workshop", "viet-nam-joins-a-workshop"),
        ("word " * 30, "word-" * 11 + "word"),
    ],
)
def test_slug_is_pelicans_and_short(title, slug):
    assert make_slug(title) == slug


def test_today_is_bangkoks_date():
    assert today("Asia/Bangkok") == datetime.datetime.now(ZoneInfo("Asia/Bangkok")).date()


def test_invoke_new_twice_refuses_the_second_time(site_copy):
    add_tooling(site_copy)
    date = today("Asia/Bangkok")
    expected = f"content/news/{date:%Y}/{date:%Y-%m-%d}-joint-workshop-on-data.md"

    first = run_invoke(site_copy, "new", "Joint workshop on data", "--tags", "data")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == expected
    written = (site_copy / expected).read_text(encoding="utf-8")

    second = run_invoke(site_copy, "new", "Joint workshop on data", "--category", "Events")
    assert second.returncode != 0
    assert "Not created: an article with the address 'joint-workshop-on-data' already exists" in (
        second.stderr
    )
    assert (site_copy / expected).read_text(encoding="utf-8") == written


def test_invoke_new_help_makes_no_article(site_copy):
    add_tooling(site_copy)
    result = run_invoke(site_copy, "new", "--help")
    assert result.returncode != 0
    assert "invoke --help new" in result.stderr
    assert sorted(site_copy.glob("content/news/*/*help*")) == []
