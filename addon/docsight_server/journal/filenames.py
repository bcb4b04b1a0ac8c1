"""Client file names: kept only as display text, and written back as a safe download header."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

MAX_FILENAME_CHARS = 255
FALLBACK_NAME = "attachment"


def display_filename(raw: str | None) -> str:
    """Return the name a client sent, reduced to display text: no folders, no control marks."""
    text = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(char for char in text if unicodedata.category(char)[0] != "C")
    name = kept.strip().strip(".").strip()
    return name[:MAX_FILENAME_CHARS] or FALLBACK_NAME


def _ascii_fallback(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    safe = "".join(
        char if char.isprintable() and char not in '"\\;' else "_" for char in folded
    ).strip()
    return safe or FALLBACK_NAME


def content_disposition(name: str) -> str:
    """Return an `attachment` header for a stored display name (RFC 6266 with RFC 5987)."""
    clean = display_filename(name)
    return (
        f'attachment; filename="{_ascii_fallback(clean)}"; '
        f"filename*=UTF-8''{quote(clean, safe='')}"
    )
