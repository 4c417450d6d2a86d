"""Build a tiny site of two or three files in process, the way pelican-plugins test themselves.

A plugin test writes the few files it needs (plus the Bali Process data file the theme
reads) into a temporary folder and runs Pelican on it with this project's settings,
theme and plugins. It asserts facts about that tiny site, never about ``content/``, so
editors can change the real content freely. Running in process takes a fraction of a
second where a whole-site build in a subprocess takes seconds, and the builds of one
test process share the theme's compiled templates (Jinja's own bytecode cache, which
development builds keep too, see build_speed/template_cache.py): compiling them was
half of each tiny build.
"""

from __future__ import annotations

import functools
import logging
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from pelican import Pelican
from pelican.settings import read_settings

from sitetools.build import DEVELOP_SETTINGS, ROOT

# A data file with few, made-up-looking names, so no test leans on the real figures.
# Each state and named observer has a code, so the members map can place it.
TINY_DATA = """\
as_of: 2020-01-31
source:
  title: Tiny test source
  url: https://example.org/source
members:
  states:
    - {name: Alpha, code: AL}
    - {name: Bravo, code: BR}
    - {name: Charlie, code: CL}
  organisations:
    - Delta Organisation
observers:
  total: 5
  named:
    - {name: Echo, code: EC}
rcf_principles:
  - First principle of the test.
  - Second principle of the test.
"""
TINY_PAGE = """\
Title: Home
Slug: home
Save_as: index.html
URL:
Summary: The home page of the tiny site.
Template: home

Welcome.
"""


TINY_ARTICLE = """\
Title: A first tiny story
Date: 2020-02-01
Category: News
Tags: tiny
Slug: a-first-tiny-story
Summary: The first story of the tiny site.

It happened on a Saturday.
"""
# An article written in advance (scheduled news): tests build on days before and after it.
SCHEDULED_ARTICLE = """\
Title: A story for later
Date: 2020-06-01
Category: News
Slug: a-story-for-later
Summary: Written in advance, to go live on 1 June.

Its day has come.
"""
TINY_404 = """\
Title: Page not found
Status: hidden
Save_as: 404.html
URL: 404.html
Summary: There is no page at this address.

Try the home page.
"""
DEFAULT_FILES = {
    "data/bali-process.yaml": TINY_DATA,
    "pages/home.md": TINY_PAGE,
    "pages/404.md": TINY_404,
    "extra/robots.txt": "User-agent: *\n",
}


class WarningsRaised(AssertionError):
    """The tiny build logged warnings, which `--fatal warnings` would make fatal."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def write_files(content: Path, files: dict[str, str | bytes | None]) -> None:
    """Write ``files`` (path under content/ -> text, dedented; bytes as they are; None
    removes the file)."""
    for name, text in files.items():
        if text is None:
            (content / name).unlink(missing_ok=True)
            continue
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


@functools.cache
def _compiled_templates() -> FileSystemBytecodeCache:
    """A bytecode cache for this process's tiny builds, removed when the process ends.
    Jinja keys each template by its name and the checksum of its source."""
    folder = tempfile.TemporaryDirectory(prefix="rso-templates-")
    cache = FileSystemBytecodeCache(folder.name)
    cache.folder = folder  # kept alive as long as the cache
    return cache


def tiny_settings(
    folder: Path, settings_file: str = DEVELOP_SETTINGS, **overrides: Any
) -> dict[str, Any]:
    """The project's settings for a site in ``folder``/content, built to ``folder``/output."""
    settings = read_settings(
        str(ROOT / settings_file),
        override={
            "PATH": str(folder / "content"),
            "OUTPUT_PATH": str(folder / "output"),
            "THEME": str(ROOT / "theme"),
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            # Caches (content, photos, PDFs) of the tiny site's own, never the project's,
            # which tests running side by side would share.
            "CACHE_PATH": str(folder / "cache"),
            "SEARCH_INDEX": False,
            **overrides,
        },
    )
    if "JINJA_ENVIRONMENT" not in overrides:
        settings["JINJA_ENVIRONMENT"] = {
            **settings["JINJA_ENVIRONMENT"],
            "bytecode_cache": _compiled_templates(),
        }
    return settings


def build_tiny_site(
    folder: Path,
    files: dict[str, str | bytes],
    settings_file: str = DEVELOP_SETTINGS,
    allow_warnings: bool = False,
    **overrides: Any,
) -> Path:
    """Write ``files`` (with a default data file and home page unless given), build, and
    return the output folder. Warnings fail the build, as ``--fatal warnings`` does."""
    write_files(folder / "content", {**DEFAULT_FILES, **files})
    settings = tiny_settings(folder, settings_file, **overrides)
    collector = _Collect()
    root_logger = logging.getLogger()
    root_logger.addHandler(collector)
    try:
        Pelican(settings).run()
    finally:
        root_logger.removeHandler(collector)
    if collector.records and not allow_warnings:
        raise WarningsRaised("\n".join(record.getMessage() for record in collector.records))
    return folder / "output"
