"""Launch the machine's own Chromium, headless and offline, for tests and reports.

Playwright cannot download its browsers here, so both the browser tests and the
search report drive Debian's ``chromium`` (CHROMIUM overrides the path) with the
same flags: nothing in the browser may reach the network on its own, or a check that
no request leaves the machine would be measuring Chromium rather than the site.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Flags for a root, offline, headless Chromium that makes no background requests.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def launch_chromium(playwright, executable: Path = CHROMIUM):
    """A headless Chromium from ``playwright`` (sync API), started with CHROMIUM_ARGS."""
    return playwright.chromium.launch(
        executable_path=str(executable), headless=True, args=list(CHROMIUM_ARGS)
    )


@contextmanager
def chromium_session(browser=None) -> Iterator:
    """``browser`` if one is running already (a test's), else a Chromium for this block.

    Playwright's sync API runs one driver per thread: a report called from a test must
    share the test session's browser rather than start a second driver.
    """
    if browser is not None:
        yield browser
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        own = launch_chromium(playwright)
        try:
            yield own
        finally:
            own.close()
