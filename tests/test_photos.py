"""Photos in a tiny site: they build, readers get small upright copies without metadata,
and every bad photo stops the build with one line naming the article, line and file."""

from __future__ import annotations

import fcntl
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from PIL import Image

from rso_plugins.content_problems import CheckFinished, ContentProblems
from rso_plugins.photos.cache import LOCK_NAME
from sitetools.build import PUBLISH_SETTINGS
from tests import photo_files
from tests.nu_checker import run_nu_checker
from tests.test_search_index import indexed_pages
from tests.tiny_site import DEFAULT_FILES, build_tiny_site, tiny_settings, write_files

# A PDF a reader can open: one empty page, as small as the format allows.
PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""
ARTICLE_PAGE = "news/2020/forum/index.html"


def article(body: str, *fields: str) -> str:
    head = ["Title: A forum", "Date: 2020-03-04", "Summary: A forum in March.", *fields]
    return "\n".join(head) + "\n\n" + body.strip() + "\n"


def build(tmp_path: Path, files: dict, **settings) -> Path:
    """Build with the photo cache in the test's own folder."""
    settings.setdefault("PHOTOS_CACHE_PATH", str(tmp_path / "photo-cache"))
    return build_tiny_site(tmp_path, files, **settings)


def page(output: Path, name: str = ARTICLE_PAGE) -> BeautifulSoup:
    return BeautifulSoup((output / name).read_text(encoding="utf-8"), "html.parser")


def problems_of(tmp_path: Path, files: dict, **settings) -> list[str]:
    """The build's problem lines; the build must stop before writing any page."""
    with pytest.raises(ContentProblems) as stopped:
        build(tmp_path, files, **settings)
    assert not (tmp_path / "output" / ARTICLE_PAGE).exists()
    return str(stopped.value).splitlines()


def published_images(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.suffix in {".webp", ".jpg", ".png", ".gif"}
    }


# Static files and attachments ----------------------------------------------------


def test_a_site_with_a_photo_a_pdf_and_an_attached_photo_builds(tmp_path):
    output = build(
        tmp_path,
        {
            "news/2020/forum.md": article(
                "![Delegates at the forum]({attach}forum.jpg)\n\n"
                "[The report]({static}/static/docs/report.pdf)"
            ),
            "news/2020/forum.jpg": photo_files.jpeg(),
            "static/images/banner.jpg": photo_files.jpeg(colour="navy"),
            "static/docs/report.pdf": PDF,
        },
    )
    assert (output / ARTICLE_PAGE).exists()
    assert (output / "static/docs/report.pdf").read_bytes() == PDF
    # A photo no article shows stays a plain static file.
    assert (output / "static/images/banner.jpg").exists()


# Responsive copies -----------------------------------------------------------------


def test_a_photo_becomes_a_picture_of_small_webp_and_jpeg_copies(tmp_path):
    output = build(
        tmp_path,
        {
            "news/2020/forum.md": article("![Delegates at the forum]({attach}forum.jpg)"),
            "news/2020/forum.jpg": photo_files.jpeg((2000, 1500)),
        },
    )
    picture = page(output).find("picture")
    source, img = picture.find("source"), picture.find("img")
    assert source["type"] == "image/webp"
    webp = [part.split()[0] for part in source["srcset"].split(", ")]
    assert webp == [f"/news/2020/forum/forum-{w}.webp" for w in (480, 960, 1600)]
    assert img["src"] == "/news/2020/forum/forum-960.jpg"
    assert "480w" in img["srcset"] and img["sizes"] == source["sizes"]
    assert (img["width"], img["height"]) == ("1600", "1200")
    assert img["alt"] == "Delegates at the forum"
    for width in (480, 960, 1600):
        with Image.open(output / f"news/2020/forum/forum-{width}.webp") as copy:
            assert copy.format == "WEBP" and copy.size == (width, width * 3 // 4)
        with Image.open(output / f"news/2020/forum/forum-{width}.jpg") as copy:
            assert copy.format == "JPEG" and copy.size == (width, width * 3 // 4)
    # The camera original is not published anywhere.
    assert not list(output.rglob("forum.jpg"))


def test_a_small_photo_is_never_enlarged(tmp_path):
    output = build(
        tmp_path,
        {
            "news/2020/forum.md": article("![A small photo]({static}/static/images/small.jpg)"),
            "static/images/small.jpg": photo_files.jpeg((700, 350)),
        },
    )
    img = page(output).find("img")
    assert img["srcset"] == ("/static/images/small-480.jpg 480w, /static/images/small-700.jpg 700w")
    assert (img["width"], img["height"]) == ("700", "350")
    assert not (output / "static/images/small.jpg").exists()


def test_the_first_photo_loads_at_once_and_the_others_lazily(tmp_path):
    output = build(
        tmp_path,
        {
            "news/2020/forum.md": article(
                "![First]({attach}a.jpg)\n\nText.\n\n![Second]({attach}b.jpg)"
            ),
            "news/2020/a.jpg": photo_files.jpeg(),
            "news/2020/b.jpg": photo_files.jpeg(colour="olive"),
        },
    )
    first, second = page(output).select("main img")
    assert not first.has_attr("loading") and first["fetchpriority"] == "high"
    assert second["loading"] == "lazy"


def test_a_caption_makes_a_figure_and_a_decorative_image_has_empty_alt(tmp_path):
    output = build(
        tmp_path,
        {
            "news/2020/forum.md": article(
                '![Delegates at the forum]({attach}forum.jpg "The forum opens in Bali")\n\n'
                "![]({attach}rule.png){.decorative}"
            ),
            "news/2020/forum.jpg": photo_files.jpeg(),
            "news/2020/rule.png": photo_files.transparent_png(),
        },
    )
    main = page(output).find("main")
    figure = main.find("figure", class_="photo")
    assert figure.find("figcaption").get_text() == "The forum opens in Bali"
    assert figure.find("img")["alt"] == "Delegates at the forum"
    assert not figure.find("img").has_attr("title")
    decorative = main.find("img", class_="decorative")
    assert decorative["alt"] == ""


def test_a_page_shows_its_photos_the_same_way(tmp_path):
    output = build(
        tmp_path,
        {
            "pages/about.md": "Title: About\nSummary: Us.\n\n![The office]({attach}office.jpg)\n",
            "pages/office.jpg": photo_files.jpeg(),
        },
    )
    img = page(output, "about/index.html").find("main").find("img")
    assert img["src"] == "/about/office-640.jpg" and img["alt"] == "The office"
    assert (output / "about/office-640.webp").exists()


# Private and upright ------------------------------------------------------------------


def test_a_phone_photo_is_turned_upright_and_loses_every_metadata(tmp_path):
    output = build(
        tmp_path,
        {
            "news/2020/forum.md": article("![The venue]({attach}phone.jpg)"),
            "news/2020/phone.jpg": photo_files.phone_jpeg((640, 480)),
        },
    )
    img = page(output).find("img")
    assert (img["width"], img["height"]) == ("480", "640")  # portrait, as it was taken
    copies = published_images(output)
    assert len(copies) == 2  # 480 wide, WebP and JPEG
    for name, data in copies.items():
        for secret in (b"Exif", b"SERIAL-123456", b"PhoneMaker", b"Jane", b"xmpmeta", b"ICC"):
            assert secret not in data, (name, secret)
        with Image.open(io.BytesIO(data)) as copy:
            assert copy.size == (480, 640)
            assert not copy.getexif()
            assert not {"exif", "xmp", "icc_profile", "comment"} & set(copy.info)
            rgb = copy.convert("RGB")
            # Stored with red on top; turned clockwise, red is on the right.
            right, left = rgb.getpixel((440, 320)), rgb.getpixel((40, 320))
            assert right[0] > 200 and right[2] < 60, name
            assert left[2] > 200 and left[0] < 60, name


@pytest.mark.parametrize(
    ("name", "data", "fallback"),
    [
        ("logo.png", photo_files.transparent_png(), "png"),
        ("print.jpg", photo_files.cmyk_jpeg(), "jpg"),
        ("scan.png", photo_files.sixteen_bit_png(), "jpg"),
        ("moving.gif", photo_files.animated_gif(), "jpg"),
    ],
)
def test_every_colour_mode_is_published(tmp_path, name, data, fallback):
    output = build(
        tmp_path,
        {
            "news/2020/forum.md": article(f"![Something to see]({{attach}}{name})"),
            f"news/2020/{name}": data,
        },
    )
    img = page(output).find("img")
    assert img["src"].endswith("." + fallback)
    with Image.open(output / img["src"].lstrip("/")) as copy:
        assert copy.mode in ({"RGBA"} if fallback == "png" else {"RGB"})
        if name == "logo.png":
            assert copy.getpixel((10, 10))[3] == 0  # the transparent half stays so
        if name == "moving.gif":
            assert not getattr(copy, "is_animated", False)  # the first frame, still
    with Image.open(output / img["src"].lstrip("/").replace("." + fallback, ".webp")) as webp:
        assert webp.format == "WEBP"


# Bad photos -------------------------------------------------------------------------


def test_a_photo_without_alt_text_stops_the_build(tmp_path):
    lines = problems_of(
        tmp_path,
        {
            "news/2020/forum.md": article("Some text.\n\n![]({attach}forum.jpg)"),
            "news/2020/forum.jpg": photo_files.jpeg(),
        },
    )
    assert len(lines) == 1
    assert lines[0].endswith("news/2020/forum.md:7: image has no alt text; describe what it shows")


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("cut.jpg", photo_files.truncated_jpeg(), "is damaged or incomplete"),
        ("notes.jpg", photo_files.text_as_jpeg(), "is not an image the site can read"),
        ("iphone.heic", photo_files.heic_like(), "is a HEIC/HEIF photo"),
    ],
)
def test_a_file_that_is_not_a_readable_photo_stops_the_build(tmp_path, name, data, says):
    lines = problems_of(
        tmp_path,
        {
            "news/2020/forum.md": article(f"Text.\n\n![The venue]({{attach}}{name})"),
            f"news/2020/{name}": data,
        },
    )
    assert len(lines) == 1
    assert re.search(
        rf"news/2020/forum\.md:7: image \S*news/2020/{re.escape(name)} {says}", lines[0]
    )


def test_a_photo_with_too_many_pixels_stops_the_build(tmp_path):
    lines = problems_of(
        tmp_path,
        {
            "news/2020/forum.md": article("![The venue]({attach}huge.jpg)"),
            "news/2020/huge.jpg": photo_files.jpeg((1200, 1000), colour="grey"),
        },
        PHOTOS_MAX_PIXELS=1_000_000,
    )
    assert "huge.jpg is 1200x1000 pixels, more than the 1,000,000" in lines[0]
    assert "decompression bomb" in lines[0]


def test_a_missing_photo_and_a_photo_from_another_site_stop_the_build(tmp_path):
    lines = problems_of(
        tmp_path,
        {
            "news/2020/forum.md": article(
                "![The venue]({attach}venue.jpg)\n\n![A logo](https://example.org/logo.png)"
            ),
        },
    )
    assert len(lines) == 2
    assert re.search(r"forum\.md:5: image \{attach\}venue\.jpg not found", lines[0])
    assert re.search(
        r"forum\.md:7: image https://example.org/logo.png is on another site", lines[1]
    )


# Cache and reproducibility ---------------------------------------------------------


def cache_state(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_mtime_ns
        for path in folder.rglob("*")
        if path.is_file() and path.name not in ("index.json", LOCK_NAME)
    }


def test_a_rebuild_encodes_nothing_and_two_builds_give_the_same_bytes(tmp_path):
    files = {
        "news/2020/forum.md": article(
            "![The venue]({attach}phone.jpg)\n\n![Logo]({attach}logo.png)"
        ),
        "news/2020/phone.jpg": photo_files.phone_jpeg((1200, 900)),
        "news/2020/logo.png": photo_files.transparent_png(),
    }
    first = build(tmp_path / "one", files)
    cached = cache_state(tmp_path / "one" / "photo-cache")
    # The phone photo, upright 900 px wide, has copies 480 and 900 px wide; the 300 px
    # logo one; each in two formats, with one probe.json per photo.
    assert len(cached) == (2 * 2 + 1) + (1 * 2 + 1)
    (tmp_path / "one" / "output" / ARTICLE_PAGE).unlink()
    build(tmp_path / "one", files)
    assert cache_state(tmp_path / "one" / "photo-cache") == cached
    # A build elsewhere, with a cold cache of its own, gives the same bytes.
    second = build(tmp_path / "two", files)
    assert published_images(first) == published_images(second)
    assert published_images(first)
    # A different photo under the same name is encoded again.
    changed = {**files, "news/2020/logo.png": photo_files.transparent_png((400, 200))}
    third = build(tmp_path / "one", changed)
    assert page(third).find("img", alt="Logo")["width"] == "400"


def test_the_photo_cache_outlives_a_change_that_empties_the_content_cache(tmp_path):
    files = {
        "news/2020/forum.md": article("![The venue]({attach}forum.jpg)"),
        "news/2020/forum.jpg": photo_files.jpeg(),
    }
    caching = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
        "PHOTOS_CACHE_PATH": None,
    }
    build_tiny_site(tmp_path, files, **caching)
    cached = cache_state(tmp_path / "cache" / "photos")
    assert cached
    # Another setting: content_cache_guard starts a new content cache, not a photo cache.
    build_tiny_site(tmp_path, files, **caching, SUMMARY_MAX_LENGTH=20)
    assert cache_state(tmp_path / "cache" / "photos") == cached


# Lead photo ---------------------------------------------------------------------------


def test_a_lead_photo_heads_the_article_lists_and_share_data(tmp_path):
    output = build(
        tmp_path,
        {
            "news/2020/forum.md": article(
                "The forum met.\n\n![A second photo]({attach}hall.jpg)",
                'Image: ![Delegates at the forum]({attach}forum.jpg "The forum opens")',
            ),
            "news/2020/forum.jpg": photo_files.jpeg((2000, 1500)),
            "news/2020/hall.jpg": photo_files.jpeg(colour="maroon"),
        },
        SITEURL="https://example.org",
        RELATIVE_URLS=False,
        SHARE_CARDS=True,
    )
    html = page(output)
    lead = html.select_one("article.article > figure.lead-photo")
    img = lead.find("img")
    assert img["alt"] == "Delegates at the forum" and not img.has_attr("loading")
    assert img["data-pagefind-meta"] == "image[src], image_alt[alt]"
    assert lead.find("figcaption").get_text() == "The forum opens"
    assert html.find("img", alt="A second photo")["loading"] == "lazy"
    meta = {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in html.find_all("meta", content=True)
    }
    # Shared links show a 1200 x 630 crop of it (rso_plugins.share_cards).
    assert re.fullmatch(r"https://example\.org/share/[0-9a-f]+\.jpg", meta["og:image"])
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == "Delegates at the forum"
    assert meta["twitter:image"] == meta["og:image"]
    schema = json.loads(html.find("script", type="application/ld+json").string)
    assert schema["image"]["url"] == "https://example.org/news/2020/forum/forum-1600.jpg"
    for listing in ("news/index.html", "index.html"):
        listed = page(output, listing).select_one("article.summary img.list-photo")
        assert listed["alt"] == "" and listed["loading"] == "lazy", listing
        assert listed["src"].startswith("https://example.org/news/2020/forum/forum-")


def test_search_results_show_the_lead_photo(tmp_path):
    output = build(
        tmp_path,
        {
            "news/2020/forum.md": article(
                "The forum met.", "Image: ![Delegates at the forum]({attach}forum.jpg)"
            ),
            "news/2020/forum.jpg": photo_files.jpeg(),
        },
        SEARCH_INDEX=True,
    )
    meta = indexed_pages(output)["/news/2020/forum/"]["meta"]
    assert meta["image"] == "/news/2020/forum/forum-640.jpg"
    assert meta["image_alt"] == "Delegates at the forum"


def test_a_lead_photo_without_alt_text_stops_the_build(tmp_path):
    lines = problems_of(
        tmp_path,
        {
            "news/2020/forum.md": article("Text.", "Image: ![]({attach}forum.jpg)"),
            "news/2020/forum.jpg": photo_files.jpeg(),
        },
    )
    assert lines == [lines[0]] and lines[0].endswith(
        "forum.md:4: image has no alt text; describe what it shows"
    )


def test_feeds_carry_absolute_image_addresses(tmp_path):
    output = build(
        tmp_path,
        {
            "news/2020/forum.md": article("![The venue]({attach}forum.jpg)"),
            "news/2020/forum.jpg": photo_files.jpeg(),
        },
        settings_file=PUBLISH_SETTINGS,
        SITEURL="https://example.org",
    )
    feed = (output / "feeds/all.atom.xml").read_text(encoding="utf-8")
    attributes = re.findall(r'(?:src|srcset)="([^"]+)"', feed)
    addresses = [part.split()[0] for value in attributes for part in value.split(", ")]
    assert len(addresses) == 5  # <source srcset> 2, <img src> 1, <img srcset> 2
    for address in addresses:
        assert address.startswith("https://example.org/news/2020/forum/forum-"), address


# No style attributes --------------------------------------------------------------


def test_table_alignment_is_written_as_classes(tmp_path):
    output = build(
        tmp_path,
        {
            "news/2020/forum.md": article(
                "| Year | Members | Note |\n|:--|--:|:-:|\n| 2015 | 48 | x |"
            )
        },
    )
    text = (output / ARTICLE_PAGE).read_text(encoding="utf-8")
    assert "style=" not in text
    cells = page(output).select("table td")
    assert [cell.get("class") for cell in cells] == [
        ["align-left"],
        ["align-right"],
        ["align-center"],
    ]


def test_a_cut_short_photo_is_refused_even_after_weasyprint_is_loaded(tmp_path):
    """WeasyPrint (the information sheets) tells Pillow to accept cut-short images;
    the photos must still refuse them."""
    import weasyprint  # noqa: F401  (imported for its side effect on Pillow)

    lines = problems_of(
        tmp_path,
        {
            "news/2020/forum.md": article("![The venue]({attach}cut.jpg)"),
            "news/2020/cut.jpg": photo_files.truncated_jpeg(),
        },
    )
    assert len(lines) == 1 and "is damaged or incomplete" in lines[0]


# File names as cameras and people write them ------------------------------------------

ODD_NAMES_ARTICLE = article(
    "![Delegates at the forum]({attach}IMG 2034.jpg)\n\n"
    "![The delegation of Côte d'Ivoire](Côte d'Ivoire forum.jpg)\n\n"
    "![The hall before the forum]({attach}img-2034.jpg)\n\n"
    "![The office's logo]({static}/static/Logos and maps/RSO logo.png)",
    'Image: ![The forum from the gallery](Côte d\'Ivoire forum.jpg "From the gallery")',
)
ODD_NAMES_FILES = {
    "news/2020/forum.md": ODD_NAMES_ARTICLE,
    "news/2020/IMG 2034.jpg": photo_files.jpeg((1200, 900)),
    "news/2020/Côte d'Ivoire forum.jpg": photo_files.jpeg((1200, 900), colour="teal"),
    "news/2020/img-2034.jpg": photo_files.jpeg((1200, 900), colour="maroon"),
    "static/Logos and maps/RSO logo.png": photo_files.transparent_png(),
}
# What a URL path can hold without escaping.
URL_SAFE = re.compile(r"^[A-Za-z0-9/._~-]+$")


@pytest.fixture(scope="module")
def odd_names_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("odd-names")
    return build(folder, ODD_NAMES_FILES)


def image_addresses(html: BeautifulSoup) -> list[str]:
    """Every address of an image the page names, srcset candidates included."""
    found = []
    for tag in html.select("main img, main source"):
        found += [tag["src"]] if tag.has_attr("src") else []
        found += [part.split()[0] for part in tag.get("srcset", "").split(", ") if part]
    return found


def test_photo_names_with_spaces_and_accents_are_published_under_safe_names(odd_names_site):
    html = page(odd_names_site)
    addresses = image_addresses(html)
    # 4 pictures 1200 px wide (480, 960, 1200: 3 WebP, 3 JPEG, the src) and the logo.
    assert len(addresses) == 4 * 7 + 3
    for address in addresses:
        assert URL_SAFE.match(address), address
        assert (odd_names_site / address.lstrip("/")).is_file(), address
    webp = {img["alt"]: img.find_previous("source")["srcset"] for img in html.select("main img")}
    folder = "/news/2020/forum"
    # img-2034.jpg is already its own slug and keeps it; "IMG 2034.jpg" gets the next name.
    assert webp["The hall before the forum"].startswith(f"{folder}/img-2034-480.webp 480w")
    assert webp["Delegates at the forum"].startswith(f"{folder}/img-2034-2-480.webp 480w")
    assert webp["The delegation of Côte d'Ivoire"].startswith(
        f"{folder}/cote-divoire-forum-480.webp 480w"
    )
    assert webp["The forum from the gallery"] == webp["The delegation of Côte d'Ivoire"]
    assert webp["The office's logo"].startswith("/static/logos-and-maps/rso-logo-300.webp 300w")
    # Two photos, two names: neither replaced the other.
    hall, delegates = (
        odd_names_site / f"news/2020/forum/{n}-480.jpg" for n in ("img-2034", "img-2034-2")
    )
    assert hall.read_bytes() != delegates.read_bytes()
    # The originals, with their names, are published nowhere.
    assert not [p for p in odd_names_site.rglob("*") if " " in p.name or "ô" in p.name]


# The bundled vnu (20.6.30) predates fetchpriority, which HTML has had since 2023 and
# browsers follow; that one message is a validator gap.
VNU_IGNORE = (r'Attribute "fetchpriority" not allowed on element "img"',)


def test_a_page_with_such_photos_passes_the_nu_html_checker(odd_names_site):
    result = run_nu_checker(files=(odd_names_site / ARTICLE_PAGE,), ignore=VNU_IGNORE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_photo_names_do_not_depend_on_the_order_content_is_read(tmp_path, odd_names_site):
    """Another build of the same photos, read in another order, names them the same."""
    files = {
        "news/2020/b-forum.md": ODD_NAMES_ARTICLE.replace("Title: A forum", "Title: B forum"),
        **{name: data for name, data in ODD_NAMES_FILES.items() if name != "news/2020/forum.md"},
        "news/2020/forum.md": ODD_NAMES_ARTICLE,
    }
    again = build(tmp_path, files)
    assert image_addresses(page(again)) == image_addresses(page(odd_names_site))


# A plain name beside the article ----------------------------------------------------------


def test_a_plain_file_name_beside_the_article_works_like_attach(tmp_path):
    output = build(
        tmp_path,
        {
            "news/2020/forum.md": article('![The venue](venue.jpg "The venue in Bali")'),
            "news/2020/attached.md": article(
                '![The venue]({attach}venue.jpg "The venue in Bali")', "Slug: attached"
            ).replace("Title: A forum", "Title: Attached"),
            "news/2020/venue.jpg": photo_files.jpeg((1200, 900)),
        },
    )
    plain = page(output).select_one("main figure.photo")
    attached = page(output, "news/2020/attached/index.html").select_one("main figure.photo")
    assert str(plain).replace("/forum/", "/attached/") == str(attached)
    assert plain.find("figcaption").get_text() == "The venue in Bali"
    assert plain.find("img")["src"] == "/news/2020/forum/venue-960.jpg"
    # One photo shown by two articles: its copies are published beside both.
    for folder in ("forum", "attached"):
        for copy in ("venue-480.webp", "venue-960.jpg", "venue-1200.webp"):
            assert (output / "news/2020" / folder / copy).is_file(), (folder, copy)
    assert not list(output.rglob("venue.jpg"))


def test_a_plain_name_that_is_not_beside_the_article_is_not_found(tmp_path):
    (tmp_path / "outside.jpg").write_bytes(photo_files.jpeg())
    lines = problems_of(
        tmp_path,
        {
            "news/2020/forum.md": article(
                "![The venue](images/venue.jpg)\n\n![A map](/static/images/map.png)\n\n"
                "![A file outside the content](../../../outside.jpg)"
            ),
            "static/images/map.png": photo_files.transparent_png(),
        },
    )
    assert lines[2] == (
        f"{tmp_path}/content/news/2020/forum.md:9: image ../../../outside.jpg not found "
        f"(looked for {tmp_path}/content/../outside.jpg); check the file name"
    )
    assert not list((tmp_path / "output").rglob("outside*"))
    assert lines[:2] == [
        f"{tmp_path}/content/news/2020/forum.md:5: image images/venue.jpg not found (looked "
        f"for {tmp_path}/content/news/2020/images/venue.jpg); check the file name",
        f"{tmp_path}/content/news/2020/forum.md:7: image address /static/images/map.png does "
        "not say where the file is; for a photo beside the article write its name alone, "
        "for one in content/static/ write {static}/static/... with the rest of its path",
    ]


# SVG ------------------------------------------------------------------------------------

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
    b"<script>alert(document.cookie)</script></svg>"
)
SVG_ADVICE = (
    "SVG files are not published, because one can carry a script that would run on the "
    "site's address; export the drawing as PNG (in most drawing programs: Export, PNG, "
    "1600 pixels wide) and use that file"
)


def test_svg_is_refused_wherever_content_names_or_holds_it(tmp_path):
    lines = problems_of(
        tmp_path,
        {
            "news/2020/forum.md": article(
                "![A map of the region]({attach}map.svg)\n\n"
                "![A chart](chart.svg)\n\n"
                "[The route as a drawing]({attach}route.svg)",
                "Image: ![The logo]({static}/static/images/logo.svg)",
            ),
            "news/2020/map.svg": SVG,
            "news/2020/chart.svg": SVG,
            "news/2020/route.svg": SVG,
            "static/images/logo.svg": SVG,
            "static/images/unused.svg": SVG,
        },
    )
    content = f"{tmp_path}/content"
    assert lines == [
        f"{content}/news/2020/forum.md:4: image {{static}}/static/images/logo.svg: {SVG_ADVICE}",
        f"{content}/news/2020/forum.md:6: image {{attach}}map.svg: {SVG_ADVICE}",
        f"{content}/news/2020/forum.md:8: image chart.svg: {SVG_ADVICE}",
        f"{content}/news/2020/route.svg: {SVG_ADVICE}",
        f"{content}/static/images/unused.svg: {SVG_ADVICE}",
    ]


# Messages ---------------------------------------------------------------------------


def test_an_image_in_the_summary_is_refused_with_its_line(tmp_path):
    lines = problems_of(
        tmp_path,
        {
            "news/2020/forum.md": "Title: A forum\nDate: 2020-03-04\n"
            "Summary: The forum met. ![Delegates]({attach}forum.jpg)\n\nText.\n",
            "news/2020/forum.jpg": photo_files.jpeg(),
        },
    )
    assert lines == [
        f"{tmp_path}/content/news/2020/forum.md:3: the Summary has an image, but it is shown "
        "as text in lists, feeds and search results; move the image into the text, or make "
        "it the lead photo with a line 'Image: ![What it shows](photo.jpg)'"
    ]


def test_the_second_use_of_a_photo_without_alt_text_is_named_by_its_own_line(tmp_path):
    lines = problems_of(
        tmp_path,
        {
            "news/2020/forum.md": article(
                "![Delegates at the forum]({attach}forum.jpg)\n\nText.\n\n"
                "![]({attach}forum.jpg)\n\nMore text.\n\n![]({attach}forum.jpg)"
            ),
            "news/2020/forum.jpg": photo_files.jpeg(),
        },
    )
    assert [line.split(": ")[0].rsplit(":", 1)[1] for line in lines] == ["9", "13"]
    assert all(line.endswith("image has no alt text; describe what it shows") for line in lines)


# Nothing encoded before problems are reported ------------------------------------------------


def cache_entries(folder: Path) -> list[str]:
    """The encoded photos a cache folder holds."""
    return sorted(entry.name for entry in folder.glob("??/*") if entry.is_dir())


def test_the_check_decodes_photos_but_encodes_none(tmp_path):
    files = {
        "news/2020/forum.md": article("![The venue]({attach}forum.jpg)\n\n![A cut](cut.jpg)"),
        "news/2020/forum.jpg": photo_files.jpeg(),
        "news/2020/cut.jpg": photo_files.truncated_jpeg(),
    }
    write_files(tmp_path / "content", {**DEFAULT_FILES, **files})
    settings = tiny_settings(tmp_path, CHECK_ONLY=True, PHOTOS_CACHE_PATH=str(tmp_path / "pc"))
    with pytest.raises(CheckFinished) as finished:
        Pelican(settings).run()
    [problem] = [str(found) for found in finished.value.problems]
    assert "forum.md:7: image" in problem and "cut.jpg is damaged or incomplete" in problem
    assert cache_entries(tmp_path / "pc") == []
    assert not (tmp_path / "output").exists()


def test_a_build_with_a_mistake_encodes_nothing(tmp_path):
    problems_of(
        tmp_path,
        {
            "news/2020/forum.md": article("![The venue]({attach}forum.jpg)\n\n![](hall.jpg)"),
            "news/2020/forum.jpg": photo_files.jpeg(),
            "news/2020/hall.jpg": photo_files.jpeg(colour="navy"),
        },
    )
    assert cache_entries(tmp_path / "photo-cache") == []


# The cache forgets ----------------------------------------------------------------------------


def test_the_photo_cache_forgets_photos_that_were_replaced_or_removed(tmp_path):
    cache = tmp_path / "photo-cache"
    for version in range(3):
        output = build(
            tmp_path,
            {
                "news/2020/forum.md": article("![The venue]({attach}forum.jpg)"),
                "news/2020/forum.jpg": photo_files.jpeg((600 + 40 * version, 450)),
            },
        )
        assert page(output).find("img")["width"] == str(600 + 40 * version)
        assert len(cache_entries(cache)) == 1, version
    # Renamed: the old name is forgotten; the same bytes keep their copies.
    before = cache_entries(cache)
    build(
        tmp_path,
        {
            "news/2020/forum.md": article("![The venue]({attach}venue.jpg)"),
            "news/2020/forum.jpg": None,
            "news/2020/venue.jpg": (tmp_path / "content/news/2020/forum.jpg").read_bytes(),
        },
    )
    assert cache_entries(cache) == before
    index = json.loads((cache / "index.json").read_text(encoding="utf-8"))
    assert [Path(name).name for name in index["photos"]] == ["venue.jpg"]
    # No photo left in the content: nothing left in the cache.
    build(tmp_path, {"news/2020/forum.md": article("No photo."), "news/2020/venue.jpg": None})
    assert cache_entries(cache) == []


def test_while_another_build_uses_the_cache_nothing_is_forgotten(tmp_path):
    """A preview and a publish can run side by side on one cache: neither takes away a
    copy the other is about to publish; the first build alone tidies up."""
    cache = tmp_path / "photo-cache"
    files = {
        "news/2020/forum.md": article("![The venue]({attach}forum.jpg)"),
        "news/2020/forum.jpg": photo_files.jpeg((600, 450)),
    }
    build(tmp_path, files)
    first = cache_entries(cache)
    files["news/2020/forum.jpg"] = photo_files.jpeg((640, 450))
    with open(cache / LOCK_NAME) as other_build:
        fcntl.flock(other_build, fcntl.LOCK_SH)
        build(tmp_path, files)
        assert len(cache_entries(cache)) == 2
        assert set(first) < set(cache_entries(cache))
    build(tmp_path, files)
    assert len(cache_entries(cache)) == 1 and not set(first) & set(cache_entries(cache))


def test_a_rebuild_shows_the_new_name_another_photo_gave_a_photo(tmp_path):
    """Names are given per folder: a photo newly shown can move another to a new name,
    and a development rebuild (which leaves unchanged articles alone) writes that
    other article's page again."""
    caching = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    hall = article("No photo yet.", "Slug: hall").replace("Title: A forum", "Title: The hall")
    files = {
        "news/2020/forum.md": article("![The venue]({static}/static/images/IMG 1.jpg)"),
        "news/2020/hall.md": hall,
        "static/images/IMG 1.jpg": photo_files.jpeg(colour="olive"),
        "static/images/img-1.jpg": photo_files.jpeg(colour="purple"),
    }
    output = build(tmp_path, files, **caching)
    assert page(output).find("img")["src"] == "/static/images/img-1-640.jpg"
    shown = hall.replace("No photo yet.", "![The hall]({static}/static/images/img-1.jpg)")
    output = build(tmp_path, {**files, "news/2020/hall.md": shown}, **caching)
    venue = page(output).find("img")["src"]
    hall_photo = page(output, "news/2020/hall/index.html").find("img")["src"]
    assert venue == "/static/images/img-1-2-640.jpg"
    assert hall_photo == "/static/images/img-1-640.jpg"
    with Image.open(output / venue.lstrip("/")) as copy:
        red, green, blue = copy.convert("RGB").getpixel((10, 10))
        assert green > red and green > blue  # olive, not purple
