"""Article pages: warm rebuilds skip unchanged ones and are never stale; rendering on
two processes gives the same site as on one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitetools.build import DEVELOP_SETTINGS, BuildFailed, build_site

JOINT = "content/news/2015/2015-12-04-joint-period-of-action.md"
CONCLUDES = "content/news/2015/2015-10-28-joint-period-of-action-concludes.md"
SKIPPED = re.compile(r"Article pages unchanged, not rendered again: (\d+)")


def rebuild(site: Path, output: Path) -> int:
    """Build with the content cache, as `invoke build` does; return pages skipped."""
    result = build_site(DEVELOP_SETTINGS, output, root=site, quiet=True, extra=["--verbose"])
    found = SKIPPED.search(" ".join((result.stdout + result.stderr).split()))
    return int(found.group(1)) if found else 0


def files(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()
    }


def fresh(site: Path, tmp_path: Path) -> dict[str, bytes]:
    output = tmp_path / "fresh"
    build_site(
        DEVELOP_SETTINGS,
        output,
        root=site,
        quiet=True,
        extra=["-e", "CACHE_CONTENT=false", "LOAD_CONTENT_CACHE=false"],
    )
    return files(output)


def edit(site: Path, source: str, old: str, new: str) -> None:
    path = site / source
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_site_renders_no_article_page_again(site_copy, tmp_path):
    output = tmp_path / "output"
    assert rebuild(site_copy, output) == 0
    assert rebuild(site_copy, output) == 14


def test_editing_one_article_renders_it_and_its_neighbours_only(site_copy, tmp_path):
    output = tmp_path / "output"
    rebuild(site_copy, output)
    edit(site_copy, JOINT, "Title: Bali Process Joint", "Title: The Bali Process Joint")
    # Its page, and the one older article that links to it by title, are rendered.
    assert rebuild(site_copy, output) == 14 - 2
    page = (output / "news/2015/joint-period-of-action/index.html").read_text(encoding="utf-8")
    assert "<h1>The Bali Process Joint" in page
    older = (output / "news/2015/joint-period-of-action-concludes/index.html").read_text(
        encoding="utf-8"
    )
    assert "The Bali Process Joint Period of Action" in older
    assert files(output) == fresh(site_copy, tmp_path)


def test_a_changed_address_updates_the_pages_that_link_to_it(site_copy, tmp_path):
    output = tmp_path / "output"
    rebuild(site_copy, output)
    edit(site_copy, JOINT, "Slug: joint-period-of-action\n", "Slug: joint-period-results\n")
    rebuild(site_copy, output)
    linking = (output / "news/2015/joint-period-of-action-concludes/index.html").read_text(
        encoding="utf-8"
    )
    assert "/news/2015/joint-period-results/" in linking
    assert "/news/2015/joint-period-of-action/" not in linking
    fresh_files = fresh(site_copy, tmp_path)
    built = files(output)
    assert {name: built[name] for name in fresh_files} == fresh_files


def test_a_template_change_renders_every_article_page(site_copy, tmp_path):
    output = tmp_path / "output"
    rebuild(site_copy, output)
    edit(site_copy, "theme/templates/article.html", "Posted On:", "Published:")
    assert rebuild(site_copy, output) == 0
    page = (output / "news/2015/joint-period-of-action/index.html").read_text(encoding="utf-8")
    assert "Published:" in page


def test_publish_builds_render_everything(site_copy, tmp_path):
    from sitetools.build import PUBLISH_SETTINGS

    output = tmp_path / "output"
    for _ in range(2):
        result = build_site(PUBLISH_SETTINGS, output, root=site_copy, quiet=True, extra=["-v"])
        assert "Article pages unchanged" not in result.stdout + result.stderr


def build_many(site: Path, output: Path, processes: int) -> str:
    settings = site / f"render{processes}.py"
    settings.write_text(
        f"from publishconf import *  # noqa: F403\nRENDER_PROCESSES = {processes}\n",
        encoding="utf-8",
    )
    result = build_site(settings.name, output, root=site, quiet=True, extra=["--debug"])
    return result.stdout + result.stderr


def test_two_processes_write_the_same_site_as_one(site_copy, tmp_path):
    from bench.corpus import write_corpus

    write_corpus(site_copy / "content", 80)
    log_two = build_many(site_copy, tmp_path / "two", 2)
    log_one = build_many(site_copy, tmp_path / "one", 1)
    assert "Rendering article pages on two processes" in log_two
    assert "Rendering article pages on two processes" not in log_one
    two, one = files(tmp_path / "two"), files(tmp_path / "one")
    assert len(one) > 80
    assert two.keys() == one.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_a_page_that_fails_in_the_second_process_fails_the_build(site_copy, tmp_path):
    from bench.corpus import write_corpus

    write_corpus(site_copy / "content", 80)
    log = build_many(site_copy, tmp_path / "first", 2)
    # Break one article page that the second process writes.
    child_page = re.search(r"The second process writes news/\d{4}/([\w-]+)/index\.html", log)
    assert child_page, "the second process wrote no article page"
    slug = child_page.group(1)
    edit(
        site_copy,
        "theme/templates/article.html",
        "{% block content %}",
        f"{{% block content %}}{{% if article.slug == {slug!r} %}}{{{{ no_such_function() }}}}"
        "{% endif %}",
    )
    with pytest.raises(BuildFailed) as error:
        build_many(site_copy, tmp_path / "output", 2)
    assert "no_such_function" in str(error.value)
    assert "rendering a share of the pages failed" in str(error.value)
