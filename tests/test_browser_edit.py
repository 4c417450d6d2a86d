"""`invoke edit`: the editor served from this working copy, stopped cleanly with Ctrl+C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import urllib.request

from sitetools.build import pelican_env
from tests.editor_project import INVOKE, add_tooling, run_invoke
from tests.local_server import free_port


def test_edit_serves_the_editor_prints_its_address_and_stops_on_ctrl_c(site_copy):
    project = add_tooling(site_copy)
    port = free_port()
    process = subprocess.Popen(
        [*INVOKE, "edit", "--port", str(port)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A stop that hangs is shown where it hangs: SIGABRT dumps every thread's stack.
        env=pelican_env({"PYTHONFAULTHANDLER": "1"}, root=project),
        start_new_session=True,
    )
    try:
        address = f"http://localhost:{port}/admin/"
        # The build says what it did, then the command says where the editor is.
        printed = [process.stdout.readline() for _ in range(3)]
        assert f"The editor is at {address}\n" in printed, printed
        assert "Work with Local Repository" in printed[-1]
        with urllib.request.urlopen(address, timeout=10) as response:
            page = response.read().decode()
        assert '<script type="module" src="editor.mjs">' in page
        with urllib.request.urlopen(address + "editor.json", timeout=10) as response:
            assert b'"collections"' in response.read()
        # Ctrl+C: the terminal sends SIGINT to the whole foreground group.
        os.killpg(process.pid, signal.SIGINT)
        try:
            out, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)
            out, err = process.communicate(timeout=10)
            raise AssertionError(f"Ctrl+C did not stop the editor:\n{out}\n{err}") from None
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, err
    assert "Stopped: the editor is no longer served." in out
    assert "Traceback" not in err


def test_edit_says_when_its_port_is_taken(site_copy):
    project = add_tooling(site_copy)
    with socket.socket() as taken:
        taken.bind(("localhost", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_invoke(project, "edit", "--port", str(port))
    assert result.returncode != 0
    assert f"Port {port} is already in use" in result.stderr
    assert f"invoke edit --port {port + 1}" in result.stderr
    assert "Traceback" not in result.stderr
