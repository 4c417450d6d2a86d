"""The publish lane: a content-only change goes live after its own checks, anything else
waits for the whole suite. Fed path lists (the tricky ones included) and real git
histories with a real gh-pages commit, as the workflow sees them."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitetools.publish import publish_message
from sitetools.publish_lane import (
    CONTENT_LANE,
    FULL_LANE,
    decide,
    lane_for,
    main,
    published_source,
)
from tests.editor_project import git, isolate_git

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


@pytest.mark.parametrize(
    ("paths", "lane"),
    [
        (["content/news/2026/2026-05-06-workshop.md"], CONTENT_LANE),
        # A photo beside an article, in a folder that did not exist before.
        (["content/news/2027/IMG 2034.JPG", "content/news/2027/2027-01-02-a.md"], CONTENT_LANE),
        (["content/events/2026/new-folder/forum.md"], CONTENT_LANE),
        (["content/data/bali-process.yaml", "content/publications/report.pdf"], CONTENT_LANE),
        # Deleting an article is an editor's change too.
        (["content/news/2015/2015-12-04-old.md"], CONTENT_LANE),
        # A rename out of content/: both names are listed, and one is not content.
        (["content/pages/about.md", "theme/templates/about.md"], FULL_LANE),
        (["content/pages/about.md", "pelicanconf.py"], FULL_LANE),
        (["content/news/a.md", ".github/workflows/publish.yml"], FULL_LANE),
        (["requirements.txt"], FULL_LANE),
        (["plugins/rso_plugins/events/calendar.py"], FULL_LANE),
        # Names that only look like content.
        (["content"], FULL_LANE),
        (["contents/news/a.md"], FULL_LANE),
        (["Content/news/a.md"], FULL_LANE),
        (["content/../tasks.py"], FULL_LANE),
        (["tests/fixtures/check/content/pages/about.md"], FULL_LANE),
        # Nothing changed: nothing to hurry.
        ([], FULL_LANE),
    ],
)
def test_lane_for_changed_paths(paths, lane):
    assert lane_for(paths) == lane


def test_published_source_reads_back_what_publish_writes():
    when = datetime.datetime(2026, 3, 9, 17, 5, tzinfo=datetime.UTC)
    assert published_source(publish_message("https://x.org/repo", "1a2b3c4", when)) == "1a2b3c4"
    uncommitted = publish_message("https://x.org", "1a2b3c4 with uncommitted changes", when)
    assert published_source(uncommitted) is None
    assert published_source("Roll back https://x.org to 1a2b3c4") is None


@pytest.fixture
def repository(tmp_path, monkeypatch) -> Path:
    """A project history with main and a gh-pages commit published from its first commit."""
    isolate_git(monkeypatch, tmp_path / "home")
    root = tmp_path / "project"
    root.mkdir()
    git(root, "init", "--quiet", "--initial-branch=main")
    write(root, "content/pages/about.md", "Title: About\n")
    write(root, "pelicanconf.py", "SITENAME = 'x'\n")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "First")
    source = git(root, "rev-parse", "--short", "HEAD")
    site = git(root, "rev-parse", "HEAD^{tree}")  # any tree will do for the site
    message = publish_message("https://rso.example.org", source)
    published = git(root, "commit-tree", site, "-m", message)
    git(root, "update-ref", "refs/heads/gh-pages", published)
    return root


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", message)


def test_content_pushes_since_the_live_site_take_the_content_lane(repository):
    write(repository, "content/news/2026/photo.jpg", "not really a photo")
    commit(repository, "A photo")
    (repository / "content/pages/about.md").unlink()
    commit(repository, "A page removed")
    lane, reason = decide(repository, "gh-pages")
    assert lane == CONTENT_LANE, reason


def test_an_earlier_code_push_not_yet_live_makes_a_content_push_wait(repository):
    """The theme change pushed first is not live yet (its tests may still be running):
    the next push, content only by itself, would publish it, so it waits for the suite."""
    write(repository, "theme/templates/base.html", "<html>")
    commit(repository, "Theme")
    write(repository, "content/news/a.md", "Title: A\n")
    commit(repository, "News")
    lane, reason = decide(repository, "gh-pages")
    assert lane == FULL_LANE
    assert "theme/templates/base.html" in reason


def test_a_rename_out_of_content_takes_the_full_lane(repository):
    git(repository, "mv", "content/pages/about.md", "about.md")
    commit(repository, "Moved")
    assert decide(repository, "gh-pages")[0] == FULL_LANE


def test_an_unknown_live_source_takes_the_full_lane(repository):
    """A rollback's message names no source the lane can trust, and a missing branch
    (the first publish) none at all."""
    tree = git(repository, "rev-parse", "gh-pages^{tree}")
    rollback = git(repository, "commit-tree", tree, "-m", "Roll back to an earlier publish")
    git(repository, "update-ref", "refs/heads/gh-pages", rollback)
    write(repository, "content/news/a.md", "Title: A\n")
    commit(repository, "News")
    assert decide(repository, "gh-pages")[0] == FULL_LANE
    assert decide(repository, "no-such-branch")[0] == FULL_LANE


def test_the_command_writes_the_lane_for_the_workflow(repository, tmp_path, monkeypatch):
    write(repository, "content/news/a.md", "Title: A\n")
    commit(repository, "News")
    outputs = tmp_path / "github-output"
    monkeypatch.chdir(repository)
    assert main(["--pages-ref", "gh-pages", "--github-output", str(outputs)]) == 0
    assert outputs.read_text(encoding="utf-8") == "lane=content\n"
    # As the workflow runs it: the system's Python, with nothing installed.
    python = shutil.which("python3", path="/usr/local/bin:/usr/bin:/bin") or sys.executable
    ran = subprocess.run(
        [python, "-s", "-m", "sitetools.publish_lane", "--pages-ref", "gh-pages"],
        cwd=repository,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("content lane:")


def test_the_workflow_publishes_content_without_waiting_for_the_suite():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    fast, full = jobs["lane"], jobs["publish"]
    # The content lane decides and publishes in one job that needs nothing else.
    assert "needs" not in fast
    steps = {step.get("id") or step.get("name"): step for step in fast["steps"]}
    assert "python3 -m sitetools.publish_lane" in steps["lane"]["run"]
    publishing = [step for step in fast["steps"] if step.get("uses") == "./.github/actions/publish"]
    assert [step["if"] for step in publishing] == ["steps.lane.outputs.lane == 'content'"]
    assert set(full["needs"]) == {"lane", "test"}
    assert "needs.test.result == 'success'" in full["if"]
    assert "needs.lane.outputs.lane != 'content'" in full["if"]
    assert "!cancelled()" in full["if"]  # the lane job is skipped on the daily run
    # One publish at a time, whichever lane; the daily run is unchanged.
    assert fast["concurrency"] == full["concurrency"]
    # PyYAML reads the key "on" as True.
    assert workflow[True]["schedule"] == [{"cron": "5 17 * * *"}]
    for job in (fast, full):
        assert job["steps"][0]["with"]["fetch-depth"] == 0
