"""Let Python-Markdown's inline passes skip text that no inline pattern could change.

Each inline pass (the main one, and smarty's second one) tries every registered pattern
on every text node, one Python call per pattern per node. Each built-in pattern needs
a particular character before it can match (a ``[`` for links, a quote for smarty, and
so on); a node with none of them comes out of the pass unchanged, so it is skipped.
The filter is only used when every registered pattern is one listed here, so an
extension that adds its own pattern simply gets the unfiltered pass.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

# Python-Markdown 3.x pattern names, and text each needs to be present to match.
TRIGGERS = {
    "backtick": r"[`\\]",
    "escape": r"\\",
    "footnote": r"\[",
    "reference": r"\[",
    "link": r"\[",
    "image_link": r"!\[",
    "image_reference": r"!\[",
    "short_reference": r"\[",
    "short_image_ref": r"!\[",
    "autolink": r"<",
    "automail": r"<",
    "linebreak": r"  \n",
    "html": r"<",
    "entity": r"&",
    "em_strong": r"[*_]",
    "em_strong2": r"_",
    "not_strong": r"[*_]",
    "strong_em": r"[*_]",
    "strong": r"[*_]",
    "emphasis": r"[*_]",
    "emphasis2": r"_",
    "smarty-em-dashes": r"--",
    "smarty-en-dashes": r"--",
    "smarty-ellipses": r"\.\.\.",
    "smarty-left-angle-quotes": r"<<",
    "smarty-right-angle-quotes": r">>",
}
# smarty names its quote patterns smarty-quotes-0, smarty-quotes-1, ...
SMARTY_QUOTES = re.compile(r"smarty-quotes-\d+")
QUOTE_TRIGGER = r"['\"]"


class PrefilteredInlineProcessor(InlineProcessor):
    """An InlineProcessor that returns text without any trigger untouched."""

    triggers: re.Pattern[str]

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, AtomicString) or self.triggers.search(data) is None:
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


def triggers_for(names: list[str]) -> re.Pattern[str] | None:
    """One regex for what ``names`` need, or None if any pattern is not known here."""
    alternatives = set()
    for name in names:
        if SMARTY_QUOTES.fullmatch(name):
            alternatives.add(QUOTE_TRIGGER)
        elif name in TRIGGERS:
            alternatives.add(TRIGGERS[name])
        else:
            return None
    return re.compile("|".join(sorted(alternatives))) if alternatives else None


def prefilter_inline_passes(md: Markdown) -> None:
    """Swap each plain inline pass of ``md`` for a prefiltered one where it is safe."""
    for name in ("inline", "smarty"):
        if name not in md.treeprocessors:
            continue
        processor = md.treeprocessors[name]
        if type(processor) is not InlineProcessor:
            continue
        triggers = triggers_for([item.name for item in processor.inlinePatterns._priority])
        if triggers is not None:
            processor.__class__ = PrefilteredInlineProcessor
            processor.triggers = triggers
