"""Read a photo with Pillow and publish it as a few widths, upright and without metadata.

Two steps with one source of truth for sizes: ``probe`` reads only the file's header
(format, size, orientation, transparency) so the build can write width/height and
srcset while reading the content; ``encode`` decodes the pixels, turns them upright,
strips every piece of metadata and writes each width as WebP plus a JPEG (or PNG when
the photo has transparency) fallback. ``variant_sizes`` is used by both, so the HTML
and the files always agree.

Every output is a pure function of the source bytes and the settings: no timestamps,
no metadata, fixed encoder options, so two builds give the same bytes.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

# EXIF orientations 5-8 swap width and height (the photo was taken on its side).
SIDEWAYS_ORIENTATIONS = {5, 6, 7, 8}
ORIENTATION_TAG = 0x0112
# The brands phones write at byte 4 of HEIC/HEIF files, for a helpful message.
HEIF_BRANDS = (b"ftypheic", b"ftypheix", b"ftyphevc", b"ftypmif1", b"ftypmsf1", b"ftypavif")
# Fixed encoder options: part of the cache key, so changing one re-encodes everything.
# method 2: about a third of the time of the default 4 for some 4% more bytes.
WEBP_OPTIONS = {"quality": 72, "method": 2}
JPEG_OPTIONS = {"quality": 78, "optimize": True, "progressive": True}
PNG_OPTIONS = {"optimize": True}
SRGB = ImageCms.createProfile("sRGB")


class UnreadablePhoto(Exception):
    """The file cannot be published as a photo; the message says why and what to do."""


@dataclass(frozen=True)
class Probe:
    """What the header says: enough to write the HTML before any pixel is decoded."""

    width: int  # upright, after the orientation tag is applied
    height: int
    transparent: bool

    @property
    def fallback_format(self) -> str:
        return "png" if self.transparent else "jpg"


def variant_sizes(width: int, height: int, widths: tuple[int, ...]) -> list[tuple[int, int]]:
    """The (width, height) of each published copy: the chosen widths narrower than the
    photo, and the photo's own width when it is narrower than the widest; never larger."""
    chosen = sorted({w for w in widths if w < width} | {min(width, max(widths))})
    return [(w, max(1, round(height * w / width))) for w in chosen]


def _transparent(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info


def _explain_unidentified(path: Path) -> str:
    with open(path, "rb") as handle:
        head = handle.read(12)
    if head[4:12] in HEIF_BRANDS:
        return (
            "is a HEIC/HEIF photo, which the site cannot publish; "
            "save it as JPEG (most phones can: Settings > Camera > Formats > Most Compatible)"
        )
    return "is not an image the site can read; export it as JPEG or PNG and link that file"


def probe(path: Path, max_pixels: int) -> Probe:
    """Read the header of the photo at ``path``; raise UnreadablePhoto if it cannot be one."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise UnreadablePhoto(_too_large(width, height, max_pixels))
                orientation = image.getexif().get(ORIENTATION_TAG, 1)
                transparent = _transparent(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnreadablePhoto(_too_large(0, 0, max_pixels)) from None
    except UnidentifiedImageError:
        raise UnreadablePhoto(_explain_unidentified(path)) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise UnreadablePhoto(f"cannot be read ({error}); export it again as JPEG") from None
    if orientation in SIDEWAYS_ORIENTATIONS:
        width, height = height, width
    return Probe(width, height, transparent)


def _too_large(width: int, height: int, max_pixels: int) -> str:
    size = f"{width}x{height} pixels" if width else "too many pixels"
    return (
        f"is {size}, more than the {max_pixels:,} the site accepts "
        "(it could be a decompression bomb); resize it to at most 4000 pixels wide"
    )


def _to_publishable_mode(image: Image.Image) -> Image.Image:
    """RGB, or RGBA when the photo has transparency: what WebP, JPEG and PNG all take.

    Colour profiles are applied (to sRGB) before they are dropped, so colours stay right.
    """
    icc = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit greyscale: keep the top 8 bits rather than clipping at 255.
        image = image.point(lambda value: value / 256).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    target = "RGBA" if _transparent(image) else "RGB"
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            output_mode = target if image.mode != "L" else "RGB"
            if image.mode == "CMYK" or (image.mode == "L" and target == "RGB"):
                image = ImageCms.profileToProfile(image, source, SRGB, outputMode=output_mode)
            elif image.mode == target:
                image = ImageCms.profileToProfile(image, source, SRGB, outputMode=target)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: use the pixels as they are
    if image.mode != target:
        image = image.convert(target)
    return image


@contextlib.contextmanager
def _refuse_truncated() -> Iterator[None]:
    """Decode with Pillow's default of refusing a cut-short file, whatever another
    library (WeasyPrint sets LOAD_TRUNCATED_IMAGES for its own images) has set."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def upright_pixels(path: Path, max_pixels: int, largest: int) -> Image.Image:
    """The first frame of the photo, decoded, upright and in RGB/RGBA, metadata gone."""
    try:
        with warnings.catch_warnings(), _refuse_truncated():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.size[0] * image.size[1] > max_pixels:
                    raise UnreadablePhoto(_too_large(*image.size, max_pixels))
                if image.format == "JPEG":
                    # Decode at 1/2, 1/4 or 1/8 scale when the widest copy still fits:
                    # several times faster for camera photos. The widest copy's width
                    # is the stored height when the photo was taken on its side.
                    sideways = image.getexif().get(ORIENTATION_TAG, 1) in SIDEWAYS_ORIENTATIONS
                    image.draft(image.mode, (1, largest) if sideways else (largest, 1))
                image.seek(0)  # animated GIF/WebP: the first frame
                image.load()
                upright = ImageOps.exif_transpose(image)
                pixels = _to_publishable_mode(upright)
    except UnreadablePhoto:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnreadablePhoto(_too_large(0, 0, max_pixels)) from None
    except UnidentifiedImageError:
        raise UnreadablePhoto(_explain_unidentified(path)) from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise UnreadablePhoto(
            f"is damaged or incomplete ({error}); copy or export it again"
        ) from None
    # Nothing of the original's metadata (EXIF, XMP, IPTC, ICC, comments) goes on.
    pixels.info = {}
    return pixels


def check_decodes(path: Path, max_pixels: int) -> None:
    """Decode the photo at ``path`` as ``encode`` will, at the smallest size its format
    allows, and raise UnreadablePhoto if that fails (a file cut short, a damaged one).

    Run before the build reports problems, so `invoke check` names a damaged photo
    without encoding anything; a JPEG decodes at an eighth of its size, which reads
    every byte of it for a fraction of the time of a full decode.
    """
    upright_pixels(path, max_pixels, 1)


def encode_image(image: Image.Image, kind: str, **options) -> bytes:
    """``image`` as "webp", "jpg" or "png" bytes, with the fixed options (``options``
    override them) and no metadata."""
    buffer = io.BytesIO()
    if kind == "webp":
        image.save(buffer, "WEBP", exif=b"", xmp=b"", icc_profile=b"", **WEBP_OPTIONS | options)
    elif kind == "jpg":
        image.save(buffer, "JPEG", exif=b"", icc_profile=None, **JPEG_OPTIONS | options)
    else:
        image.save(buffer, "PNG", **PNG_OPTIONS | options)
    return buffer.getvalue()


def encode(path: Path, widths: tuple[int, ...], max_pixels: int) -> tuple[Probe, dict[str, bytes]]:
    """Every published copy of the photo at ``path``: {"480.webp": bytes, "480.jpg": ...}."""
    pixels = upright_pixels(path, max_pixels, max(widths))
    # The header-only probe and the decoded pixels agree on the upright size, except
    # after a JPEG draft; sizes come from the probe's full size.
    full = probe(path, max_pixels)
    result = Probe(full.width, full.height, pixels.mode == "RGBA")
    files: dict[str, bytes] = {}
    for width, height in variant_sizes(full.width, full.height, widths):
        if pixels.size == (width, height):
            sized = pixels
        else:
            sized = pixels.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        files[f"{width}.webp"] = encode_image(sized, "webp")
        files[f"{width}.{result.fallback_format}"] = encode_image(sized, result.fallback_format)
    return result, files
