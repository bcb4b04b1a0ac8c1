"""What an uploaded file is, told from its bytes (magic numbers), never from its name."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FileType:
    """An accepted attachment type: its MIME type and the extension of its stored file."""

    mime_type: str
    extension: str


PNG = FileType("image/png", "png")
JPEG = FileType("image/jpeg", "jpg")
GIF = FileType("image/gif", "gif")
WEBP = FileType("image/webp", "webp")
PDF = FileType("application/pdf", "pdf")
TEXT = FileType("text/plain", "txt")
ACCEPTED = (PNG, JPEG, GIF, WEBP, PDF, TEXT)
#: Control bytes no text file holds (tab, line feed, form feed and carriage return are text).
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")

_SIGNATURES: tuple[tuple[bytes, FileType], ...] = (
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"%PDF-", PDF),
)


def detect_type(data: bytes) -> FileType | None:
    """Return the accepted type of `data`, or None (text: valid UTF-8 without control bytes)."""
    for signature, file_type in _SIGNATURES:
        if data.startswith(signature):
            return file_type
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if not data or _CONTROL_BYTES.search(data):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return TEXT


def by_extension(extension: str) -> FileType | None:
    """Return the accepted type whose stored files end in `extension`."""
    return next((kind for kind in ACCEPTED if kind.extension == extension), None)
