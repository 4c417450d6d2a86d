"""Share cards: the picture a shared link shows, read back from real cards and real builds.

The drawing is checked on the cards' pixels (size, bytes, the title really drawn, by
comparing with a card drawn without it); the plugin on a tiny site built with the
publishing settings, whose pages' meta tags must name cards that exist, at their size.
"""

from __future__ import annotations

import functools
import io
import logging
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageChops, features

from rso_plugins.share_cards.drawing import (
    HEIGHT,
    MARGIN,
    TITLE_BOTTOM,
    TITLE_SIZES,
    TITLE_TOP,
    WIDTH,
    CannotDraw,
    CardText,
    draw_card,
    layout_title,
    visual_order,
    words_of,
)
from rso_plugins.share_cards.fonts import font_for, usable_fonts
from sitetools.build import PUBLISH_SETTINGS
from tests.photo_files import busy_photo, jpeg, transparent_png
from tests.site_reading import html_files
from tests.tiny_site import build_tiny_site

SITE = "Regional Support Office of the Bali Process"
MAX_BYTES = 100_000
# Names of places and meetings in the region, in their own scripts.
REGIONAL_TITLES = {
    "Thai": "การประชุมเชิงปฏิบัติการระดับภูมิภาค กรุงเทพมหานคร",
    "Khmer": "សិក្ខាសាលាថ្នាក់តំបន់ ភ្នំពេញ",
    "Burmese": "ဒေသတွင်း အလုပ်ရုံဆွေးနွေးပွဲ ရန်ကုန်",
    "Arabic": "مؤتمر بالي الوزاري",
}
needs_raqm = pytest.mark.skipif(not features.check("raqm"), reason="Pillow without libraqm")


def pixels(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def title_ink(text: CardText) -> tuple[int, int, int, int] | None:
    """Where the card with ``text`` differs from the same card without a title."""
    with_title = pixels(draw_card(text)).convert("RGB")
    without = pixels(draw_card(CardText("", text.heading, text.footer))).convert("RGB")
    return ImageChops.difference(with_title, without).getbbox()


def test_a_card_is_a_small_png_of_the_size_links_are_shown_at():
    data = draw_card(CardText("RSO Newsletter – Edition Ten", SITE, "News · Tuesday, 30 June 2015"))
    image = pixels(data)
    assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT)) == ("PNG", (1200, 630))
    assert len(data) <= MAX_BYTES


def test_the_same_text_gives_the_same_bytes():
    text = CardText("Joint Period of Action begins", SITE, "News · Monday, 28 September 2015")
    assert draw_card(text) == draw_card(text)
    assert draw_card(text) != draw_card(CardText("Joint Period of Action ends", SITE, text.footer))


def test_the_title_is_drawn_in_the_title_block():
    ink = title_ink(CardText("Regional Workshop on Data", SITE, "Event · Monday, 4 May 2026"))
    assert ink is not None, "the card with a title looks like the card without"
    left, top, right, bottom = ink
    assert left >= MARGIN - 8 and right <= WIDTH - MARGIN + 8
    assert top >= TITLE_TOP - 10 and bottom <= TITLE_BOTTOM + 10


def test_long_titles_shrink_and_wrap_between_words_only():
    short = words_of("RSO Newsletter – Edition Ten")
    long_title = (
        "Bali Process Conclusions on Establishment of the Regional Support Office, "
        "agreed at the Fifth Ad Hoc Group Senior Officials' Meeting in Bali"
    )
    words = words_of(long_title)
    short_size, _ = layout_title(short)
    long_size, lines = layout_title(words)
    assert long_size < short_size
    assert [word.text for line in lines for word in line] == long_title.split()
    assert len(lines) > 2


def test_a_title_too_long_for_the_card_ends_after_a_whole_word():
    title = " ".join(["Consultation"] * 40)
    size, lines = layout_title(words_of(title))
    drawn = [word.text for line in lines for word in line]
    assert size == TITLE_SIZES[-1]
    assert drawn[-1] == "…"
    assert set(drawn[:-1]) == {"Consultation"}
    bottom = title_ink(CardText(title, SITE))[3]
    assert bottom <= TITLE_BOTTOM + 10


@needs_raqm
@pytest.mark.parametrize("script", sorted(REGIONAL_TITLES))
def test_regional_scripts_are_drawn_with_a_font_that_has_them(script):
    title = REGIONAL_TITLES[script]
    for word in words_of(title):
        assert font_for(word.text, usable_fonts()).name != "Noto Sans"
    data = draw_card(CardText(title, SITE, "News"))
    assert len(data) <= MAX_BYTES
    assert title_ink(CardText(title, SITE, "News")) is not None


@needs_raqm
def test_a_right_to_left_title_is_set_from_the_right():
    ink = title_ink(CardText(REGIONAL_TITLES["Arabic"], SITE))
    assert ink[2] > WIDTH - MARGIN - 10  # ends at the right margin
    assert ink[0] > MARGIN + 100  # a short title does not reach the left one


def test_left_to_right_words_keep_their_order_in_a_right_to_left_line():
    words = words_of("مؤتمر بالي Bali Process 2026")
    order = [word.text for word in visual_order(words, right_to_left=True)]
    assert order == ["Bali", "Process", "2026", "بالي", "مؤتمر"]


def test_without_shaping_only_latin_titles_can_be_drawn():
    """Pillow without libraqm would misplace Thai marks and reverse Arabic: no font
    counts as having those words, so the page falls back to the site's card."""
    latin_only = usable_fonts(shaping=False)
    assert words_of("Côte d'Ivoire – 2015", latin_only)
    for title in REGIONAL_TITLES.values():
        with pytest.raises(CannotDraw):
            words_of(title, latin_only)


def test_a_title_no_font_has_cannot_be_drawn():
    with pytest.raises(CannotDraw) as raised:
        draw_card(CardText("巴厘进程 区域支助办公室", SITE))
    assert raised.value.word == "巴厘进程"


# The plugin, on a tiny site built as it is published.

SITEURL = "https://example.org/repo"
STORY = """\
Title: A story without a photo
Date: 2020-02-03
Category: News
Summary: The story has no photo.

Text.
"""
PHOTO_STORY = """\
Title: A story with a photo
Date: 2020-02-04
Category: News
Summary: The story has a lead photo.
Image: ![Delegates at the forum]({attach}forum.jpg)

Text.
"""
CHINESE_STORY = """\
Title: 巴厘进程
Date: 2020-02-05
Category: News
Summary: A title in Chinese characters.

Text.
"""


def build(folder: Path, files: dict) -> Path:
    return build_tiny_site(
        folder,
        files,
        PUBLISH_SETTINGS,
        SITEURL=SITEURL,
        FEED_DOMAIN=SITEURL,
        PHOTOS_PROCESSES=1,
        SHARE_CARDS_PROCESSES=1,
    )


@functools.cache
def forum_photo() -> bytes:
    """One photo for every build here (busy_photo's noise differs from call to call)."""
    return busy_photo((2400, 1600))


DRAFT = """\
Title: A secret draft
Date: 2020-02-06
Category: News
Summary: Not yet.
Status: draft

Text.
"""


def site_files(**extra) -> dict:
    return {
        "news/2020/a-secret-draft.md": DRAFT,
        "news/2020/a-story-without-a-photo.md": STORY,
        "news/2020/a-story-with-a-photo.md": PHOTO_STORY,
        "news/2020/forum.jpg": forum_photo(),
        **extra,
    }


def share_tags(page: Path) -> dict[str, str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    tags = {}
    for meta in soup.find_all("meta"):
        name = meta.get("property") or meta.get("name") or ""
        if name.startswith(("og:image", "twitter:")):
            tags[name] = meta["content"]
    return tags


def card_file(output: Path, url: str) -> Path:
    assert url.startswith(SITEURL + "/share/"), url
    return output / url.removeprefix(SITEURL + "/")


@pytest.fixture(scope="module")
def tiny_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("share-cards")
    return build(folder, site_files())


def test_every_page_names_a_card_that_exists_at_its_size(tiny_build):
    pages = html_files(tiny_build)
    assert len(pages) > 5
    for page in pages:
        tags = share_tags(page)
        assert tags["twitter:card"] == "summary_large_image", page
        assert tags["og:image:alt"].strip(), page
        assert tags["twitter:image"] == tags["og:image"]
        image = Image.open(card_file(tiny_build, tags["og:image"]))
        size = (int(tags["og:image:width"]), int(tags["og:image:height"]))
        assert image.size == size, page
        assert Image.MIME[image.format] == tags["og:image:type"]
        assert card_file(tiny_build, tags["og:image"]).stat().st_size <= MAX_BYTES


def test_the_output_holds_the_cards_its_pages_name_and_no_others(tiny_build):
    """A draft is not published, and neither is a picture of its title."""
    named = {share_tags(page)["og:image"] for page in html_files(tiny_build)}
    written = {SITEURL + "/share/" + card.name for card in (tiny_build / "share").iterdir()}
    assert written == named
    assert not list(tiny_build.rglob("a-secret-draft*"))


def test_an_article_without_a_photo_gets_a_card_with_its_title_and_date(tiny_build):
    tags = share_tags(tiny_build / "news/2020/a-story-without-a-photo/index.html")
    assert tags["og:image"].endswith(".png")
    assert "A story without a photo" in tags["og:image:alt"]
    assert "Monday, 3 February 2020" in tags["og:image:alt"]
    card = card_file(tiny_build, tags["og:image"]).read_bytes()
    text = CardText("A story without a photo", SITE, "News · Monday, 3 February 2020")
    assert card == draw_card(text)


def test_an_article_with_a_lead_photo_is_shared_with_a_crop_of_it(tiny_build):
    tags = share_tags(tiny_build / "news/2020/a-story-with-a-photo/index.html")
    assert tags["og:image:alt"] == "Delegates at the forum"
    crop = Image.open(card_file(tiny_build, tags["og:image"]))
    assert (crop.format, crop.size) == ("JPEG", (1200, 630))
    assert not crop.getexif()


def test_lists_are_shared_with_the_site_card(tiny_build):
    index = share_tags(tiny_build / "news/index.html")
    story = share_tags(tiny_build / "news/2020/a-story-without-a-photo/index.html")
    assert index["og:image"] != story["og:image"]
    assert index["og:image:alt"] == SITE
    assert share_tags(tiny_build / "news/archive/index.html")["og:image"] == index["og:image"]


def test_a_small_lead_photo_is_cropped_without_being_enlarged(tmp_path):
    files = site_files(**{"news/2020/forum.jpg": jpeg((800, 600))})
    output = build(tmp_path, files)
    tags = share_tags(output / "news/2020/a-story-with-a-photo/index.html")
    crop = Image.open(card_file(output, tags["og:image"]))
    assert crop.size == (800, 420) == (int(tags["og:image:width"]), int(tags["og:image:height"]))


def test_a_transparent_lead_photo_is_shared_on_white(tmp_path):
    story = PHOTO_STORY.replace("forum.jpg", "logo.png")
    files = site_files(**{"news/2020/a-story-with-a-photo.md": story})
    files["news/2020/logo.png"] = transparent_png((600, 400))
    output = build(tmp_path, files)
    tags = share_tags(output / "news/2020/a-story-with-a-photo/index.html")
    crop = Image.open(card_file(output, tags["og:image"])).convert("RGB")
    assert crop.size == (600, 315)
    assert min(crop.getpixel((10, 150))) > 240  # the transparent half: white, not black
    assert crop.getpixel((590, 150))[2] > 120  # the logo's blue half


def test_a_title_no_font_can_write_is_shared_with_the_site_card_and_a_notice(tmp_path, caplog):
    files = site_files(**{"news/2020/chinese.md": CHINESE_STORY})
    with caplog.at_level(logging.INFO, logger="rso_plugins.content_problems"):
        output = build(tmp_path, files)
    notices = [r.getMessage() for r in caplog.records if "share card" in r.getMessage()]
    assert len(notices) == 1
    assert re.match(r".*chinese\.md:1: the share card cannot write", notices[0])
    story = share_tags(output / "news/2020/chinese/index.html")
    assert story["og:image"] == share_tags(output / "news/index.html")["og:image"]


def test_a_rebuild_draws_only_the_cards_that_changed(tmp_path):
    output = build(tmp_path, site_files())
    cache = tmp_path / "cache" / "share-cards"
    before = {entry.name: entry.stat().st_mtime_ns for entry in cache.glob("??/*")}
    first_cards = {p.name: p.read_bytes() for p in (output / "share").iterdir()}
    edited = STORY.replace("A story without a photo", "A story still without a photo")
    output = build(tmp_path, site_files(**{"news/2020/a-story-without-a-photo.md": edited}))
    after = {entry.name: entry.stat().st_mtime_ns for entry in cache.glob("??/*")}
    # One card drawn anew; the one it replaces is forgotten; the others were left alone.
    assert len(set(after) - set(before)) == 1
    assert len(set(before) - set(after)) == 1
    assert all(after[name] == before[name] for name in set(before) & set(after))
    # The output holds this build's cards only, with the unchanged ones as they were.
    cards = {p.name: p.read_bytes() for p in (output / "share").iterdir()}
    assert len(cards) == len(first_cards)
    assert len(set(cards) & set(first_cards)) == len(first_cards) - 1
    assert all(cards[name] == first_cards[name] for name in set(cards) & set(first_cards))


def test_two_builds_with_empty_caches_make_the_same_cards(tmp_path, tiny_build):
    other = build(tmp_path, site_files())
    first = {p.name: p.read_bytes() for p in (tiny_build / "share").iterdir()}
    second = {p.name: p.read_bytes() for p in (other / "share").iterdir()}
    assert first == second


def test_previews_have_no_cards(tmp_path):
    output = build_tiny_site(tmp_path, {"news/2020/a-story-without-a-photo.md": STORY})
    tags = share_tags(output / "news/2020/a-story-without-a-photo/index.html")
    assert tags["twitter:card"] == "summary"
    assert "og:image" not in tags
    assert not (output / "share").exists()
