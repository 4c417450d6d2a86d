"""Photos in Chromium: a phone reader of a three-photo article downloads little.

Issue 13's budget: an article with three 4000x3000 camera photos downloads at most
150 KB of images before the reader scrolls, at 375 px wide, and nothing moves as the
photos arrive (width and height on every image). Issue 20: a photo named as cameras
and people name files (``IMG 2034.jpg``, ``Côte d'Ivoire forum.jpg``) still reaches a
phone as its small WebP copy.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import photo_files
from tests.local_server import free_port, serve
from tests.tiny_site import build_tiny_site

pytestmark = pytest.mark.browser

IMAGE_BUDGET_BYTES = 150_000
ARTICLE_PATH = "/news/2020/three-photos/"
PARAGRAPH = (
    "Delegates from across the region met to discuss practical cooperation on border "
    "management, victim identification and data sharing, and agreed on next steps. " * 3
)
ARTICLE = f"""\
Title: A forum in three photos
Date: 2020-03-04
Slug: three-photos
Summary: Three camera photos from a forum, as an editor would post them.

{PARAGRAPH}

![Delegates at the opening session]({{attach}}opening.jpg "The opening session")

{PARAGRAPH}

![A working group around a table]({{attach}}group.jpg)

{PARAGRAPH}

![The closing statement]({{attach}}closing.jpg)

{PARAGRAPH}
"""
# Sums the layout shifts the page has had, after a moment for late arrivals.
LAYOUT_SHIFT_JS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


@pytest.fixture(scope="module")
def three_photo_site(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("three-photos")
    files = {"news/2020/three-photos.md": ARTICLE}
    # Wider than the widest copy (1600 px), so every copy is made; a camera's 4000 px
    # would take longer to draw and encode and change nothing a reader downloads.
    for seed, name in enumerate(("opening", "group", "closing"), start=1):
        files[f"news/2020/{name}.jpg"] = photo_files.busy_photo((2400, 1800), seed)
    output = build_tiny_site(folder, files, PHOTOS_CACHE_PATH=str(folder / "photo-cache"))
    port = free_port()
    with serve(output, port):
        yield f"http://127.0.0.1:{port}"


def images_before_scrolling(browser, address: str, width: int, scale: float = 1) -> dict:
    """Bytes of every image the page loads at ``width`` before the reader scrolls, and the
    page's layout shift."""
    context = browser.new_context(
        viewport={"width": width, "height": 800}, device_scale_factor=scale
    )
    page = context.new_page()
    loaded: dict[str, int] = {}

    def note(response) -> None:
        if response.request.resource_type == "image":
            loaded[response.url] = len(response.body())

    page.on("response", note)
    try:
        page.goto(address, wait_until="load")
        page.wait_for_load_state("networkidle")
        shift = page.evaluate(LAYOUT_SHIFT_JS)
    finally:
        context.close()
    return {"bytes": sum(loaded.values()), "files": sorted(loaded), "layout_shift": shift}


def test_a_phone_downloads_at_most_150_kb_of_images_before_scrolling(browser, three_photo_site):
    seen = images_before_scrolling(browser, three_photo_site + ARTICLE_PATH, 375)
    assert seen["files"], "the page loaded no image at all"
    assert all(Path(url).suffix == ".webp" for url in seen["files"]), seen["files"]
    assert all("-480." in url for url in seen["files"]), seen["files"]
    assert seen["bytes"] <= IMAGE_BUDGET_BYTES, seen
    assert seen["layout_shift"] == 0, seen


def test_a_wide_screen_gets_the_larger_copies_without_layout_shift(browser, three_photo_site):
    seen = images_before_scrolling(browser, three_photo_site + ARTICLE_PATH, 1280)
    assert any("-960." in url for url in seen["files"]), seen["files"]
    assert seen["layout_shift"] == 0, seen


ODD_NAMES_PATH = "/news/2020/odd-names/"
ODD_NAMES_ARTICLE = """\
Title: Photos named by a camera and by a person
Date: 2020-03-05
Slug: odd-names
Summary: Two photos whose file names have a space and an accent.

![Delegates at the forum]({attach}IMG 2034.jpg)

![The delegation of Côte d'Ivoire](Côte d'Ivoire forum.jpg)
"""


@pytest.fixture(scope="module")
def odd_names_site(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("odd-names")
    files = {
        "news/2020/odd-names.md": ODD_NAMES_ARTICLE,
        "news/2020/IMG 2034.jpg": photo_files.jpeg((1200, 900)),
        "news/2020/Côte d'Ivoire forum.jpg": photo_files.jpeg((1200, 900), colour="teal"),
    }
    output = build_tiny_site(folder, files, PHOTOS_CACHE_PATH=str(folder / "photo-cache"))
    port = free_port()
    with serve(output, port):
        yield f"http://127.0.0.1:{port}"


def test_a_phone_loads_the_small_webp_of_photos_named_with_spaces_and_accents(
    browser, odd_names_site
):
    seen = images_before_scrolling(browser, odd_names_site + ODD_NAMES_PATH, 375)
    names = [url.rsplit("/", 1)[1] for url in seen["files"]]
    assert names == ["cote-divoire-forum-480.webp", "img-2034-480.webp"], seen["files"]
    assert seen["bytes"] > 0
