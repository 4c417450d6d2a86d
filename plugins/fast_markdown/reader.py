"""A Markdown reader that builds its parsers once and resets them for each file.

Pelican's MarkdownReader builds a new ``Markdown`` (loading every extension again) for
each file. Python-Markdown supports reuse through ``reset()``, which clears the HTML
stash, references and each extension's state, so one instance per reader gives the
same HTML. Formatted metadata fields (the summary) get a second instance: Pelican
converts them with the meta preprocessor removed, and the document parser keeps it.

Files that parallel.py is converting on other cores are taken from its stream instead.
"""

from __future__ import annotations

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .quick_inline import prefilter_inline_passes

# Python-Markdown's meta extension registers its preprocessor at this priority.
META_PRIORITY = 27


class _ConvertedFields:
    """Stands in for the field parser when the fields were converted in a worker.

    Pelican's ``_parse_metadata`` deregisters "meta", resets and converts each
    formatted field; this answers those calls from the worker's results, so Pelican's
    own metadata processing runs unchanged.
    """

    class _Preprocessors:
        def deregister(self, name, strict=True):
            pass

    def __init__(self, converted: dict[str, str]):
        self.converted = converted
        self.preprocessors = self._Preprocessors()

    def reset(self):
        return self

    def convert(self, text: str) -> str:
        return self.converted[text]


class ReusingMarkdownReader(MarkdownReader):
    """Pelican's MarkdownReader, with parsers made once per build."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._document_parser: Markdown | None = None
        self._field_parser: Markdown | None = None
        self._meta_preprocessor = None  # the one Pelican removes
        self._stream = None  # a parallel.ConvertedStream, when workers convert ahead

    def _new_parser(self) -> Markdown:
        parser = Markdown(**self.settings["MARKDOWN"])
        prefilter_inline_passes(parser)
        return parser

    def document_parser(self) -> Markdown:
        """The parser for whole files, reset and ready."""
        if self._document_parser is None:
            self._document_parser = self._new_parser()
        else:
            self._document_parser.reset()
        return self._document_parser

    def field_parser(self) -> Markdown:
        """The parser for formatted metadata fields, without the meta preprocessor."""
        if self._field_parser is None:
            self._field_parser = self._new_parser()
            self._meta_preprocessor = self._field_parser.preprocessors["meta"]
            self._field_parser.preprocessors.deregister("meta")
        return self._field_parser

    def attach_stream(self, stream) -> None:
        """Take files from ``stream`` (converted on other cores) as Pelican asks for them."""
        if self._stream is not None:
            self._stream.close()
        self._stream = stream

    def close_stream(self) -> None:
        """Stop the workers once Pelican has read everything."""
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def read(self, source_path):
        """Parse content and metadata of a Markdown file, reusing the parser."""
        self._source_path = source_path
        prefetched = self._stream.take(source_path) if self._stream else None
        if prefetched is not None:
            content, meta, converted = prefetched
            fields = _ConvertedFields(converted)
        else:
            from .parallel import convert_text

            with pelican_open(source_path) as text:
                content, meta, converted = convert_text(self, text)
            fields = _ConvertedFields(converted)
        metadata = self._parse_metadata(meta, fields) if meta is not None else {}
        return content, metadata

    def _parse_metadata(self, meta, fields=None):
        """Run Pelican's metadata processing with fields already converted."""
        document_parser = getattr(self, "_md", None)
        self._md = fields
        try:
            return super()._parse_metadata(meta)
        finally:
            self._md = document_parser
