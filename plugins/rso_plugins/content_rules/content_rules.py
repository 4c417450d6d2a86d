"""The site's rules for articles and pages, beyond what Pelican itself requires.

Pelican builds happily with a missing summary, a category nobody meant, two articles
or a link to a file that does not exist, and says little
about which line to fix. These rules run in every build once all content is read
(``all_generators_finalized``, before anything is written), on the very objects
Pelican read, and report through ``content_problems``: so the build and `invoke check`
apply the same rules, and a preview shows the mistake at once.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Iterable, Iterator
from urllib.parse import unquote

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from rso_plugins.content_problems import find_field_line, find_line, report_problem

logger = logging.getLogger(__name__)

ARTICLE_FIELDS = ("title", "date", "category", "summary")
PAGE_FIELDS = ("title", "summary")
DEFAULT_ALLOWED_CATEGORIES = ("News",)
# The summary `invoke new` writes, which must be replaced before an article goes live.
DEFAULT_PLACEHOLDER_SUMMARY = ""
LINK_KINDS = ("filename", "static", "attach")
# Where a relative image address without a link marker would be looked up: nowhere.
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|/|#)", re.IGNORECASE)
IMAGE_SOURCE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*([\"'])(?P<src>.*?)\1", re.IGNORECASE)


def intrasite_links(settings) -> re.Pattern[str]:
    """Pelican's pattern for ``{filename}``-style links in rendered HTML (as in
    pelican/contents.py), with the marker syntax from INTRASITE_LINK_REGEX."""
    return _intrasite_links(settings["INTRASITE_LINK_REGEX"])


@functools.lru_cache(maxsize=8)
def _intrasite_links(marker: str) -> re.Pattern[str]:
    """Built once per marker syntax, not once per article and image."""
    return re.compile(
        r"<(?P<tag>[a-z]+)\b[^>]*?\b(?P<attr>href|src|poster|data|cite)\s*=\s*"
        rf"(?P<quote>[\"'])(?P<path>{marker}(?P<value>.*?))(?P=quote)",
        re.IGNORECASE,
    )


def _header_end(path: str) -> int:
    """The line after the header, where a missing field belongs."""
    number = 0
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                return number
    return number + 1


def check_fields(content, required: Iterable[str], settings) -> None:
    """Required fields given and filled in; the category one of the allowed ones."""
    path = content.source_path
    for name in required:
        value = content.metadata.get(name)
        if name not in content.metadata:
            report_problem(
                path,
                _header_end(path),
                f"no {name.title()}; add a line '{name.title()}: ...' to the header "
                "(the lines at the top, before the first blank line)",
            )
        elif not str(value).strip() or str(value).strip() == "<p></p>":
            report_problem(
                path, find_field_line(path, name), f"{name.title()} is empty; fill it in"
            )
    if "category" in required:
        allowed = tuple(settings.get("ALLOWED_CATEGORIES", DEFAULT_ALLOWED_CATEGORIES))
        category = content.metadata.get("category")
        if category is not None and str(category) not in allowed:
            report_problem(
                path,
                find_field_line(path, "category"),
                f"category {str(category)!r} is not allowed; use one of {', '.join(allowed)}",
            )


def check_placeholder_summary(content, settings) -> None:
    """A published article still carrying `invoke new`'s summary is unfinished."""
    placeholder = settings.get("PLACEHOLDER_SUMMARY", DEFAULT_PLACEHOLDER_SUMMARY)
    summary = re.sub(r"<[^>]+>", "", str(content.metadata.get("summary", ""))).strip()
    if placeholder and summary == placeholder and content.status != "draft":
        report_problem(
            content.source_path,
            find_field_line(content.source_path, "summary"),
            "the summary is still the placeholder; write one or two sentences "
            "that say what this is about",
        )


def _target(value: str, content, settings) -> str:
    """Where a link marker's value points, by Pelican's rule: from the content folder
    if it starts with '/', else from the linking file's folder."""
    value = unquote(value.split("#", 1)[0].split("?", 1)[0])
    if value.startswith("/"):
        return os.path.normpath(os.path.join(settings["PATH"], value.lstrip("/")))
    return os.path.normpath(os.path.join(os.path.dirname(content.source_path), value))


def _link_line(source: str, written: str, value: str) -> int | None:
    """The line of a link being reported (reading the source file only then)."""
    return find_line(source, written) or find_line(source, value)


def check_links(content, settings, unpublished: dict[str, str]) -> None:
    """Every {filename}/{static}/{attach} link and image points at a file that exists
    and will be published; an image without a marker would be a broken picture."""
    html = content._content or ""
    source = content.source_path
    links = intrasite_links(settings)
    for match in links.finditer(html):
        kind, value = match.group("what"), match.group("value")
        if kind not in LINK_KINDS:
            continue
        written = match.group("path")
        what = "image" if match.group("attr").lower() == "src" else "link"
        target = _target(value, content, settings)
        if not os.path.isfile(target):
            hint = (
                "check the file name and folder (start with / for the content folder)"
                if kind == "filename"
                else "check the spelling, and that the file is in the content folder"
            )
            report_problem(
                source, _link_line(source, written, value), f"{what} {written} goes nowhere; {hint}"
            )
        elif target in unpublished and content.status != "draft":
            report_problem(
                source,
                _link_line(source, written, value),
                f"{what} {written} points to {unpublished[target]}, which will not be "
                "published; publish that article first, or remove the link",
            )
    for match in IMAGE_SOURCE.finditer(html):
        src = match.group("src")
        if not EXTERNAL.match(src) and not links.match(f'<img src="{src}"'):
            report_problem(
                source,
                find_line(source, src),
                f"image {src} is not linked with {{static}} or {{attach}}; put the file "
                "beside the article and write ![what it shows]({attach}NAME)",
            )


def _unpublished(articles_generator) -> dict[str, str]:
    """Source paths of drafts and scheduled articles, with how to call them."""
    found = {}
    for article in articles_generator.drafts:
        scheduled = getattr(article, "scheduled", False)
        found[os.path.normpath(article.source_path)] = (
            "an article scheduled for later" if scheduled else "a draft"
        )
    return found


def _everything(generators) -> Iterator[tuple[object, str]]:
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            for article in [
                *generator.articles,
                *generator.translations,
                *generator.drafts,
                *generator.drafts_translations,
                *generator.hidden_articles,
                *generator.hidden_translations,
            ]:
                yield article, "article"
        elif isinstance(generator, PagesGenerator):
            for page in [
                *generator.pages,
                *generator.translations,
                *generator.hidden_pages,
                *generator.hidden_translations,
                *generator.draft_pages,
                *generator.draft_translations,
            ]:
                yield page, "page"


def apply_rules(generators) -> None:
    """Check every article and page against the site's rules."""
    settings = generators[0].settings
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    unpublished = _unpublished(articles) if articles else {}
    for content, kind in _everything(generators):
        required = ARTICLE_FIELDS if kind == "article" else PAGE_FIELDS
        check_fields(content, required, settings)
        if kind == "article":
            check_placeholder_summary(content, settings)
        check_links(content, settings, unpublished)


def register() -> None:
    signals.all_generators_finalized.connect(apply_rules)
