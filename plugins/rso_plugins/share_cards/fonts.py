"""The fonts a share card is drawn with, and which of them can write a given word.

Open fonts (Noto, SIL Open Font License) from pinned PyPI packages, never the
machine's own fonts, so every machine draws the same pixels: Noto Sans for Latin,
Greek and Cyrillic, and Noto Sans Thai, Lao, Khmer, Myanmar and Arabic for the names of
places and meetings in the region. Pillow cannot fall back from one font to another
within a string, so each word is given the first font that has every one of its
characters (read from the font's own character map); a word no font covers means the
card cannot be drawn, and the page is shared with the site's card instead.

Thai, Lao, Khmer, Myanmar and Arabic need shaping (marks placed on their letters,
letters joined, right-to-left order): Pillow does it only with libraqm. Where Pillow
has no raqm, words in those fonts count as not covered, so a card is never drawn with
misplaced marks, broken joins or reversed text.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageFont, features

from rso_plugins.library_versions import installed_version


@dataclass(frozen=True)
class FontFile:
    """One font the cards may use: its file, and whether it needs shaping."""

    name: str
    package: str
    path: str  # inside the package
    needs_shaping: bool

    @property
    def file(self) -> Path:
        return Path(str(importlib.resources.files(self.package).joinpath(self.path)))

    @property
    def version(self) -> str:
        return f"{self.package}=={installed_version(self.package)}"


SEA = "justmytype_intl_sea"
RTL = "justmytype_intl_rtl"
# In order of preference: the Latin font first, so a word in English is always in it.
FONTS = (
    FontFile("Noto Sans", "fontpkg_noto_sans", "files/NotoSans[wdth,wght].ttf", False),
    FontFile("Noto Sans Thai", SEA, "fonts/ofl/notosansthai/NotoSansThai[wdth,wght].ttf", True),
    FontFile("Noto Sans Lao", SEA, "fonts/ofl/notosanslao/NotoSansLao[wdth,wght].ttf", True),
    FontFile("Noto Sans Khmer", SEA, "fonts/ofl/notosanskhmer/NotoSansKhmer[wdth,wght].ttf", True),
    FontFile(
        "Noto Sans Myanmar", SEA, "fonts/ofl/notosansmyanmar/NotoSansMyanmar[wdth,wght].ttf", True
    ),
    FontFile(
        "Noto Sans Arabic", RTL, "fonts/ofl/notosansarabic/NotoSansArabic[wdth,wght].ttf", True
    ),
)
LATIN = FONTS[0]
# Characters that take no glyph of their own: any font "covers" them.
INVISIBLE_CATEGORIES = {"Cf", "Zs", "Zl", "Zp", "Cc"}


def can_shape() -> bool:
    """Whether this Pillow lays text out with libraqm (shaping and bidi)."""
    return bool(features.check("raqm"))


@functools.cache
def _characters(font: FontFile) -> frozenset[int]:
    with TTFont(font.file, lazy=True) as reader:
        return frozenset(reader.getBestCmap())


def usable_fonts(shaping: bool | None = None) -> tuple[FontFile, ...]:
    """The fonts a card may use here: every one with raqm, the Latin one without."""
    shaping = can_shape() if shaping is None else shaping
    return tuple(font for font in FONTS if shaping or not font.needs_shaping)


def font_for(word: str, fonts: tuple[FontFile, ...]) -> FontFile | None:
    """The first of ``fonts`` with a glyph for every visible character of ``word``."""
    needed = {ord(c) for c in word if unicodedata.category(c) not in INVISIBLE_CATEGORIES}
    for font in fonts:
        if needed <= _characters(font):
            return font
    return None


def is_right_to_left(word: str) -> bool:
    """Whether the word's first strong character is written right to left."""
    for character in word:
        direction = unicodedata.bidirectional(character)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


@functools.cache
def loaded(font: FontFile, size: int, weight: str) -> ImageFont.FreeTypeFont:
    """The font at ``size`` pixels and a named weight ("Bold", "SemiBold", "Regular")."""
    engine = ImageFont.Layout.RAQM if can_shape() else ImageFont.Layout.BASIC
    face = ImageFont.truetype(str(font.file), size, layout_engine=engine)
    face.set_variation_by_name(weight)
    return face


@functools.cache
def fonts_fingerprint() -> str:
    """What the fonts are: the packages' versions and the files' bytes, for cache keys."""
    digest = hashlib.sha256()
    for font in FONTS:
        digest.update(font.version.encode())
        digest.update(hashlib.sha256(font.file.read_bytes()).digest())
    return digest.hexdigest()
