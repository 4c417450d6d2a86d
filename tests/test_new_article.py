"""`invoke new`: an article in the right place, with every field, never over another."""

from __future__ import annotations

import datetime

import pytest
from editor_project import run_invoke, tiny_project
from pelican.contents import Article
from pelican.readers import Readers

from sitetools.content_check import check_site
from sitetools.new_article import ArticleNotCreated, create_article
from sitetools.new_content import make_slug
from sitetools.settings import read_settings

DAY = datetime.date(2026, 3, 9)
# 2026-03-09 20:00 UTC is already 10 March in Bangkok (UTC+7).
EVENING_IN_UTC = "1773086400"
PLACEHOLDER = "One or two sentences that say what this news is about."


@pytest.fixture
def project(tmp_path):
    return tiny_project(tmp_path / "site")


def test_article_has_every_field_and_is_a_draft(project):
    path = create_article(
        "RSO Newsletter – Edition Eleven",
        category="Newsletters",
        tags="newsletter, rso, Newsletter",
        root=project,
        date=DAY,
    )

    assert path == project / "content/news/2026/2026-03-09-rso-newsletter-edition-eleven.md"
    assert path.read_text(encoding="utf-8").startswith(
        "Title: RSO Newsletter – Edition Eleven\n"
        "Date: 2026-03-09\n"
        "Category: Newsletters\n"
        "Tags: newsletter, rso\n"
        "Slug: rso-newsletter-edition-eleven\n"
        f"Summary: {PLACEHOLDER}\n"
        "Status: draft\n"
        "\n"
    )


def test_pelican_reads_the_new_article_as_written(project):
    path = create_article("Workshop in Bangkok", category="Events", root=project, date=DAY)
    settings = read_settings(project)
    settings["PATH"] = str(project / "content")
    settings["PLUGINS"] = []

    article = Readers(settings).read_file(
        base_path=settings["PATH"], path=str(path), content_class=Article
    )

    assert article.title == "Workshop in Bangkok"
    assert article.date.date() == DAY
    assert article.category.name == "Events"
    assert article.slug == "workshop-in-bangkok"
    assert article.status == "draft"
    assert article.summary == f"<p>{PLACEHOLDER}</p>"


def test_a_new_draft_passes_the_check(project):
    create_article("Workshop in Bangkok", root=project, date=DAY)

    assert check_site(project).problems == []


def test_unknown_category_is_refused(project):
    with pytest.raises(ArticleNotCreated, match="use one of News, Events, Newsletters"):
        create_article("A title", category="Event", root=project, date=DAY)
    assert not (project / "content/news/2026").exists()


def test_an_existing_slug_in_another_year_is_refused(project):
    with pytest.raises(ArticleNotCreated, match=r"already exists: .*2020-02-01-a-first-tiny-story"):
        create_article("A first tiny story", root=project, date=DAY)


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


def test_invoke_new_dates_the_article_in_bangkok_and_refuses_a_second(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EVENING_IN_UTC)
    expected = "content/news/2026/2026-03-10-joint-workshop-on-data.md"

    first = run_invoke(project, "new", "Joint workshop on data", "--tags", "data")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == expected
    written = (project / expected).read_text(encoding="utf-8")
    assert "Date: 2026-03-10\n" in written

    second = run_invoke(project, "new", "Joint workshop on data", "--category", "Events")
    assert second.returncode != 0
    assert "Not created: an article with the address 'joint-workshop-on-data' already exists" in (
        second.stderr
    )
    assert (project / expected).read_text(encoding="utf-8") == written


def test_invoke_new_works_beside_a_file_that_cannot_be_read(project):
    bad = project / "content/news/2020/2020-03-01-saved-by-notepad.md"
    bad.write_bytes(b"Title: Caf\xe9\nDate: 2020-03-01\n\nText\n")

    result = run_invoke(project, "new", "A story after all")

    assert result.returncode == 0, result.stderr
    assert (project / result.stdout.strip()).exists()


def test_invoke_new_help_makes_no_article(project):
    result = run_invoke(project, "new", "--help")
    assert result.returncode != 0
    assert "invoke --help new" in result.stderr
    assert sorted(project.glob("content/news/*/*help*")) == []
