"""Serve a built site on 127.0.0.1, for browser tests and size reports.

One place for the small static server both the tests and the reports start, so that
what they measure is served the same way.
"""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that keeps test output clean."""

    def log_message(self, format, *args):
        pass


def free_port() -> int:
    """A port nothing on this machine is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(
    folder: Path, port: int, handler: type[http.server.BaseHTTPRequestHandler] = QuietHandler
) -> Iterator[http.server.ThreadingHTTPServer]:
    """Serve ``folder`` at http://127.0.0.1:``port`` until the block ends."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
