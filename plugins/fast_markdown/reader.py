"""A Markdown reader that builds its parsers once and resets them for each file.

Pelican's MarkdownReader builds a new ``Markdown`` (loading every extension again) for
each file. Python-Markdown supports reuse through ``reset()``, which clears the HTML
stash, references and each extension's state, so one instance per reader gives the
same HTML. Formatted metadata fields (the summary) get a second instance: Pelican
converts them with the meta preprocessor removed, and the document parser keeps it.
"""

from __future__ import annotations

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .quick_inline import prefilter_inline_passes

# Python-Markdown's meta extension registers its preprocessor at this priority.
META_PRIORITY = 27


class ReusingMarkdownReader(MarkdownReader):
    """Pelican's MarkdownReader, with parsers made once per build."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._document_parser: Markdown | None = None
        self._field_parser: Markdown | None = None
        self._meta_preprocessor = None  # the one Pelican removes

    def _new_parser(self) -> Markdown:
        parser = Markdown(**self.settings["MARKDOWN"])
        prefilter_inline_passes(parser)
        return parser

    def read(self, source_path):
        """Parse content and metadata of a Markdown file, reusing the parser."""
        self._source_path = source_path
        if self._document_parser is None:
            self._document_parser = self._new_parser()
        else:
            self._document_parser.reset()
        self._md = self._document_parser
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        return content, metadata

    def _parse_metadata(self, meta):
        """Convert metadata with the field parser, so the document parser keeps its meta."""
        if self._field_parser is None:
            self._field_parser = self._new_parser()
            self._meta_preprocessor = self._field_parser.preprocessors["meta"]
        elif "meta" not in self._field_parser.preprocessors:
            # Pelican removes "meta" before converting fields; give it one to remove.
            self._field_parser.preprocessors.register(
                self._meta_preprocessor, "meta", META_PRIORITY
            )
        document_parser = self._md
        self._md = self._field_parser
        try:
            return super()._parse_metadata(meta)
        finally:
            self._md = document_parser
