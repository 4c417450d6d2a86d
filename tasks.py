"""Commands for editors and developers: `invoke --list` shows them all.

Each task is a thin wrapper; the logic lives in sitetools/ where it is tested.
"""

import shutil
import sys

from invoke import task

from sitetools.build import (
    DEVELOP_SETTINGS,
    PUBLISH_SETTINGS,
    ROOT,
    BuildFailed,
    build_site,
    pelican_command,
)

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
    c.run(" ".join(pelican_command(extra=["--listen", "--port", str(port)])), pty=False)


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
