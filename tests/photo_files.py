"""Photos made at test time with Pillow: the kinds of files editors will really bring."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter

ORIENTATION = 0x0112
GPS_IFD = 0x8825
CAMERA_SERIAL = 0xA431


def _save(image: Image.Image, kind: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def gradient(size: tuple[int, int]) -> Image.Image:
    """Something with detail to compress, like a photo, but quick to make."""
    red = Image.linear_gradient("L").resize(size)
    green = Image.linear_gradient("L").rotate(90).resize(size)
    blue = Image.effect_noise(size, 40).convert("L")
    return Image.merge("RGB", (red, green, blue))


def jpeg(size: tuple[int, int] = (640, 480), colour: str | None = None) -> bytes:
    image = Image.new("RGB", size, colour) if colour else gradient(size)
    return _save(image, "JPEG", quality=90)


def phone_jpeg(size: tuple[int, int] = (640, 480)) -> bytes:
    """A phone photo taken on its side: stored landscape, red on top and blue below, with
    orientation 6 (turn 90 degrees clockwise to view), a GPS position, a camera serial
    number, an XMP packet and a comment."""
    width, height = size
    image = Image.new("RGB", size, "blue")
    ImageDraw.Draw(image).rectangle((0, 0, width, height // 2), fill="red")
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 12"
    exif.get_ifd(0x8769)[CAMERA_SERIAL] = "SERIAL-123456"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "S"
    gps[2] = (8.0, 39.0, 0.0)
    gps[3] = "E"
    gps[4] = (115.0, 13.0, 0.0)
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b"<dc:creator>Jane Photographer</dc:creator></x:xmpmeta>"
    )
    return _save(image, "JPEG", exif=exif.tobytes(), xmp=xmp, comment=b"Taken by Jane")


def transparent_png(size: tuple[int, int] = (300, 200)) -> bytes:
    """A logo-like PNG: left half fully transparent."""
    image = Image.new("RGBA", size, (0, 80, 160, 255))
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 2, size[1]), fill=(0, 0, 0, 0))
    return _save(image, "PNG")


def cmyk_jpeg(size: tuple[int, int] = (320, 240)) -> bytes:
    """A print-ready file as a designer might send it."""
    return _save(Image.new("CMYK", size, (0, 100, 200, 0)), "JPEG")


def sixteen_bit_png(size: tuple[int, int] = (200, 100)) -> bytes:
    return _save(Image.linear_gradient("L").resize(size).convert("I;16"), "PNG")


def animated_gif(size: tuple[int, int] = (120, 90)) -> bytes:
    frames = [Image.new("P", size, index) for index in (10, 200)]
    return _save(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)


def truncated_jpeg() -> bytes:
    whole = jpeg((640, 480))
    return whole[: len(whole) // 2]


def text_as_jpeg() -> bytes:
    return b"This is the caption Word document, saved with the wrong name.\n" * 10


def heic_like() -> bytes:
    """The first bytes of an iPhone HEIC photo (Pillow cannot read HEIC)."""
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


def busy_photo(size: tuple[int, int] = (4000, 3000), seed: int = 1) -> bytes:
    """A camera-sized JPEG with the edges and texture of a real scene (people, chairs,
    banners), so it compresses like a photo rather than like a flat colour."""
    rng = random.Random(seed)
    image = gradient(size)
    draw = ImageDraw.Draw(image)
    width, height = size
    for _ in range(400):
        x, y = rng.randrange(width), rng.randrange(height)
        w, h = rng.randrange(20, width // 6), rng.randrange(20, height // 6)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x, y, x + w, y + h), fill=colour)
    texture = Image.effect_noise(size, 30).convert("RGB")
    image = Image.blend(image, texture, 0.15).filter(ImageFilter.GaussianBlur(1.2))
    return _save(image, "JPEG", quality=90)
