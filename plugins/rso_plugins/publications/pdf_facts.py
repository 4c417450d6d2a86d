"""What a reader needs to know about a PDF: pages, text, a cover thumbnail, cached by content.

Opening a PDF, extracting its text and rendering its first page is the slow part of a
build with many documents. Everything is worked out once per distinct file: the cache
key is the sha256 of the PDF's bytes plus everything that shapes the result (this
module's format version, the pdfium build, and for the thumbnail its width), so a
rebuild with unchanged documents only hashes them, and a changed document can never be
served a stale thumbnail.

Reading (``pdf_facts``: can it be opened, how many pages, what text) is part of checking
the content; drawing the cover (``pdf_thumbnail``) waits until the content has been
checked, so `invoke check` draws nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image

from rso_plugins.atomic_file import write_then_rename
from rso_plugins.file_digest import file_sha256

logger = logging.getLogger(__name__)

# Bump when what is cached changes shape, so old entries are never read as new ones.
CACHE_FORMAT = 4
THUMBNAIL_FORMAT = "webp"
THUMBNAIL_QUALITY = 80
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


@dataclass(frozen=True)
class Thumbnail:
    """A PDF's first page as a small picture, in the cache."""

    path: Path
    width: int
    height: int


def looks_like_pdf(path: Path) -> bool:
    """A PDF starts with ``%PDF-`` (within its first kilobyte, as readers allow)."""
    with open(path, "rb") as handle:
        return PDF_SIGNATURE in handle.read(1024)


def _pdfium():
    """pypdfium2, loaded when a PDF is first opened: a site without documents never
    loads it (a twentieth of a second of every build)."""
    import pypdfium2
    import pypdfium2.raw  # the error codes

    return pypdfium2


def cache_key(sha256: str, *shaping: object) -> str:
    """The name of a PDF's cache entry: its content and what shapes the results."""
    pdfium = _pdfium()
    shaped = ":".join(str(item) for item in (CACHE_FORMAT, pdfium.PDFIUM_INFO, *shaping))
    return f"{sha256}-{hashlib.sha256(shaped.encode()).hexdigest()[:12]}"


def _open(path: Path):
    """The PDF as a pypdfium2 document; UnreadablePdf, in an editor's words, if it
    cannot be opened."""
    pdfium = _pdfium()
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if error.err_code == pdfium.raw.FPDF_ERR_PASSWORD:
            raise UnreadablePdf(
                "the PDF is protected by a password, so readers could not open it"
            ) from None
        if error.err_code == pdfium.raw.FPDF_ERR_SECURITY:
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


def read_pdf(path: Path, sha256: str) -> PdfFacts:
    """Open the PDF once: count its pages and take its text."""
    document = _open(path)
    pdfium = _pdfium()
    try:
        pages = len(document)
        if pages == 0:
            raise UnreadablePdf("the PDF has no pages")
        texts = []
        for index in range(pages):
            page = document[index]
            try:
                texts.append(_page_text(page))
            finally:
                page.close()
    except pdfium.PdfiumError:
        raise UnreadablePdf("the PDF is damaged and cannot be read") from None
    finally:
        document.close()
    text = "\n\n".join(text for text in texts if text)
    return PdfFacts(sha256=sha256, size=path.stat().st_size, pages=pages, text=text)


def pdf_facts(path: Path, cache_folder: Path) -> PdfFacts:
    """The facts about the PDF at ``path``, from the cache when its bytes were seen before.

    Raises UnreadablePdf for a damaged or password-protected file.
    """
    sha256 = file_sha256(path)
    record = cache_folder / f"{cache_key(sha256)}.json"
    if record.is_file():
        try:
            return PdfFacts(**json.loads(record.read_text(encoding="utf-8")))
        except (ValueError, TypeError):
            logger.debug("Cache entry %s is unreadable; reading the PDF again", record)
    logger.debug("Reading %s", path)
    facts = read_pdf(path, sha256)
    write_then_rename(record, lambda partial: partial.write_text(json.dumps(asdict(facts))))
    return facts


def pdf_thumbnail(path: Path, facts: PdfFacts, cache_folder: Path, width: int) -> Thumbnail:
    """The PDF's first page, ``width`` pixels wide, drawn once per distinct file."""
    target = cache_folder / f"{cache_key(facts.sha256, width)}.{THUMBNAIL_FORMAT}"
    if not target.is_file():
        document = _open(path)
        pdfium = _pdfium()
        try:
            page = document[0]
            try:
                bitmap = page.render(scale=width / page.get_width())
                image = bitmap.to_pil().convert("RGB")
            finally:
                page.close()
        except pdfium.PdfiumError:
            raise UnreadablePdf("the PDF is damaged and cannot be read") from None
        finally:
            document.close()
        write_then_rename(
            target,
            lambda partial: image.save(partial, format=THUMBNAIL_FORMAT, quality=THUMBNAIL_QUALITY),
        )
    with Image.open(target) as image:  # reads the header only
        return Thumbnail(target, *image.size)


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
