"""`invoke livereload`: the preview follows edits to data and plugin code, not only content;
and the preview commands stop in one line when their port is taken."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from editor_project import INVOKE, run_invoke, tiny_project

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
def live(project, tmp_path):
    """`invoke livereload` running on the project; yields (project, base URL, its log)."""
    port = free_port()
    log = tmp_path / "livereload.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [*INVOKE, "livereload", "--port", str(port)],
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield project, f"http://localhost:{port}", log
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


def test_preview_rebuilds_on_data_and_plugin_changes_and_logs_each_request_once(live):
    copy, base, log = live
    home = wait_for(base + "/", "31 January 2020")
    assert "livereload.js" in home  # the script that reloads the browser
    page(base + "/no-such-page-here/")

    edit(copy / "content/data/bali-process.yaml", "as_of: 2020-01-31", "as_of: 2016-01-05")
    wait_for(base + "/", "5 January 2016")

    # A fresh Pelican per rebuild: a change to plugin code shows without a restart.
    edit(
        copy / "plugins/rso_plugins/bali_process/figures.py",
        'return f"{self.as_of.day} {self.as_of:%B %Y}"',
        'return f"{self.as_of.day} {self.as_of:%B %Y} (edited)"',
    )
    wait_for(base + "/", "5 January 2016 (edited)")

    lines = log.read_text().splitlines()
    assert len([line for line in lines if "GET /no-such-page-here/" in line]) == 1, lines
    assert len([line for line in lines if "Serving on" in line]) == 1, lines


@pytest.fixture
def taken_port():
    """A port another program is listening on, as another preview would."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


@pytest.mark.parametrize("command", ["livereload", "serve", "reserve"])
def test_a_taken_port_is_one_line_naming_the_port_option(project, taken_port, command):
    result = run_invoke(project, command, "--port", str(taken_port))

    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Port {taken_port} is already in use, perhaps by another preview; stop that one, "
        f"or choose another port: invoke {command} --port {taken_port + 1}"
    ]
    assert not (project / "output").exists(), "nothing is built for a preview that cannot start"
