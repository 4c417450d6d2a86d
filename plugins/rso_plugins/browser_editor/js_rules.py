"""The build's own rules, written for the editor's JavaScript.

The editor checks what the build checks before anything is saved, from the very
patterns and lists the plugins use: this module turns them into JSON the browser reads
(regular expressions as source and flags, the time zone names, how a title becomes an
address). Nothing here is a second copy of a rule; a test runs both sides on the same
inputs.
"""

from __future__ import annotations

import re
import unicodedata
from zoneinfo import available_timezones

from unidecode import unidecode

from rso_plugins.events.fields import names_a_place

# Python spellings that JavaScript writes differently; anything else either means the
# same in both or is refused below, so a pattern never silently changes meaning.
_TRANSLATIONS = (
    (re.compile(r"\(\?P<(\w+)>"), r"(?<\1>"),
    (re.compile(r"\(\?P=(\w+)\)"), r"\\k<\1>"),
    (re.compile(r"\(\?u\)"), ""),
    (re.compile(r"\\A"), "^"),
    (re.compile(r"\\Z"), "$"),
)
_UNTRANSLATABLE = re.compile(r"\(\?[aiLmsux]+\)|\(\?#|\\[AZ]")
_FLAGS = ((re.IGNORECASE, "i"), (re.DOTALL, "s"), (re.MULTILINE, "m"))
# Characters Pelican's slugify turns into ASCII through unidecode, for the editor's own
# slugify: Latin letters with accents, Latin ligatures, typographic punctuation.
ASCII_RANGES = (
    (0x00A0, 0x024F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x206F),
    (0x20A0, 0x20BF),
    (0x2100, 0x214F),
)


class UntranslatablePattern(ValueError):
    """A pattern uses Python syntax the editor's JavaScript would read differently."""


def js_regex(pattern: re.Pattern[str] | str, flags: int = 0) -> dict[str, str]:
    """A regular expression as ``{"source": ..., "flags": ...}`` for ``new RegExp``."""
    if isinstance(pattern, re.Pattern):
        source, flags = pattern.pattern, pattern.flags | flags
    else:
        source = pattern
    for python, javascript in _TRANSLATIONS:
        source = python.sub(javascript, source)
    if _UNTRANSLATABLE.search(source):
        raise UntranslatablePattern(f"{pattern!r} cannot be used in the browser editor")
    return {"source": source, "flags": "".join(js for flag, js in _FLAGS if flags & flag)}


def either(*patterns: re.Pattern[str]) -> dict[str, str]:
    """One regular expression matching what any of ``patterns`` matches."""
    parts = [js_regex(pattern) for pattern in patterns]
    flags = {part["flags"] for part in parts}
    if len(flags) != 1:
        raise UntranslatablePattern("patterns with different flags cannot be joined")
    return {"source": "|".join(f"(?:{part['source']})" for part in parts), "flags": flags.pop()}


def time_zone_names() -> list[str]:
    """Every name the events plugin accepts in Timezone:, from this machine's database:
    the names it lists (each one a zone file ZoneInfo loads, so loading 600 of them
    would only repeat its check) that name a place."""
    return sorted(name for name in available_timezones() if names_a_place(name))


def ascii_table() -> dict[str, str]:
    """What unidecode makes of each character in ASCII_RANGES (after NFKC, as Pelican's
    slugify does), for the characters NFKC leaves alone."""
    table = {}
    for first, last in ASCII_RANGES:
        for code in range(first, last + 1):
            character = chr(code)
            if unicodedata.category(character).startswith("C"):
                continue
            if unicodedata.normalize("NFKC", character) == character:
                table[character] = unidecode(character)
    return table


def slug_rule(settings, max_length: int) -> dict:
    """How Pelican makes an address from a title (pelican.utils.slugify with the site's
    SLUG_REGEX_SUBSTITUTIONS), for the editor to do the same."""
    return {
        "substitutions": [
            {**js_regex(source, re.IGNORECASE), "replacement": replacement}
            for source, replacement in settings["SLUG_REGEX_SUBSTITUTIONS"]
        ],
        "ascii": ascii_table(),
        "maxLength": max_length,
    }
