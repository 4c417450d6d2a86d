"""PDFs made at test time, so no binary is committed: real documents, real damage.

``sample_pdf`` prints a few pages of HTML with WeasyPrint (the library the site prints
its sheets with). ``password_pdf`` is the one kind WeasyPrint cannot make: a tiny PDF
encrypted with the standard security handler (revision 2, RC4 40-bit, the oldest a
reader must support), built here by the book (PDF 1.7, 7.6.3), so the test needs no
extra package only to lock a file. Its page has no content stream, so nothing but the
/Encrypt dictionary needs the cipher.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import struct
import zlib

from PIL import Image
from weasyprint import HTML

# The padding string of the standard security handler (PDF 1.7, 7.6.3.3, step a).
PASSWORD_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def sample_pdf(pages: int = 1, words: str = "", title: str = "Sample document") -> bytes:
    """A PDF of ``pages`` A4 pages; ``words`` is printed on the first page."""
    body = "".join(
        f'<section style="break-after: page"><h1>{title}, page {number}</h1>'
        f"<p>{words if number == 1 else 'More of the document.'}</p></section>"
        for number in range(1, pages + 1)
    )
    html = (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head>"
        f"<body>{body}</body></html>"
    )
    return HTML(string=html).write_pdf()


def scanned_pdf() -> bytes:
    """A one-page PDF that is only a picture, as a scanner makes it: no text layer."""
    picture = io.BytesIO()
    Image.new("L", (400, 560), 235).save(picture, format="PNG")
    source = "data:image/png;base64," + base64.b64encode(picture.getvalue()).decode()
    html = f"<!DOCTYPE html><html lang='en'><body><img src='{source}' alt=''></body></html>"
    return HTML(string=html).write_pdf()


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def password_pdf(user_password: bytes = b"secret", owner_password: bytes = b"owner") -> bytes:
    """A one-page PDF that opens only with ``user_password``."""
    file_id = hashlib.md5(b"rso-test").digest()
    permissions = -4  # every permission bit set
    owner_key = hashlib.md5((owner_password + PASSWORD_PAD)[:32]).digest()[:5]
    owner_entry = _rc4(owner_key, (user_password + PASSWORD_PAD)[:32])
    key = hashlib.md5(
        (user_password + PASSWORD_PAD)[:32] + owner_entry + struct.pack("<i", permissions) + file_id
    ).digest()[:5]
    user_entry = _rc4(key, PASSWORD_PAD)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + owner_entry.hex().encode()
        + b"> /U <"
        + user_entry.hex().encode()
        + b"> /P "
        + str(permissions).encode()
        + b" >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Encrypt 4 0 R "
        f"/ID [<{file_id.hex()}> <{file_id.hex()}>] >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def pdf_dictionaries(data: bytes) -> str:
    """The PDF's objects as text, with compressed object streams opened, for asserting
    on catalog entries (/ViewerPreferences) that no PDF library here reports."""
    parts = [data.decode("latin-1")]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(parts)
