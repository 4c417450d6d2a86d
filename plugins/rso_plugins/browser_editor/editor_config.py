"""What the editor at /admin/ is told: Sveltia CMS's configuration and the site's rules.

Everything here comes from the settings and from the rules the plugins themselves apply
(content_rules, events, publications, photos, bali_process), so a form can never accept
what the build would refuse because someone forgot to copy a change by hand:

- ``cms`` is Sveltia CMS's configuration (collections, fields, required fields, patterns
  and options), passed to ``CMS.init``;
- ``site`` is what the editor's own code needs: each collection's header lines in the
  order people write them, the checks a field pattern cannot make (an End after its
  Start, a time zone that exists), how a title becomes an address, and the figures the
  preview puts in place of ``{members}`` and the other placeholders.
"""

from __future__ import annotations

import re
from typing import Any

from rso_plugins.bali_process.placeholders import TOKEN
from rso_plugins.content_rules.content_rules import ARTICLE_FIELDS, PAGE_FIELDS
from rso_plugins.events.fields import (
    DATE_FORM,
    DATE_TIME_FORM,
    DRAFT,
    LINK_FORM,
    ONLINE,
    STATUSES,
)
from rso_plugins.photos.photos import LEAD_FIELD
from rso_plugins.publications.model import DEFAULT_MAX_BYTES, DEFAULT_TYPES, LANGUAGE_TAG
from rso_plugins.publications.model import DEFAULT_PATHS as PUBLICATION_PATHS
from rso_plugins.publications.model import PLACEHOLDER_SUMMARY as PUBLICATION_PLACEHOLDER
from rso_plugins.publications.model import REQUIRED_FIELDS as PUBLICATION_FIELDS
from rso_plugins.publications.pdf_facts import PDF_SIGNATURE

from .js_rules import either, js_regex, slug_rule, time_zone_names

DEFAULT_REPO = "rso-baliprocess/rso-baliprocess.github.io"
# The kinds of photo the photos plugin publishes (JPEG, PNG, WebP, GIF; SVG as it is).
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif", "image/svg+xml")
DEFAULT_BRANCH = "main"
# As `invoke new` shortens an address made from a long title
# (sitetools.new_content.MAX_SLUG_LENGTH; a test keeps the two equal).
SLUG_MAX_LENGTH = 60
# The header lines of each kind of file, in the order `invoke new`, `invoke new-event`
# and `invoke new-publication` write them (tests compare), then the optional ones where
# the README shows them. A new file is written in this order; a file that exists keeps
# its own order, spelling and empty lines.
HEADER_ORDER = {
    "news": (
        "Title",
        "Date",
        "Category",
        "Tags",
        "Slug",
        "Summary",
        "Image",
        "Event",
        "Publications",
        "Status",
    ),
    "events": (
        "Title",
        "Start",
        "End",
        "Timezone",
        "Venue",
        "City",
        "Country",
        "Location",
        "Link",
        "Modified",
        "Summary",
        "Status",
    ),
    "publications": ("Title", "Date", "Type", "Summary", "Language", "File", "Related"),
    "pages": ("Title", "Slug", "Summary"),
}
# How a header line becomes form fields and back (editor's pelican-format.mjs):
# "text" is one field holding the value; the others join several fields in one line.
CODECS = {
    "Status": {"news": "draft", "pages": "text", "events": "event-status"},
    "Image": "image",
    "Location": "online",
    "File": "file",
}


def _text(name: str, label: str, required: bool = False, **options: Any) -> dict[str, Any]:
    return {"name": name, "label": label, "widget": "string", "required": required, **options}


def _pattern(regex: dict[str, str], message: str) -> list[str]:
    """A Sveltia pattern option, [/source/flags, message]: with its slashes, so that a
    slash inside the pattern is never read as the start of its flags."""
    return [f"/{regex['source']}/{regex['flags']}", message]


def _not_exactly(text: str, message: str) -> list[str]:
    """A pattern refusing ``text`` (the placeholder summary), accepting anything else."""
    return _pattern({"source": rf"^(?!\s*{re.escape(text)}\s*$)[\s\S]*$", "flags": ""}, message)


def _date(name: str, label: str, required: bool, hint: str = "", today: bool = True):
    """A date as Pelican reads it in the header: 2026-11-27 (today's, for a new entry)."""
    return {
        "name": name,
        "label": label,
        "widget": "datetime",
        "time_format": False,
        "format": "YYYY-MM-DD",
        "date_format": "YYYY-MM-DD",
        "required": required,
        **({"default": "{{now}}"} if today else {}),
        **({"hint": hint} if hint else {}),
    }


def _rule(name: str, label: str, rule: str, required: bool = False, **options: Any):
    """A text field checked by one of the editor's rules (site-rules.mjs), for what a
    pattern cannot say; its reason is shown under the field and the entry is not saved."""
    return {
        "name": name,
        "label": label,
        "widget": "rule-text",
        "rule": rule,
        "required": required,
        **options,
    }


def _slug(required_message: str) -> dict[str, Any]:
    return {
        "name": "slug",
        "label": "Address (slug)",
        "widget": "pelican-slug",
        "required": True,
        "hint": "Made from the title the way `invoke new` makes it. " + required_message,
    }


def _body(label: str = "Text") -> dict[str, Any]:
    return {
        "name": "body",
        "label": label,
        "widget": "markdown",
        "required": False,
        "modes": ["raw", "rich_text"],
        "hint": "Markdown. Use ## for headings; the title is the page's only top heading.",
    }


def _lead_photo() -> dict[str, Any]:
    """The Image: line: a photo, what it shows and its caption, as one field, so the photo
    is never saved without its description (the photos plugin refuses it)."""
    return {
        "name": "image",
        "label": "Lead photo",
        "widget": "lead-photo",
        "required": False,
        "accept": ",".join(PHOTO_TYPES),
        "hint": "Optional. Shown at the top of the article, in lists and when shared; "
        "saved beside the article.",
    }


def news_collection(settings) -> dict[str, Any]:
    categories = list(settings.get("ALLOWED_CATEGORIES") or ("News",))
    placeholder = settings.get("PLACEHOLDER_SUMMARY") or ""
    summary = _text(
        "summary",
        "Summary",
        "summary" in ARTICLE_FIELDS,
        hint="One or two sentences: shown in news lists, feeds and search results.",
    )
    if placeholder:
        summary["pattern"] = _not_exactly(
            placeholder,
            "the summary is still the placeholder; write one or two sentences "
            "that say what this is about",
        )
    # news/2026/2026-11-27-slug.md, as `invoke new` names it. The CMS gives such an entry
    # a folder of its own (news/2026/2026-11-27-slug/); media_folder ".." puts its photos
    # beside the article instead, where {attach}photo.jpg finds them, as people do. All
    # articles of a year share that folder: the CMS names an upload whose name is taken
    # there anew (photo-1.jpg), so no article's photo is ever replaced (a test shows it).
    year = "{{fields.date | date('YYYY')}}"
    name = "{{fields.date | date('YYYY-MM-DD')}}-{{fields.slug}}"
    return {
        "name": "news",
        "label": "News",
        "label_singular": "news article",
        "folder": f"{settings['PATH_NAME']}/news",
        "format": "pelican-news",
        "create": True,
        "path": f"{year}/{name}",
        "slug": "{{fields.slug}}",
        "identifier_field": "title",
        "summary": "{{title}} ({{date}})",
        "sortable_fields": {
            "fields": ["date", "title"],
            "default": {"field": "date", "direction": "descending"},
        },
        "media_folder": "..",
        "public_folder": "",
        "fields": [
            _text("title", "Title", "title" in ARTICLE_FIELDS),
            _date(
                "date",
                "Date",
                "date" in ARTICLE_FIELDS,
                "A date after today schedules the article for that day.",
            ),
            {
                "name": "category",
                "label": "Category",
                "widget": "select",
                "options": categories,
                "default": settings.get("DEFAULT_CATEGORY") or categories[0],
                # Pelican fills in DEFAULT_CATEGORY when the line is left out.
                "required": "category" in ARTICLE_FIELDS and not settings.get("DEFAULT_CATEGORY"),
            },
            _text("tags", "Tags", hint="Separated by commas: newsletter, rso"),
            _slug("Only lower-case letters, digits and hyphens; it becomes part of the address."),
            summary,
            _lead_photo(),
            _text(
                "event",
                "Event",
                hint="The slug of the event this news is about (its file "
                "name without .md); several separated by commas.",
            ),
            _text(
                "publications",
                "Publications",
                hint="Slugs of documents to list under the article, separated by commas.",
            ),
            {
                "name": "draft",
                "label": "Draft (only in previews, not published)",
                "widget": "boolean",
                "default": True,
                "required": False,
            },
            _body(),
        ],
    }


def events_collection(settings) -> dict[str, Any]:
    default_zone = settings.get("EVENTS_DEFAULT_TIMEZONE", "Asia/Bangkok")
    statuses = [{"label": label, "value": value} for value, label in STATUSES.items()]
    statuses.append({"label": "Draft (not on the site)", "value": DRAFT})
    return {
        "name": "events",
        "label": "Events",
        "label_singular": "event",
        "folder": f"{settings['PATH_NAME']}/events",
        "format": "pelican-events",
        "create": True,
        "path": "{{fields.start | date('YYYY')}}/{{fields.slug}}",
        "slug": "{{fields.slug}}",
        "identifier_field": "title",
        "summary": "{{title}} ({{start}})",
        "sortable_fields": {
            "fields": ["start", "title"],
            "default": {"field": "start", "direction": "descending"},
        },
        "fields": [
            _text("title", "Title", True),
            _slug("Also the event's file name; news names the event by it."),
            _rule(
                "start",
                "Start",
                "event-start",
                True,
                hint="The first day, 2026-05-04, or a day and a time: 2026-05-04 09:30.",
            ),
            _rule(
                "end",
                "End",
                "event-end",
                hint="The last day (or day and time it ends). Leave empty for a one-day "
                "event without times.",
            ),
            _rule(
                "timezone",
                "Time zone",
                "time-zone",
                True,
                default=default_zone,
                hint="Where the times are: a name such as Asia/Makassar (Bali) or "
                "Australia/Sydney, not UTC+8.",
            ),
            _text("venue", "Venue"),
            _text("city", "City"),
            _rule(
                "country",
                "Country",
                "event-place",
                hint="Several countries may be given, separated by commas.",
            ),
            {
                "name": "online",
                "label": "Online event (no city or country)",
                "widget": "boolean",
                "default": False,
                "required": False,
            },
            _text(
                "link",
                "Link",
                pattern=_pattern(
                    js_regex(LINK_FORM),
                    "write the full address, starting with https:// (or mailto:)",
                ),
                hint="A registration or contact page (optional).",
            ),
            _date(
                "modified",
                "Modified",
                False,
                "The day you last changed the event; calendars use it to notice changes.",
            ),
            _text("summary", "Summary", hint="One or two sentences that say what this event is."),
            {
                "name": "status",
                "label": "Status",
                "widget": "select",
                "options": statuses,
                "default": DRAFT,
                "required": True,
            },
            _body(),
        ],
    }


def publications_collection(settings) -> dict[str, Any]:
    types = list(settings.get("PUBLICATION_TYPES", DEFAULT_TYPES))
    folder = next(iter(settings.get("PUBLICATION_PATHS", PUBLICATION_PATHS)))
    return {
        "name": "publications",
        "label": "Publications",
        "label_singular": "publication",
        "folder": f"{settings['PATH_NAME']}/{folder}",
        "format": "pelican-publications",
        "create": True,
        "slug": "{{fields.slug}}",
        "identifier_field": "title",
        "summary": "{{title}} ({{type}})",
        # Information sheets are printed from their pages: edit the page instead.
        "filter": {"field": "generated_from", "value": None},
        "media_folder": "",
        "public_folder": "",
        "fields": [
            _text("title", "Title", "title" in PUBLICATION_FIELDS),
            _slug("Also the name of the entry and of its PDF."),
            _date("date", "Date", True),
            {
                "name": "type",
                "label": "Type",
                "widget": "select",
                "options": types,
                "default": "Report",
                "required": "type" in PUBLICATION_FIELDS,
            },
            {
                **_text("summary", "Summary", "summary" in PUBLICATION_FIELDS),
                "pattern": _not_exactly(
                    PUBLICATION_PLACEHOLDER,
                    "the Summary is still the placeholder; write one or two "
                    "sentences that say what this document is about",
                ),
            },
            _text(
                "language",
                "Language",
                "language" in PUBLICATION_FIELDS,
                default="en",
                pattern=_pattern(
                    js_regex(LANGUAGE_TAG), "write the language as a code: en, id or th"
                ),
                hint="A language code: en (English), id (Indonesian), th (Thai).",
            ),
            {
                "name": "file",
                "label": "PDF",
                "widget": "publication-pdf",
                "required": True,
                "hint": "The document, as PDF. It is saved beside the entry, named after it.",
            },
            _text("related", "Related news", hint="Optional: the slug of a news article."),
            # Read for the filter above; never written by the editor.
            {"name": "generated_from", "label": "Printed from", "widget": "hidden"},
            _body("Description"),
        ],
    }


def pages_collection(settings) -> dict[str, Any]:
    return {
        "name": "pages",
        "label": "Pages",
        "label_singular": "page",
        "folder": f"{settings['PATH_NAME']}/pages",
        "format": "pelican-pages",
        # Pages are the site's structure: change them here, add them in git.
        "create": False,
        "delete": False,
        # The information sheets' pages are in a folder of their own (pages/information-
        # sheets/): the build prints them to PDF, so they are edited here too.
        "nested": {"depth": 2, "subfolders": False},
        "identifier_field": "title",
        "summary": "{{title}}",
        "media_folder": "",
        "public_folder": "",
        "fields": [
            _text("title", "Title", "title" in PAGE_FIELDS),
            _text("summary", "Summary", "summary" in PAGE_FIELDS),
            _body(),
        ],
    }


def _names(name: str, label: str, hint: str = "", with_code: bool = False) -> dict[str, Any]:
    """A list of names in the data file; with ``with_code``, each may carry an ISO code."""
    if not with_code:
        return {
            "name": name,
            "label": label,
            "widget": "list",
            "required": True,
            "field": _text("name", "Name", True),
            **({"hint": hint} if hint else {}),
        }
    return {
        "name": name,
        "label": label,
        "widget": "list",
        "required": True,
        "summary": "{{fields.name}}",
        "hint": hint,
        "fields": [
            _text("name", "Name", True),
            _text(
                "code",
                "Country code (ISO 3166, two letters)",
                pattern=["/^[A-Z]{2}$/", "two capital letters, such as HK"],
                hint="Only where the name alone cannot be placed on the map.",
            ),
        ],
    }


def data_collection(settings) -> dict[str, Any]:
    data_file = settings.get("BALI_PROCESS_DATA", "data/bali-process.yaml")
    return {
        "name": "figures",
        "label": "Bali Process figures",
        "files": [
            {
                "name": "bali-process",
                "label": "Members, observers and RCF principles",
                "file": f"{settings['PATH_NAME']}/{data_file}",
                "format": "bali-process-yaml",
                "fields": [
                    _date("as_of", "Figures as of", True, today=False),
                    {
                        "name": "source",
                        "label": "Source",
                        "widget": "object",
                        "fields": [
                            _text("title", "Title", True),
                            _text(
                                "url",
                                "Address",
                                True,
                                pattern=[
                                    "/^https?:\\/\\/\\S+$/",
                                    "a web address starting with https://",
                                ],
                            ),
                        ],
                    },
                    {
                        "name": "members",
                        "label": "Members",
                        "widget": "object",
                        "fields": [
                            _names(
                                "states",
                                "Member states and territories",
                                "In alphabetical order.",
                                with_code=True,
                            ),
                            _names(
                                "organisations",
                                "Member organisations",
                                "The full name, then the short name in brackets.",
                            ),
                        ],
                    },
                    {
                        "name": "observers",
                        "label": "Observers",
                        "widget": "object",
                        "fields": [
                            {
                                "name": "total",
                                "label": "Total",
                                "widget": "number",
                                "value_type": "int",
                                "min": 0,
                                "required": False,
                            },
                            {
                                **_names(
                                    "named", "Named observers", "Only observers that are confirmed."
                                ),
                                "required": False,
                            },
                        ],
                    },
                    _names("rcf_principles", "RCF principles", "Quoted as agreed."),
                ],
            }
        ],
    }


def site_rules(settings, placeholders: dict[str, str]) -> dict[str, Any]:
    """What the editor's own code checks and writes, beside Sveltia's configuration."""
    return {
        "headers": {name: list(order) for name, order in HEADER_ORDER.items()},
        "codecs": CODECS,
        "slug": slug_rule(settings, SLUG_MAX_LENGTH),
        "moment": {
            "date": js_regex(DATE_FORM),
            "dateTime": js_regex(DATE_TIME_FORM),
            "either": either(DATE_FORM, DATE_TIME_FORM),
        },
        "timeZones": time_zone_names(),
        "defaultTimeZone": settings.get("EVENTS_DEFAULT_TIMEZONE", "Asia/Bangkok"),
        "online": ONLINE,
        "leadPhoto": js_regex(LEAD_FIELD),
        "placeholders": {"pattern": js_regex(TOKEN), "values": placeholders},
        "pdf": {
            "signature": PDF_SIGNATURE.decode("ascii"),
            "maxBytes": settings.get("PUBLICATION_MAX_BYTES", DEFAULT_MAX_BYTES),
        },
    }


def editor_settings(settings, placeholders: dict[str, str]) -> dict[str, Any]:
    """The JSON /admin/ reads: Sveltia CMS's configuration and the site's rules."""
    settings = {**settings, "PATH_NAME": settings.get("BROWSER_EDITOR_CONTENT", "content")}
    return {
        "cms": {
            "load_config_file": False,
            "backend": {
                "name": "github",
                "repo": settings.get("BROWSER_EDITOR_REPO", DEFAULT_REPO),
                "branch": settings.get("BROWSER_EDITOR_BRANCH", DEFAULT_BRANCH),
            },
            # The site's home page (SITEURL has no closing slash; the home page's address has).
            "site_url": f"{settings['SITEURL']}/" if settings.get("SITEURL") else "",
            "media_folder": f"{settings['PATH_NAME']}/static/images",
            "public_folder": "/static/images",
            # Stock photo services are other sites: the editor makes no request to them.
            "media_libraries": {"stock_assets": False},
            "collections": [
                news_collection(settings),
                events_collection(settings),
                publications_collection(settings),
                pages_collection(settings),
                data_collection(settings),
            ],
        },
        "site": site_rules(settings, placeholders),
    }
