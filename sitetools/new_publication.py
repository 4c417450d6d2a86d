"""Start a publication: the entry an editor fills in, beside the PDF it describes.

Like `invoke new` for news, so editors need not remember the header fields or where
the file goes. With ``--file`` the PDF is copied in beside the entry under the entry's
name; without it the entry says which name the PDF must have. The build checks the rest
(a placeholder summary, a missing or damaged PDF) and says what to fix.
"""

from __future__ import annotations

import datetime
import logging
import shutil
from pathlib import Path

from rso_plugins.publications.model import (
    DEFAULT_TYPES,
    document_problem,
    read_publication_settings,
)
from rso_plugins.site_clock import build_today
from sitetools.build import ROOT
from sitetools.new_content import NotCreated, format_header, title_and_slug, write_new_file
from sitetools.settings import content_path, read_settings

logger = logging.getLogger(__name__)

PUBLICATIONS_FOLDER = "publications"
PLACEHOLDER_SUMMARY = "One or two sentences that say what this document is about."
PLACEHOLDER_BODY = "A longer description of the document, if it needs one.\n"


class PublicationNotCreated(NotCreated):
    """The publication cannot be started; the message says why and what to do."""


def create_publication(
    title: str,
    kind: str = "Report",
    file: str | None = None,
    language: str = "en",
    root: Path = ROOT,
    date: datetime.date | None = None,
) -> Path:
    """Write content/publications/<slug>.md (and copy ``file`` beside it); return its path.

    Never overwrites: raises PublicationNotCreated if the entry or its PDF exists, the
    type is not one of PUBLICATION_TYPES, the title makes no address or the file given
    is not there or not a PDF.
    """
    settings = read_settings(root)
    title, slug = title_and_slug(
        title, settings, "invoke --help new-publication", PublicationNotCreated
    )
    kinds = tuple(settings.get("PUBLICATION_TYPES", DEFAULT_TYPES))
    if kind not in kinds:
        raise PublicationNotCreated(f"type {kind!r} is not allowed; use one of {', '.join(kinds)}")
    source = Path(file).expanduser() if file else None
    if source is not None and not source.is_file():
        raise PublicationNotCreated(f"{file} is not there; give the path of the PDF to publish")
    if source is not None:
        # The build's own judgement of a document, before anything is created.
        problem = document_problem(source, read_publication_settings(settings).max_bytes)
        if problem:
            raise PublicationNotCreated(problem)
    folder = content_path(root, settings) / PUBLICATIONS_FOLDER
    entry = folder / f"{slug}.md"
    document = folder / f"{slug}.pdf"
    for existing in (entry, document):
        if existing.exists():
            raise PublicationNotCreated(
                f"{existing} already exists; edit that publication, or choose another title"
            )
    date = date or build_today(settings)
    header = format_header(
        {
            "Title": title,
            "Date": date.isoformat(),
            "Type": kind,
            "Summary": PLACEHOLDER_SUMMARY,
            "Language": language,
            "File": document.name,
        }
    )
    write_new_file(entry, header + PLACEHOLDER_BODY, PublicationNotCreated)
    if source is not None:
        shutil.copyfile(source, document)
    return entry
