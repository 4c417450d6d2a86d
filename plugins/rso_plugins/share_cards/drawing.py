"""Draw a share card: the page's title, its date and the site's name, in the site's colours.

1200 x 630 pixels, the size Facebook, LinkedIn, X and chat apps show large. The title
is as large as it can be and still fit: it wraps between words only (never inside
one), shrinks step by step for long titles, and only a title too long even at the
smallest size is shortened, after a whole word, with an ellipsis. A right-to-left title
(Arabic) is set from the right, with runs of left-to-right words kept in their order.

The card is a PNG of a few flat colours: a palette image of at most 64 colours, chosen
the same way every time, so the same text gives the same bytes on every machine (the
fonts come from pinned packages, see fonts.py).
"""

from __future__ import annotations

import functools
import io
import unicodedata
from dataclasses import dataclass

from PIL import Image, ImageDraw

from .fonts import LATIN, FontFile, font_for, is_right_to_left, loaded, usable_fonts

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
TITLE_TOP, TITLE_BOTTOM = 168, 510
TITLE_SIZES = (84, 76, 68, 60, 54, 48, 42)
LINE_GAP = 0.16  # between one line's ink and the next, as a share of the size
ELLIPSIS = "…"
# Format version: bump when the drawing changes, so cached cards are drawn again.
DRAWING_VERSION = 1


@dataclass(frozen=True)
class CardStyle:
    """The site's colours (theme/static/css/rso.css: --brand, --focus, --tint)."""

    background: str = "#0b3d6b"
    text: str = "#ffffff"
    accent: str = "#ffbf47"
    quiet: str = "#dbe4ee"


@dataclass(frozen=True)
class CardText:
    """What a card says. ``heading`` is the small line at the top (the site's name),
    ``footer`` the line at the bottom ("News · Friday, 4 December 2015")."""

    title: str
    heading: str = ""
    footer: str = ""


class CannotDraw(Exception):
    """The text needs a font the cards do not have (or shaping Pillow cannot do here)."""

    def __init__(self, word: str):
        self.word = word
        super().__init__(f"no font for {word!r}")


@dataclass(frozen=True)
class Word:
    text: str
    font: FontFile
    right_to_left: bool


# Each word's font and direction, by the fonts that may write it: titles share words.
_WORDS_BY_FONTS: dict[tuple[FontFile, ...], dict[str, Word]] = {}


def words_of(text: str, fonts: tuple[FontFile, ...] | None = None) -> list[Word]:
    """The text's words, each with the font that writes it; CannotDraw if one has none."""
    fonts = usable_fonts() if fonts is None else fonts
    known = _WORDS_BY_FONTS.setdefault(fonts, {})
    words = []
    for part in text.split():
        word = known.get(part)
        if word is None:
            font = font_for(part, fonts)
            if font is None:
                raise CannotDraw(part)
            word = known[part] = Word(part, font, is_right_to_left(part))
        words.append(word)
    return words


@functools.lru_cache(maxsize=4096)
def _width(word: Word, size: int, weight: str) -> float:
    return loaded(word.font, size, weight).getlength(word.text)


def wrap(words: list[Word], size: int, weight: str, width: int) -> list[list[Word]] | None:
    """Words in lines no wider than ``width``, breaking only between words; None when
    one word alone is wider."""
    space = loaded(LATIN, size, weight).getlength(" ")
    lines: list[list[Word]] = []
    line: list[Word] = []
    used = 0.0
    for word in words:
        wide = _width(word, size, weight)
        if wide > width:
            return None
        if line and used + space + wide > width:
            lines.append(line)
            line, used = [], 0.0
        used += (space if line else 0) + wide
        line.append(word)
    if line:
        lines.append(line)
    return lines


def _ink(line: list[Word], size: int, weight: str) -> tuple[int, int]:
    """(above, below) the baseline: the line's ink, or the size's usual room if less.

    Measured on the glyphs, not the fonts' line metrics: Myanmar and Arabic fonts
    declare room for their tallest stacks, which would space short lines far apart.
    """
    above, below = round(size * 0.8), round(size * 0.25)
    for word in line:
        top, bottom = _word_ink(word, size, weight)
        above, below = max(above, -top), max(below, bottom)
    return above, below


@functools.lru_cache(maxsize=4096)
def _word_ink(word: Word, size: int, weight: str) -> tuple[int, int]:
    if word.font.needs_shaping:
        _, top, _, bottom = loaded(word.font, size, weight).getbbox(word.text, anchor="ls")
        return top, bottom
    # Latin letters stay within the font's own ascent and descent: no need to measure.
    ascent, descent = loaded(word.font, size, weight).getmetrics()
    return -round(ascent * 0.85), round(descent * 0.9)


def _baselines(lines: list[list[Word]], size: int, weight: str) -> tuple[list[int], int]:
    """Each line's baseline from the block's top, and the block's height."""
    gap = round(size * LINE_GAP)
    baselines, y, previous_below = [], 0, None
    for line in lines:
        above, below = _ink(line, size, weight)
        y += above if previous_below is None else previous_below + gap + above
        baselines.append(y)
        previous_below = below
    return baselines, y + (previous_below or 0)


def _block_height(lines: list[list[Word]], size: int, weight: str) -> int:
    return _baselines(lines, size, weight)[1]


def _shorten(words: list[Word], size: int, weight: str, width: int, height: int) -> list:
    """The longest run of whole words, ending in an ellipsis, that fits the block."""
    ellipsis = Word(ELLIPSIS, LATIN, False)
    for count in range(len(words) - 1, 0, -1):
        lines = wrap([*words[:count], ellipsis], size, weight, width)
        if lines and _block_height(lines, size, weight) <= height:
            return lines
    return [[ellipsis]]


def layout_title(
    words: list[Word], weight: str = "Bold", width: int = WIDTH - 2 * MARGIN
) -> tuple[int, list[list[Word]]]:
    """(size, lines): the largest size at which the whole title fits the title block."""
    height = TITLE_BOTTOM - TITLE_TOP
    if not words:
        return TITLE_SIZES[0], []
    for size in TITLE_SIZES:
        lines = wrap(words, size, weight, width)
        if lines and _block_height(lines, size, weight) <= height:
            return size, lines
    smallest = TITLE_SIZES[-1]
    if wrap(words, smallest, weight, width) is None:
        raise CannotDraw(max((w.text for w in words), key=len))
    return smallest, _shorten(words, smallest, weight, width, height)


def visual_order(line: list[Word], right_to_left: bool) -> list[Word]:
    """The line's words from left to right on the card.

    Word-level bidi, enough for titles: the paragraph's direction comes from its first
    strong word; words of the other direction form runs whose own order is kept; a word
    without a direction of its own (a number, a dash) goes with the strong word before
    it, as a year after an English name does, or with the paragraph at the start.
    """
    runs: list[list[Word]] = []
    current = right_to_left
    for word in line:
        if _is_strong(word):
            current = word.right_to_left
        placed = Word(word.text, word.font, current)
        if runs and runs[-1][0].right_to_left == current:
            runs[-1].append(placed)
        else:
            runs.append([placed])
    ordered = []
    for run in reversed(runs) if right_to_left else runs:
        ordered.extend(reversed(run) if run[0].right_to_left else run)
    return ordered


def _is_strong(word: Word) -> bool:
    return any(unicodedata.bidirectional(c) in ("L", "R", "AL") for c in word.text)


def _draw_line(draw, line, size, weight, y, right_to_left, width, fill=255) -> None:
    space = loaded(LATIN, size, weight).getlength(" ")
    order = visual_order(line, right_to_left)
    total = sum(_width(word, size, weight) for word in order) + space * (len(order) - 1)
    x = MARGIN + (width - total if right_to_left else 0)
    for run in _runs(order):
        font = loaded(run[0].font, size, weight)
        options = {}
        if font.layout_engine != 0:  # basic layout has no direction to give
            options["direction"] = "rtl" if run[0].right_to_left else "ltr"
        text = " ".join(word.text for word in run)
        draw.text((x, y), text, font=font, fill=fill, anchor="ls", **options)
        x += sum(_width(word, size, weight) for word in run) + space * len(run)


def _runs(order: list[Word]) -> list[list[Word]]:
    """Neighbouring left-to-right words in the Latin font, to draw as one string (one
    call instead of one a word); words in other fonts are drawn one by one, since the
    space between them is the Latin font's."""
    runs: list[list[Word]] = []
    for word in order:
        joins = word.font is LATIN and not word.right_to_left
        if runs and joins and runs[-1][-1].font is LATIN and not runs[-1][-1].right_to_left:
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _draw_text_line(draw, text: str, size: int, weight: str, y: int) -> None:
    """A short line (the heading or footer), on one line, shrunk if it must."""
    words = words_of(text)
    if not words:
        return
    width = WIDTH - 2 * MARGIN
    while size > 18 and len(wrap(words, size, weight, width) or [[], []]) > 1:
        size -= 2
    line = [word for row in wrap(words, size, weight, width) or [words] for word in row]
    _draw_line(draw, line, size, weight, y, is_right_to_left(text), width)


# The card's pixels are palette indices: text is drawn as coverage (0-255) on a grey
# canvas per colour and mapped onto its own ramp of the palette, from the background
# to the colour; the accent bars are solid. Fast (no quantizing) and exact.
RAMP = 64
TEXT_RAMP, QUIET_RAMP, ACCENT = 0, RAMP, 2 * RAMP
FOOTER_TOP = HEIGHT - 100
HEADING_BOTTOM = 112  # above the accent bar under it


@functools.lru_cache(maxsize=8)
def _heading(heading: str) -> Image.Image:
    """The heading strip (the same on every card of a site), drawn once per process."""
    strip = Image.new("L", (WIDTH, HEADING_BOTTOM), 0)
    _draw_text_line(ImageDraw.Draw(strip), heading, 32, "SemiBold", 92)
    return strip


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


@functools.lru_cache(maxsize=8)
def palette(style: CardStyle) -> list[int]:
    background = _hex(style.background)
    colours = []
    for target in (_hex(style.text), _hex(style.quiet)):
        for step in range(RAMP):
            colours += [
                round(b + (t - b) * step / (RAMP - 1))
                for b, t in zip(background, target, strict=True)
            ]
    colours += list(_hex(style.accent))
    return colours


def draw_card(text: CardText, style: CardStyle = CardStyle()) -> bytes:
    """The card as PNG bytes; CannotDraw when the title needs a font the cards lack."""
    words = words_of(text.title)
    size, lines = layout_title(words)
    ink = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(ink)
    if text.heading:
        ink.paste(_heading(text.heading), (0, 0))
    width = WIDTH - 2 * MARGIN
    right_to_left = is_right_to_left(text.title)
    baselines, block = _baselines(lines, size, "Bold")
    top = TITLE_TOP + (TITLE_BOTTOM - TITLE_TOP - block) // 2
    for line, baseline in zip(lines, baselines, strict=True):
        _draw_line(draw, line, size, "Bold", top + baseline, right_to_left, width)
    card = ink.point([TEXT_RAMP + value * (RAMP - 1) // 255 for value in range(256)])
    if text.footer:
        footer = Image.new("L", (WIDTH, HEIGHT - FOOTER_TOP), 0)
        _draw_text_line(ImageDraw.Draw(footer), text.footer, 32, "Regular", 44)
        table = [QUIET_RAMP + value * (RAMP - 1) // 255 if value else 0 for value in range(256)]
        card.paste(footer.point(table), (0, FOOTER_TOP))
    card = Image.frombytes("P", card.size, card.tobytes())
    card.putpalette(palette(style))
    card.paste(ACCENT, (0, 0, WIDTH, 12))
    card.paste(ACCENT, (MARGIN, 118, MARGIN + 96, 126))
    return encode_png(card)


def encode_png(image: Image.Image) -> bytes:
    """PNG bytes: the same for the same pixels (no date, no text chunks)."""
    buffer = io.BytesIO()
    # zlib level 3: a third of level 9's size gain for a twentieth of its time.
    image.save(buffer, "PNG", compress_level=3)
    return buffer.getvalue()
