"""Let the SmartyPants pass skip text that cannot contain anything it would change.

Python-Markdown's smarty extension runs a second full inline pass, trying each of its
eighteen patterns on every text node. Every one of those patterns needs a quote, ``--``,
``...``, ``<<`` or ``>>``; a node with none of them comes out unchanged, so skipping it
gives the same HTML for a fraction of the work.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

# Every smarty pattern (quotes, dashes, ellipses, angled quotes) needs one of these.
SMARTY_TRIGGERS = re.compile(r"['\"]|--|\.\.\.|<<|>>")


class QuickSmartyProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor that returns trigger-free text untouched."""

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, AtomicString) or SMARTY_TRIGGERS.search(data) is None:
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


def speed_up_smarty(md: Markdown) -> None:
    """Swap the smarty pass of ``md``, if it has one, for the prefiltered processor."""
    if "smarty" not in md.treeprocessors:
        return
    processor = md.treeprocessors["smarty"]
    if type(processor) is InlineProcessor:
        processor.__class__ = QuickSmartyProcessor
