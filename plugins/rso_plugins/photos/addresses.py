"""Which file in content/ an image's address names, by the rules editors write them.

- ``{attach}photo.jpg`` or a plain ``photo.jpg``: a file beside the article (a path
  relative to the article's folder), published in the article's own folder. The plain
  form is what people and the browser editor write; the two are the same.
- ``{static}/static/images/map.png`` (or ``{filename}``): a file from the content
  folder (a path starting with ``/``) or from the article's folder, published where
  the file sits.

Anything else (another site's address, a path from the site's root) names no file
here; ``data:`` addresses carry their image inside them.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

LINK_MARKER = re.compile(r"^[{|](?P<what>attach|static|filename)[}|](?P<path>.*)$")
ATTACH = "attach"


@dataclass(frozen=True)
class Address:
    """The file an image address names: how it was named, the file, and its path
    relative to the content folder."""

    marker: str  # "attach" (also for a plain relative name), "static" or "filename"
    file: Path
    relative: str


def resolve(src: str, source_relative: str, content_folder: str) -> Address | None:
    """The file ``src`` names, written in the file at ``source_relative`` (relative to
    ``content_folder``); None when the address names no file in content/."""
    match = LINK_MARKER.match(src)
    if match:
        marker, written = match["what"], match["path"]
    else:
        parsed = urlparse(src)
        if parsed.scheme or parsed.netloc or src.startswith(("/", "#")) or not parsed.path:
            return None
        marker, written = ATTACH, src
    path = unquote(urlparse(written).path)
    if path.startswith("/"):
        relative = path.lstrip("/")
    else:
        relative = posixpath.join(posixpath.dirname(source_relative), path)
    relative = posixpath.normpath(relative)
    return Address(marker, Path(content_folder) / relative, relative)


def elsewhere(src: str) -> bool:
    """The address is on another site (which the site's security policy blocks)."""
    return urlparse(src).scheme in ("http", "https") or src.startswith("//")


def inline_data(src: str) -> bool:
    return urlparse(src).scheme == "data"
