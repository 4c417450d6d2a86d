"""Publish every photo in articles and pages small, upright, private and accessible.

Pelican has read and rendered every article and page by ``article_generator_finalized``
and ``page_generator_finalized``; there each ``<img>`` whose address names a file in
``content/`` (``{attach}``, ``{static}`` or ``{filename}``, the way editors link files)
is checked (alt text, file exists, file readable) and replaced by a ``<picture>`` of
resized WebP and JPEG/PNG copies with width and height. Problems go to
``report_problem``, so the build stops before writing and ``invoke check`` lists them.
An ``Image:`` field gives the article a lead photo (``article.lead_photo``).

When every file is known (``static_generator_finalized``, still before anything is
written) photos missing from the cache are encoded on every core, and the camera
originals are taken out of the static files, so they are never published. Once the
site is written (``finalized``) the copies are linked into the output folder.

Copy addresses start from SITEURL (absolute when publishing, so feeds carry absolute
image addresses; "/" in previews, which are served from the site root): Pelican
rewrites ``{static}`` only in src/href, not in srcset.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from markupsafe import Markup
from pelican import signals
from PIL import Image

from rso_plugins.content_problems import find_line, report_problem
from rso_plugins.contents import read_contents
from rso_plugins.internals import content_html, replace_content_html

from .cache import PhotoCache, encode_missing
from .encode import JPEG_OPTIONS, PNG_OPTIONS, WEBP_OPTIONS, Probe, UnreadablePhoto, variant_sizes
from .markup import REPLACED_ATTRIBUTES, Copy, figure, find_images, picture, replace_images

logger = logging.getLogger(__name__)

# Setting defaults.
DEFAULT_WIDTHS = (480, 960, 1600)
# The article column: .wrap is 60rem wide with 1rem padding each side (rso.css).
DEFAULT_SIZES = "(min-width: 60rem) 58rem, calc(100vw - 2rem)"
DEFAULT_LIST_SIZES = "8rem"
DEFAULT_MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
# Bumped when the encoding changes in a way the settings do not show.
ENCODER_VERSION = 1
# Extensions of images that are not raster photos: left as they are.
VECTOR_EXTENSIONS = {".svg", ".svgz"}
LINK_MARKER = re.compile(r"^[{|](?P<what>attach|static|filename)[}|](?P<path>.*)$")
# The Image: field, written like a Markdown image: ![alt](address "caption").
LEAD_FIELD = re.compile(
    r'^!\[(?P<alt>[^\]]*)\]\(\s*(?P<src>[^\s)]+)(?:\s+"(?P<title>[^"]*)")?\s*\)$'
)


@dataclass(frozen=True)
class PhotoSettings:
    widths: tuple[int, ...]
    sizes: str
    list_sizes: str
    max_pixels: int
    cache_path: Path
    processes: int
    site_url: str

    def fingerprint(self) -> str:
        shaping = [ENCODER_VERSION, self.widths, WEBP_OPTIONS, JPEG_OPTIONS, PNG_OPTIONS]
        shaping.append(Image.__version__)
        return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()


def photo_settings(settings) -> PhotoSettings:
    """The plugin's settings, with defaults, checked once."""
    widths = tuple(settings.get("PHOTOS_WIDTHS", DEFAULT_WIDTHS))
    if not widths or not all(isinstance(w, int) and w > 0 for w in widths):
        raise ValueError(f"PHOTOS_WIDTHS must be positive whole numbers, not {widths!r}")
    max_pixels = settings.get("PHOTOS_MAX_PIXELS", DEFAULT_MAX_PIXELS)
    if not isinstance(max_pixels, int) or max_pixels <= 0:
        raise ValueError(f"PHOTOS_MAX_PIXELS must be a positive whole number, not {max_pixels!r}")
    cache_path = settings.get("PHOTOS_CACHE_PATH") or os.path.join(
        settings.get("CACHE_PATH", "cache"), "photos"
    )
    processes = settings.get("PHOTOS_PROCESSES") or os.cpu_count() or 1
    return PhotoSettings(
        widths=tuple(sorted(set(widths))),
        sizes=settings.get("PHOTOS_SIZES", DEFAULT_SIZES),
        list_sizes=settings.get("PHOTOS_LIST_SIZES", DEFAULT_LIST_SIZES),
        max_pixels=max_pixels,
        cache_path=Path(cache_path),
        processes=int(processes),
        site_url=settings.get("SITEURL", "").rstrip("/"),
    )


@dataclass
class PublishedPhoto:
    """A photo as published: its copies (WebP and fallback) and where they go."""

    key: str
    source: Path
    probe: Probe
    webp: list[Copy]
    fallback: list[Copy]
    outputs: dict[str, str]  # output path (relative to OUTPUT_PATH) -> cached file name


@dataclass
class LeadPhoto:
    """An article's lead photo, for the templates: markup and share data, ready to print."""

    # Markup built here with every value escaped, so templates print it as it is.
    key: str  # the photo's cache key
    html: Markup  # at the top of the article: eager, marked for the search index
    list_html: Markup  # small, in news lists
    url: str  # the widest JPEG/PNG copy, for og:image and JSON-LD
    width: int
    height: int
    alt: str

    @property
    def schema(self) -> dict:
        return {"@type": "ImageObject", "url": self.url, "width": self.width, "height": self.height}


@dataclass
class PhotoBuild:
    """What one build found: photos to encode, copies to publish, who linked each photo."""

    settings: PhotoSettings
    cache: PhotoCache
    photos: dict[str, PublishedPhoto] = field(default_factory=dict)
    outputs: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (key, name)
    linked_from: dict[str, list[Place]] = field(default_factory=dict)
    originals: set[str] = field(default_factory=set)  # absolute source paths
    original_links: set[str] = field(default_factory=set)  # the same, relative to PATH


_build: PhotoBuild | None = None


def settle_cache_path(pelican) -> None:
    """Fix the photo cache folder once, from CACHE_PATH as the settings give it.

    content_cache_guard points CACHE_PATH at a folder per state of the settings and
    plugin code (at ``get_generators``, on every build); photos are keyed by their own
    settings already, so their cache must not be thrown away with the content cache.
    """
    settings = pelican.settings
    if not settings.get("PHOTOS_CACHE_PATH"):
        settings["PHOTOS_CACHE_PATH"] = os.path.join(settings.get("CACHE_PATH", "cache"), "photos")


def start_build(pelican) -> None:
    """A new build (or livereload rebuild): read the settings, open the cache."""
    global _build
    settings = photo_settings(pelican.settings)
    _build = PhotoBuild(settings, PhotoCache(settings.cache_path, settings.fingerprint()))


def _display(path: Path) -> str:
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def _resolve(src: str, content) -> tuple[str, Path, str] | None:
    """(marker, file, path relative to PATH) for an address naming a file in content/."""
    match = LINK_MARKER.match(src)
    if not match:
        return None
    path = unquote(urlparse(match["path"]).path)
    if path.startswith("/"):
        relative = path.lstrip("/")
    else:
        relative = posixpath.join(posixpath.dirname(content.get_relative_source_path()), path)
    relative = posixpath.normpath(relative)
    return match["what"], Path(content.settings["PATH"]) / relative, relative


class Place:
    """Where an image is named: the article or page, and the line, which is looked up
    only when a message needs it (reading the file for every photo slows rebuilds)."""

    def __init__(self, source_path: str, *needles: str):
        self.source_path = source_path
        self.needles = needles

    @functools.cached_property
    def line(self) -> int | None:
        for needle in self.needles:
            found = find_line(self.source_path, needle)
            if found:
                return found
        return None

    def report(self, message: str) -> None:
        report_problem(self.source_path, self.line, message)


def _publish(build: PhotoBuild, content, marker: str, file: Path, relative: str, place: Place):
    """The PublishedPhoto for ``file``, or None after reporting why it cannot be one."""
    settings = build.settings
    try:
        key = build.cache.key(file)
        probe = build.cache.probe(file, settings.max_pixels)
    except UnreadablePhoto as problem:
        place.report(f"image {_display(file)} {problem}")
        return None
    if marker == "attach":
        folder = posixpath.dirname(content.save_as)
    else:
        folder = posixpath.dirname(relative)
    stem = posixpath.splitext(posixpath.basename(relative))[0]
    base = f"{settings.site_url}/" if settings.site_url else "/"
    webp, fallback, outputs = [], [], {}
    for width, height in variant_sizes(probe.width, probe.height, settings.widths):
        for kind, copies in (("webp", webp), (probe.fallback_format, fallback)):
            output = posixpath.join(folder, f"{stem}-{width}.{kind}")
            copies.append(Copy(base + output, width, height, kind))
            outputs[output] = f"{width}.{kind}"
    photo = PublishedPhoto(key, file, probe, webp, fallback, outputs)
    build.photos[key] = photo
    for output, name in outputs.items():
        build.outputs[output] = (key, name)
    build.linked_from.setdefault(key, []).append(place)
    build.originals.add(os.path.abspath(file))
    build.original_links.add(relative)
    return photo


def _photo_for(build: PhotoBuild, content, src: str, place: Place) -> PublishedPhoto | str | None:
    """The photo an address names; "keep" for addresses left as they are; None on a problem."""
    resolved = _resolve(src, content)
    if resolved is None:
        scheme = urlparse(src).scheme
        if scheme in ("http", "https") or src.startswith("//"):
            place.report(
                f"image {src} is on another site, which the site's security policy blocks; "
                "save the photo beside the article and write ![What it shows]({attach}name.jpg)",
            )
            return None
        if scheme == "data":
            return "keep"
        place.report(
            f"image address {src} does not say where the file is; write {{attach}} before a "
            "photo beside the article or {static} before one in content/static/",
        )
        return None
    marker, file, relative = resolved
    if not file.is_file():
        place.report(
            f"image {src} not found (looked for {_display(file)}); check the file name",
        )
        return None
    if file.suffix.lower() in VECTOR_EXTENSIONS:
        return "keep"
    return _publish(build, content, marker, file, relative, place)


def _picture_html(build, photo: PublishedPhoto, alt: str, eager: bool, extra=None) -> str:
    return picture(photo.webp, photo.fallback, alt, build.settings.sizes, eager, extra)


def _lead_photo(build: PhotoBuild, content) -> LeadPhoto | None:
    """The article's lead photo, from its Image: field."""
    value = content.metadata.get("image")
    if not value:
        return None
    place = Place(content.source_path, "Image:", "image:")
    match = LEAD_FIELD.match(str(value).strip())
    if not match:
        place.report(
            "the Image: field is not written like a Markdown image; "
            "write Image: ![What the photo shows]({attach}photo.jpg)",
        )
        return None
    alt = match["alt"].strip()
    if not alt:
        place.report("image has no alt text; describe what it shows")
    photo = _photo_for(build, content, match["src"], place)
    if not isinstance(photo, PublishedPhoto):
        if photo == "keep":
            place.report("the lead photo must be a JPEG, PNG, WebP or GIF photo")
        return None
    marked = {"data-pagefind-meta": "image[src], image_alt[alt]"}
    html = figure(_picture_html(build, photo, alt, True, marked), match["title"], "lead-photo")
    thumbnail = picture(
        photo.webp, photo.fallback, "", build.settings.list_sizes, False, {"class": "list-photo"}
    )
    widest = photo.fallback[-1]
    return LeadPhoto(
        photo.key, Markup(html), Markup(thumbnail), widest.url, widest.width, widest.height, alt
    )


def publish_content_photos(build: PhotoBuild, content) -> None:
    """Check the photos of one article or page, and write their responsive markup."""
    body = content_html(content)
    if body is None:
        return
    lead = _lead_photo(build, content)
    content.lead_photo = lead
    replacements: dict[int, str] = {}
    keys = [] if lead is None else [lead.key]
    eager_left = lead is None  # the first photo loads at once, unless a lead photo does
    # Most articles have no image: skip the search then (it matters on warm rebuilds).
    images = find_images(body) if "<img" in body else ()
    for image in images:
        src = image.attributes.get("src", "")
        # "(address" is how Markdown names it; the bare address may be the Image: field.
        place = Place(content.source_path, f"({src}", src, posixpath.basename(src))
        alt = image.attributes.get("alt", "").strip()
        if image.decorative:
            alt = ""
        elif not alt:
            place.report("image has no alt text; describe what it shows")
        photo = _photo_for(build, content, src, place)
        if not isinstance(photo, PublishedPhoto):
            continue
        keys.append(photo.key)
        extra = {
            name: value
            for name, value in image.attributes.items()
            if name not in REPLACED_ATTRIBUTES
        }
        html = _picture_html(build, photo, alt, eager_left, extra)
        eager_left = False
        caption = image.attributes.get("title", "").strip()
        if image.alone:
            html = figure(html, caption or None)
        replacements[image.start] = html
    if replacements:
        replace_content_html(content, replace_images(body, replacements))
    # The article writer renders a page again when this changes (photo bytes or size).
    content.photo_digest = hashlib.sha256(
        json.dumps([keys, lead and lead.html]).encode()
    ).hexdigest()


def publish_photos(generator) -> None:
    """Publish the photos of every article or page the generator read."""
    if _build is None:
        return
    for content in read_contents(generator):
        publish_content_photos(_build, content)
    forget_original_links(generator.context)


def forget_original_links(context) -> None:
    """Take the photos out of the static files Pelican collects from links: it would
    otherwise read (and, for its cache, hash) every camera original on every build only
    for ``encode_photos`` to leave it out."""
    context.get("static_links", set()).difference_update(_build.original_links)


def encode_photos(generator) -> None:
    """Every file is known and nothing is written: drop the originals, encode what is new."""
    if _build is None:
        return
    generator.staticfiles[:] = [
        static
        for static in generator.staticfiles
        if os.path.abspath(static.source_path) not in _build.originals
    ]
    settings = _build.settings
    failures = encode_missing(
        _build.cache,
        {key: photo.source for key, photo in _build.photos.items()},
        settings.widths,
        settings.max_pixels,
        settings.processes,
    )
    for key, reason in failures.items():
        for place in _build.linked_from.get(key, []):
            place.report(f"image {_display(_build.photos[key].source)} {reason}")
    _build.cache.save_index()


def write_photo_copies(pelican) -> None:
    """The site is written: put every copy the pages name into the output folder."""
    if _build is None:
        return
    output = Path(pelican.settings["OUTPUT_PATH"])
    by_photo: dict[str, dict[str, Path]] = {}
    for path, (key, name) in sorted(_build.outputs.items()):
        by_photo.setdefault(key, {})[name] = output / path
    for key, destinations in by_photo.items():
        _build.cache.publish(key, destinations)


def published_photo(key: str) -> PublishedPhoto | None:
    """The photo of this build with cache key ``key`` (a ``LeadPhoto.key``): its source
    file and size, for plugins that derive more from it (share cards crop lead photos)."""
    return _build.photos.get(key) if _build is not None else None


def register() -> None:
    signals.initialized.connect(settle_cache_path)
    signals.get_generators.connect(start_build)
    signals.article_generator_finalized.connect(publish_photos)
    signals.page_generator_finalized.connect(publish_photos)
    signals.static_generator_finalized.connect(encode_photos)
    signals.finalized.connect(write_photo_copies)
