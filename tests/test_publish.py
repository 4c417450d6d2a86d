"""`invoke publish` and `invoke rollback` against real git repositories.

Each test commits a project with tiny content of its own, with a bare repository as
its remote, and publishes from a clone, as an editor would: edits are committed and
pushed. Only ghp-import and git touch the repositories; the tests read
the remote's gh-pages branch with git, as GitHub Pages would.
"""

from __future__ import annotations

import datetime
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from editor_project import clone_with_remote, git, isolate_git, run_invoke, tiny_project

from sitetools.build import ROOT
from sitetools.gh_pages import PagesBranchError, rollback
from sitetools.publish import (
    Publication,
    PublishFailed,
    cname_for,
    publication_message,
    publish,
    rollback_message,
    site_url,
    verify_output,
)
from tests.tiny_site import SCHEDULED_ARTICLE

SITEURL = "https://rso.example.org"
PUBLISHED_FILES = (
    "index.html",
    ".nojekyll",
    "404.html",
    "sitemap.xml",
    "feeds/all.atom.xml",
    "feeds/all.rss.xml",
)


STORY = "content/news/2020/2020-02-01-a-first-tiny-story.md"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """(clone, bare remote) of a committed project with tiny content and its tooling."""
    isolate_git(monkeypatch, tmp_path / "home")
    return clone_with_remote(tiny_project(tmp_path / "site"), tmp_path)


def published(remote: Path, ref: str = "gh-pages") -> str | None:
    found = git(remote, "for-each-ref", "--format=%(objectname)", f"refs/heads/{ref}")
    return found or None


def files_on(remote: Path, ref: str = "gh-pages") -> set[str]:
    return set(git(remote, "ls-tree", "-r", "--name-only", ref).splitlines())


def read_on(remote: Path, path: str, ref: str = "gh-pages") -> str:
    return git(remote, "show", f"{ref}:{path}")


def tree_of(remote: Path, ref: str) -> str:
    return git(remote, "rev-parse", f"{ref}^{{tree}}")


def change(clone: Path, path: str, old: str, new: str) -> None:
    file = clone / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit_change(clone: Path, path: str, old: str, new: str, push: bool = True) -> None:
    """Edit, commit and (as the README asks) push, as an editor does."""
    change(clone, path, old, new)
    git(clone, "commit", "--quiet", "--all", "-m", f"Edit {path}")
    if push:
        git(clone, "push", "--quiet", "origin", "main")


def git_input(cwd: Path, text: str, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, input=text, capture_output=True, text=True, check=True
    ).stdout.strip()


def tree_with(clone: Path, names: list[str]) -> str:
    """A tree of empty files with these names, written with git alone."""
    blob = git_input(clone, "", "hash-object", "-w", "--stdin")
    listing = "".join(f"100644 blob {blob}\t{name}\n" for name in names)
    return git_input(clone, listing, "mktree")


def seed_gh_pages(clone: Path) -> str:
    """An earlier publish, on the remote and in the clone, made with git (no build)."""
    commit = git(clone, "commit-tree", tree_with(clone, ["index.html"]), "-m", "Earlier")
    git(clone, "push", "--quiet", "origin", f"{commit}:refs/heads/gh-pages")
    git(clone, "update-ref", "refs/heads/gh-pages", commit)
    return commit


def test_publish_puts_the_whole_site_on_gh_pages(project, monkeypatch):
    clone, remote = project
    monkeypatch.setenv("SITEURL", SITEURL + "/")

    commit = publish(clone, cname="").commit

    assert published(remote) == commit
    files = files_on(remote)
    assert set(PUBLISHED_FILES) <= files
    assert "CNAME" not in files
    assert not any(name.startswith("drafts/") for name in files)
    sitemap = ET.fromstring(read_on(remote, "sitemap.xml"))
    locations = [loc.text for loc in sitemap.iter() if loc.tag.endswith("loc")]
    assert locations
    assert all(loc.startswith(SITEURL + "/") for loc in locations)
    assert f'href="{SITEURL}/' in read_on(remote, "feeds/all.atom.xml")
    head = git(clone, "rev-parse", "--short", "HEAD")
    assert git(remote, "log", "-1", "--format=%s", "gh-pages").startswith(
        f"Publish {SITEURL} from {head} on "
    )


def test_publish_rollback_from_the_command_line(project):
    clone, remote = project

    first = run_invoke(clone, "publish", "--siteurl", SITEURL)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (first.stdout + first.stderr).count("Published") == 1
    assert f"Published {published(remote)[:10]} to origin/gh-pages." in first.stdout
    assert first.stdout.rstrip().endswith("Undo with: invoke rollback")
    first_commit = published(remote)
    assert set(PUBLISHED_FILES) | {"CNAME"} <= files_on(remote)
    assert read_on(remote, "CNAME") == "rso.example.org"

    commit_change(clone, STORY, "Title: A first tiny story", "Title: A first tiny report")
    second = run_invoke(clone, "gh-pages", "--siteurl", SITEURL)
    assert second.returncode == 0, second.stdout + second.stderr
    second_commit = published(remote)
    assert git(remote, "rev-parse", f"{second_commit}^") == first_commit
    assert "A first tiny report" in read_on(remote, "news/2020/a-first-tiny-story/index.html")

    back = run_invoke(clone, "rollback")
    assert back.returncode == 0, back.stdout + back.stderr
    assert (back.stdout + back.stderr).count("Rolled back") == 1
    assert tree_of(remote, "gh-pages") == tree_of(remote, first_commit)
    assert git(remote, "rev-list", "--count", "gh-pages") == "3"

    further = run_invoke(clone, "rollback")
    assert further.returncode != 0
    assert "no earlier publish" in further.stderr
    assert tree_of(remote, "gh-pages") == tree_of(remote, first_commit)


def break_data_file(clone: Path) -> None:
    commit_change(clone, "content/data/bali-process.yaml", "as_of:", "as_of: not a date\nx:")


def break_internal_link(clone: Path) -> None:
    commit_change(clone, STORY, "on a Saturday", "on a [Saturday]({filename}/nowhere.md)")


def break_the_build(clone: Path) -> None:
    """A mistake only the build sees: a template that does not compile."""
    commit_change(clone, "theme/templates/base.html", "<body>", "<body>{% if %}")


def reject_pushes(clone: Path) -> None:
    hook = Path(git(clone, "remote", "get-url", "origin")) / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pushes are closed' >&2\nexit 1\n")
    hook.chmod(0o755)


@pytest.mark.parametrize(
    ("breakage", "reason"),
    [
        (break_data_file, "the content has problems"),
        (break_internal_link, "the content has problems"),
        (break_the_build, "the site did not build"),
        (reject_pushes, "the push failed"),
    ],
)
def test_a_failed_publish_leaves_gh_pages_as_it_was(project, breakage, reason):
    clone, remote = project
    before = seed_gh_pages(clone)
    breakage(clone)

    with pytest.raises(PublishFailed, match=f"Nothing was published: {reason}"):
        publish(clone, siteurl=SITEURL)

    assert published(remote) == before
    assert git(clone, "rev-parse", "refs/heads/gh-pages") == before


def test_publishing_an_unchanged_site_makes_no_commit(project):
    clone, remote = project
    first = run_invoke(clone, "publish", "--siteurl", SITEURL)
    assert first.returncode == 0, first.stderr
    commit = published(remote)

    again = run_invoke(clone, "publish", "--siteurl", SITEURL)

    assert again.returncode == 0, again.stderr
    assert "Already published" in again.stdout
    assert published(remote) == commit
    assert git(clone, "rev-parse", "refs/heads/gh-pages") == commit


def test_uncommitted_changes_are_refused_with_the_commands_that_fix_it(project):
    clone, remote = project
    change(clone, STORY, "on a Saturday", "on a sunny Saturday")

    result = run_invoke(clone, "publish", "--siteurl", SITEURL)

    assert result.returncode != 0
    assert published(remote) is None
    assert "Not published: these files have changes that are not committed: " in result.stderr
    assert STORY in result.stderr
    for command in ("git add content", 'git commit -m "', "git push", "--emergency"):
        assert command in result.stderr, command
    assert "Traceback" not in result.stderr


def test_unpushed_commits_are_refused(project):
    clone, remote = project
    commit_change(clone, STORY, "on a Saturday", "on a sunny Saturday", push=False)

    result = run_invoke(clone, "publish", "--siteurl", SITEURL)

    assert result.returncode != 0
    assert published(remote) is None
    assert "1 commit(s) on main are not pushed" in result.stderr
    assert "git push origin main" in result.stderr


def test_an_emergency_publish_goes_out_and_warns_it_will_be_replaced(project):
    clone, remote = project
    change(clone, STORY, "on a Saturday", "on a sunny Saturday")

    result = run_invoke(clone, "publish", "--siteurl", SITEURL, "--emergency")

    assert result.returncode == 0, result.stderr
    assert "sunny Saturday" in read_on(remote, "news/2020/a-first-tiny-story/index.html")
    warning = result.stdout + result.stderr
    assert "Publishing anyway (--emergency)" in warning
    assert (
        "Publishing anyway (--emergency): these files have changes that are not "
        f"committed: {STORY}.\n" in warning
    )
    assert "The next automatic publish builds from what is pushed and would replace" in warning
    # It ends with what to do now: the commands that push the same change.
    assert result.stdout.count("Published") == 1
    ending = result.stdout.rstrip().splitlines()[-4:]
    assert ending[0].endswith("commit and push the same change now:")
    assert ending[1:] == [
        "  git add content theme plugins pelicanconf.py publishconf.py",
        '  git commit -m "Say what you changed"',
        "  git push",
    ]


def test_rollback_steps_back_one_publish_at_a_time(project):
    clone, remote = project
    trees = [tree_with(clone, [f"page-{n}.html"]) for n in range(3)]
    parent: list[str] = []
    commits = []
    for n, tree in enumerate([trees[0], trees[1], trees[1], trees[2]]):
        commit = git(clone, "commit-tree", tree, *parent, "-m", f"Publish {n}")
        commits.append(commit)
        parent = ["-p", commit]
    git(clone, "push", "--quiet", "origin", f"{commits[-1]}:refs/heads/gh-pages")

    rollback(clone)
    assert tree_of(remote, "gh-pages") == trees[1]
    rollback(clone)  # publish 2 changed nothing, so this goes back to publish 0
    assert tree_of(remote, "gh-pages") == trees[0]
    with pytest.raises(PagesBranchError, match="no earlier publish"):
        rollback(clone)
    rollback(clone, to=commits[3])
    assert tree_of(remote, "gh-pages") == trees[2]
    assert git(remote, "rev-list", "--count", "gh-pages") == "7"


def test_rollback_with_nothing_published(project):
    clone, _ = project
    with pytest.raises(PagesBranchError, match="nothing has been published"):
        rollback(clone)


def test_unknown_remote_is_named(project):
    clone, _ = project
    with pytest.raises(PagesBranchError, match="no git remote called 'upstream'"):
        rollback(clone, remote="upstream")


@pytest.mark.parametrize(
    ("siteurl", "cname"),
    [
        ("https://rso.baliprocess.net", "rso.baliprocess.net"),
        ("https://rso-baliprocess.github.io", None),
        ("https://example.github.io/rso", None),
        ("https://example.org/rso", None),
        ("http://127.0.0.1:8000", None),
        ("http://localhost:8000", None),
    ],
)
def test_cname_only_for_a_custom_domain(siteurl, cname):
    assert cname_for(siteurl) == cname


@pytest.mark.parametrize("siteurl", ["ftp://rso.example.org", "rso.example.org", "/rso"])
def test_site_url_must_be_a_full_address(siteurl):
    with pytest.raises(PublishFailed, match="not a full web address"):
        site_url(siteurl=siteurl)


def test_verify_output_names_what_is_missing(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "sitemap.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>/relative/</loc></url></urlset>"
    )
    problems = verify_output(tmp_path, SITEURL)

    assert "index.html was not built; check the build messages above" in problems
    assert "drafts/ was built; publishconf.py must set DRAFT_SAVE_AS = ''" in problems
    assert f"sitemap.xml lists '/relative/', which is not on {SITEURL}; check SITEURL" in problems


def test_without_an_upstream_the_remotes_branch_of_the_same_name_counts(project):
    """A CI checkout may have no upstream: what is pushed is origin's branch of that name."""
    clone, remote = project
    git(clone, "branch", "--unset-upstream")
    commit_change(clone, STORY, "on a Saturday", "on a sunny Saturday", push=False)

    refused = run_invoke(clone, "publish", "--siteurl", SITEURL)
    assert refused.returncode != 0
    assert "1 commit(s) on main are not pushed" in refused.stderr

    git(clone, "push", "--quiet", "origin", "main")
    published_now = run_invoke(clone, "publish", "--siteurl", SITEURL)
    assert published_now.returncode == 0, published_now.stderr
    assert "sunny Saturday" in read_on(remote, "news/2020/a-first-tiny-story/index.html")


@pytest.mark.parametrize(
    ("remote", "branch", "options"),
    [
        ("origin", "gh-pages", ""),
        ("origin", "site", " --branch site"),
        ("upstream", "site", " --remote upstream --branch site"),
    ],
)
def test_advice_names_the_remote_and_branch_that_were_given(remote, branch, options):
    done = Publication(commit="0123456789abcdef")
    said = publication_message(done, remote, branch)
    assert said == f"Published 0123456789 to {remote}/{branch}. Undo with: invoke rollback{options}"
    rolled = rollback_message("fedcba9876543210", remote, branch)
    assert f"To publish again on purpose: invoke publish{options} (or push" in rolled
    held = publication_message(Publication(held="fedcba9876543210"), remote, branch)
    assert f"To publish again on purpose: invoke publish{options} (or push" in held
    pushing = Publication(commit="0123456789abcdef", to_push=["  git push origin main"])
    assert publication_message(pushing, remote, branch).endswith(
        "commit and push the same change now:\n  git push origin main"
    )


@pytest.mark.parametrize("address", ["{tmp}/gone.git", "http://127.0.0.1:9/site.git"])
def test_an_unreachable_remote_is_one_line(project, tmp_path, address):
    clone, remote = project
    address = address.format(tmp=tmp_path)
    git(clone, "remote", "set-url", "origin", address)

    publishing = run_invoke(clone, "publish", "--siteurl", SITEURL)
    rolling_back = run_invoke(clone, "rollback")

    for result, outcome in (
        (publishing, "Nothing was published"),
        (rolling_back, "Nothing was changed"),
    ):
        assert result.returncode == 1
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(
            f"{outcome}: the git remote 'origin' ({address}) cannot be reached: "
        )
        assert lines[0].endswith("check your connection, and the address with `git remote -v`")
    assert "Building" not in publishing.stderr, "nothing is built for a remote out of reach"
    assert published(remote) is None


# A rollback holds until someone publishes on purpose ------------------------------------

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
LATER = "content/news/2020/2020-06-01-a-story-for-later.md"
LATER_TEXT = SCHEDULED_ARTICLE
LATER_PAGE = "news/2020/a-story-for-later/index.html"
STORY_PAGE = "news/2020/a-first-tiny-story/index.html"


def on_day(monkeypatch, month: int, day: int) -> None:
    """Publish as on this day of 2020, just after midnight in Bangkok."""
    moment = datetime.datetime(2020, month, day, 0, 5, tzinfo=BANGKOK)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(moment.timestamp())))


@pytest.fixture
def scheduled_project(tmp_path, monkeypatch):
    """(clone, bare remote) of a project with a story and one scheduled for 1 June 2020."""
    isolate_git(monkeypatch, tmp_path / "home")
    site = tiny_project(tmp_path / "site", {LATER.removeprefix("content/"): LATER_TEXT})
    return clone_with_remote(site, tmp_path)


def test_a_rollback_holds_until_someone_publishes_on_purpose(scheduled_project, monkeypatch):
    clone, remote = scheduled_project
    on_day(monkeypatch, 5, 1)
    good = publish(clone, siteurl=SITEURL).commit
    # A publish with a mistake, on top (made with git: its files do not matter here).
    mistake = git(clone, "commit-tree", tree_with(clone, ["index.html"]), "-p", good, "-m", "Oops")
    git(clone, "push", "--quiet", "origin", f"{mistake}:refs/heads/gh-pages")

    back = run_invoke(clone, "rollback")
    assert back.returncode == 0, back.stderr
    assert "It stays rolled back: the daily automatic publish leaves it as it is" in back.stdout
    assert "To publish again on purpose: invoke publish " in back.stdout
    rolled_back = published(remote)
    assert tree_of(remote, rolled_back) == tree_of(remote, good)

    # The daily publish, on the scheduled story's day: the rollback stays.
    on_day(monkeypatch, 6, 2)
    daily = run_invoke(clone, "publish", "--siteurl", SITEURL, "--daily")
    assert daily.returncode == 0, daily.stderr
    assert daily.stdout.startswith("Not published: origin/gh-pages is rolled back (")
    assert "To publish again on purpose: invoke publish " in daily.stdout
    assert published(remote) == rolled_back
    assert LATER_PAGE not in files_on(remote)

    # Someone publishes on purpose (the same day as the good publish, so the very same
    # files as the rollback): a commit all the same, which ends the rollback.
    on_day(monkeypatch, 5, 1)
    again = run_invoke(clone, "publish", "--siteurl", SITEURL)
    assert again.returncode == 0, again.stderr
    assert "This ends the rollback." in again.stdout
    ended = published(remote)
    assert ended != rolled_back
    assert tree_of(remote, ended) == tree_of(remote, rolled_back)
    assert git(remote, "log", "-1", "--format=%s", ended).startswith(f"Publish {SITEURL} from ")

    # From then on, the daily publish puts scheduled news live on its day.
    on_day(monkeypatch, 6, 2)
    daily = run_invoke(clone, "publish", "--siteurl", SITEURL, "--daily")
    assert daily.returncode == 0, daily.stderr
    assert daily.stdout.startswith("Published ")
    assert "A story for later" in read_on(remote, LATER_PAGE)
    assert "A first tiny story" in read_on(remote, STORY_PAGE)

    # Rolling back now restores the files of the publish that ended the rollback.
    rollback(clone)
    assert tree_of(remote, "gh-pages") == tree_of(remote, ended)


def test_only_the_daily_publish_in_ci_passes_daily():
    """CI's daily run passes --daily, and only it: a push or "Run workflow" publishes
    on purpose. (Read from the workflow, whatever its jobs are called.)"""
    workflow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())
    assert "schedule" in workflow[True]  # PyYAML reads the key `on` as True
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    # The workflow's own steps, and those of the project's actions it uses.
    for step in list(steps):
        if step.get("uses", "").startswith("./"):
            action = yaml.safe_load((ROOT / step["uses"] / "action.yml").read_text())
            steps += action["runs"]["steps"]
    runs = [step["run"] for step in steps if "invoke publish" in step.get("run", "")]
    assert runs
    for run in runs:
        assert "${{ github.event_name == 'schedule' && '--daily' || '' }}" in run


def test_a_link_to_an_article_scheduled_for_later_stops_a_publish_with_its_date(
    scheduled_project, monkeypatch
):
    clone, remote = scheduled_project
    link = "[the story for later]({filename}2020-06-01-a-story-for-later.md)"
    commit_change(clone, STORY, "on a Saturday", f"on a Saturday; see {link}")
    on_day(monkeypatch, 5, 1)

    result = run_invoke(clone, "publish", "--siteurl", SITEURL)

    assert result.returncode != 0
    said = result.stderr.splitlines()
    assert said[0].startswith(f"Checking and building {SITEURL} into ")
    assert said[1:] == [
        f"{STORY}:8: link {{filename}}2020-06-01-a-story-for-later.md points to an article "
        "scheduled for Monday, 1 June 2020, which is not on the site before then; wait until "
        "that day to publish this (or date it that day or later, so both go live together), "
        "or remove the link",
        "Nothing was published: the content has problems. Fix the above and try again.",
    ]
    assert published(remote) is None
    # (On its day the link is published and leads to the article: test_scheduled_news.)


@pytest.mark.parametrize("command", ["publish", "rollback"])
def test_dash_h_shows_help_and_does_nothing(project, command):
    """No option of these commands takes -h for its short form: it stays help."""
    clone, remote = project

    result = run_invoke(clone, command, "-h")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Usage: inv[oke] [--core-opts] {command}")
    assert published(remote) is None
