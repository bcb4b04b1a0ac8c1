"""URL-safe base64 without padding, as used in password hashes and cookies."""

from __future__ import annotations

import base64


def b64encode(data: bytes) -> str:
    """Encode bytes as unpadded URL-safe base64."""
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64decode(text: str) -> bytes:
    """Decode unpadded URL-safe base64 (raises ValueError when malformed)."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
