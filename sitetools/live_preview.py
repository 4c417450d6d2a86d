"""Preview the site while editing: build, serve, rebuild and reload the browser on a change.

Pelican's own ``--autoreload`` keeps one Pelican process alive, so a change to plugin
code is not picked up, and the data file is not a content file it watches. Here every
rebuild is a fresh Pelican in a child process (sitetools.build.build_site), and the
watch list names everything a page is made from.
"""

from __future__ import annotations

import errno
import logging
from pathlib import Path

from sitetools.build import DEVELOP_SETTINGS, ROOT, BuildFailed, build_site
from sitetools.local_port import check_port, port_in_use

logger = logging.getLogger(__name__)

DEFAULT_HOST = "localhost"
DEFAULT_PORT = 8000
# Everything a built page is made from: content (articles, pages, the data file,
# static files), templates and CSS, plugin code, and the settings.
WATCHED = ("content", "theme", "plugins", DEVELOP_SETTINGS)
# The loggers python-livereload's server writes to, with a handler of its own.
SERVER_LOGGERS = ("livereload", "tornado")


def watched_paths(root: Path = ROOT) -> list[Path]:
    """The files and folders whose change triggers a rebuild."""
    return [root / name for name in WATCHED]


def rebuilder(root: Path = ROOT, output: Path | None = None, debug: bool = False):
    """A function that rebuilds the preview and, if the build fails, says so and keeps
    serving the last good build, so one typo does not stop the preview."""

    def rebuild() -> bool:
        try:
            build_site(DEVELOP_SETTINGS, output or root / "output", root, debug=debug)
        except BuildFailed as error:
            # The build printed why; the preview adds what happens next.
            said = f"{error}\n" if str(error) else ""
            logger.error("%sFix it and save again; the preview shows the last good build.", said)
            return False
        return True

    return rebuild


def serve_live(
    root: Path = ROOT,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    open_browser: bool = False,
    debug: bool = False,
) -> None:
    """Build, then serve ``root``/output at http://host:port until interrupted,
    rebuilding and reloading the browser whenever a watched file changes."""
    from livereload import Server

    check_port(port, host, "livereload")
    output = root / "output"
    rebuild = rebuilder(root, output, debug)
    rebuild()
    server = Server()
    for path in watched_paths(root):
        server.watch(str(path), rebuild)
    logger.info("Previewing at http://%s:%s/ (Ctrl+C to stop)", host, port)
    # python-livereload prints its own log (each request, each change) through a handler
    # of its own on these loggers; passed on to the command's handler as well, every
    # line would show twice.
    for name in SERVER_LOGGERS:
        logging.getLogger(name).propagate = False
    # debug=False: Tornado's own autoreload would restart this process on a change to
    # sitetools itself, which is not what an editor means by a reload.
    try:
        server.serve(
            host=host,
            port=port,
            root=str(output),
            debug=False,
            open_url_delay=1 if open_browser else None,
        )
    except OSError as error:
        # Taken between check_port and now.
        if error.errno == errno.EADDRINUSE:
            raise port_in_use(port, "livereload") from None
        raise
