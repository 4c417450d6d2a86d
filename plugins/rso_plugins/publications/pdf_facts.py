"""What a reader needs to know about a PDF: pages, text, a cover thumbnail, cached by content.

Opening a PDF, extracting its text and rendering its first page is the slow part of a
build with many documents. Everything is worked out once per distinct file: the cache
key is the sha256 of the PDF's bytes plus everything that shapes the result (the
thumbnail width, this module's format version, the pdfium build), so a rebuild with
unchanged documents only hashes them, and a changed document can never be served a
stale thumbnail.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from rso_plugins.file_digest import file_sha256

logger = logging.getLogger(__name__)

# Bump when what is cached changes shape, so old entries are never read as new ones.
CACHE_FORMAT = 3
THUMBNAIL_FORMAT = "webp"
THUMBNAIL_QUALITY = 80
# The cover is rendered with this many pixels for each pixel it is shown at (its width
# and height, as templates write them), so it is sharp on phones' and laptops' 2x
# screens; publication.html says so in its srcset.
THUMBNAIL_DENSITY = 2
PDF_SIGNATURE = b"%PDF-"


class UnreadablePdf(Exception):
    """The file cannot be read as a PDF; ``reason`` says why in an editor's words."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class PdfFacts:
    """What the build knows about one PDF, as cached."""

    sha256: str
    size: int
    pages: int
    text: str
    thumbnail: str  # file name inside the cache folder
    thumbnail_width: int  # the size it is shown at; the file has THUMBNAIL_DENSITY times more
    thumbnail_height: int


def looks_like_pdf(path: Path) -> bool:
    """A PDF starts with ``%PDF-`` (within its first kilobyte, as readers allow)."""
    with open(path, "rb") as handle:
        return PDF_SIGNATURE in handle.read(1024)


def cache_key(sha256: str, thumbnail_width: int) -> str:
    """The name of a PDF's cache entry: its content and what shapes the results."""
    shaping = f"{CACHE_FORMAT}:{thumbnail_width}:{THUMBNAIL_DENSITY}:{pdfium.PDFIUM_INFO}"
    shaping = shaping.encode()
    return f"{sha256}-{hashlib.sha256(shaping).hexdigest()[:12]}"


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise UnreadablePdf(
                "the PDF is protected by a password, so readers could not open it"
            ) from None
        if error.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise UnreadablePdf("the PDF uses a kind of protection that cannot be opened") from None
        raise UnreadablePdf("the PDF is damaged and cannot be opened") from None


# PDFium writes a hyphen at a line's end as U+0002 and leaves out the line break
# ("non\x02binding" for "non-" and "binding" on two lines); where it keeps the break, the
# word was split by the layout. Other control characters can come from a document's
# fonts. HTML forbids them all.
BROKEN_WORD = re.compile("\x02\r?\n")
LINE_END_HYPHEN = "\x02"
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _page_text(page) -> str:
    """The page's text, with words broken at a line's end joined again."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_bounded().replace("\r\n", "\n")
    finally:
        textpage.close()
    text = BROKEN_WORD.sub("", text).replace(LINE_END_HYPHEN, "-")
    return CONTROL_CHARACTERS.sub("", text).strip()


def read_pdf(path: Path, sha256: str, thumbnail_path: Path, thumbnail_width: int) -> PdfFacts:
    """Open the PDF once: count its pages, take its text, render its first page."""
    document = _open(path)
    try:
        pages = len(document)
        if pages == 0:
            raise UnreadablePdf("the PDF has no pages")
        texts = []
        for index in range(pages):
            page = document[index]
            try:
                texts.append(_page_text(page))
                if index == 0:
                    width_points = page.get_width()
                    scale = thumbnail_width * THUMBNAIL_DENSITY / width_points
                    bitmap = page.render(scale=scale)
                    image = bitmap.to_pil().convert("RGB")
                    thumbnail_path.parent.mkdir(parents=True, exist_ok=True)
                    # Written beside, then renamed: a build stopped mid-write leaves no
                    # half image for the next one to trust.
                    partial = thumbnail_path.with_name(thumbnail_path.name + ".partial")
                    image.save(partial, format=THUMBNAIL_FORMAT, quality=THUMBNAIL_QUALITY)
                    os.replace(partial, thumbnail_path)
                    size = tuple(round(side / THUMBNAIL_DENSITY) for side in image.size)
            finally:
                page.close()
    except pdfium.PdfiumError:
        raise UnreadablePdf("the PDF is damaged and cannot be read") from None
    finally:
        document.close()
    text = "\n\n".join(text for text in texts if text)
    return PdfFacts(
        sha256=sha256,
        size=path.stat().st_size,
        pages=pages,
        text=text,
        thumbnail=thumbnail_path.name,
        thumbnail_width=size[0],
        thumbnail_height=size[1],
    )


def pdf_facts(path: Path, cache_folder: Path, thumbnail_width: int) -> PdfFacts:
    """The facts about the PDF at ``path``, from the cache when its bytes were seen before.

    Raises UnreadablePdf for a damaged or password-protected file.
    """
    sha256 = file_sha256(path)
    key = cache_key(sha256, thumbnail_width)
    record = cache_folder / f"{key}.json"
    thumbnail = cache_folder / f"{key}.{THUMBNAIL_FORMAT}"
    if record.is_file() and thumbnail.is_file():
        try:
            return PdfFacts(**json.loads(record.read_text(encoding="utf-8")))
        except (ValueError, TypeError):
            logger.debug("Cache entry %s is unreadable; reading the PDF again", record)
    logger.debug("Reading %s", path)
    facts = read_pdf(path, sha256, thumbnail, thumbnail_width)
    partial = record.with_name(record.name + ".partial")
    partial.write_text(json.dumps(asdict(facts)), encoding="utf-8")
    os.replace(partial, record)
    return facts


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs (blank-line separated), for showing it as HTML."""
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


def describe_download(size: int, pages: int) -> str:
    """What the reader gets, as the link says it: "PDF, 1.2 MB, 8 pages"."""
    if size >= 1_000_000:
        amount = f"{size / 1_000_000:.1f} MB"
    elif size >= 1_000:
        amount = f"{max(1, round(size / 1_000))} KB"
    else:
        amount = f"{size} bytes"
    return f"PDF, {amount}, {pages} page{'' if pages == 1 else 's'}"
