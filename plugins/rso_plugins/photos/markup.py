"""Find <img> elements in rendered HTML and write the responsive markup that replaces them.

Only attributes are written: no style attribute anywhere (the CSP forbids inline
styles), width and height so the browser reserves the space before the photo arrives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

# An <img> tag, allowing ">" inside quoted attribute values.
IMG_TAG = r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>"""
# An image alone in its paragraph (how Markdown writes ![alt](src) on its own line)
# becomes a <figure>; an image inside a sentence stays inline.
IMAGE_PATTERN = re.compile(rf"<p>\s*(?P<alone>{IMG_TAG})\s*</p>|(?P<inline>{IMG_TAG})")
# Attributes the photo markup writes itself; any other (class, id) is kept.
REPLACED_ATTRIBUTES = {
    *("src", "alt", "title", "width", "height", "loading", "srcset", "sizes"),
    *("decoding", "fetchpriority"),
}
DECORATIVE_CLASS = "decorative"


class _TagAttributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        self.attributes = {name: value or "" for name, value in attrs}

    handle_startendtag = handle_starttag


def tag_attributes(tag: str) -> dict[str, str]:
    """The attributes of one start tag, unescaped."""
    parser = _TagAttributes()
    parser.feed(tag)
    parser.close()
    return parser.attributes


@dataclass(frozen=True)
class FoundImage:
    """One <img> in the HTML: where it is, its attributes, and whether it stands alone."""

    start: int
    end: int
    attributes: dict[str, str]
    alone: bool

    @property
    def decorative(self) -> bool:
        return DECORATIVE_CLASS in self.attributes.get("class", "").split()


def find_images(html: str) -> Iterator[FoundImage]:
    for match in IMAGE_PATTERN.finditer(html):
        tag = match.group("alone") or match.group("inline")
        yield FoundImage(match.start(), match.end(), tag_attributes(tag), bool(match["alone"]))


def replace_images(html: str, replacements: dict[int, str]) -> str:
    """``html`` with each found image (by its start offset) replaced by its new markup."""
    parts: list[str] = []
    position = 0
    for image in find_images(html):
        if image.start in replacements:
            parts.append(html[position : image.start])
            parts.append(replacements[image.start])
            position = image.end
    parts.append(html[position:])
    return "".join(parts)


def _attributes(pairs: dict[str, str | None]) -> str:
    return "".join(
        f' {name}="{escape(value, quote=True)}"'
        for name, value in pairs.items()
        if value is not None
    )


@dataclass(frozen=True)
class Copy:
    """One published copy of a photo."""

    url: str
    width: int
    height: int
    kind: str  # "webp", "jpg" or "png"


def srcset(copies: list[Copy]) -> str:
    return ", ".join(f"{copy.url} {copy.width}w" for copy in copies)


def picture(
    webp: list[Copy],
    fallback: list[Copy],
    alt: str,
    sizes: str,
    eager: bool,
    extra: dict[str, str] | None = None,
) -> str:
    """A <picture>: WebP for browsers that take it, the JPEG/PNG copies for the rest.

    The <img> falls back to the copy nearest 960 px wide; width and height are the
    widest copy's, which gives the browser the aspect ratio.
    """
    default = min(fallback, key=lambda copy: abs(copy.width - 960))
    widest = fallback[-1]
    img = {
        **(extra or {}),
        "src": default.url,
        "srcset": srcset(fallback),
        "sizes": sizes,
        "width": str(widest.width),
        "height": str(widest.height),
        "alt": alt,
        "loading": None if eager else "lazy",
        "decoding": "async",
        "fetchpriority": "high" if eager else None,
    }
    source = {"type": "image/webp", "srcset": srcset(webp), "sizes": sizes}
    return f"<picture><source{_attributes(source)}><img{_attributes(img)}></picture>"


def figure(picture_html: str, caption: str | None, css_class: str = "photo") -> str:
    """The picture in a <figure>, with the caption (plain text) as its <figcaption>."""
    caption_html = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f'<figure class="{css_class}">{picture_html}{caption_html}</figure>'
