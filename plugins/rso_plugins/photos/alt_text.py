"""A Markdown extension: an image written without alt text gets no alt attribute at all.

Markdown writes ``![](photo.jpg)`` as ``alt=""``, which Pelican's reader reports with a
bare warning (fatal under ``--fatal warnings``) before any plugin sees the file, and
without a line number. Without the attribute, the photos plugin reports the image as
``file:line: image has no alt text; describe what it shows``, or, for an image marked
``{.decorative}``, writes the ``alt=""`` that tells screen readers to skip it.
Named in ``MARKDOWN["extension_configs"]`` as ``photos.alt_text``.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

# After inline processing (priority 20), which makes the <img> elements.
PRIORITY = 6


class DropEmptyAlt(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for image in root.iter("img"):
            if not image.get("alt", "").strip():
                image.attrib.pop("alt", None)


class AltTextExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(DropEmptyAlt(md), "photos_alt_text", PRIORITY)


def makeExtension(**kwargs) -> AltTextExtension:
    return AltTextExtension(**kwargs)
