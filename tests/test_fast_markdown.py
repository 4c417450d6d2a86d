"""The reusing reader must give exactly the HTML and metadata Pelican's own reader gives."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from pelican.readers import METADATA_PROCESSORS, MarkdownReader
from pelican.settings import DEFAULT_CONFIG

from rso_plugins.build_speed.reader import ReusingMarkdownReader
from rso_plugins.internals import plain_date
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

# Blocks of every kind the block processors and inline passes treat, for documents put
# together from them in many orders (skipped passes and gated block tests must never
# change what a block becomes, whatever is next to it).
FRAGMENTS = (
    "A paragraph, plain.",
    "It's a 'quoted' \"phrase\" -- with --- dashes and dots...",
    "Setext heading\n==============",
    "Another one\n-----------",
    "# Hash heading #",
    "### Heading with a [link](https://example.org/) and *em*",
    '> A quote with "marks"\n> > nested -- deeper\n\n> and a lazy\nline',
    "Term\n:   Definition with *em*\n:   Second: definition",
    "Not a definition: just a colon.",
    "| One | Two |\n|:----|----:|\n| it's | 'x' |",
    "One | Two\n--- | ---\na | b",
    "| Single |\n| ------ |\n| cell |",
    "Pipes | in text but\nno separator row",
    'A footnote[^n] in text.\n\n[^n]: Its "text" -- here.',
    "*[RSO]: Regional Support Office",
    'The RSO in text, and [a ref][r].\n[r]: https://example.org/r "Title"',
    "- item 'one'\n- item *two* -- dash\n    - nested [link](x.html)\n\n    paragraph in item",
    '1. first\n2. second "quoted"\n\n    > quote in item',
    "* * *",
    "- - -",
    "___",
    '    indented code with "quotes" -- kept',
    '```\nfenced "code" -- kept\n```',
    '<div markdown="1">\nInside *html* with "quotes"\n</div>',
    '<p>Raw html -- left alone "as is"</p>',
    "Line with two trailing spaces  \nand a break; `code 'here'` and \\*escaped\\*.",
    "Text with <span>inline</span> html and &amp; &copy; entities -- and <<angles>>.",
    'Auto <https://example.org> and <me@example.org>; image ![alt "t"](/i.png).',
    "## Heading {#given-id}",
    "[TOC]",
)


# Dates as editors write them (read by the fast path) and otherwise (read by Pelican's).
DATES = (
    ("2020-02-29 10:30", "2020-03-01"),
    ("2019-12-31_23:59", "2020-01-01 00:00:30"),
    ("2021-3-4", "4 March 2021 9:15"),
    ("2022-07-01T08:00", "2022-07-01  08:00"),
)


def jumbled_documents(count: int = 40, seed: int = 7) -> list[str]:
    """Documents of 8 to 20 fragments each, in an order fixed by ``seed``."""
    import random

    chooser = random.Random(seed)
    documents = []
    for number in range(count):
        blocks = chooser.choices(FRAGMENTS, k=chooser.randint(8, 20))
        dates = DATES[number % len(DATES)]
        header = f"Title: Jumbled {number}\nDate: {dates[0]}\nModified: {dates[1]}\n"
        documents.append(header + "\n" + "\n\n".join(blocks) + "\n")
    return documents


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


@pytest.mark.parametrize("markdown_settings", [PROJECT_MARKDOWN, STOCK_MARKDOWN])
def test_jumbled_blocks_give_the_same_output_as_pelicans_reader(tmp_path, markdown_settings):
    paths = []
    for number, text in enumerate(jumbled_documents()):
        paths.append(tmp_path / f"jumbled-{number}.md")
        paths[-1].write_text(text, encoding="utf-8")
    expected = read_all(MarkdownReader, markdown_settings, paths)
    actual = read_all(ReusingMarkdownReader, markdown_settings, paths)
    for path, (want, got) in zip(paths, zip(expected, actual, strict=True), strict=True):
        assert got == want, path.read_text(encoding="utf-8")


def test_jumbled_blocks_are_really_converted(tmp_path):
    """The jumbled documents reach every kind of block the fast paths skip or gate."""
    path = tmp_path / "all.md"
    path.write_text("Title: All\n\n" + "\n\n".join(FRAGMENTS) + "\n", encoding="utf-8")
    [(content, _)] = read_all(ReusingMarkdownReader, PROJECT_MARKDOWN, [path])
    for made in (
        "<h1",
        "<h2",
        "<blockquote>",
        "<dl>",
        "<table>",
        'class="footnote',
        "<abbr",
        "<hr>",
        "<pre><code>",
        "&ldquo;",
        "&mdash;",
        "&hellip;",
        '<div class="toc">',
        'id="given-id"',
    ):
        assert made in content, made


@pytest.mark.parametrize(
    "written",
    [date for pair in DATES for date in pair] + ["2020-02-30", "2020-13-01", "2020-01-01 24:00"],
)
def test_a_plain_date_is_what_pelicans_processor_makes_of_it(written):
    try:
        expected = METADATA_PROCESSORS["date"](written, DEFAULT_CONFIG)
    except ValueError:
        expected = None  # Pelican's processor reports it; the fast path leaves it to it
    quick = plain_date(written)
    assert quick is None or (quick == expected and type(quick) is type(expected)), written


def test_plain_dates_take_the_fast_path():
    assert plain_date("2020-02-29 10:30") == datetime(2020, 2, 29, 10, 30)
    assert plain_date("2019-12-31_23:59") == datetime(2019, 12, 31, 23, 59)
    assert plain_date("2020-02-30") is None
    # Digits of other scripts are left to Pelican's processor, as everything else.
    assert plain_date("\u0662\u0660\u0662\u0660-\u0660\u0661-\u0660\u0661") is None


def test_tricky_text_is_really_converted(tmp_path):
    [(content, metadata)] = read_all(ReusingMarkdownReader, PROJECT_MARKDOWN, sources(tmp_path)[:1])
    assert "&ldquo;quoted&rdquo;" in content
    assert "<strong>strong</strong>" in content
    assert "<br>" in content
    assert '<abbr title="Hyper Text Markup Language">HTML</abbr>' in content
    assert "&rsquo;s the summary" in metadata["summary"]
