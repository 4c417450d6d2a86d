"""In development builds, leave a tag, category, author or period list alone when nothing
it shows has changed.

Most of a warm rebuild's rendering is the news lists: every tag, category and year
archive, with all their further pages, although an edit to one article changes only
the lists that article is on. So, when the content cache is on, such a list is given a
key made of everything its pages can show, and is rendered again only when that key
differs from the one recorded when its pages were last written:

- what every article and page shows (page_writer.py's shared digest: the templates and
  every content address) and, through the cache folder, the settings, plugin code,
  library versions and data files;
- the list's name, template and write_file arguments;
- each value its template reads from the page context, found by Jinja's own analysis
  (``jinja2.meta``) of the template and every template it extends or includes. An
  article is represented by its page's key (its source, neighbours, photos, events and
  publications); a tag, category or author by its name and address; other values by
  what they hold. A value whose content cannot be told (an object without a faithful
  ``repr``) means the list is rendered. So a list is left alone only if everything its
  templates read is the same; a template that starts reading something new changes
  the templates digest and the names read with it.

The index and the other direct templates are always rendered (they show every article).

A list left alone still goes through Pelican's own write_file, so every page is written
(claimed), logged and sent with ``content_written`` as usual; only each page's HTML is
read back from its file instead of rendered (``internals.PagesOnDisk``), and since the
text is the same the file is not written again. A page whose file is missing is rendered.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

from jinja2 import TemplateNotFound, meta
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from rso_plugins.file_digest import file_sha256

# The lists that show only their own articles.
LIST_TEMPLATES = frozenset({"tag", "category", "author", "period_archives"})
# write_file's own arguments, which shape the pages whether or not a template reads them.
WRITE_ARGUMENTS = ("relative_urls", "paginated", "template_name", "override_output", "url")
# Worked out by write_file for each page from the name, the URL and the articles.
PER_PAGE = frozenset(
    {"output_file", "localsiteurl"}
    | {
        f"{listed}_{part}"
        for listed in ("articles", "dates")
        for part in ("paginator", "page", "previous_page", "next_page")
    }
)


class CannotTell(Exception):
    """A value whose content cannot be told from outside: the list is rendered."""


def names_read(template, known: dict | None = None) -> frozenset[str] | None:
    """Every name ``template``, and each template it extends or includes, reads from its
    context; None if a template is chosen only when rendering. ``known`` keeps each
    template's own (names, templates it names) between calls."""
    environment = template.environment
    known = {} if known is None else known
    seen: set[str] = set()
    names: set[str] = set()
    waiting = [template.name]
    while waiting:
        name = waiting.pop()
        if name in seen:
            continue
        seen.add(name)
        if name not in known:
            try:
                source = environment.loader.get_source(environment, name)[0]
            except TemplateNotFound:  # an include with "ignore missing"
                known[name] = (frozenset(), ())
                continue
            tree = environment.parse(source)
            known[name] = (
                frozenset(meta.find_undeclared_variables(tree)),
                tuple(meta.find_referenced_templates(tree)),
            )
        own, referenced = known[name]
        names |= own
        if None in referenced:
            return None
        waiting.extend(referenced)
    return frozenset(names)


class NamesRead:
    """names_read for each list template, kept in the content cache folder from one
    build to the next for the same templates (parsing the theme takes longer than
    most of what a warm rebuild leaves to do)."""

    FILE = "template-names.json"

    def __init__(self, cache_path: str, templates_digest: str):
        self.path = Path(cache_path) / self.FILE
        self.digest = templates_digest
        self.templates: dict = {}
        self.lists: dict[str, list[str] | None] = {}
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        if saved.get("templates") == templates_digest:
            self.lists = saved.get("lists", {})
        self.changed = False

    def of(self, template) -> frozenset[str] | None:
        name = template.name
        if name not in self.lists:
            found = names_read(template, self.templates)
            self.lists[name] = sorted(found) if found is not None else None
            self.changed = True
        found = self.lists[name]
        return frozenset(found) if found is not None else None

    def save(self) -> None:
        if self.changed:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"templates": self.digest, "lists": self.lists})
            self.path.write_text(text, encoding="utf-8")


def content_digest(content) -> list:
    """What a page, event or publication (not an article) shows in a list: whatever its
    source file, address and photos make of it."""
    source = getattr(content, "source_path", None)
    return [
        type(content).__name__,
        file_sha256(source) if source else None,
        content.url,
        content.save_as,
        getattr(content, "photo_digest", None),
    ]


def value_digest(value, content_key):
    """What ``value`` holds, as JSON-ready data; ``content_key(content)`` stands for an
    article, page, event or publication. Raises CannotTell for an object without a
    faithful ``repr``."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Content):
        return content_key(value)
    if isinstance(value, URLWrapper):
        return [type(value).__name__, value.name, value.slug, value.url]
    if isinstance(value, (list, tuple)):
        return [value_digest(item, content_key) for item in value]
    if isinstance(value, dict):
        return [
            [str(key), value_digest(item, content_key)]
            for key, item in sorted(value.items(), key=lambda pair: str(pair[0]))
        ]
    text = repr(value)
    if " at 0x" in text:
        raise CannotTell(type(value).__name__)
    return [type(value).__name__, text]


def list_key(
    shared_digest: str,
    name: str,
    template,
    context,
    arguments: dict,
    settings,
    content_key,
    names: frozenset[str],
) -> str | None:
    """The key of one list (a write_file call, all its pages) whose templates read
    ``names``, or None if what it shows cannot be told."""
    shown = {}
    try:
        for argument in WRITE_ARGUMENTS:
            shown[argument] = value_digest(arguments.get(argument), content_key)
        for read in sorted(names - PER_PAGE):
            if read in arguments:
                shown[read] = value_digest(arguments[read], content_key)
            elif read in context and read not in settings:
                shown[read] = value_digest(context[read], content_key)
    except CannotTell:
        return None
    text = json.dumps([shared_digest, name, template.name, shown], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()
