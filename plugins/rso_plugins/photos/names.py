"""The names photo copies are published under: safe in any URL, one per photo in a folder.

Cameras and people name files ``IMG 2034.jpg`` or ``Côte d'Ivoire forum.jpg``. Written
as they are into ``src`` and ``srcset`` such names break the markup (``srcset`` is a
list separated by spaces, so browsers drop every candidate), so each copy is named
after a slug of the photo's file name, made by Pelican's own ``slugify`` with the
site's SLUG_REGEX_SUBSTITUTIONS: ``img-2034-480.webp``, ``cote-divoire-forum-480.webp``.

Two different photos can have one slug in one folder (``IMG 2034.jpg`` and
``img-2034.jpg``, or ``logo.jpg`` and ``logo.png``). Names are given once every photo
of the build is known, in the order of the photos' paths, so the same content always
gets the same names whatever order Pelican read it in: a photo whose name already is
its slug keeps it, then the others by path, the first of them keeping the slug and the
next getting ``-2``, and so on, never taking a name another photo's slug already is.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from pelican.utils import slugify

# What a folder name may hold to be written into a URL as it is.
URL_SAFE_NAME = re.compile(r"^[A-Za-z0-9._~-]+$")
# What a slug must lose whatever SLUG_REGEX_SUBSTITUTIONS a site sets.
NOT_URL_SAFE = re.compile(r"[^A-Za-z0-9._~-]+")
# For a name with nothing a slug can keep (a name in Thai script, say).
FALLBACK_STEM = "photo"


def name_slug(name: str, substitutions) -> str:
    """The slug of one file or folder name (without its extension)."""
    slug = NOT_URL_SAFE.sub("-", slugify(name, regex_subs=substitutions)).strip("-")
    return slug or FALLBACK_STEM


def safe_folder(folder: str, substitutions) -> str:
    """``folder`` with each part that a URL could not carry as it is made a slug."""
    parts = [
        part if URL_SAFE_NAME.match(part) else name_slug(part, substitutions)
        for part in folder.split("/")
        if part
    ]
    return "/".join(parts)


def unique_stems(sources: Iterable[str], substitutions) -> dict[str, str]:
    """For the photos (paths relative to the content folder) published into one folder:
    path -> the stem its copies are named after, each stem different."""
    stems = {source: posixpath.splitext(posixpath.basename(source))[0] for source in set(sources)}
    wanted = {source: name_slug(stem, substitutions) for source, stem in stems.items()}
    slugs = set(wanted.values())
    given: dict[str, str] = {}
    used: set[str] = set()
    # A photo already named as its slug keeps it; the others follow by path.
    for source in sorted(wanted, key=lambda source: (stems[source] != wanted[source], source)):
        slug = wanted[source]
        stem, number = slug, 2
        while stem in used or (stem != slug and stem in slugs):
            stem, number = f"{slug}-{number}", number + 1
        used.add(stem)
        given[source] = stem
    return given
