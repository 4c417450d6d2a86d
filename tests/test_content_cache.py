"""Development builds cache content, and no change to what shapes it leaves a page stale.

Each test builds a copy of the project twice with the development settings (content
cache on), changing one input in between, and reads the page a reader would see. The
inputs are the ones Pelican's cache does not check by itself: the data file, a
template, a setting and plugin code.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitetools.build import DEVELOP_SETTINGS, build_site

BALI_PROCESS_PAGE = "bali-process/index.html"
ARTICLE_PAGE = "news/2015/joint-period-of-action/index.html"
ARTICLE_SOURCE = "content/news/2015/2015-12-04-joint-period-of-action.md"


def build(site: Path) -> Path:
    """Build ``site`` as `invoke build` does; return its output folder."""
    build_site(DEVELOP_SETTINGS, site / "output", root=site, quiet=True)
    return site / "output"


def page(site: Path, name: str) -> str:
    return (site / "output" / name).read_text(encoding="utf-8")


def cache_folders(site: Path) -> list[str]:
    return sorted(folder.name for folder in (site / "cache").iterdir() if folder.is_dir())


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def members_shown(site: Path) -> int:
    return int(re.search(r"The Bali Process has (\d+) members", page(site, BALI_PROCESS_PAGE))[1])


def test_unchanged_rebuild_reuses_the_cache_and_an_edited_article_shows(site_copy):
    build(site_copy)
    [folder] = cache_folders(site_copy)
    assert (site_copy / "cache" / folder / "ArticlesGenerator-Readers").is_file()
    edit(site_copy / ARTICLE_SOURCE, "## Who took part", "## Who took part in it")
    build(site_copy)
    assert cache_folders(site_copy) == [folder]
    assert "Who took part in it" in page(site_copy, ARTICLE_PAGE)


def test_data_file_change_shows_after_a_cached_rebuild(site_copy):
    build(site_copy)
    before = members_shown(site_copy)
    edit(
        site_copy / "content/data/bali-process.yaml",
        "    - Afghanistan\n",
        "    - Afghanistan\n    - Atlantis\n",
    )
    build(site_copy)
    assert members_shown(site_copy) == before + 1


def test_template_change_shows_after_a_cached_rebuild(site_copy):
    build(site_copy)
    folders = cache_folders(site_copy)
    edit(
        site_copy / "theme/templates/article.html",
        '<article class="article">',
        '<article class="article" data-template-version="2">',
    )
    build(site_copy)
    assert 'data-template-version="2"' in page(site_copy, ARTICLE_PAGE)
    # Templates never reach cached content, so theme work keeps its warm cache.
    assert cache_folders(site_copy) == folders


def test_setting_change_shows_after_a_cached_rebuild(site_copy):
    build(site_copy)
    assert "headerlink" not in page(site_copy, ARTICLE_PAGE)
    with (site_copy / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(
            '\nMARKDOWN["extension_configs"]["markdown.extensions.toc"] = {"permalink": True}\n'
        )
    build(site_copy)
    assert 'class="headerlink"' in page(site_copy, ARTICLE_PAGE)


def test_plugin_code_change_shows_after_a_cached_rebuild(site_copy):
    build(site_copy)
    edit(
        site_copy / "plugins/fast_markdown/reader.py",
        "        return content, metadata\n",
        '        return content + "<!-- reader v2 -->", metadata\n',
    )
    build(site_copy)
    assert "<!-- reader v2 -->" in page(site_copy, ARTICLE_PAGE)


def test_without_the_guard_a_setting_change_would_be_stale(site_copy):
    """The control: Pelican's own cache serves the old HTML, which is why the guard exists."""
    settings = site_copy / "pelicanconf.py"
    with settings.open("a", encoding="utf-8") as handle:
        handle.write('\nPLUGINS.remove("content_cache_guard")\n')
    build(site_copy)
    with settings.open("a", encoding="utf-8") as handle:
        handle.write(
            '\nMARKDOWN["extension_configs"]["markdown.extensions.toc"] = {"permalink": True}\n'
        )
    build(site_copy)
    assert "headerlink" not in page(site_copy, ARTICLE_PAGE)
