"""`invoke livereload`: the preview follows edits to data and plugin code, not only content."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from editor_project import INVOKE, tiny_project

from sitetools.live_preview import watched_paths
from tests.local_server import free_port

WAIT = 40  # seconds; each rebuild is a whole Pelican run


def page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str) -> str:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        body = page(url)
        if text in body:
            return body
        time.sleep(0.3)
    pytest.fail(f"{url} did not show {text!r} within {WAIT}s")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    """A project with tiny content of its own."""
    return tiny_project(tmp_path / "site")


@pytest.fixture
def live(project):
    """`invoke livereload` running on the project; yields (project, base URL)."""
    port = free_port()
    process = subprocess.Popen(
        [*INVOKE, "livereload", "--port", str(port)],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield project, f"http://localhost:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def test_watches_everything_a_page_is_made_from(project):
    watched = watched_paths(project)
    for made_from in (
        "content/news/2020/2020-02-01-a-first-tiny-story.md",
        "content/data/bali-process.yaml",
        "theme/templates/base.html",
        "theme/static/css/rso.css",
        "plugins/rso_plugins/bali_process/figures.py",
        "pelicanconf.py",
    ):
        path = project / made_from
        assert path.exists()
        assert any(path == w or w in path.parents for w in watched), made_from


def test_preview_rebuilds_on_data_and_plugin_changes(live):
    copy, base = live
    home = wait_for(base + "/", "31 January 2020")
    assert "livereload.js" in home  # the script that reloads the browser

    edit(copy / "content/data/bali-process.yaml", "as_of: 2020-01-31", "as_of: 2016-01-05")
    wait_for(base + "/", "5 January 2016")

    # A fresh Pelican per rebuild: a change to plugin code shows without a restart.
    edit(
        copy / "plugins/rso_plugins/bali_process/figures.py",
        'return f"{self.as_of.day} {self.as_of:%B %Y}"',
        'return f"{self.as_of.day} {self.as_of:%B %Y} (edited)"',
    )
    wait_for(base + "/", "5 January 2016 (edited)")
