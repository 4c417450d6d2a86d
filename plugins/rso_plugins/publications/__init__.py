"""The publications library: documents with their PDFs, reader pages, feeds and printed sheets."""

from .model import Publication, PublicationType
from .publications import register

__all__ = ["Publication", "PublicationType", "register"]
