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
from collections.abc import Callable, Iterable
from urllib.parse import unquote

from pelican import signals
from pelican.generators import ArticlesGenerator

from rso_plugins.content_problems import (
    find_field_line,
    find_line,
    report_missing_field,
    report_notice,
    report_problem,
)
from rso_plugins.contents import read_contents
from rso_plugins.internals import content_html

logger = logging.getLogger(__name__)

ARTICLE_FIELDS = ("title", "date", "category", "summary")
PAGE_FIELDS = ("title", "summary")
DEFAULT_ALLOWED_CATEGORIES = ("News",)
# The summary `invoke new` writes, which must be replaced before an article goes live.
DEFAULT_PLACEHOLDER_SUMMARY = ""
LINK_KINDS = ("filename", "static", "attach")


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


def check_fields(content, required: Iterable[str], settings) -> None:
    """Required fields given and filled in; the category one of the allowed ones."""
    path = content.source_path
    for name in required:
        value = content.metadata.get(name)
        if name not in content.metadata:
            report_missing_field(path, name)
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


def check_links(content, settings, unpublished: dict[str, object]) -> None:
    """Every {filename}/{static}/{attach} link points at a file that exists and will be
    published. Images are the photos plugin's: it reports a missing or unusable one."""
    html = content_html(content) or ""
    source = content.source_path
    links = intrasite_links(settings)
    for match in links.finditer(html):
        kind, value = match.group("what"), match.group("value")
        if kind not in LINK_KINDS or match.group("tag").lower() == "img":
            continue
        written = match.group("path")
        target = _target(value, content, settings)
        if not os.path.isfile(target):
            hint = (
                "check the file name and folder (start with / for the content folder)"
                if kind == "filename"
                else "check the spelling, and that the file is in the content folder"
            )
            report_problem(
                source, _link_line(source, written, value), f"link {written} goes nowhere; {hint}"
            )
        elif target in unpublished:
            line = _link_line(source, written, value)
            check_link_to_unpublished(content, unpublished[target], written, line, settings)


def goes_live_before(content, linked) -> bool:
    """Whether ``content`` is on the published site before the scheduled ``linked``:
    now (published, or a page), or on an earlier date (scheduled itself). A draft
    never is."""
    if getattr(content, "scheduled", False):
        return content.date < linked.date
    return content.status != "draft"


def check_link_to_unpublished(content, linked, written: str, line, settings) -> None:
    """A link to a draft never works on the published site: a problem. A link to a
    scheduled article works from the article's date: a preview (which writes drafts)
    shows it working and notes the date; a publish before then stops on it, with the
    editor's two ways on."""
    source = content.source_path
    if not getattr(linked, "scheduled", False):
        if content.status != "draft":
            report_problem(
                source,
                line,
                f"link {written} points to a draft, which will not be published; "
                "publish that article first, or remove the link",
            )
        return
    if not goes_live_before(content, linked):
        return
    when = linked.scheduled_for
    if settings.get("DRAFT_SAVE_AS"):
        report_notice(
            source,
            line,
            f"link {written} points to an article scheduled for {when}: the preview shows "
            "it, but a publish before that day stops here; wait until then (or date this "
            "one that day or later), or remove the link",
        )
    else:
        report_problem(
            source,
            line,
            f"link {written} points to an article scheduled for {when}, which is not on "
            "the site before then; wait until that day to publish this (or date it that "
            "day or later, so both go live together), or remove the link",
        )


# A link to an address on this site written from its root: <a href="/news/">. Not
# "//host/..." (another site) and not a link Pelican rewrites ({filename}...).
ROOT_LINK = re.compile(
    r"""<a\b[^>]*?\bhref\s*=\s*(?P<quote>["'])(?P<href>/(?!/)[^"']*)(?P=quote)"""
)


def link_forms(generators, settings) -> dict[str, str]:
    """Addresses of the site (as a path, no leading slash) -> the link that reaches them
    at any address: the content file that makes each page (Pelican's list of what its
    generators read, events and publications included), and the markers for the news
    index, categories and tags."""
    forms = {}
    generated = generators[0].context.get("generated_content", {}) if generators else {}
    for source, content in sorted(generated.items()):
        url = getattr(content, "url", None)
        if url is not None:  # every page, article, event and publication read
            forms.setdefault(url, f"{{filename}}/{source}")
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            for category, _ in generator.categories:
                forms.setdefault(category.url, f"{{category}}{category.name}")
            for tag in generator.tags:
                forms.setdefault(tag.url, f"{{tag}}{tag.name}")
    forms.setdefault(settings.get("INDEX_URL") or settings["INDEX_SAVE_AS"], "{index}")
    return forms


def check_root_links(content, forms: Callable[[], dict[str, str]]) -> None:
    """A link from the site's root (/news/) works only while the site is at the root of
    its address; published at https://ORG.github.io/REPO/, it leads out of the site.
    Say which link to write instead. ``forms()`` gives link_forms, worked out when a
    root link first needs them (every page's address: 20 ms in a build of a thousand
    articles, and most builds have no root link)."""
    html = content_html(content) or ""
    if 'href="/' not in html and "href='/" not in html:
        return
    for match in ROOT_LINK.finditer(html):
        href = match["href"]
        path = unquote(href.split("#", 1)[0].split("?", 1)[0]).lstrip("/")
        found = forms().get(path) or forms().get(path.removesuffix("index.html"))
        if found is None and path.startswith("static/"):
            found = f"{{static}}/{path}"
        instead = (
            f"write it as [...]({found})"
            if found
            else "link to the file that makes that page, as [...]({filename}/pages/name.md)"
        )
        report_problem(
            content.source_path,
            find_line(content.source_path, f"({href}") or find_line(content.source_path, href),
            f"link {href} starts from the root of the address, so it leads out of the site "
            f"when the site is published below one (https://ORG.github.io/REPO/); {instead}",
        )


def _unpublished(articles_generator) -> dict[str, object]:
    """Drafts and scheduled articles, by source path."""
    return {os.path.normpath(a.source_path): a for a in articles_generator.drafts}


def apply_rules(generators) -> None:
    """Check every article and page against the site's rules."""
    settings = generators[0].settings
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    unpublished = _unpublished(articles) if articles else {}
    forms = functools.cache(lambda: link_forms(generators, settings))
    for generator in generators:
        is_news = isinstance(generator, ArticlesGenerator)
        for content in read_contents(generator):
            check_fields(content, ARTICLE_FIELDS if is_news else PAGE_FIELDS, settings)
            if is_news:
                check_placeholder_summary(content, settings)
            check_links(content, settings, unpublished)
            check_root_links(content, forms)


def register() -> None:
    signals.all_generators_finalized.connect(apply_rules)
