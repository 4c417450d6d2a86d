"""build_speed's page renderer: the blog's pages rendered on other cores, written by Pelican.

Tiny sites in process, with enough articles that the workers start (MIN_PAGES) and two
render processes, each compared with the same site built by Pelican alone
(BUILD_SPEED = False): the same files, the same errors, the same messages, the same
sitemap.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from jinja2 import UndefinedError
from pelican import signals
from pelican.log import LimitFilter
from pelican.writers import FileOverwriteFailedError

from rso_plugins.build_speed.page_renderer import MIN_PAGES
from tests.tiny_site import build_tiny_site

COUNT = MIN_PAGES + 5
WORKERS = {"RENDER_PROCESSES": 2}
PLAIN = {"BUILD_SPEED": False}
RENDERED = re.compile(r"Article pages rendered on other cores: (\d+)")
LISTS_RENDERED = re.compile(r"List pages rendered on other cores: (\d+)")
TAGS = ("maritime", "training", "data sharing")


@pytest.fixture(autouse=True)
def every_message_shown(monkeypatch):
    """Pelican shows a message once per process; each build here is to show its own."""
    monkeypatch.setattr(LimitFilter, "_raised_messages", set())


def article(number: int, body: str = "Some news.") -> str:
    return (
        f"Title: News number {number}\nDate: 2020-03-{number % 28 + 1:02d} {number % 24:02d}:00\n"
        f"Tags: {TAGS[number % 3]}\nSummary: About news {number}.\n\n{body}\n"
    )


def news(**bodies: str) -> dict[str, str]:
    """COUNT articles news/2020/aNN.md; ``bodies`` replaces the body of some (a07=...)."""
    return {
        f"news/2020/a{number:02d}.md": article(number, bodies.get(f"a{number:02d}", "Some news."))
        for number in range(COUNT)
    }


def every_file(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def rendered_on_other_cores(caplog, pattern: re.Pattern[str] = RENDERED) -> int:
    counts = [pattern.search(record.getMessage()) for record in caplog.records]
    return sum(int(found.group(1)) for found in counts if found)


def list_pages(output: Path) -> set[str]:
    """The pages of the news lists: index, archives, tags, categories, with their
    further pages (every page under news/ but the articles' own)."""
    return {
        name
        for name in every_file(output)
        if name.startswith("news/") and name.endswith(".html") and not ARTICLE.match(name)
    }


ARTICLE = re.compile(r"news/2020/a\d\d/index\.html$")


def test_pages_rendered_on_other_cores_are_the_bytes_pelican_writes(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    files = news(a03="A [link](https://example.org) and *emphasis*.")
    fast = build_tiny_site(tmp_path / "fast", files, **WORKERS)
    assert rendered_on_other_cores(caplog) == COUNT
    plain = build_tiny_site(tmp_path / "plain", files, **PLAIN)
    assert every_file(fast) == every_file(plain)


def test_list_pages_rendered_on_other_cores_are_the_bytes_pelican_writes(tmp_path, caplog):
    """The news index, its further pages, the year archive, tags and categories."""
    caplog.set_level(logging.INFO)
    fast = build_tiny_site(tmp_path / "fast", news(), **WORKERS)
    lists = list_pages(fast)
    assert {
        "news/index.html",
        "news/page/2/index.html",
        "news/2020/index.html",
        "news/tag/maritime/index.html",
        "news/tag/maritime/page/2/index.html",
        "news/category/news/index.html",
        "news/tags/index.html",
    } <= lists
    assert rendered_on_other_cores(caplog, LISTS_RENDERED) == len(lists)
    plain = build_tiny_site(tmp_path / "plain", news(), **PLAIN)
    assert every_file(fast) == every_file(plain)


def test_a_development_build_with_the_cache_is_the_same_bytes_too(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    cache = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    fast = build_tiny_site(tmp_path / "fast", news(), **WORKERS, **cache)
    assert rendered_on_other_cores(caplog) == COUNT
    plain = build_tiny_site(tmp_path / "plain", news(), **PLAIN)
    assert every_file(fast) == every_file(plain)


def test_the_sitemap_lists_every_page_written_from_a_worker(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    fast = build_tiny_site(tmp_path / "fast", news(), **WORKERS)
    assert rendered_on_other_cores(caplog) == COUNT
    sitemap = (fast / "sitemap.xml").read_text(encoding="utf-8")
    for number in range(COUNT):
        assert f"/news/2020/a{number:02d}/</loc>" in sitemap
    plain = build_tiny_site(tmp_path / "plain", news(), **PLAIN)
    assert sitemap == (plain / "sitemap.xml").read_text(encoding="utf-8")


@pytest.fixture
def failing_article_template(tmp_path) -> Path:
    """A template override that breaks on one article's page only (a07)."""
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "article.html").write_text(
        '{% extends "!theme/article.html" %}\n'
        "{% block content %}"
        '{% if article.slug == "a07" %}{{ article.no_such_field.inside }}{% endif %}'
        "{{ super() }}{% endblock %}\n",
        encoding="utf-8",
    )
    return overrides


def test_an_error_in_a_worker_is_pelicans_own_error_for_that_page(
    tmp_path, failing_article_template
):
    written = fails_as_in_pelican(tmp_path, failing_article_template)
    # The build stopped at the same page: the pages before it are written, as in Pelican.
    assert "news/2020/a08/index.html" in written  # newer than a07, so written first
    assert "news/2020/a07/index.html" not in written


def fails_as_in_pelican(tmp_path, overrides: Path) -> dict[str, bytes]:
    """Build news() with the template ``overrides``, which break on one page, with
    workers and with Pelican alone; check both stop with the same error; return what
    was written before it, the same in both."""
    override = {"THEME_TEMPLATES_OVERRIDES": [str(overrides)]}
    with pytest.raises(UndefinedError) as fast_error:
        build_tiny_site(tmp_path / "fast", news(), **WORKERS, **override)
    with pytest.raises(UndefinedError) as plain_error:
        build_tiny_site(tmp_path / "plain", news(), **PLAIN, **override)
    assert str(fast_error.value) == str(plain_error.value)
    assert "no_such_field" in str(fast_error.value)
    written = every_file(tmp_path / "fast/output")
    assert written == every_file(tmp_path / "plain/output")
    return written


def test_an_error_on_a_list_page_is_pelicans_own_error_for_that_page(tmp_path):
    """A tag page's template breaks on its second page only."""
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "tag.html").write_text(
        '{% extends "!theme/tag.html" %}\n'
        "{% block content %}"
        '{% if tag.slug == "training" and articles_page.number == 2 %}'
        "{{ tag.no_such_field.inside }}{% endif %}"
        "{{ super() }}{% endblock %}\n",
        encoding="utf-8",
    )
    fast_files = fails_as_in_pelican(tmp_path, overrides)
    # Pelican stopped at that page: its first page is written, the second is not.
    assert "news/tag/training/index.html" in fast_files
    assert "news/tag/training/page/2/index.html" not in fast_files


def test_a_message_logged_while_rendering_comes_from_the_build_as_in_pelican(tmp_path, monkeypatch):
    """A link with a marker Pelican does not know is logged when the page is rendered."""
    # Another test's logging configuration may have switched Pelican's logger off.
    monkeypatch.setattr(logging.getLogger("pelican.contents"), "disabled", False)
    files = news(a05="See [this]({{nonsense}}a01.md) and [that]({{nonsense}}a02.md).")

    def warnings_of(folder: str, **settings) -> list[str]:
        collected: list[str] = []

        class Collect(logging.Handler):
            def emit(self, record):
                collected.append(record.getMessage())

        handler = Collect(logging.WARNING)
        # Pelican logs a message once per process, and a group of like messages only
        # five times: start from nothing, as a build of its own would.
        LimitFilter._raised_messages.clear()
        LimitFilter._group_count.clear()
        logging.getLogger().addHandler(handler)
        try:
            build_tiny_site(tmp_path / folder, files, allow_warnings=True, **settings)
        finally:
            logging.getLogger().removeHandler(handler)
        return collected

    plain = warnings_of("plain", **PLAIN)
    assert any("nonsense" in message for message in plain)
    assert warnings_of("fast", **WORKERS) == plain
    assert every_file(tmp_path / "fast/output") == every_file(tmp_path / "plain/output")


def test_a_page_writing_an_article_pages_file_fails_as_in_pelican(tmp_path, caplog):
    """Written from a worker's HTML, an article page still counts as written."""
    caplog.set_level(logging.INFO)
    clash = {"pages/clash.md": "Title: Clash\nSlug: news/2020/a30\nSummary: S.\n\nText.\n"}
    with pytest.raises(FileOverwriteFailedError) as fast_error:
        build_tiny_site(tmp_path / "fast", {**news(), **clash}, **WORKERS)
    with pytest.raises(FileOverwriteFailedError) as plain_error:
        build_tiny_site(tmp_path / "plain", {**news(), **clash}, **PLAIN)
    assert "news/2020/a30/index.html" in str(fast_error.value)
    assert str(fast_error.value).replace("/fast/", "/plain/") == str(plain_error.value)


def test_another_listener_before_each_article_is_written_keeps_pages_in_process(tmp_path, caplog):
    """A plugin may change an article just before its page is written: the workers,
    forked earlier, would not see that, so they are not used."""
    caplog.set_level(logging.INFO)

    def mark_late(generator, content):
        content.title = content.title.replace("News number", "Late news number")

    signals.article_generator_write_article.connect(mark_late)
    try:
        fast = build_tiny_site(tmp_path / "fast", news(), **WORKERS)
    finally:
        signals.article_generator_write_article.disconnect(mark_late)
    assert rendered_on_other_cores(caplog) == 0
    page = (fast / "news/2020/a12/index.html").read_text(encoding="utf-8")
    assert "Late news number 12" in page


def test_one_render_process_renders_in_the_build(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    build_tiny_site(tmp_path / "one", news(), RENDER_PROCESSES=1)
    assert rendered_on_other_cores(caplog) == 0


def test_a_wrong_render_processes_value_says_what_to_write(tmp_path):
    from rso_plugins.build_speed import BuildSpeedSettingError

    with pytest.raises(BuildSpeedSettingError, match="RENDER_PROCESSES = 2"):
        build_tiny_site(tmp_path, news(), RENDER_PROCESSES="two")
