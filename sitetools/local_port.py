"""The port a local preview serves on: refuse at once, in one line, when it is taken.

The servers behind `invoke serve`, `reserve` and `livereload` (Pelican's and
python-livereload's) find out that their port is taken only once they start: Pelican's
logs an error and ends as if all went well, python-livereload has already printed
"Serving on ..." by then. Trying the port first, on the address the server will use,
lets each command stop before building or printing anything, with a non-zero exit.
"""

from __future__ import annotations

import errno
import socket

from sitetools.failures import EditorFailure


class PortTaken(EditorFailure, RuntimeError):
    """The port cannot be served on; the message names the option to choose another."""


def port_in_use(port: int, command: str) -> PortTaken:
    """The one line for a port another program listens on."""
    return PortTaken(
        f"Port {port} is already in use, perhaps by another preview; stop that one, "
        f"or choose another port: invoke {command} --port {port + 1}"
    )


def check_port(port: int, host: str = "", command: str = "livereload") -> None:
    """Raise PortTaken unless a server can listen on ``host`` (every address when "")
    at ``port``; ``command`` is the invoke command to suggest ``--port`` for."""
    try:
        addresses = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (OSError, OverflowError) as error:
        raise PortTaken(
            f"Port {port} cannot be used ({error}); choose another port: "
            f"invoke {command} --port 8001"
        ) from None
    for family, kind, protocol, _name, address in addresses:
        with socket.socket(family, kind, protocol) as probe:
            # As the servers do, so a port left in TIME_WAIT by a stopped preview is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    raise port_in_use(port, command) from None
                if error.errno != errno.EADDRNOTAVAIL:  # e.g. no IPv6 on this machine
                    raise PortTaken(
                        f"Port {port} cannot be used ({error.strerror}); choose another "
                        f"port: invoke {command} --port 8001"
                    ) from None
