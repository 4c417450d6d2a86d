"""WCAG 2.2 AA by axe-core in Chromium: the one way the browser tests ask for it.

axe-core is put into a page once. It can then look at the page at each width a reader
might have (the window resized, as a phone turned sideways or a laptop shows it), so one
page load serves a phone's check and a laptop's.
"""

from __future__ import annotations

import functools
import json

from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe

# WCAG 2.2 level AA, as axe-core tags its rules: the A and AA success criteria of 2.0,
# 2.1 and 2.2.
WCAG_22_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
OPTIONS = {"runOnly": {"type": "tag", "values": list(WCAG_22_AA)}, "resultTypes": ["violations"]}


@functools.cache
def _axe_script() -> str:
    return Axe().axe_script


def axe_violations(page, width: int | None = None, height: int = 800) -> str:
    """What axe-core finds against WCAG 2.2 AA on ``page`` ("" if nothing), at ``width``
    CSS pixels if given (the window is resized first), else as the page is shown."""
    if width is not None:
        page.set_viewport_size({"width": width, "height": height})
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_script())
    results = AxeResults(page.evaluate(f"axe.run(document, {json.dumps(OPTIONS)})"))
    if not results.violations_count:
        return ""
    where = f" at {width}px" if width is not None else ""
    return f"axe-core{where}:\n{results.generate_report()}"


def accessibility_tree(page, role: str | None = None) -> list[str]:
    """The names in Chromium's own accessibility tree (what a screen reader is given),
    of the nodes with ``role`` if one is given, leaving out ignored and unnamed nodes."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    return [
        node["name"]["value"]
        for node in nodes
        if not node.get("ignored")
        and node.get("name", {}).get("value")
        and (role is None or node.get("role", {}).get("value") == role)
    ]
