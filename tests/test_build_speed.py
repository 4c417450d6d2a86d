"""build_speed: faster builds that write exactly what Pelican alone writes.

Tiny sites in process for the plugin's behaviour (warm rebuilds, the cache, the version
gate, settings); one whole-site oracle, built with the speed-ups on and off under both
settings files, for the promise that matters: the same bytes.
"""

from __future__ import annotations

import datetime
import logging
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pelican.log import FatalLogger
from pelican.utils import SafeDatetime
from pelican.writers import FileOverwriteFailedError

from bench.corpus import write_corpus
from rso_plugins import internals
from rso_plugins.build_speed import BuildSpeedSettingError
from rso_plugins.build_speed import settings as speed_settings_module
from rso_plugins.build_speed.page_renderer import MIN_PAGES
from rso_plugins.build_speed.parallel import MIN_FILES
from rso_plugins.content_problems import EditorError
from rso_plugins.internals import SITEMAPS_OWN_FORMAT_DATE, format_sitemap_date
from sitetools.build import DEVELOP_SETTINGS, PUBLISH_SETTINGS, build_site
from tests.site_reading import html_files
from tests.tiny_site import build_tiny_site

OLD = 1_000_000_000  # a file time long before any build


def article(title: str, day: int, body: str = "Some news.") -> str:
    return f"Title: {title}\nDate: 2020-01-{day:02d}\nSummary: About {title}.\n\n{body}\n"


NEWS = {
    "news/2020/a.md": article("Alpha news", 1),
    "news/2020/b.md": article("Bravo news", 2),
    "news/2020/c.md": article("Charlie news", 3),
    "news/2020/d.md": article("Delta news", 4),
}


def cached(tmp_path: Path, **overrides):
    """Settings of a development build with the content cache on, kept in tmp_path."""
    return {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
        **overrides,
    }


def every_file(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def age_everything(output: Path) -> None:
    for path in output.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))


def rewritten(output: Path) -> set[str]:
    """Files written since age_everything."""
    return {
        path.relative_to(output).as_posix()
        for path in output.rglob("*.html")
        if path.stat().st_mtime != OLD
    }


def article_pages(names: set[str]) -> set[str]:
    return {name for name in names if name.startswith("news/2020/") and name.count("/") == 3}


# Warm rebuilds ----------------------------------------------------------------------------


def test_an_edited_body_renders_that_article_page_alone(tmp_path):
    site = tmp_path / "site"
    output = build_tiny_site(site, NEWS, **cached(tmp_path))
    age_everything(output)
    build_tiny_site(
        site, {**NEWS, "news/2020/b.md": article("Bravo news", 2, "Corrected.")}, **cached(tmp_path)
    )
    assert article_pages(rewritten(output)) == {"news/2020/b/index.html"}
    assert "Corrected." in (output / "news/2020/b/index.html").read_text(encoding="utf-8")


def test_a_new_title_renders_the_neighbours_that_show_it(tmp_path):
    site = tmp_path / "site"
    output = build_tiny_site(site, NEWS, **cached(tmp_path))
    age_everything(output)
    build_tiny_site(
        site, {**NEWS, "news/2020/b.md": article("Bravo renamed", 2)}, **cached(tmp_path)
    )
    assert article_pages(rewritten(output)) == {
        "news/2020/a/index.html",
        "news/2020/b/index.html",
        "news/2020/c/index.html",
    }
    assert "Bravo renamed" in (output / "news/2020/c/index.html").read_text(encoding="utf-8")


def test_a_warm_rebuild_writes_what_a_cold_build_without_speed_ups_writes(tmp_path):
    warm = build_tiny_site(tmp_path / "warm", NEWS, **cached(tmp_path))
    changed = {**NEWS, "news/2020/b.md": article("Bravo renamed", 2, "A [link](https://x.org).")}
    build_tiny_site(tmp_path / "warm", changed, **cached(tmp_path))
    cold = build_tiny_site(tmp_path / "cold", changed, BUILD_SPEED=False)
    assert every_file(warm) == every_file(cold)


def test_a_page_on_an_article_pages_path_fails_the_warm_build_as_in_pelican(tmp_path):
    """Pages left on disk still count as written, so Pelican's duplicate check holds."""
    clash = {"pages/clash.md": "Title: Clash\nSlug: news/2020/a\nSummary: S.\n\nText.\n"}
    site = tmp_path / "site"
    build_tiny_site(site, NEWS, **cached(tmp_path))
    with pytest.raises(FileOverwriteFailedError, match=r"news/2020/a/index\.html"):
        build_tiny_site(site, {**NEWS, **clash}, **cached(tmp_path))
    with pytest.raises(FileOverwriteFailedError, match=r"news/2020/a/index\.html"):
        build_tiny_site(tmp_path / "plain", {**NEWS, **clash}, BUILD_SPEED=False)


# The content cache ------------------------------------------------------------------------


def test_a_data_file_change_shows_after_a_cached_rebuild(tmp_path):
    site = tmp_path / "site"
    news = {"news/2020/a.md": article("Alpha news", 1, "We have {members} members.")}
    output = build_tiny_site(site, news, **cached(tmp_path))
    page = output / "news/2020/a/index.html"
    assert "We have 4 members." in page.read_text(encoding="utf-8")
    data = (site / "content/data/bali-process.yaml").read_text(encoding="utf-8")
    charlie = "    - {name: Charlie, code: CL}\n"
    more = data.replace(charlie, charlie + "    - {name: Foxtrot, code: FR}\n")
    build_tiny_site(site, {**news, "data/bali-process.yaml": more}, **cached(tmp_path))
    assert "We have 5 members." in page.read_text(encoding="utf-8")


def test_a_setting_change_shows_after_a_cached_rebuild(tmp_path):
    site = tmp_path / "site"
    news = {"news/2020/a.md": article("Alpha news", 1, "## A heading\n\nText.")}
    output = build_tiny_site(site, news, **cached(tmp_path))
    assert "headerlink" not in (output / "news/2020/a/index.html").read_text(encoding="utf-8")
    markdown = {
        "extension_configs": {"markdown.extensions.toc": {"permalink": True}},
        "output_format": "html5",
    }
    build_tiny_site(site, news, **cached(tmp_path, MARKDOWN=markdown))
    assert "headerlink" in (output / "news/2020/a/index.html").read_text(encoding="utf-8")


def test_a_template_change_renders_every_article_page(tmp_path):
    import shutil

    from sitetools.build import ROOT

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    site = tmp_path / "site"
    output = build_tiny_site(site, NEWS, **cached(tmp_path, THEME=str(theme)))
    age_everything(output)
    base = theme / "templates/base.html"
    base.write_text(base.read_text(encoding="utf-8") + "<!-- changed -->\n", encoding="utf-8")
    build_tiny_site(site, NEWS, **cached(tmp_path, THEME=str(theme)))
    assert article_pages(rewritten(output)) == {f"news/2020/{x}/index.html" for x in "abcd"}


def test_an_edited_template_shows_on_every_page_after_a_cached_rebuild(tmp_path):
    """Development builds keep compiled templates; an edited one is compiled again."""
    import shutil

    from sitetools.build import ROOT

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    site = tmp_path / "site"
    output = build_tiny_site(site, NEWS, **cached(tmp_path, THEME=str(theme)))
    assert list((tmp_path / "cache").rglob("__jinja2_*.cache")), "no compiled templates kept"
    base = theme / "templates/base.html"
    text = base.read_text(encoding="utf-8")
    assert "</body>" in text
    base.write_text(text.replace("</body>", "<!-- edited template --></body>"), encoding="utf-8")
    build_tiny_site(site, NEWS, **cached(tmp_path, THEME=str(theme)))
    pages = [path for path in html_files(output) if "</body>" in path.read_text("utf-8")]
    assert {"index.html", "news/index.html", "news/2020/b/index.html"} <= {
        path.relative_to(output).as_posix() for path in pages
    }
    for page in pages:
        assert "<!-- edited template --></body>" in page.read_text(encoding="utf-8"), page


def test_a_publish_build_keeps_no_compiled_templates(tmp_path):
    build_tiny_site(tmp_path / "site", NEWS, PUBLISH_SETTINGS, CACHE_PATH=str(tmp_path / "cache"))
    assert not list((tmp_path / "cache").rglob("__jinja2_*.cache"))


def test_an_edit_keeping_size_and_time_shows_in_the_next_build_of_one_process(tmp_path):
    """The content cache knows a file by its bytes (sha256), not by its size and time."""
    site = tmp_path / "site"
    output = build_tiny_site(site, NEWS, **cached(tmp_path))
    source = site / "content/news/2020/b.md"
    before = source.stat()
    text = source.read_text(encoding="utf-8")
    edited = text.replace("Some news.", "Same size.")
    assert len(edited) == len(text) and edited != text
    source.write_text(edited, encoding="utf-8")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (source.stat().st_size, source.stat().st_mtime_ns) == (
        before.st_size,
        before.st_mtime_ns,
    )
    others = {name: text for name, text in NEWS.items() if name != "news/2020/b.md"}
    build_tiny_site(site, others, **cached(tmp_path))
    assert "Same size." in (output / "news/2020/b/index.html").read_text(encoding="utf-8")


# The version gate -------------------------------------------------------------------------


@pytest.fixture
def untested_markdown(monkeypatch):
    """Pretend the internals were checked against another Markdown than the installed one,
    and make warnings fatal as `--fatal warnings` does."""
    monkeypatch.setattr(
        internals, "TESTED_VERSIONS", {**internals.TESTED_VERSIONS, "markdown": "0.0.1"}
    )
    monkeypatch.setattr(speed_settings_module, "_told_versions", False)
    monkeypatch.setattr(FatalLogger, "fatal_lvl", logging.WARNING)


def test_on_an_untested_version_the_speed_ups_switch_off_and_say_so_once(
    tmp_path, untested_markdown, caplog
):
    site = tmp_path / "site"
    output = build_tiny_site(site, NEWS, allow_warnings=True, **cached(tmp_path))
    age_everything(output)
    build_tiny_site(site, NEWS, allow_warnings=True, **cached(tmp_path))
    notices = [
        record.getMessage() for record in caplog.records if "speed-ups" in record.getMessage()
    ]
    assert len(notices) == 1
    assert "markdown 3.11.3 (tested: 0.0.1)" in notices[0]
    # Switched off: the unchanged article pages were rendered again.
    assert article_pages(rewritten(output)) == {f"news/2020/{x}/index.html" for x in "abcd"}
    # And the site is the one Pelican alone builds.
    plain = build_tiny_site(tmp_path / "plain", NEWS, BUILD_SPEED=False)
    assert every_file(output) == every_file(plain)


def test_on_the_tested_versions_nothing_is_said_and_pages_are_left_alone(tmp_path, caplog):
    assert internals.untested_versions() == []
    site = tmp_path / "site"
    output = build_tiny_site(site, NEWS, **cached(tmp_path))
    age_everything(output)
    build_tiny_site(site, NEWS, **cached(tmp_path))
    assert article_pages(rewritten(output)) == set()
    assert not [record for record in caplog.records if "speed-ups" in record.getMessage()]


# Settings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "value", "advice"),
    [
        ("MARKDOWN_PROCESSES", "two", "MARKDOWN_PROCESSES = 2"),
        ("MARKDOWN_PROCESSES", 0, "MARKDOWN_PROCESSES = 2"),
        ("BUILD_SPEED", "yes", "BUILD_SPEED = True"),
        ("CONTENT_CACHE_INPUTS", "data/bali-process.yaml", 'CONTENT_CACHE_INPUTS = ["'),
        ("SEARCH_INDEX", "yes", "SEARCH_INDEX = True"),
        ("SITEMAP_MAX_URLS", "many", "SITEMAP_MAX_URLS = 50_000"),
        ("BALI_PROCESS_JSON_SAVE_AS", "", 'BALI_PROCESS_JSON_SAVE_AS = "data/bali-process.json"'),
    ],
)
def test_a_wrong_setting_stops_the_build_saying_what_to_write(tmp_path, setting, value, advice):
    with pytest.raises(EditorError) as raised:
        build_tiny_site(tmp_path, NEWS, **{setting: value})
    message = str(raised.value)
    assert f"{setting} = {value!r}" in message
    assert "pelicanconf.py" in message
    assert advice in message
    assert not (tmp_path / "output").exists()


def test_the_processes_error_is_the_plugins_own(tmp_path):
    with pytest.raises(BuildSpeedSettingError):
        build_tiny_site(tmp_path, NEWS, MARKDOWN_PROCESSES="two")


def test_the_json_link_follows_its_setting(tmp_path):
    output = build_tiny_site(tmp_path, NEWS, BALI_PROCESS_JSON_SAVE_AS="open/figures.json")
    assert (output / "open/figures.json").is_file()
    assert not (output / "data/bali-process.json").exists()
    assert 'href="../../../open/figures.json"' in (output / "news/2020/a/index.html").read_text(
        encoding="utf-8"
    )


# The oracle -------------------------------------------------------------------------------


@pytest.mark.parametrize("settings", [DEVELOP_SETTINGS, PUBLISH_SETTINGS])
def test_the_whole_site_is_the_same_bytes_with_the_speed_ups_on_and_off(
    site_copy, tmp_path, settings
):
    """The real site, plus enough synthetic news that Markdown is converted and article
    pages are rendered on two cores (the least number at which they are)."""
    write_corpus(site_copy / "content", max(MIN_FILES, MIN_PAGES))
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    fast, plain = tmp_path / "fast", tmp_path / "plain"
    two_cores = ["-e", "MARKDOWN_PROCESSES=2", "RENDER_PROCESSES=2"]
    build_site(settings, fast, root=site_copy, env=env, quiet=True, extra=two_cores)
    build_site(
        settings, plain, root=site_copy, env=env, quiet=True, extra=["-e", "BUILD_SPEED=false"]
    )
    fast_files, plain_files = every_file(fast), every_file(plain)
    assert len(fast_files) > 100
    assert fast_files.keys() == plain_files.keys()
    assert [name for name in fast_files if fast_files[name] != plain_files[name]] == []


def test_a_change_anywhere_in_a_plugins_package_starts_a_fresh_cache(tmp_path):
    """Plugin code shapes cached content, including code its package shares."""
    from types import ModuleType

    from rso_plugins.build_speed.fingerprint import build_fingerprint

    package = tmp_path / "pkg"
    (package / "plugin").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "plugin" / "__init__.py").write_text("", encoding="utf-8")
    shared = package / "shared.py"
    shared.write_text("VALUE = 1\n", encoding="utf-8")
    plugin = ModuleType("pkg.plugin")
    plugin.__file__ = str(package / "plugin" / "__init__.py")
    settings = {"PATH": str(tmp_path), "SITENAME": "x"}
    before = build_fingerprint(settings, [plugin])
    assert build_fingerprint(settings, [plugin]) == before
    shared.write_text("VALUE = 2\n", encoding="utf-8")
    assert build_fingerprint(settings, [plugin]) != before


def test_a_warm_rebuild_leaves_files_that_come_out_the_same_alone(tmp_path):
    """Pages and feeds are rendered again, but only a changed one is written to disk."""
    site = tmp_path / "site"
    output = build_tiny_site(site, NEWS, **cached(tmp_path))
    age_everything(output)
    build_tiny_site(
        site, {**NEWS, "news/2020/b.md": article("Bravo news", 2, "Corrected.")}, **cached(tmp_path)
    )
    pelicans = [*output.rglob("*.html"), *(output / "feeds").glob("*.xml")]
    changed = {
        path.relative_to(output).as_posix() for path in pelicans if path.stat().st_mtime != OLD
    }
    # Of what Pelican's Writer writes: the article's page, and the Atom feeds, which
    # carry whole articles.
    assert changed == {
        "news/2020/b/index.html",
        "feeds/all.atom.xml",
        "feeds/news.atom.xml",
    }
    assert "Corrected." in (output / "feeds/all.atom.xml").read_text(encoding="utf-8")


# Lists left alone -------------------------------------------------------------------------

LISTS_LEFT = "List pages unchanged, not rendered again: "


def tagged(title: str, day: int, tags: str, body: str = "Some news.") -> str:
    return (
        f"Title: {title}\nDate: 2020-01-{day:02d}\nTags: {tags}\n"
        f"Summary: About {title}.\n\n{body}\n"
    )


# Two tags of three articles each (one page each), and two years.
TAGGED = {
    "news/2020/a.md": tagged("Alpha news", 1, "maritime"),
    "news/2020/b.md": tagged("Bravo news", 2, "maritime"),
    "news/2020/c.md": tagged("Charlie news", 3, "maritime"),
    "news/2020/d.md": tagged("Delta news", 4, "training"),
    "news/2020/e.md": tagged("Echo news", 5, "training"),
    "news/2020/f.md": tagged("Foxtrot news", 6, "training"),
}


def start_listening(caplog) -> None:
    """Catch the next build's messages, all of them: Pelican shows a message only once
    per process."""
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()
    caplog.clear()
    caplog.set_level(logging.INFO)


def lists_left_alone(caplog) -> int:
    counts = [
        int(record.getMessage().removeprefix(LISTS_LEFT))
        for record in caplog.records
        if record.getMessage().startswith(LISTS_LEFT)
    ]
    return counts[-1]


def rebuilt_like_a_cold_build(tmp_path, caplog, changed: dict[str, str], **settings) -> int:
    """Build TAGGED, rebuild with ``changed``; check the rebuild is the bytes a cold
    build without speed-ups writes; return how many list pages it left alone."""
    site = tmp_path / "site"
    build_tiny_site(site, TAGGED, **cached(tmp_path, **settings))
    start_listening(caplog)
    warm = build_tiny_site(site, {**TAGGED, **changed}, **cached(tmp_path, **settings))
    left = lists_left_alone(caplog)
    cold = build_tiny_site(tmp_path / "cold", {**TAGGED, **changed}, BUILD_SPEED=False, **settings)
    assert every_file(warm) == every_file(cold)
    return left


def test_an_edited_article_leaves_the_lists_it_is_not_on_alone(tmp_path, caplog):
    body = {"news/2020/b.md": tagged("Bravo news", 2, "maritime", "Corrected.")}
    summary = {"news/2020/b.md": tagged("Bravo news", 2, "maritime").replace("About", "On")}
    # The training tag's page (its only list without Bravo) is left alone either way;
    # the maritime tag, the News category and the 2020 archive show Bravo.
    assert rebuilt_like_a_cold_build(tmp_path / "body", caplog, body) == 1
    assert rebuilt_like_a_cold_build(tmp_path / "summary", caplog, summary) == 1


def test_an_article_moved_to_another_tag_renders_both_tags(tmp_path, caplog):
    moved = {"news/2020/c.md": tagged("Charlie news", 3, "training")}
    assert rebuilt_like_a_cold_build(tmp_path, caplog, moved) == 0


def test_nothing_changed_leaves_every_list_alone(tmp_path, caplog):
    # The two tags, the News category and the 2020 archive.
    assert rebuilt_like_a_cold_build(tmp_path, caplog, {}) == 4


def test_an_edited_list_template_renders_every_list(tmp_path, caplog):
    import shutil

    from sitetools.build import ROOT

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    site = tmp_path / "site"
    build_tiny_site(site, TAGGED, **cached(tmp_path, THEME=str(theme)))
    tag = theme / "templates/tag.html"
    tag.write_text(
        tag.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}Hi"),
        encoding="utf-8",
    )
    start_listening(caplog)
    output = build_tiny_site(site, TAGGED, **cached(tmp_path, THEME=str(theme)))
    assert lists_left_alone(caplog) == 0
    assert "Hi" in (output / "news/tag/maritime/index.html").read_text(encoding="utf-8")


def test_a_deleted_list_page_is_written_again(tmp_path):
    site = tmp_path / "site"
    output = build_tiny_site(site, TAGGED, **cached(tmp_path))
    page = output / "news/tag/training/index.html"
    text = page.read_text(encoding="utf-8")
    page.unlink()
    build_tiny_site(site, TAGGED, **cached(tmp_path))
    assert page.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    "date",
    [
        SafeDatetime(2024, 5, 1, 9, 30),
        SafeDatetime(999, 1, 2, 3, 4, 5),
        datetime.datetime(2024, 12, 31, 23, 59, 59, tzinfo=ZoneInfo("Asia/Bangkok")),
        datetime.datetime(2020, 6, 1, tzinfo=ZoneInfo("America/St_Johns")),
        SafeDatetime(2021, 1, 1, tzinfo=datetime.UTC),
    ],
)
def test_quick_sitemap_dates_are_pelican_sitemaps_own(date):
    assert format_sitemap_date(date) == SITEMAPS_OWN_FORMAT_DATE(date)
