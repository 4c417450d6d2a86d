"""What starting any new content file shares (`invoke new`, `new-event`, `new-publication`).

Editors should not have to remember the header format or how an address is made, and a
command must never overwrite a file someone else just wrote: every new file gets its
address from the title as Pelican would make it, a header of ``Name: value`` lines, and
is created only if it does not exist yet.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from sitetools.failures import EditorFailure

logger = logging.getLogger(__name__)

# Long slugs make long addresses; cut at a word boundary past this many characters.
MAX_SLUG_LENGTH = 60


class NotCreated(EditorFailure, ValueError):
    """The file cannot be created; the message says why and what to do."""


def make_slug(title: str, settings: dict | None = None) -> str:
    """The slug Pelican would make from ``title``, shortened at a word boundary."""
    subs = (settings or DEFAULT_CONFIG).get(
        "SLUG_REGEX_SUBSTITUTIONS", DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    )
    slug = slugify(title, regex_subs=subs).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        cut = slug[: MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0]
        slug = cut or slug[:MAX_SLUG_LENGTH]
    return slug


def title_and_slug(
    title: str, settings: dict, task: str, error: type[NotCreated] = NotCreated
) -> tuple[str, str]:
    """The title with its spaces folded, and the slug it makes; raise ``error`` when
    the "title" is an option (`invoke new --help` passes "--help" as the title) or
    makes no address."""
    title = " ".join(title.split())
    if title.startswith("-"):
        raise error(f"{title!r} looks like an option, not a title; for help run `{task}`")
    slug = make_slug(title, settings)
    if not slug:
        raise error(
            "the title has no letters or numbers to make an address from; give a longer title"
        )
    return title, slug


def format_header(fields: dict[str, str]) -> str:
    """Header lines for ``fields`` in the order given, then the blank line that ends it."""
    for name, value in fields.items():
        if "\n" in value or "\r" in value:
            raise NotCreated(f"the {name.lower()} must be on one line")
    return "".join(f"{name}: {value}".rstrip() + "\n" for name, value in fields.items()) + "\n"


def write_new_file(path: Path, text: str, error: type[NotCreated] = NotCreated) -> None:
    """Create ``path`` with ``text``; raise ``error`` if it exists, even if another
    editor created it a moment ago ("x" mode), so nothing is ever overwritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise error(f"{path} already exists; edit that file instead") from None
    logger.info("Created %s", path)
