"""The check an editor runs before publishing: what Pelican would accept but readers would not.

Pelican builds happily with a missing summary, a category nobody meant, or two articles
fighting over one address, and its messages do not say which line to fix. Each problem
here is one line, ``path:line: what is wrong; what to do``, so an editor (or an editor's
text editor) can jump straight to it.
"""

from __future__ import annotations

import datetime
import fnmatch
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sitetools.build import ROOT
from sitetools.metadata import Header, read_header
from sitetools.new_article import PLACEHOLDER_SUMMARY, make_slug
from sitetools.settings import content_path, read_settings

logger = logging.getLogger(__name__)

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
ARTICLE_FIELDS = ("title", "date", "category", "summary")
PAGE_FIELDS = ("title", "summary")
STATUSES = ("published", "draft", "hidden")
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M")
# {filename}, {static} and {attach} links, and Pelican's older |filename| spelling.
INTERNAL_LINK = re.compile(
    r"(?:\{(?P<kind>filename|static|attach)\}|\|(?P<old>filename|static|attach)\|)"
    r"(?P<target>[^)\s\"'>\]]+)"
)
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(?P<src>[^)\s>]+)")
HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"'](?P<src>[^\"']+)", re.IGNORECASE)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix, where it is, and what to do about it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Source:
    """One Markdown file Pelican will read, with its parsed header."""

    path: Path
    kind: str  # "article" or "page"
    header: Header

    @property
    def is_draft(self) -> bool:
        return self.header.value("status").lower() == "draft"


def display_path(path: Path) -> str:
    """``path`` relative to where the editor is standing, if it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _ignored(path: Path, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns)


def find_sources(content: Path, settings: dict[str, Any]) -> list[Source]:
    """Every Markdown article and page Pelican will read, in a stable order."""
    sources = []
    for kind, folders in (("article", "ARTICLE_PATHS"), ("page", "PAGE_PATHS")):
        for folder in settings[folders]:
            for path in sorted((content / folder).rglob("*")):
                if path.suffix in MARKDOWN_EXTENSIONS and not _ignored(
                    path, settings.get("IGNORE_FILES", ())
                ):
                    sources.append(Source(path, kind, read_header(path)))
    return sources


def _valid_date(text: str) -> bool:
    for format in DATE_FORMATS:
        try:
            datetime.datetime.strptime(text, format)
        except ValueError:
            continue
        return True
    return False


def check_header(source: Source, settings: dict[str, Any]) -> Iterator[Problem]:
    """Required fields present and filled in; dates, category and status valid."""
    where = display_path(source.path)
    header = source.header
    for name, line in header.repeated:
        first = header.fields[name].line
        yield Problem(
            where, line, f"{name.title()} is given twice (also on line {first}); keep one"
        )
    required = ARTICLE_FIELDS if source.kind == "article" else PAGE_FIELDS
    for name in required:
        found = header.get(name)
        if found is None:
            yield Problem(
                where,
                header.end_line,
                f"no {name.title()}; add a line '{name.title()}: ...' to the header "
                "(the lines at the top, before the first blank line)",
            )
        elif not found.value:
            yield Problem(where, found.line, f"{name.title()} is empty; fill it in")
    for name in ("date", "modified"):
        found = header.get(name)
        if found and found.value and not _valid_date(found.value):
            yield Problem(
                where,
                found.line,
                f"{name.title()} {found.value!r} is not a valid date; "
                "write it as YYYY-MM-DD, e.g. 2015-12-04",
            )
    category = header.get("category")
    allowed = tuple(settings["ALLOWED_CATEGORIES"])
    if source.kind == "article" and category and category.value not in ("", *allowed):
        yield Problem(
            where,
            category.line,
            f"category {category.value!r} is not allowed; use one of {', '.join(allowed)}",
        )
    status = header.get("status")
    if status and status.value.lower() not in STATUSES:
        yield Problem(
            where,
            status.line,
            f"status {status.value!r} is not known; use draft, or remove the line to publish",
        )
    summary = header.get("summary")
    if summary and summary.value == PLACEHOLDER_SUMMARY and not source.is_draft:
        yield Problem(where, summary.line, "the summary is still the placeholder; write a real one")


def slug_of(source: Source, settings: dict[str, Any]) -> str:
    """The slug Pelican gives the file: its Slug field, else one made from the file name."""
    return source.header.value("slug") or make_slug(source.path.stem, settings)


def check_slugs(sources: list[Source], settings: dict[str, Any]) -> Iterator[Problem]:
    """No two articles (or two pages) share a slug, so no page overwrites another."""
    for kind in ("article", "page"):
        first_with: dict[str, Source] = {}
        for source in (s for s in sources if s.kind == kind):
            slug = slug_of(source, settings)
            if slug not in first_with:
                first_with[slug] = source
                continue
            field = source.header.get("slug")
            yield Problem(
                display_path(source.path),
                field.line if field else 1,
                f"slug {slug!r} is also used by {display_path(first_with[slug].path)}; "
                f"give this {kind} a different Slug",
            )


def _resolve(target: str, source: Path, content: Path) -> Path:
    """Where a {filename}/{static} link points: from the content folder if it starts
    with '/', otherwise from the linking file's folder (Pelican's rule)."""
    target = unquote(target.split("#", 1)[0].split("?", 1)[0])
    base = content if target.startswith("/") else source.parent
    return (base / target.lstrip("/")).resolve()


def check_links(source: Source, content: Path, drafts: set[Path]) -> Iterator[Problem]:
    """Every {filename}/{static} link and every image points at a file that exists."""
    where = display_path(source.path)
    for number, line in enumerate(source.header.lines, start=1):
        images = [m.group("src") for p in (MARKDOWN_IMAGE, HTML_IMAGE) for m in p.finditer(line)]
        for match in INTERNAL_LINK.finditer(line):
            kind = match.group("kind") or match.group("old")
            written = match.group(0)
            what = "image" if written in images else "link"
            target = _resolve(match.group("target"), source.path, content)
            if not target.is_file():
                hint = (
                    "check the file name and folder (start with / for the content folder)"
                    if kind == "filename"
                    else "check the spelling, or copy the file into content/static/"
                )
                yield Problem(where, number, f"{what} {written} goes nowhere; {hint}")
            elif target in drafts and not source.is_draft:
                yield Problem(
                    where,
                    number,
                    f"{what} {written} points to a draft, which will not be published; "
                    "publish that article first, or remove the link",
                )
        for src in images:
            if not (EXTERNAL.match(src) or INTERNAL_LINK.match(src)):
                yield Problem(
                    where,
                    number,
                    f"image {src} is not linked with {{static}}; put the file in "
                    "content/static/images/ and write it as {static}/static/images/NAME",
                )


def check_data_file(content: Path, settings: dict[str, Any], root: Path) -> Iterator[Problem]:
    """The Bali Process data file, checked by the plugin's own loader."""
    load_figures, error_type = _figures_loader(settings, root)
    path = content / settings.get("BALI_PROCESS_DATA", "data/bali-process.yaml")
    where = display_path(path)
    try:
        load_figures(str(path), where)
    except error_type as error:
        location = f"{error.path}:{error.line}: " if error.line else f"{error.path}: "
        yield Problem(where, error.line or 1, str(error).removeprefix(location))


def _figures_loader(settings: dict[str, Any], root: Path):
    """The bali_process plugin's loader, imported as Pelican imports plugins (from
    PLUGIN_PATHS), so the check and the build apply the very same rules."""
    for folder in settings.get("PLUGIN_PATHS", ()):
        folder = str((root / folder).resolve())
        if folder not in sys.path:
            sys.path.append(folder)
    from rso_plugins.bali_process import BaliProcessDataError, load_figures

    return load_figures, BaliProcessDataError


def check_content(content: Path, settings: dict[str, Any], root: Path = ROOT) -> list[Problem]:
    """Every problem in the content folder, sorted by file and line.

    ``root`` is the project folder the settings (and so PLUGIN_PATHS) belong to.
    """
    content = content.resolve()
    sources = find_sources(content, settings)
    drafts = {s.path.resolve() for s in sources if s.is_draft}
    problems: list[Problem] = []
    for source in sources:
        problems.extend(check_header(source, settings))
        problems.extend(check_links(source, content, drafts))
    problems.extend(check_slugs(sources, settings))
    problems.extend(check_data_file(content, settings, root))
    logger.debug("Checked %d files in %s", len(sources), content)
    return sorted(problems)


def check_site(root: Path = ROOT, content: Path | None = None) -> list[Problem]:
    """Check the project at ``root`` (or another content folder, with its settings)."""
    settings = read_settings(root)
    return check_content(content or content_path(root, settings), settings, root)


def count_sources(root: Path = ROOT) -> int:
    """How many articles and pages the check reads, for a reassuring summary line."""
    settings = read_settings(root)
    return len(find_sources(content_path(root, settings), settings))
