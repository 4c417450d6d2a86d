"""What a publication is: its settings, its content class, and the checks on an editor's entry.

A publication is a Markdown file in ``content/publications/`` (a header of metadata and
a description) beside the PDF it describes, read by Pelican's own readers like any page.
An information sheet names the page it is printed from instead of a file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.contents import Content
from pelican.utils import slugify

from rso_plugins.content_problems import find_line, report_problem

from .pdf_facts import looks_like_pdf

DEFAULT_PATHS = ["publications"]
DEFAULT_TYPES = (
    "Information sheet",
    "Newsletter",
    "Annual report",
    "Strategy",
    "Outcome statement",
    "Report",
)
DEFAULT_URLS = {
    "url": "publications/{slug}/",
    "save_as": "publications/{slug}/index.html",
}
DEFAULT_INDEX_URL = "publications/"
DEFAULT_TYPE_URL = "publications/type/{slug}/"
DEFAULT_FEED_ATOM = "feeds/publications.atom.xml"
DEFAULT_FEED_RSS = "feeds/publications.rss.xml"
# Larger files are slow to download on the region's mobile networks; split them.
DEFAULT_MAX_BYTES = 30_000_000
DEFAULT_THUMBNAIL_WIDTH = 240
CACHE_FOLDER = "publications"

# What `invoke new-publication` writes as the Summary, for the editor to replace.
PLACEHOLDER_SUMMARY = "One or two sentences that say what this document is about."
# The header fields every entry needs (as Pelican reads them: lower case).
REQUIRED_FIELDS = ("title", "type", "summary", "language")
# A language tag as BCP 47 writes it: "en", "id", "zh-Hans".
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class PublicationSettings:
    """The plugin's settings, read and checked in one place."""

    paths: list[str]
    types: tuple[str, ...]
    index_url: str
    type_url: str
    feed_atom: str | None
    feed_rss: str | None
    max_bytes: int
    thumbnail_width: int
    cache_path: Path
    print_address: str
    theme_static: Path


class PublicationSettingsError(ValueError):
    """A PUBLICATION_* setting has a value the plugin cannot use."""


def read_publication_settings(settings: dict[str, Any]) -> PublicationSettings:
    """PUBLICATION_* settings with their defaults; a wrong one stops the build at once."""
    types = tuple(settings.get("PUBLICATION_TYPES", DEFAULT_TYPES))
    if not types or not all(isinstance(name, str) and name for name in types):
        raise PublicationSettingsError("PUBLICATION_TYPES must be a list of names")
    max_bytes = settings.get("PUBLICATION_MAX_BYTES", DEFAULT_MAX_BYTES)
    width = settings.get("PUBLICATION_THUMBNAIL_WIDTH", DEFAULT_THUMBNAIL_WIDTH)
    for name, value in (
        ("PUBLICATION_MAX_BYTES", max_bytes),
        ("PUBLICATION_THUMBNAIL_WIDTH", width),
    ):
        if not isinstance(value, int) or value <= 0:
            raise PublicationSettingsError(f"{name} must be a positive whole number")
    cache = settings.get("PUBLICATION_CACHE_PATH") or os.path.join(
        settings["CACHE_PATH"], CACHE_FOLDER
    )
    # Links printed in a PDF must be full addresses; a local preview is served from
    # FEED_DOMAIN, as its feeds are.
    address = settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "http://localhost:8000"
    if not re.match(r"^https?://", address):
        address = settings.get("FEED_DOMAIN") or "http://localhost:8000"
    theme = Path(settings["THEME"])
    return PublicationSettings(
        paths=list(settings.get("PUBLICATION_PATHS", DEFAULT_PATHS)),
        types=types,
        index_url=settings.get("PUBLICATIONS_URL", DEFAULT_INDEX_URL),
        type_url=settings.get("PUBLICATION_TYPE_URL", DEFAULT_TYPE_URL),
        feed_atom=settings.get("PUBLICATIONS_FEED_ATOM", DEFAULT_FEED_ATOM),
        feed_rss=settings.get("PUBLICATIONS_FEED_RSS", DEFAULT_FEED_RSS),
        max_bytes=max_bytes,
        thumbnail_width=width,
        cache_path=Path(cache),
        print_address=address.rstrip("/"),
        theme_static=theme / "static",
    )


# What the build knows of a document only once its PDF exists: for an information sheet,
# once it is printed.
PRINTED_FACTS = frozenset(
    {
        "document",
        "pages",
        "size",
        "text",
        "text_paragraphs",
        "download",
        "thumbnail_source",
        "thumbnail_width",
        "thumbnail_height",
        "sharp_thumbnail_source",
    }
)


class Publication(Content):
    """A document in the library: its entry's metadata and text, plus what the build adds.

    The build adds ``file_url`` (the PDF), ``download`` ("PDF, 1.2 MB, 8 pages"),
    ``pages``, ``text`` (for search), the cover thumbnail, and ``related`` (a news article).
    """

    # Checked by check_entry, with messages for editors, rather than Pelican's log line.
    mandatory_properties = ()
    default_template = "publication"
    default_status = "published"

    def __getattr__(self, name: str):
        """A printed sheet's facts, asked for while it is still being printed: wait for
        the printer (``finish_printing``, which the generator sets and which sets them)."""
        finish = self.__dict__.get("finish_printing")
        if name in PRINTED_FACTS and finish is not None:
            finish()
            if name in self.__dict__:
                return self.__dict__[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _expand_settings(self, key: str, klass: str | None = None) -> str:
        # Translations of a publication are not a thing here: "lang_url" is the url.
        key = key.removeprefix("lang_")
        pattern = self.settings.get(f"PUBLICATION_{key.upper()}", DEFAULT_URLS[key])
        return str(pattern).format(**self.url_format)


@dataclass
class PublicationType:
    """One kind of document (Newsletter, Annual report...) and its documents, newest first."""

    name: str
    slug: str
    url: str
    save_as: str
    publications: list[Publication]


def type_slug(name: str, settings: dict[str, Any]) -> str:
    return slugify(name, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])


def _line(path: str, key: str) -> int | None:
    """The line of header field ``key`` (any case), for messages."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if line.lower().startswith(key.lower() + ":"):
                    return number
                if not line.strip():
                    break
    except OSError:
        return None
    return None


def check_entry(entry: Publication, options: PublicationSettings) -> bool:
    """Report every mistake in an entry's header; True when it can be published."""
    path = entry.source_path
    good = True
    metadata = entry.metadata
    for name in REQUIRED_FIELDS:
        if not str(metadata.get(name, "")).strip():
            report_problem(
                path,
                1,
                f"the header has no {name.capitalize()}; add a line "
                f"'{name.capitalize()}: ...' at the top of the file",
            )
            good = False
    if (
        str(metadata.get("summary", "")).strip().removeprefix("<p>").removesuffix("</p>")
        == PLACEHOLDER_SUMMARY
    ):
        report_problem(
            path,
            _line(path, "summary"),
            "the Summary is still the placeholder; write one or two sentences that say "
            "what this document is about",
        )
        good = False
    generated = metadata.get("generated-from")
    if not generated and "date" not in metadata:
        report_problem(
            path, 1, "the header has no Date; add a line 'Date: YYYY-MM-DD' at the top of the file"
        )
        good = False
    kind = metadata.get("type")
    if kind and kind not in options.types:
        report_problem(
            path,
            _line(path, "type"),
            f"Type {kind!r} is not one of the kinds of publication; "
            f"use one of: {', '.join(options.types)}",
        )
        good = False
    language = metadata.get("language")
    if language and not LANGUAGE_TAG.match(str(language)):
        report_problem(
            path,
            _line(path, "language"),
            f"Language {language!r} is not a language code; write it as two letters, "
            "like en (English), id (Indonesian) or th (Thai)",
        )
        good = False
    if generated and metadata.get("file"):
        report_problem(
            path,
            _line(path, "generated-from"),
            "the header has both File and Generated-from; keep File for a PDF you add, "
            "or Generated-from for a page the site prints, not both",
        )
        good = False
    elif not generated and not metadata.get("file"):
        report_problem(
            path,
            1,
            "the header has no File; add 'File: name.pdf' naming the PDF you put beside this file",
        )
        good = False
    return good


def document_path(entry: Publication) -> Path:
    """The PDF an entry names with ``File:``, beside the entry."""
    return Path(entry.source_path).parent / str(entry.metadata["file"]).strip()


def document_problem(path: Path, max_bytes: int) -> str | None:
    """What makes the file at ``path`` unfit to publish as a document, in an editor's
    words (what is wrong; what to do), or None. One judgement for the build and for
    `invoke new-publication`, which refuses such a file before copying it in."""
    name = path.name
    if path.suffix.lower() != ".pdf":
        return (
            f"File {name!r} is not a PDF; publish documents as PDF "
            "(in most programs: File, Save as or Export, PDF)"
        )
    size = path.stat().st_size
    if size == 0:
        return (
            f"File {name!r} is empty (0 bytes): the copy or download did not finish; "
            "copy or export the PDF again"
        )
    if not looks_like_pdf(path):
        return (
            f"File {name!r} ends in .pdf but is not a PDF inside (perhaps another kind of "
            "file renamed); open it in its program and export it as PDF"
        )
    if size > max_bytes:
        return (
            f"File {name!r} is {size / 1_000_000:.1f} MB, more than the "
            f"{max_bytes / 1_000_000:.0f} MB a reader should download; "
            "export it again with smaller images (PDF 'reduced size' or 'minimum size'), "
            "or split it into parts"
        )
    return None


def check_document(entry: Publication, options: PublicationSettings) -> Path | None:
    """The entry's PDF if it is there and fit to publish; else report why."""
    path = document_path(entry)
    line = find_line(entry.source_path, str(entry.metadata["file"]).strip())
    if not path.is_file():
        report_problem(
            entry.source_path,
            line,
            f"File {path.name!r} is not there; put the PDF beside this file "
            f"({path.parent.name}/{path.name}), or correct the name",
        )
        return None
    problem = document_problem(path, options.max_bytes)
    if problem:
        report_problem(entry.source_path, line, problem)
        return None
    return path
