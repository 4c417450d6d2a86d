"""Every command an editor types ends a mistake with one message and a non-zero exit.

Python's traceback is shown only with --debug. The project lives in a folder whose
name has a space and a non-ASCII letter, as an editor's "Documents/RSO site ñ" might.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request

import pytest
from editor_project import INVOKE, run_invoke, tiny_project

from tests.local_server import free_port

NOT_UTF8 = b"Title: Caf\xe9\nDate: 2020-03-01\nCategory: News\nSummary: S.\n\nText\n"
BAD_FILE = "content/news/2020/2020-03-01-saved-by-notepad.md"
NOT_UTF8_MESSAGE = f"{BAD_FILE}:1: this file is not saved as UTF-8 text"


@pytest.fixture
def project(tmp_path):
    return tiny_project(tmp_path / "RSO site ñ")


def test_a_build_names_the_file_and_shows_no_traceback(project):
    (project / BAD_FILE).write_bytes(NOT_UTF8)

    result = run_invoke(project, "build")

    assert result.returncode == 1
    assert NOT_UTF8_MESSAGE in result.stderr
    assert "1 problem(s) to fix: the site was not built." in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (project / "output" / "index.html").exists()


def test_debug_adds_the_traceback(project):
    (project / BAD_FILE).write_bytes(NOT_UTF8)

    result = run_invoke(project, "build", "--debug")

    assert result.returncode == 1
    assert NOT_UTF8_MESSAGE in result.stderr
    assert "Traceback" in result.stdout + result.stderr


def test_check_names_the_bad_file(project):
    (project / BAD_FILE).write_bytes(NOT_UTF8)

    result = run_invoke(project, "check")

    assert result.returncode == 1
    assert result.stdout.startswith(NOT_UTF8_MESSAGE)
    assert "Traceback" not in result.stderr


def test_a_bad_data_file_date_is_one_line(project):
    data = project / "content/data/bali-process.yaml"
    data.write_text(data.read_text().replace("as_of: 2020-01-31", "as_of: 2015-13-45"))

    result = run_invoke(project, "build")

    assert result.returncode == 1
    assert (
        "content/data/bali-process.yaml:1: as_of: 2015-13-45 is not a real date; "
        "write it as YYYY-MM-DD" in result.stderr
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_a_malformed_source_date_epoch_is_one_line(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")

    result = run_invoke(project, "build")

    assert result.returncode == 1
    assert "SOURCE_DATE_EPOCH='yesterday' is not a whole number of seconds" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_rollback_without_a_remote_is_one_line(project):
    subprocess.run(["git", "init", "--quiet"], cwd=project, check=True)

    result = run_invoke(project, "rollback")

    assert result.returncode == 1
    assert "Nothing was changed: there is no git remote called 'origin'" in result.stderr
    assert "Traceback" not in result.stderr


def wait_for_page(url: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"nothing served at {url} within {seconds}s")


@pytest.mark.parametrize("task", ["reserve", "livereload"])
def test_serving_works_from_a_folder_with_a_space_and_an_accent(project, task):
    port = free_port()
    process = subprocess.Popen(
        [*INVOKE, task, "--port", str(port)],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        home = wait_for_page(f"http://localhost:{port}/")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    assert "Home" in home


def test_livereload_names_a_bad_file_and_keeps_running(project, tmp_path):
    (project / BAD_FILE).write_bytes(NOT_UTF8)
    log = tmp_path / "livereload.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [*INVOKE, "livereload", "--port", str(free_port())],
            cwd=project,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 60
            while "Fix it and save again" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.3)
            assert process.poll() is None, "the preview keeps running, waiting for a fix"
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
    output = log.read_text()
    assert NOT_UTF8_MESSAGE in output
    assert "Traceback" not in output
