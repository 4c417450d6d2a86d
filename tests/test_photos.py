"""Photos and other static files in a tiny site: they build, and readers get what they should."""

from __future__ import annotations

import io

from PIL import Image

from tests.tiny_site import build_tiny_site


def jpeg_bytes(size: tuple[int, int] = (64, 48), colour: str = "teal") -> bytes:
    """A small JPEG, made now rather than kept in the repository."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


# A PDF a reader can open: one empty page, as small as the format allows.
PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""

ARTICLE = """\
Title: A forum with photos
Date: 2020-03-04
Summary: A forum, with its photo and report.

![Delegates at the forum]({attach}forum.jpg)

[The report]({static}/static/docs/report.pdf)
"""


def test_a_site_with_a_photo_a_pdf_and_an_attached_photo_builds(tmp_path):
    output = build_tiny_site(
        tmp_path,
        {
            "news/2020/forum.md": ARTICLE,
            "news/2020/forum.jpg": jpeg_bytes(),
            "static/images/banner.jpg": jpeg_bytes(colour="navy"),
            "static/docs/report.pdf": PDF,
        },
    )
    assert (output / "news/2020/forum/index.html").exists()
    assert (output / "static/docs/report.pdf").read_bytes() == PDF
