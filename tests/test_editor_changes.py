"""An editor's ordinary work never turns the tests red.

A copy of the whole project (tests included) gets the changes the README tells editors
how to make: a member added to the data file, a new article, an article removed (one
nothing links to), a page edited. Then every test that reads the project's own content
runs on that copy, and must pass: they assert rules that hold for any content, never
today's facts.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from editor_project import TOOLING

from sitetools.new_article import create_article
from tests.project_copy import SITE_PARTS, copy_parts

PROJECT = (*SITE_PARTS, *TOOLING, "tests", "bench", "pyproject.toml")
# One process: the suite's other worker has the other core, and one process builds each
# shared site once.
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0"]


def add_member(content: Path) -> None:
    data = content / "data" / "bali-process.yaml"
    text = data.read_text(encoding="utf-8")
    text, added = re.subn(
        r"(\n(\s*)states:\n)", r"\1\2  - {name: Testland, code: AQ}\n", text, count=1
    )
    assert added, "the data file lists member states under 'states:'"
    data.write_text(text, encoding="utf-8")


def add_article(project: Path) -> None:
    path = create_article("A new agreement on data sharing", root=project)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"Summary: .*", "Summary: Officials agreed to share data.", text)
    path.write_text(text.replace("Status: draft\n", ""), encoding="utf-8")


def remove_an_unlinked_article(content: Path) -> None:
    everything = {p: p.read_text(encoding="utf-8") for p in content.rglob("*.md")}
    for article in sorted((content / "news").rglob("*.md")):
        slug = re.search(r"^Slug: *(.+)$", everything[article], re.MULTILINE)
        names = {article.name, *([slug.group(1).strip()] if slug else [])}
        if not any(
            n in text for other, text in everything.items() if other != article for n in names
        ):
            article.unlink()
            return
    raise AssertionError("every article is linked from somewhere")


def edit_a_page(content: Path) -> None:
    page = sorted((content / "pages").glob("*.md"))[0]
    with page.open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph an editor added.\n")


# The tests that read builds of the content as it stands. Tests that change a copy of the
# project themselves (a draft added, speed-ups off) check what their own change does;
# these check what an editor's change reaches.
CONTENT_RULES = "real_content and not browser and not copies_project"


def files_with_content_rules(session) -> list[str]:
    """The test files this session collected that hold such tests, so the run on the
    copy imports only those; run alone, this test gives the run the whole tests folder."""
    files = {
        item.path.relative_to(item.config.rootpath).as_posix()
        for item in session.items
        if item.get_closest_marker("real_content")
        and not item.get_closest_marker("browser")
        and not item.get_closest_marker("copies_project")
    }
    return sorted(files) or ["tests"]


def test_the_content_rules_pass_after_an_editors_ordinary_changes(tmp_path, request):
    project = tmp_path / "project"
    project.mkdir()
    copy_parts(project, PROJECT)
    content = project / "content"
    add_member(content)
    add_article(project)
    remove_an_unlinked_article(content)
    edit_a_page(content)

    result = subprocess.run(
        [*PYTEST, "-m", CONTENT_RULES, *files_with_content_rules(request.session)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=600,
    )

    summary = result.stdout.strip().splitlines()[-1:]
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert summary and " passed" in summary[0] and "failed" not in summary[0], summary
