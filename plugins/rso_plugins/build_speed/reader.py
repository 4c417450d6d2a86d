"""A Markdown reader that builds its parsers once and resets them for each file.

Pelican's MarkdownReader builds a new ``Markdown`` (loading every extension again) for
each file. Python-Markdown supports reuse through ``reset()``, which clears the HTML
stash, references and each extension's state, so one instance per reader gives the
same HTML. Formatted metadata fields (the summary) get a second instance: Pelican
converts them with the meta preprocessor removed, and the document parser keeps it.
Both parsers skip what cannot change (internals.py): in their inline passes, blocks
and text that no pattern could match, and patterns whose characters are not in the
text; among block processors, tests whose regex needs a character the block lacks;
the toc extension looks for its marker only in text that holds it.

Files that parallel.py is converting on other cores are taken from its stream instead.
The metadata is then made by Pelican's own code, so dates, tags and categories come out
exactly as in Pelican's reader, except plain dates (2024-05-01 09:30), which are read
directly into what Pelican's date processor makes of them.
"""

from __future__ import annotations

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from rso_plugins.internals import (
    DATE_FIELDS,
    check_toc_marker_first,
    gate_block_processors,
    note_source_path,
    parse_markdown_metadata,
    plain_date,
    prefilter_inline_passes,
)


class _ConvertedFields:
    """Stands in for the field parser with the formatted fields already converted.

    Pelican's metadata processing deregisters "meta", resets and converts each
    formatted field; this answers those calls from results made beforehand (in this
    process or in a worker), so Pelican's own processing runs unchanged.
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


def convert_text(reader, text: str) -> tuple[str, dict, dict[str, str]]:
    """HTML, raw metadata and formatted-field HTML of one Markdown text."""
    parser = reader.document_parser()
    content = parser.convert(text)
    meta = getattr(parser, "Meta", None)
    formatted = {}
    if meta:
        fields = reader.field_parser()
        for name, values in meta.items():
            if name.lower() in reader.settings["FORMATTED_FIELDS"]:
                joined = "\n".join(values)
                fields.reset()
                formatted[joined] = fields.convert(joined)
    return content, meta, formatted


class ReusingMarkdownReader(MarkdownReader):
    """Pelican's MarkdownReader, with parsers made once per build."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._document_parser: Markdown | None = None
        self._field_parser: Markdown | None = None
        self._stream = None  # a parallel.ConvertedStream, when workers convert ahead

    def _new_parser(self) -> Markdown:
        parser = Markdown(**self.settings["MARKDOWN"])
        prefilter_inline_passes(parser)
        gate_block_processors(parser)
        check_toc_marker_first(parser)
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

    def process_metadata(self, name, value):
        """Pelican's processing, with plain dates (2024-05-01 09:30) read directly."""
        if name in DATE_FIELDS and isinstance(value, str):
            date = plain_date(value)
            if date is not None:
                return date
        return super().process_metadata(name, value)

    def read(self, source_path):
        """Parse content and metadata of a Markdown file, reusing the parser."""
        note_source_path(self, source_path)
        converted = self._stream.take(source_path) if self._stream else None
        if converted is None:
            with pelican_open(source_path) as text:
                converted = convert_text(self, text)
        content, meta, fields = converted
        if meta is None:
            return content, {}
        return content, parse_markdown_metadata(self, meta, _ConvertedFields(fields))
