"""Shared fixtures: real Pelican builds into temporary folders, and a real Chromium.

Builds are session-scoped because many tests read the same site; tests that change
content copy the project first (``site_copy``) and build that copy.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sitetools.build import DEVELOP_SETTINGS, PUBLISH_SETTINGS, build_site
from tests.local_server import free_port, serve
from tests.offline_browser import CHROMIUM, launch_chromium
from tests.project_copy import SITE_PARTS, copy_parts

# Fixtures that build or copy the project's own content/.
REAL_CONTENT_FIXTURES = {"publish_build", "develop_build", "served_site", "site_copy"}
# tests/test_any_address.py builds it too, for an address with a path.
REAL_CONTENT_FIXTURES |= {"addressed_site"}


# The longest test files (each 4 s or more, in the order of their times), started first: the
# suite runs one file per worker at a time, in this order (`--dist loadfile
# --no-loadscope-reorder`, so a file's fixtures are made once), and a long file handed out
# last would leave the other core idle at the end.
LONG_FILES_FIRST = (
    "test_editor_changes.py",
    "test_browser_editor.py",
    "test_publish.py",
    "test_theme_browser.py",
    "test_search_index.py",
    "test_data_file_mistakes.py",
    "test_build_speed.py",
    "test_bench.py",
    "test_content_check.py",
    "test_members_map.py",
    "test_photos.py",
    "test_photos_browser.py",
    "test_editor_errors.py",
    "test_line_breaks.py",
    "test_page_renderer.py",
    "test_live_preview.py",
    "test_events.py",
    "test_any_address.py",
)


def pytest_collection_modifyitems(items):
    """Mark every test that reads the real content/, so that the editor-change test
    (tests/test_editor_changes.py) can run exactly these on an edited copy; tests that
    use the browser are marked too, so they can be left out where Chromium is slow.
    Then put the long files first (LONG_FILES_FIRST), in their order, the rest as found."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & REAL_CONTENT_FIXTURES:
            item.add_marker(pytest.mark.real_content)
        if "site_copy" in fixtures:
            item.add_marker(pytest.mark.copies_project)
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
    rank = {name: place for place, name in enumerate(LONG_FILES_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def built_once(tmp_path_factory, worker_id: str, name: str, build: Callable[[Path], None]):
    """``name``/output, built by ``build`` once for the whole run: under pytest-xdist the
    workers share one copy (the first to ask builds it while the others wait), as a site
    built from the same files is the same bytes."""
    if worker_id == "master":
        folder = tmp_path_factory.mktemp(name)
        build(folder / "output")
        return folder / "output"
    shared = tmp_path_factory.getbasetemp().parent  # this run's, shared by its workers
    folder = shared / f"shared-{name}"
    with open(shared / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "built").exists():
            build(folder / "output")
            (folder / "built").touch()
    return folder / "output"


@pytest.fixture(scope="session")
def publish_build(tmp_path_factory, worker_id) -> Path:
    """The site as it is published, built from the bundled content."""
    return built_once(
        tmp_path_factory,
        worker_id,
        "publish",
        lambda output: build_site(PUBLISH_SETTINGS, output, quiet=True),
    )


@pytest.fixture(scope="session")
def develop_build(tmp_path_factory, worker_id) -> Path:
    """The site as an editor previews it (relative URLs)."""
    return built_once(
        tmp_path_factory,
        worker_id,
        "develop",
        lambda output: build_site(DEVELOP_SETTINGS, output, quiet=True),
    )


@pytest.fixture
def site_copy(tmp_path) -> Path:
    """A private copy of the project to change and build, leaving the real one alone."""
    copy = tmp_path / "site"
    copy.mkdir()
    copy_parts(copy, SITE_PARTS)
    return copy


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The publish build, with its address set to a local server that serves it.

    Yields the base URL (no trailing slash). The site is built for that address so
    that every absolute URL in it stays on this machine.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    output = tmp_path_factory.mktemp("served") / "output"
    build_site(PUBLISH_SETTINGS, output, env={"SITEURL": base}, quiet=True)
    with serve(output, port):
        yield base


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium; missing, browser tests skip, except under CI where they fail."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One headless Chromium for the session, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright, chromium_path)
        yield chromium
        chromium.close()
