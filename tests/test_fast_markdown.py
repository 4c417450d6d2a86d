"""The reusing reader must give exactly the HTML and metadata Pelican's own reader gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

from rso_plugins.build_speed.reader import ReusingMarkdownReader
from sitetools.build import DEVELOP_SETTINGS, ROOT
from sitetools.settings import read_settings

# The project's own Markdown settings, as every build uses them.
PROJECT_MARKDOWN = read_settings(ROOT, DEVELOP_SETTINGS)["MARKDOWN"]
STOCK_MARKDOWN = DEFAULT_CONFIG["MARKDOWN"]
TRICKY = """Title: "Quotes" -- and *more*
Summary: It's the summary's turn -- with [a link](https://example.org/) & "quotes"...

It's "quoted" -- and --- dashes... <<angled>> 'single' and the '90s.

Code `x = "y"` and \\*escaped\\* and **strong** and _em_ and __strong__ and *em*.
A line that ends in two spaces\x20\x20
breaks; <span title="a">inline html</span> &amp; &copy; entities.

Link [text][ref], ![image](/i.png "T"), <https://example.org>, <me@example.org>.
Footnote[^1] and abbreviation HTML.

*[HTML]: Hyper Text Markup Language
[ref]: https://example.org/ref
[^1]: The note, with "quotes".

| A | B |
|---|---|
| plain | it's |

Term
:   Definition -- here.

```
fenced "code" -- untouched
```

## Heading {#custom-id}

Plain text only here, no triggers at all.
"""


def read_all(reader_class, markdown_settings, paths):
    settings = {**DEFAULT_CONFIG, "MARKDOWN": {**markdown_settings}}
    settings["MARKDOWN"]["extension_configs"] = dict(markdown_settings["extension_configs"])
    reader = reader_class(settings)
    return [reader.read(str(path)) for path in paths]


def sources(tmp_path: Path) -> list[Path]:
    tricky = tmp_path / "tricky.md"
    tricky.write_text(TRICKY, encoding="utf-8")
    plain = tmp_path / "plain.md"
    plain.write_text("Title: Plain\n\nNo metadata summary, nothing special.\n", encoding="utf-8")
    project = sorted((ROOT / "content").rglob("*.md"))
    # Tricky between real files, so leftover parser state would show up downstream.
    return [tricky, *project, tricky, plain, tricky]


@pytest.mark.parametrize("markdown_settings", [PROJECT_MARKDOWN, STOCK_MARKDOWN])
def test_same_output_as_pelicans_reader(tmp_path, markdown_settings):
    paths = sources(tmp_path)
    expected = read_all(MarkdownReader, markdown_settings, paths)
    actual = read_all(ReusingMarkdownReader, markdown_settings, paths)
    for path, (want, got) in zip(paths, zip(expected, actual, strict=True), strict=True):
        assert got == want, path


def test_tricky_text_is_really_converted(tmp_path):
    [(content, metadata)] = read_all(ReusingMarkdownReader, PROJECT_MARKDOWN, sources(tmp_path)[:1])
    assert "&ldquo;quoted&rdquo;" in content
    assert "<strong>strong</strong>" in content
    assert "<br>" in content
    assert '<abbr title="Hyper Text Markup Language">HTML</abbr>' in content
    assert "&rsquo;s the summary" in metadata["summary"]
