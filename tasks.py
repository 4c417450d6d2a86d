"""Commands for editors and developers: `invoke --list` shows them all.

Each task is a thin wrapper; the logic lives in sitetools/ where it is tested.
"""

import logging
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task

from sitetools.browser_edit import serve_editor
from sitetools.build import (
    DEVELOP_SETTINGS,
    PUBLISH_SETTINGS,
    ROOT,
    build_site,
    pelican_command,
    pelican_env,
)
from sitetools.editor_errors import DEBUG_HELP, editor_errors
from sitetools.gh_pages import DEFAULT_BRANCH, DEFAULT_REMOTE
from sitetools.gh_pages import rollback as rollback_site
from sitetools.live_preview import serve_live
from sitetools.local_port import check_port

# The commands that read settings or content load Pelican and the plugins; they import
# their sitetools module when they run, so `invoke build` or `invoke --list` do not.

PORT = 8000


def _build(settings, debug=False):
    with editor_errors(debug):
        build_site(settings, debug=debug)


@task
def clean(c):
    """Remove the built site (output/)."""
    shutil.rmtree(ROOT / "output", ignore_errors=True)


@task(help={"debug": DEBUG_HELP})
def build(c, debug=False):
    """Build the site for local preview into output/."""
    _build(DEVELOP_SETTINGS, debug)


@task(clean, build)
def rebuild(c):
    """Remove output/ and build it again."""


@task
def regenerate(c):
    """Build, then rebuild whenever a file changes."""
    c.run(shlex.join(pelican_command(extra=["--autoreload"])), env=pelican_env(), pty=False)


@task(help={"port": "port to serve on (default 8000)", "debug": DEBUG_HELP})
def serve(c, port=PORT, debug=False):
    """Serve output/ at http://localhost:8000 (no build)."""
    with editor_errors(debug):
        check_port(int(port), command="serve")
    command = pelican_command(extra=["--listen", "--port", str(port)], strict=False)
    c.run(shlex.join(command), env=pelican_env(), pty=False)


@task(help={"port": "port to serve on (default 8000)", "debug": DEBUG_HELP})
def reserve(c, port=PORT, debug=False):
    """Build, then serve at http://localhost:8000."""
    with editor_errors(debug):
        check_port(int(port), command="reserve")
    build(c, debug)
    serve(c, port=port, debug=debug)


@task(help={"debug": DEBUG_HELP})
def preview(c, debug=False):
    """Build as for publishing (absolute URLs, no drafts) into output/."""
    _build(PUBLISH_SETTINGS, debug)


@task
def test(c):
    """Run the linter and every test (set up with `scripts/setup --dev` first)."""
    c.run(f"{shlex.quote(sys.executable)} -m ruff check .", pty=False)
    c.run(f"{shlex.quote(sys.executable)} -m ruff format --check .", pty=False)
    # Every core: pytest-xdist spreads the test files over as many workers as there are
    # cores, a file to one worker, so each module's fixtures (site builds) are made once,
    # the longest files first (tests/conftest.py, LONG_FILES_FIRST).
    pytest = "-m pytest -n auto --dist loadfile --no-loadscope-reorder"
    c.run(f"{shlex.quote(sys.executable)} {pytest}", pty=False)


def _show_progress():
    """Let the sitetools loggers say what they are doing, as plain lines."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")


@task(
    help={
        "port": "port to serve on",
        "open-browser": "open the preview in a browser",
        "debug": DEBUG_HELP,
    }
)
def livereload(c, port=PORT, open_browser=False, debug=False):
    """Preview at http://localhost:8000; rebuild and reload the page whenever you save."""
    _show_progress()
    with editor_errors(debug):
        serve_live(ROOT, port=int(port), open_browser=open_browser, debug=debug)


@task(
    help={
        "port": "port to serve the editor on",
        "open-browser": "open the editor in a browser",
        "debug": DEBUG_HELP,
    }
)
def edit(c, port=PORT, open_browser=False, debug=False):
    """Edit this folder in the browser: build, serve the editor at localhost, Ctrl+C stops."""
    with editor_errors(debug):
        serve_editor(ROOT, port=int(port), open_browser=open_browser, debug=debug)


@task(
    help={
        "title": "the article's title, in quotes",
        "category": "News (the default), Events or Newsletters",
        "tags": 'comma-separated, in quotes: "newsletter, rso"',
        "debug": DEBUG_HELP,
    }
)
def new(c, title, category="News", tags="", debug=False):
    """Start a news article (as a draft) with today's date, and print its path."""
    from sitetools.new_article import create_article

    with editor_errors(debug, "Not created: "):
        path = create_article(title, category, tags)
    print(path.relative_to(ROOT))


@task(
    help={
        "title": "the document's title, in quotes",
        "type": "Report (the default), Information sheet, Newsletter, Annual report, "
        "Strategy or Outcome statement",
        "file": "the PDF to publish; it is copied beside the new entry",
        "language": "the document's language code (default en)",
        "debug": DEBUG_HELP,
    }
)
def new_publication(c, title, type="Report", file=None, language="en", debug=False):
    """Start a publication (content/publications/<slug>.md beside its PDF); print its path."""
    from sitetools.new_publication import create_publication

    with editor_errors(debug, "Not created: "):
        path = create_publication(title, type, file, language)
    print(path.relative_to(ROOT))


@task(
    help={
        "start": "first day, 2026-05-04, or day and time, '2026-05-04 09:30'",
        "end": "last day (or day and end time); leave out for a one-day event",
        "timezone": "where the times are, such as Asia/Makassar (default Asia/Bangkok)",
        "city": "the city, such as Bali",
        "country": "the country, such as Indonesia",
        "online": "an online event: no city or country",
        "debug": DEBUG_HELP,
    }
)
def new_event(c, title, start, end="", timezone="", city="", country="", online=False, debug=False):
    """Start an event (as a draft) in content/events, and print its path."""
    from sitetools.new_event import create_event

    with editor_errors(debug, "Not created: "):
        path = create_event(title, start, end, timezone, city, country, online)
    print(path.relative_to(ROOT))


@task(help={"content": "check this content folder instead of content/", "debug": DEBUG_HELP})
def check(c, content=None, debug=False):
    """List what to fix before publishing, one line per problem (file:line)."""
    from sitetools.content_check import check_site

    with editor_errors(debug):
        result = check_site(ROOT, Path(content) if content else None, debug=debug)
    for line in [*result.notices, *result.problems]:
        print(line)
    if result.problems:
        sys.exit(f"{len(result.problems)} problem(s) to fix before publishing.")
    print("No problems found.")


PUBLISH_HELP = {
    "remote": f"git remote to push to (default {DEFAULT_REMOTE})",
    "branch": f"branch GitHub Pages serves (default {DEFAULT_BRANCH})",
    "siteurl": "public address (default: $SITEURL, else publishconf.py)",
    "cname": 'custom domain for a CNAME file (default: from the address; "" for none)',
    "emergency": "publish even with uncommitted or unpushed changes (the next automatic "
    "publish, built from what is pushed, replaces it)",
    "daily": "the daily automatic publish (CI's schedule passes it): leaves a rollback in place",
    "debug": DEBUG_HELP,
}


@task(help=PUBLISH_HELP, aliases=["gh-pages"])
def publish(
    c,
    remote=DEFAULT_REMOTE,
    branch=DEFAULT_BRANCH,
    siteurl="",
    cname=None,
    emergency=False,
    debug=False,
    daily=False,
):
    """Check, build and push the site to GitHub Pages; on any failure nothing is pushed.

    `invoke gh-pages` is the same command, under Pelican's quickstart name."""
    from sitetools.publish import publication_message
    from sitetools.publish import publish as publish_site

    _show_progress()
    with editor_errors(debug):
        done = publish_site(ROOT, remote, branch, siteurl or None, cname, emergency, debug, daily)
    print(publication_message(done, remote, branch))


@task(
    help={
        "remote": PUBLISH_HELP["remote"],
        "branch": PUBLISH_HELP["branch"],
        "to": "a commit on gh-pages to restore, from `git log origin/gh-pages`",
        "debug": DEBUG_HELP,
    }
)
def rollback(c, remote=DEFAULT_REMOTE, branch=DEFAULT_BRANCH, to=None, debug=False):
    """Put the previous publish back on GitHub Pages (as a new publish; history is kept).

    Run it again to go one more publish back; publish again to undo it. The daily
    automatic publish leaves the site rolled back.
    """
    from sitetools.publish import rollback_message

    _show_progress()
    with editor_errors(debug, "Nothing was changed: "):
        commit = rollback_site(ROOT, remote, branch, to)
    print(rollback_message(commit, remote, branch))


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
