"""The publish build: drafts stay out, and the same content gives the same bytes."""

from __future__ import annotations

import filecmp
from pathlib import Path

from rso_plugins.browser_editor.bundle import THIRD_PARTY_FOLDERS
from sitetools.build import PUBLISH_SETTINGS, build_site
from tests.drafts import DRAFT_PAGE, add_draft_article

# The editor's copies of npm packages (/admin/sveltia/ ...): others' code, which may
# hold any word.
VENDORED = tuple(f"admin/{folder}/" for folder in THIRD_PARTY_FOLDERS)


def every_file(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file() and not path.relative_to(output).as_posix().startswith(VENDORED)
    }


def test_a_draft_appears_nowhere_in_a_publish_build(site_copy, tmp_path):
    add_draft_article(site_copy)
    (site_copy / "content" / "pages" / "unfinished.md").write_text(DRAFT_PAGE, encoding="utf-8")
    output = tmp_path / "output"
    build_site(PUBLISH_SETTINGS, output, root=site_copy, quiet=True)
    files = every_file(output)
    assert "index.html" in files and "sitemap.xml" in files
    for name, content in files.items():
        assert b"zebra" not in content, name
        assert b"unpublished-meeting-notes" not in content, name
        assert b"unfinished-page" not in content, name
    assert not (output / "drafts").exists()


def test_a_preview_build_shows_drafts_to_the_editor(site_copy, tmp_path):
    add_draft_article(site_copy)
    output = tmp_path / "output"
    build_site("pelicanconf.py", output, root=site_copy, quiet=True)
    assert (output / "drafts" / "unpublished-meeting-notes" / "index.html").exists()


def test_two_builds_of_the_same_content_are_identical(publish_build, tmp_path):
    again = tmp_path / "again"
    build_site(PUBLISH_SETTINGS, again, quiet=True)
    first, second = every_file(publish_build), every_file(again)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    assert not filecmp.dircmp(publish_build, again).diff_files
