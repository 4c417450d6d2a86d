"""Replace ``{name}`` placeholders in Markdown prose with Bali Process figures.

Prose that names a figure through a placeholder can never disagree with the data file.
An unknown name is an editor's typo, so it is reported with file and line rather than
left on the page.

Editors stay in control of what is replaced: code (inline ``code`` and code blocks) is
shown exactly as written, and ``{{members}}`` writes ``{members}`` literally in prose,
as in Python's and Jinja's format strings.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

# In order of precedence: code in the rendered HTML, left alone; a doubled-brace
# placeholder, written literally; a placeholder.
TOKEN = re.compile(
    r"(?P<code><(?P<tag>pre|code)\b.*?</(?P=tag)\s*>)"
    r"|\{\{(?P<literal>[A-Za-z_][A-Za-z0-9_]*)\}\}"
    r"|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}",
    re.DOTALL | re.IGNORECASE,
)
# The same without the code alternative, for text with no code (nearly all of it):
# looking for code makes the scan stop at every tag, four times slower.
BRACES = re.compile(
    r"\{\{(?P<literal>[A-Za-z_][A-Za-z0-9_]*)\}\}|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}"
)
CODE = re.compile(r"<(?:pre|code)\b", re.IGNORECASE)

# Pelican's own link markers ({filename}, {static}, ...) share the brace syntax;
# Pelican resolves them later, so they are left alone here.
PELICAN_LINK_MARKERS = frozenset(
    {"filename", "static", "attach", "tag", "category", "author", "index"}
)


def unknown_placeholder_message(name: str, known: Mapping[str, str]) -> str:
    """What an editor reads for a ``{name}`` that is no figure."""
    return (
        f"unknown placeholder {{{name}}}; use one of "
        + ", ".join(f"{{{key}}}" for key in sorted(known))
        + f", or write {{{{{name}}}}} to show {{{name}}} as it is"
    )


def fill_placeholders(text: str, values: Mapping[str, str]) -> tuple[str, list[str]]:
    """Return ``text`` with each figure placeholder replaced by its HTML-escaped value,
    and the names of unknown placeholders (left as written)."""
    if "{" not in text:
        return text, []
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if match.groupdict().get("code"):
            return match.group(0)
        if match.group("literal"):
            return "{" + match.group("literal") + "}"
        name = match.group("name")
        if name in values:
            return html.escape(values[name])
        if name not in PELICAN_LINK_MARKERS and name not in unknown:
            unknown.append(name)
        return match.group(0)

    pattern = TOKEN if CODE.search(text) else BRACES
    return pattern.sub(replace, text), unknown
