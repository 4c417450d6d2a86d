"""Publish every photo in articles and pages small, upright, private and accessible.

Pelican has read and rendered every article by ``article_generator_finalized`` and
every page by ``page_generator_finalized``. There each ``<img>`` whose address names a
file in ``content/`` (``{attach}``, a plain name beside the article, ``{static}`` or
``{filename}``; see ``addresses``) is checked (alt text, file exists, file readable)
from its header alone, and noted. Once both are read, every photo gets the names its
copies are published under (``names``: safe in URLs, one per photo in a folder), each
``<img>`` is replaced by a ``<picture>`` of resized WebP and JPEG/PNG copies with width
and height, and photos not seen before are decoded once to find damaged files.
Problems go to ``report_problem``. An ``Image:`` field gives the article a lead photo
(``article.lead_photo``). An image in a Summary is refused: lists, feeds and search
results show the Summary as text.

SVG is refused wherever content/ holds or names it: an SVG file is a document that
can run script, and published on the site's address a reader who opens it would run
that script as the site (GitHub Pages cannot send the security policy that would stop
it). Editors export drawings as PNG, which the site publishes like any photo.

Nothing is encoded before problems are reported: when every file is known
(``static_generator_finalized``) the camera originals are taken out of the static
files, so they are never published; `invoke check` stops at ``get_writer``; a build
encodes the photos missing from the cache (on every core) only once the site is
written (``finalized``), links the copies into the output folder, and lets the cache
forget photos the content no longer has.

Copy addresses start from SITEURL (absolute when publishing, so feeds carry absolute
image addresses; "/" in previews, which are served from the site root): Pelican
rewrites ``{static}`` only in src/href, not in srcset.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from PIL import Image

from rso_plugins.contents import read_contents
from rso_plugins.internals import content_html, replace_content_html

from . import addresses
from .cache import PhotoCache, check_unknown, encode_missing
from .encode import JPEG_OPTIONS, PNG_OPTIONS, WEBP_OPTIONS, Probe, UnreadablePhoto, variant_sizes
from .markup import REPLACED_ATTRIBUTES, Copy, figure, find_images, picture, replace_images
from .names import safe_folder, unique_stems
from .places import FieldPlace, Place

logger = logging.getLogger(__name__)

# Setting defaults.
DEFAULT_WIDTHS = (480, 960, 1600)
# The article column: .wrap is 60rem wide with 1rem padding each side (rso.css).
DEFAULT_SIZES = "(min-width: 60rem) 58rem, calc(100vw - 2rem)"
DEFAULT_LIST_SIZES = "8rem"
DEFAULT_MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
# Bumped when the encoding changes in a way the settings do not show.
ENCODER_VERSION = 1
# Drawings that can carry script: refused (see the module's docstring).
SVG_EXTENSIONS = {".svg", ".svgz"}
# The Image: field, written like a Markdown image: ![alt](address "caption"); the
# address may hold spaces (IMG 2034.jpg) or be written in <angle brackets>.
LEAD_FIELD = re.compile(
    r'^!\[(?P<alt>[^\]]*)\]\(\s*(?:<(?P<bracketed>[^>]+)>|(?P<src>[^)"]+?))'
    r'(?:\s+"(?P<title>[^"]*)")?\s*\)$'
)
SVG_ADVICE = (
    "SVG files are not published, because one can carry a script that would run on the "
    "site's address; export the drawing as PNG (in most drawing programs: Export, PNG, "
    "1600 pixels wide) and use that file"
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
    slug_substitutions: tuple

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
        slug_substitutions=tuple(map(tuple, settings.get("SLUG_REGEX_SUBSTITUTIONS", ()))),
    )


@dataclass(frozen=True)
class Photo:
    """One photo file of the content: its cache key and what its header says."""

    relative: str  # relative to the content folder
    file: Path
    key: str
    probe: Probe


@dataclass(frozen=True)
class Placement:
    """A photo published into one output folder (beside the article that attaches it,
    or where the file sits)."""

    folder: str  # relative to OUTPUT_PATH, safe in a URL
    relative: str  # the photo


@dataclass
class Copies:
    """A placed photo's published copies (WebP and fallback) and their output paths."""

    photo: Photo
    webp: list[Copy]
    fallback: list[Copy]
    outputs: dict[str, str]  # output path (relative to OUTPUT_PATH) -> cached file name


@dataclass(frozen=True)
class ImagePlan:
    """An <img> of the text, to be replaced once every photo has its name."""

    start: int
    placement: Placement
    alt: str
    extra: dict[str, str]
    alone: bool
    caption: str | None


@dataclass(frozen=True)
class ContentPlan:
    content: object
    body: str
    lead: ImagePlan | None
    images: list[ImagePlan]


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
    """What one build found: photos and where they go, the texts that show them."""

    settings: PhotoSettings
    cache: PhotoCache
    photos: dict[str, Photo] = field(default_factory=dict)  # by path relative to PATH
    plans: list[ContentPlan] = field(default_factory=list)
    copies: dict[Placement, Copies] = field(default_factory=dict)
    linked_from: dict[str, list[Place]] = field(default_factory=dict)
    originals: set[str] = field(default_factory=set)  # absolute source paths
    original_links: set[str] = field(default_factory=set)  # the same, relative to PATH
    refused: set[str] = field(default_factory=set)  # absolute paths of SVGs reported


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


# Reading: what each text shows -------------------------------------------------------


def _note_photo(build: PhotoBuild, address: addresses.Address, place: Place) -> Photo | None:
    """The Photo at ``address``, or None after reporting why it cannot be one."""
    photo = build.photos.get(address.relative)
    if photo is None:
        try:
            key = build.cache.key(address.file)
            probe = build.cache.probe(address.file, build.settings.max_pixels)
        except UnreadablePhoto as problem:
            place.report(f"image {_display(address.file)} {problem}")
            return None
        photo = Photo(address.relative, address.file, key, probe)
        build.photos[address.relative] = photo
    build.linked_from.setdefault(address.relative, []).append(place)
    build.originals.add(os.path.abspath(address.file))
    build.original_links.add(address.relative)
    return photo


def _placement_for(build: PhotoBuild, content, src: str, place: Place) -> Placement | None:
    """Where the photo ``src`` names is published for ``content``; None, after
    reporting why, for an address that is not a photo of the content."""
    source = content.get_relative_source_path()
    address = addresses.resolve(src, source, content.settings["PATH"])
    if address is None:
        if addresses.elsewhere(src):
            place.report(
                f"image {src} is on another site, which the site's security policy blocks; "
                "save the photo beside the article and write ![What it shows](name.jpg)",
            )
        elif not addresses.inline_data(src):
            place.report(
                f"image address {src} does not say where the file is; for a photo beside "
                "the article write its name alone, for one in content/static/ write "
                "{static}/static/... with the rest of its path",
            )
        return None
    # A path that leads out of the content folder names nothing the site publishes.
    if address.relative.startswith("../") or not address.file.is_file():
        place.report(
            f"image {src} not found (looked for {_display(address.file)}); check the file name",
        )
        return None
    if address.file.suffix.lower() in SVG_EXTENSIONS:
        build.refused.add(os.path.abspath(address.file))
        place.report(f"image {src}: {SVG_ADVICE}")
        return None
    photo = _note_photo(build, address, place)
    if photo is None:
        return None
    if address.marker == addresses.ATTACH:
        folder = posixpath.dirname(content.save_as)
    else:
        folder = posixpath.dirname(address.relative)
    return Placement(safe_folder(folder, build.settings.slug_substitutions), address.relative)


def _lead_plan(build: PhotoBuild, content) -> ImagePlan | None:
    """The article's lead photo, from its Image: field."""
    value = content.metadata.get("image")
    if not value:
        return None
    place = FieldPlace(content.source_path, "image")
    match = LEAD_FIELD.match(str(value).strip())
    if not match:
        place.report(
            "the Image: field is not written like a Markdown image; "
            "write Image: ![What the photo shows](photo.jpg)",
        )
        return None
    alt = match["alt"].strip()
    if not alt:
        place.report("image has no alt text; describe what it shows")
    src = (match["bracketed"] or match["src"]).strip()
    placement = _placement_for(build, content, src, place)
    if placement is None:
        if addresses.inline_data(src):
            place.report("the lead photo must be a JPEG, PNG, WebP or GIF photo")
        return None
    return ImagePlan(0, placement, alt, {}, True, match["title"])


def _refuse_summary_images(content) -> None:
    """A Summary is shown as text (lists, feeds, search results): no image in it."""
    summary = str(content.metadata.get("summary") or "")
    if "<img" in summary:
        FieldPlace(content.source_path, "summary").report(
            "the Summary has an image, but it is shown as text in lists, feeds and search "
            "results; move the image into the text, or make it the lead photo with a line "
            "'Image: ![What it shows](photo.jpg)'",
        )


def plan_content_photos(build: PhotoBuild, content) -> None:
    """Check the photos of one article or page, and note where each is shown."""
    body = content_html(content)
    if body is None:
        return
    _refuse_summary_images(content)
    lead = _lead_plan(build, content)
    plans: list[ImagePlan] = []
    seen: dict[str, int] = {}
    # Most articles have no image: skip the search then (it matters on warm rebuilds).
    images = find_images(body) if "<img" in body else ()
    for image in images:
        src = image.attributes.get("src", "")
        occurrence = seen.get(src, 0)
        seen[src] = occurrence + 1
        # "(address" is how Markdown names it; else the bare address, or the file name.
        place = Place(content.source_path, (f"({src}", src, posixpath.basename(src)), occurrence)
        alt = image.attributes.get("alt", "").strip()
        if image.decorative:
            alt = ""
        elif not alt:
            place.report("image has no alt text; describe what it shows")
        placement = _placement_for(build, content, src, place)
        if placement is None:
            continue
        extra = {
            name: value
            for name, value in image.attributes.items()
            if name not in REPLACED_ATTRIBUTES
        }
        caption = image.attributes.get("title", "").strip() or None
        plans.append(ImagePlan(image.start, placement, alt, extra, image.alone, caption))
    build.plans.append(ContentPlan(content, body, lead, plans))


def plan_photos(generator) -> None:
    """Note the photos of every article or page the generator read."""
    if _build is None:
        return
    for content in read_contents(generator):
        plan_content_photos(_build, content)
    forget_original_links(generator.context)


def forget_original_links(context) -> None:
    """Take the photos out of the static files Pelican collects from links: it would
    otherwise read (and, for its cache, hash) every camera original on every build only
    for ``leave_out_originals`` to leave it out."""
    context.get("static_links", set()).difference_update(_build.original_links)


# Every photo known: names, markup, damaged files -------------------------------------------


def name_copies(build: PhotoBuild) -> None:
    """Give every placed photo its published copies, named once for the whole build."""
    placements = {image.placement for plan in build.plans for image in _all_images(plan)}
    by_folder: dict[str, set[str]] = {}
    for placement in placements:
        by_folder.setdefault(placement.folder, set()).add(placement.relative)
    settings = build.settings
    base = f"{settings.site_url}/" if settings.site_url else "/"
    for folder, sources in by_folder.items():
        for relative, stem in unique_stems(sources, settings.slug_substitutions).items():
            photo = build.photos[relative]
            webp, fallback, outputs = [], [], {}
            sizes = variant_sizes(photo.probe.width, photo.probe.height, settings.widths)
            for width, height in sizes:
                for kind, copies in (("webp", webp), (photo.probe.fallback_format, fallback)):
                    output = posixpath.join(folder, f"{stem}-{width}.{kind}")
                    copies.append(Copy(base + output, width, height, kind))
                    outputs[output] = f"{width}.{kind}"
            build.copies[Placement(folder, relative)] = Copies(photo, webp, fallback, outputs)


def _all_images(plan: ContentPlan) -> list[ImagePlan]:
    return ([plan.lead] if plan.lead else []) + plan.images


def _lead_photo(build: PhotoBuild, lead: ImagePlan) -> LeadPhoto:
    copies = build.copies[lead.placement]
    marked = {"data-pagefind-meta": "image[src], image_alt[alt]"}
    picture_html = picture(
        copies.webp, copies.fallback, lead.alt, build.settings.sizes, True, marked
    )
    html = figure(picture_html, lead.caption, "lead-photo")
    thumbnail = picture(
        copies.webp, copies.fallback, "", build.settings.list_sizes, False, {"class": "list-photo"}
    )
    widest = copies.fallback[-1]
    return LeadPhoto(
        copies.photo.key,
        Markup(html),
        Markup(thumbnail),
        widest.url,
        widest.width,
        widest.height,
        lead.alt,
    )


def show_photos(build: PhotoBuild, plan: ContentPlan) -> None:
    """Write the responsive markup of one article's or page's photos."""
    content = plan.content
    lead = _lead_photo(build, plan.lead) if plan.lead else None
    content.lead_photo = lead
    keys = [] if lead is None else [lead.key]
    eager_left = lead is None  # the first photo loads at once, unless a lead photo does
    replacements: dict[int, str] = {}
    for image in plan.images:
        copies = build.copies[image.placement]
        keys.append(copies.photo.key)
        sizes = build.settings.sizes
        html = picture(copies.webp, copies.fallback, image.alt, sizes, eager_left, image.extra)
        eager_left = False
        if image.alone:
            html = figure(html, image.caption)
        replacements[image.start] = html
    if replacements:
        replace_content_html(content, replace_images(plan.body, replacements))
    # The article writer renders a page again when this changes: the photos' bytes, or
    # the markup (sizes, and names, which another photo in the same folder can change).
    shown = [keys, lead and lead.html, sorted(replacements.items())]
    content.photo_digest = hashlib.sha256(json.dumps(shown).encode()).hexdigest()


def report_damaged(build: PhotoBuild) -> None:
    """Decode the photos not seen before, and report those that cannot be published."""
    settings = build.settings
    files = {relative: photo.file for relative, photo in build.photos.items()}
    failures = check_unknown(build.cache, files, settings.max_pixels, settings.processes)
    for relative, reason in sorted(failures.items()):
        for place in build.linked_from.get(relative, []):
            place.report(f"image {_display(build.photos[relative].file)} {reason}")


def publish_photos(generator) -> None:
    """Pages are read (after articles): note theirs, then name and show every photo."""
    plan_photos(generator)
    if _build is None:
        return
    name_copies(_build)
    for plan in _build.plans:
        show_photos(_build, plan)
    report_damaged(_build)
    _build.cache.save_index()


def leave_out_originals(generator) -> None:
    """Every static file is known and nothing is written: the camera originals are not
    published, and neither is any SVG (see the module's docstring)."""
    if _build is None:
        return
    kept = []
    for static in generator.staticfiles:
        path = os.path.abspath(static.source_path)
        if path in _build.originals:
            continue
        if Path(path).suffix.lower() in SVG_EXTENSIONS and path not in _build.refused:
            _build.refused.add(path)
            Place(static.source_path, ()).report(SVG_ADVICE)
        kept.append(static)
    generator.staticfiles[:] = kept


# The site is written: encode, publish the copies, forget the rest ---------------------------


def write_photo_copies(pelican) -> None:
    """Problems were reported and pages written: encode the photos not yet in the cache,
    put every copy the pages name into the output folder, and forget the photos the
    content no longer has."""
    if _build is None:
        return
    settings = _build.settings
    photos = {photo.key: photo.file for photo in _build.photos.values()}
    failures = encode_missing(
        _build.cache, photos, settings.widths, settings.max_pixels, settings.processes
    )
    for key, reason in sorted(failures.items()):
        # Decoded without fault before the pages were written: not the editor's mistake.
        logger.error("Photo %s could not be encoded: %s", _display(photos[key]), reason)
    output = Path(pelican.settings["OUTPUT_PATH"])
    by_photo: dict[str, list[tuple[str, Path]]] = {}
    for copies in _build.copies.values():
        if copies.photo.key in failures:
            continue
        for path, name in copies.outputs.items():
            by_photo.setdefault(copies.photo.key, []).append((name, output / path))
    for key, destinations in sorted(by_photo.items()):
        _build.cache.publish(key, sorted(destinations))
    _build.cache.keep_only(set(photos), {photo.file for photo in _build.photos.values()})


def published_photo(key: str) -> Photo | None:
    """The photo of this build with cache key ``key`` (a ``LeadPhoto.key``): its file and
    size, for plugins that derive more from it (share cards crop lead photos)."""
    if _build is None:
        return None
    return next((photo for photo in _build.photos.values() if photo.key == key), None)


def register() -> None:
    signals.initialized.connect(settle_cache_path)
    signals.get_generators.connect(start_build)
    signals.article_generator_finalized.connect(plan_photos)
    signals.page_generator_finalized.connect(publish_photos)
    signals.static_generator_finalized.connect(leave_out_originals)
    signals.finalized.connect(write_photo_copies)
