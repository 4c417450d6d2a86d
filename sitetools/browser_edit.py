"""Edit this working copy in the browser: the site's own editor, served on this machine.

`invoke edit` builds the site (the editor comes with every build, with the preview's
stylesheet and figures) and serves it at http://localhost:PORT/. In the editor, "Work
with Local Repository" asks for this project's folder and then reads and writes its
files directly, through the browser's File System Access API (Chrome, Edge): nothing
leaves the machine, and git sees the changes as if they had been typed by hand. The
address is http://localhost, which browsers trust with that API without HTTPS.
"""

from __future__ import annotations

import functools
import http.server
import logging
import webbrowser
from pathlib import Path

from sitetools.build import DEVELOP_SETTINGS, ROOT, build_site
from sitetools.local_port import check_port, port_in_use

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8000
HOST = "localhost"
EDITOR_PATH = "admin/"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site without a log line per file the editor loads."""

    def log_message(self, format, *args):
        pass


def editor_address(port: int) -> str:
    return f"http://{HOST}:{port}/{EDITOR_PATH}"


def make_server(output: Path, port: int) -> http.server.ThreadingHTTPServer:
    """A server for ``output`` on this machine only (not the network)."""
    handler = functools.partial(QuietHandler, directory=str(output))
    # The same one line as the preview commands give for a taken port.
    check_port(port, HOST, command="edit")
    try:
        return http.server.ThreadingHTTPServer((HOST, port), handler)
    except OSError:  # taken between the check and now
        raise port_in_use(port, "edit") from None


def serve_editor(
    root: Path = ROOT, port: int = DEFAULT_PORT, open_browser: bool = False, debug: bool = False
) -> None:
    """Build ``root``, then serve its output with the editor until Ctrl+C."""
    output = root / "output"
    output.mkdir(exist_ok=True)
    # The port first: a taken one is said at once, not after a build.
    server = make_server(output, port)
    try:
        build_site(DEVELOP_SETTINGS, output, root, debug=debug)
        address = editor_address(port)
        print(f"The editor is at {address}", flush=True)
        print(
            f'Open it in Chrome or Edge, choose "Work with Local Repository" and pick {root}. '
            "What you save there is saved in that folder (see it with git status). "
            "Press Ctrl+C to stop.",
            flush=True,
        )
        if open_browser:
            webbrowser.open(address)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("Stopped: the editor is no longer served.", flush=True)
    finally:
        server.server_close()
