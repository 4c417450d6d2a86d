"""The reusing reader must give exactly the HTML and metadata Pelican's own reader gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fast_markdown import ReusingMarkdownReader
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

from sitetools.build import DEVELOP_SETTINGS, ROOT, build_site
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


def built_files(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()
    }


def test_converting_on_two_cores_gives_the_same_site_as_on_one(site_copy, tmp_path):
    from bench.corpus import write_corpus

    write_corpus(site_copy / "content", 60)
    outputs = {}
    for processes in (1, 2):
        settings = site_copy / f"processes{processes}.py"
        settings.write_text(
            f"from pelicanconf import *  # noqa: F403\nMARKDOWN_PROCESSES = {processes}\n",
            encoding="utf-8",
        )
        output = tmp_path / f"output{processes}"
        result = build_site(settings.name, output, root=site_copy, quiet=True, extra=["--debug"])
        log = result.stdout + result.stderr
        converted = re.search(r"Converting (\d+) Markdown files on (\d+) processes", log)
        if processes == 1:
            assert converted is None
        else:
            assert converted and int(converted.group(1)) >= 60 and converted.group(2) == "2"
        outputs[processes] = built_files(output)
    assert outputs[1].keys() == outputs[2].keys()
    assert [name for name in outputs[1] if outputs[1][name] != outputs[2][name]] == []
