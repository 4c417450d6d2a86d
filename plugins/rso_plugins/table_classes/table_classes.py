"""Write Markdown table alignment as ``class="align-right"`` instead of a style attribute.

Python-Markdown's tables extension aligns a column (``|--:|``) with
``style="text-align: right;"`` on every cell. The site's Content-Security-Policy blocks
inline styles, so browsers ignore the alignment and log an error per cell. This
Markdown extension, named in ``MARKDOWN["extension_configs"]`` in pelicanconf.py, moves
the alignment into a class that rso.css styles. It is a Markdown extension rather than
a pass over the HTML so that every reader of Markdown (articles, pages, formatted
fields, the parallel workers) gets it from the same parser settings.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

ALIGNMENT = re.compile(r"^\s*text-align:\s*(?P<side>left|right|center)\s*;?\s*$")
# After the tables block processor, and after inline processing (priority 20).
PRIORITY = 5


class AlignmentAsClass(Treeprocessor):
    """Replace a cell's text-align style with an ``align-<side>`` class."""

    def run(self, root: etree.Element) -> None:
        for cell in root.iter():
            if cell.tag not in ("th", "td"):
                continue
            match = ALIGNMENT.match(cell.get("style", ""))
            if not match:
                continue
            del cell.attrib["style"]
            classes = cell.get("class", "").split()
            cell.set("class", " ".join([*classes, f"align-{match['side']}"]))


class TableClassesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(AlignmentAsClass(md), "table_classes", PRIORITY)


def makeExtension(**kwargs) -> TableClassesExtension:
    return TableClassesExtension(**kwargs)
