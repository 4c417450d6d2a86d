"""Replace ``{name}`` placeholders in Markdown prose with Bali Process figures.

Prose that names a figure through a placeholder can never disagree with the data file.
An unknown name is an editor's typo, so it is reported with file and line rather than
left on the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

# Pelican's own link markers ({filename}, {static}, ...) share the brace syntax;
# Pelican resolves them later, so they are left alone here.
PELICAN_LINK_MARKERS = frozenset(
    {"filename", "static", "attach", "tag", "category", "author", "index"}
)


class UnknownPlaceholder(ValueError):
    """A ``{name}`` in prose that is neither a figure nor a Pelican link marker."""

    def __init__(self, name: str, known: Mapping[str, str]):
        self.name = name
        super().__init__(
            f"unknown placeholder {{{name}}}; use one of "
            + ", ".join(f"{{{key}}}" for key in sorted(known))
        )


def fill_placeholders(text: str, values: Mapping[str, str]) -> str:
    """Return ``text`` with each figure placeholder replaced by its HTML-escaped value."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in values:
            return html.escape(values[name])
        if name in PELICAN_LINK_MARKERS:
            return match.group(0)
        raise UnknownPlaceholder(name, values)

    return PLACEHOLDER.sub(replace, text)
