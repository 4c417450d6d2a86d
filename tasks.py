"""Commands for editors and developers: `invoke --list` shows them all.

Each task is a thin wrapper; the logic lives in sitetools/ where it is tested.
"""

import logging
import shutil
import sys
from pathlib import Path

from invoke import task

from sitetools.build import (
    DEVELOP_SETTINGS,
    PUBLISH_SETTINGS,
    ROOT,
    BuildFailed,
    build_site,
    pelican_command,
)
from sitetools.content_check import check_site
from sitetools.gh_pages import DEFAULT_BRANCH, DEFAULT_REMOTE, PagesBranchError
from sitetools.gh_pages import rollback as rollback_site
from sitetools.live_preview import serve_live
from sitetools.new_article import ArticleNotCreated, create_article
from sitetools.new_publication import PublicationNotCreated, create_publication
from sitetools.publish import PublishFailed
from sitetools.publish import publish as publish_site

PORT = 8000


def _build(settings):
    try:
        build_site(settings)
    except BuildFailed as error:
        sys.exit(str(error))


@task
def clean(c):
    """Remove the built site (output/)."""
    shutil.rmtree(ROOT / "output", ignore_errors=True)


@task
def build(c):
    """Build the site for local preview into output/."""
    _build(DEVELOP_SETTINGS)


@task(clean, build)
def rebuild(c):
    """Remove output/ and build it again."""


@task
def regenerate(c):
    """Build, then rebuild whenever a file changes."""
    c.run(" ".join(pelican_command(extra=["--autoreload"])), pty=False)


@task
def serve(c, port=PORT):
    """Serve output/ at http://localhost:8000 (no build)."""
    c.run(
        " ".join(pelican_command(extra=["--listen", "--port", str(port)], strict=False)), pty=False
    )


@task
def reserve(c, port=PORT):
    """Build, then serve at http://localhost:8000."""
    build(c)
    serve(c, port=port)


@task
def preview(c):
    """Build as for publishing (absolute URLs, no drafts) into output/."""
    _build(PUBLISH_SETTINGS)


@task
def test(c):
    """Run the linter and every test (set up with `scripts/setup --dev` first)."""
    c.run(f"{sys.executable} -m ruff check .", pty=False)
    c.run(f"{sys.executable} -m ruff format --check .", pty=False)
    c.run(f"{sys.executable} -m pytest", pty=False)


def _show_progress():
    """Let the sitetools loggers say what they are doing, as plain lines."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")


@task(help={"port": "port to serve on", "open-browser": "open the preview in a browser"})
def livereload(c, port=PORT, open_browser=False):
    """Preview at http://localhost:8000; rebuild and reload the page whenever you save."""
    _show_progress()
    serve_live(ROOT, port=int(port), open_browser=open_browser)


@task(
    help={
        "title": "the article's title, in quotes",
        "category": "News (the default), Events or Newsletters",
        "tags": 'comma-separated, in quotes: "newsletter, rso"',
    }
)
def new(c, title, category="News", tags=""):
    """Start a news article (as a draft) with today's date, and print its path."""
    try:
        path = create_article(title, category, tags)
    except ArticleNotCreated as error:
        sys.exit(f"Not created: {error}")
    print(path.relative_to(ROOT))


@task(
    help={
        "title": "the document's title, in quotes",
        "type": "Report (the default), Information sheet, Newsletter, Annual report, "
        "Strategy or Outcome statement",
        "file": "the PDF to publish; it is copied beside the new entry",
        "language": "the document's language code (default en)",
    }
)
def new_publication(c, title, type="Report", file=None, language="en"):
    """Start a publication (content/publications/<slug>.md beside its PDF); print its path."""
    try:
        path = create_publication(title, type, file, language)
    except PublicationNotCreated as error:
        sys.exit(f"Not created: {error}")
    print(path.relative_to(ROOT))


@task(help={"content": "check this content folder instead of content/"})
def check(c, content=None):
    """List what to fix before publishing, one line per problem (file:line)."""
    problems = check_site(ROOT, Path(content) if content else None)
    for problem in problems:
        print(problem)
    if problems:
        sys.exit(f"{len(problems)} problem(s) to fix before publishing.")
    print("No problems found.")


PUBLISH_HELP = {
    "remote": f"git remote to push to (default {DEFAULT_REMOTE})",
    "branch": f"branch GitHub Pages serves (default {DEFAULT_BRANCH})",
    "siteurl": "public address (default: $SITEURL, else publishconf.py)",
    "cname": 'custom domain for a CNAME file (default: from the address; "" for none)',
}


@task(help=PUBLISH_HELP)
def publish(c, remote=DEFAULT_REMOTE, branch=DEFAULT_BRANCH, siteurl="", cname=None):
    """Check, build and push the site to GitHub Pages; on any failure nothing is pushed."""
    _show_progress()
    try:
        commit = publish_site(ROOT, remote, branch, siteurl or None, cname)
    except PublishFailed as error:
        sys.exit(str(error))
    print(f"Published {commit[:10]} to {remote}/{branch}. Undo with: invoke rollback")


@task(help=PUBLISH_HELP)
def gh_pages(c, remote=DEFAULT_REMOTE, branch=DEFAULT_BRANCH, siteurl="", cname=None):
    """The same as `invoke publish` (Pelican's quickstart name for it)."""
    publish(c, remote, branch, siteurl, cname)


@task(
    help={
        "remote": PUBLISH_HELP["remote"],
        "branch": PUBLISH_HELP["branch"],
        "to": "a commit on gh-pages to restore, from `git log origin/gh-pages`",
    }
)
def rollback(c, remote=DEFAULT_REMOTE, branch=DEFAULT_BRANCH, to=None):
    """Put the previous publish back on GitHub Pages (as a new publish; history is kept).

    Run it again to go one more publish back; publish again to undo it.
    """
    _show_progress()
    try:
        commit = rollback_site(ROOT, remote, branch, to)
    except PagesBranchError as error:
        sys.exit(f"Nothing was changed: {error}")
    print(f"Rolled back: {remote}/{branch} is now {commit[:10]}.")


@task(
    help={
        "articles": "how many synthetic news articles to build (default 1000)",
        "runs": "builds of each kind; the medians are reported (default 3)",
    }
)
def bench(c, articles=1000, runs=3):
    """Time our build against stock Pelican on synthetic news, cold and warm."""
    from bench.build_speed import run

    run(int(articles), int(runs))
