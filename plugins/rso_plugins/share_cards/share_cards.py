"""A picture for every page, for when a link to it is shared (og:image, twitter:image).

An article with a lead photo (``article.lead_photo``, from rso_plugins.photos) is shared
with a 1200 x 630 crop of it; every other article, page, event and publication with a
card drawn from its title (drawing.py), and every other page (lists, the search page)
with the site's card. Templates read ``share_card`` on the content, and
``share_card_site`` in the context; each has ``url``, ``width``, ``height``, ``type``
and ``alt``.

Which card each page gets is decided in every build and in `invoke check`, when all
content is read (``all_generators_finalized``): a title no font of the cards can write
(Chinese, say, or Khmer where Pillow lacks libraqm) gets a notice, and the site's card.
Cards are made only when SHARE_CARDS is on (publishing; previews leave them out, as
they leave out the search index), after every page is written (``finalized``): those
missing from the cache are made on every core, each keyed by everything drawn on it
(so a rebuild draws only cards that changed) and linked into ``share/`` in the output.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import math
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals
from PIL import Image, ImageOps, features

from rso_plugins.build_speed.parallel import fork_context
from rso_plugins.content_problems import find_field_line, report_notice
from rso_plugins.contents import read_contents
from rso_plugins.events.content import Event
from rso_plugins.events.wording import day_range_text
from rso_plugins.photos.cache import PhotoCache, store_entry
from rso_plugins.photos.encode import JPEG_OPTIONS, UnreadablePhoto, encode_image, upright_pixels
from rso_plugins.photos.photos import published_photo
from rso_plugins.publications.model import Publication
from rso_plugins.publications.publications import CONTEXT_KEY as PUBLICATIONS_KEY

from .drawing import DRAWING_VERSION, HEIGHT, WIDTH, CannotDraw, CardStyle, CardText, draw_card
from .drawing import words_of as check_words
from .fonts import can_shape, fonts_fingerprint

logger = logging.getLogger(__name__)

# Setting defaults.
DEFAULT_ENABLED = False
DEFAULT_OUTPUT = "share"
# A shared card is fetched by every chat app and social network that shows the link:
# at most this many bytes each (a photo crop is encoded at lower quality until it fits).
MAX_BYTES = 100_000
CROP_QUALITIES = (78, 70, 62, 54, 46, 38)
CARD_FILE = "card"


@dataclass(frozen=True)
class CardJob:
    """One card to make: drawn from ``text``, or cropped from the photo at ``photo``."""

    key: str
    text: CardText | None = None
    photo: str | None = None
    photo_size: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class ShareCard:
    """A page's share picture, as the templates print it."""

    url: str
    width: int
    height: int
    type: str
    alt: str
    job: CardJob | None = field(default=None, repr=False, compare=False)


@dataclass
class CardBuild:
    enabled: bool
    site_url: str
    output: str
    cache: PhotoCache
    processes: int
    style: CardStyle
    jobs: dict[str, CardJob] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # output path -> key


_build: CardBuild | None = None


def _fingerprint(style: CardStyle) -> str:
    """What shapes every card besides its own text: fonts, drawing, Pillow, encoders."""
    shaping = [DRAWING_VERSION, fonts_fingerprint(), asdict(style), Image.__version__]
    shaping += [can_shape(), features.version("raqm"), JPEG_OPTIONS, CROP_QUALITIES, MAX_BYTES]
    return hashlib.sha256(json.dumps(shaping, sort_keys=True, default=str).encode()).hexdigest()


def settle_cache_path(pelican) -> None:
    """Fix the cards' cache folder once, from CACHE_PATH as the settings give it (the
    content cache moves CACHE_PATH per state of the settings; cards are keyed already)."""
    settings = pelican.settings
    if not settings.get("SHARE_CARDS_CACHE_PATH"):
        settings["SHARE_CARDS_CACHE_PATH"] = os.path.join(
            settings.get("CACHE_PATH", "cache"), "share-cards"
        )


def start_build(pelican) -> None:
    """A new build: read the settings, open the cache (cache/share-cards)."""
    global _build
    settings = pelican.settings
    folder = settings.get("SHARE_CARDS_CACHE_PATH") or os.path.join(
        settings.get("CACHE_PATH", "cache"), "share-cards"
    )
    style = CardStyle(**settings.get("SHARE_CARDS_STYLE", {}))
    enabled = bool(settings.get("SHARE_CARDS", DEFAULT_ENABLED))
    _build = CardBuild(
        enabled=enabled,
        site_url=settings.get("SITEURL", "").rstrip("/"),
        output=settings.get("SHARE_CARDS_OUTPUT", DEFAULT_OUTPUT).strip("/"),
        cache=PhotoCache(Path(folder), _fingerprint(style) if enabled else ""),
        processes=int(settings.get("SHARE_CARDS_PROCESSES") or os.cpu_count() or 1),
        style=style,
    )


def plain(text: str) -> str:
    """Text as a reader sees it: no tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", str(text))).split())


def _key(*parts) -> str:
    data = json.dumps([_build.cache.fingerprint, *parts], sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _name(job: CardJob) -> str:
    """Where the card goes in the output: named by what is on it, so a changed card has
    a new address and sites that keep shared pictures fetch it again."""
    return f"{_build.output}/{job.key[:20]}.{'jpg' if job.photo else 'png'}"


def _card_for(job: CardJob, alt: str) -> ShareCard:
    kind = "image/jpeg" if job.photo else "image/png"
    width, height = _crop_size(*job.photo_size) if job.photo else (WIDTH, HEIGHT)
    base = f"{_build.site_url}/" if _build.site_url else "/"
    return ShareCard(base + _name(job), width, height, kind, alt, job)


def _register(card: ShareCard) -> None:
    """The card is to be made and written with the site."""
    if card.job is not None:
        _build.jobs[card.job.key] = card.job
        _build.files[_name(card.job)] = card.job.key


def _crop_size(width: int, height: int) -> tuple[int, int]:
    """The largest WIDTH:HEIGHT rectangle inside the photo, at most WIDTH x HEIGHT."""
    scale = min(1.0, width / WIDTH, height / HEIGHT)
    return max(1, math.floor(WIDTH * scale)), max(1, math.floor(HEIGHT * scale))


def site_card(settings) -> ShareCard:
    name = plain(settings.get("SITENAME", ""))
    address = urlsplit(_build.site_url)
    footer = (address.netloc + address.path).rstrip("/")
    text = CardText(title=name, footer=footer)
    return _card_for(CardJob(_key(asdict(text)), text=text), name)


def _label_and_date(content) -> tuple[str, str]:
    """What kind of page it is, and the date a reader should see, for the footer."""
    if isinstance(content, Event):
        return "Event", day_range_text(content.first_day, content.last_day)
    if isinstance(content, Publication):
        return plain(getattr(content, "type", "") or "Publication"), ""
    if hasattr(content, "category") and getattr(content, "locale_date", None):
        return plain(content.category), content.locale_date
    return "", ""


def card_for_content(content, settings, fallback: ShareCard) -> ShareCard:
    """The share card of one article, page, event or publication."""
    lead = getattr(content, "lead_photo", None)
    photo = published_photo(lead.key) if lead is not None else None
    if photo is not None:
        key = _key("crop", lead.key)
        size = (photo.probe.width, photo.probe.height)
        return _card_for(CardJob(key, photo=str(photo.file), photo_size=size), lead.alt)
    title = plain(getattr(content, "title", ""))
    if not title:
        return fallback
    label, date = _label_and_date(content)
    footer = " · ".join(part for part in (label, date) if part)
    site_name = plain(settings.get("SITENAME", ""))
    # The home page is often titled with the site's name: say it once.
    text = CardText(title=title, heading="" if title == site_name else site_name, footer=footer)
    try:
        check_words(text.title)
    except CannotDraw as problem:
        report_notice(
            content.source_path,
            find_field_line(content.source_path, "title"),
            f"the share card cannot write the title's {problem.word!r} (no font for its "
            "script here); links to this page are shared with the site's card instead",
        )
        return fallback
    if not _build.enabled:  # checked for the notice; no card is made
        return fallback
    alt = ", ".join(
        part for part in (f"{title} ({footer})" if footer else title, text.heading) if part
    )
    return _card_for(CardJob(_key(asdict(text)), text=text), alt)


def _other_contents(context) -> list:
    """Events and publications, which their own generators read."""
    return [*context.get("events", ()), *context.get(PUBLICATIONS_KEY, ())]


def plan_cards(generators) -> None:
    """Give every piece of content its card, and the context the site's card."""
    if _build is None or not generators:
        return
    settings = generators[0].settings
    context = generators[0].context
    fallback = site_card(settings)
    contents = [content for generator in generators for content in read_contents(generator)]
    for content in contents + _other_contents(context):
        card = card_for_content(content, settings, fallback)
        # A draft has no page when publishing (no save_as): its card must not be there.
        if _build.enabled and getattr(content, "save_as", ""):
            content.share_card = card
            _register(card)
    if _build.enabled:
        context["share_card_site"] = fallback
        _register(fallback)


# Making cards: in worker processes, each writing straight into the cache.


def _crop(path: str, size: tuple[int, int]) -> bytes:
    width, height = _crop_size(*size)
    largest = max(width, math.ceil(height * size[0] / size[1]))
    pixels = upright_pixels(Path(path), Image.MAX_IMAGE_PIXELS or 89_478_485, largest)
    if pixels.mode == "RGBA":  # JPEG has no transparency: show it on white, as pages do
        backdrop = Image.new("RGB", pixels.size, "white")
        backdrop.paste(pixels, mask=pixels.getchannel("A"))
        pixels = backdrop
    cropped = ImageOps.fit(pixels.convert("RGB"), (width, height), Image.Resampling.LANCZOS)
    for quality in CROP_QUALITIES:
        data = encode_image(cropped, "jpg", quality=quality)
        if len(data) <= MAX_BYTES:
            return data
    return data


def make_card(entry: Path, job: CardJob) -> str | None:
    """Make one card into the cache folder ``entry``; the reason on failure."""
    try:
        data = _crop(job.photo, job.photo_size) if job.photo else draw_card(job.text, _build.style)
    except (CannotDraw, UnreadablePhoto, OSError) as problem:
        return str(problem)
    store_entry(entry, {CARD_FILE: data}, [len(data)])
    return None


def make_missing(build: CardBuild) -> dict[str, str]:
    """Make every card not yet in the cache, on every core; key -> why one failed."""
    todo = sorted(key for key in build.jobs if not build.cache.has(key))
    if not todo:
        return {}
    logger.info("Drawing %s share card(s) on up to %s process(es)", len(todo), build.processes)
    entries = [build.cache.entry(key) for key in todo]
    jobs = [build.jobs[key] for key in todo]
    context = fork_context()
    if build.processes < 2 or len(todo) < 4 or context is None:
        outcomes = list(map(make_card, entries, jobs))
    else:
        workers = min(build.processes, len(todo))
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            chunk = max(1, len(todo) // (workers * 4))
            outcomes = list(pool.map(make_card, entries, jobs, chunksize=chunk))
    return {key: outcome for key, outcome in zip(todo, outcomes, strict=True) if outcome}


def write_cards(pelican) -> None:
    """Every page is written: make the missing cards and link them into the output."""
    if _build is None or not _build.enabled or not _build.jobs:
        return
    failures = make_missing(_build)
    for key, reason in failures.items():
        logger.error("Share card %s could not be made: %s", key[:12], reason)
    output = Path(pelican.settings["OUTPUT_PATH"])
    by_key: dict[str, list[tuple[str, Path]]] = {}
    for name, key in sorted(_build.files.items()):
        if key not in failures:
            by_key.setdefault(key, []).append((CARD_FILE, output / name))
    for key, destinations in by_key.items():
        _build.cache.publish(key, destinations)
    # Cards of titles changed since, or of pages gone, are not kept.
    _build.cache.keep_only(set(by_key), set())


def register() -> None:
    signals.initialized.connect(settle_cache_path)
    signals.get_generators.connect(start_build)
    signals.all_generators_finalized.connect(plan_cards)
    signals.finalized.connect(write_cards)
