"""Compressed JSON blobs for the cold columns (snapshot extras and raw driver payloads)."""

from __future__ import annotations

import re
import zlib
from typing import Any

import orjson

MAX_RAW_BYTES = 512 * 1024
REDACTED = "[REDACTED]"
_SENSITIVE = re.compile(r"authorization|cookie|csrf|key|password|secret|session|token", re.I)


def pack(value: Any) -> bytes | None:
    """Return zlib-compressed JSON for a value (None stays None)."""
    if value is None:
        return None
    return zlib.compress(orjson.dumps(value), 6)


def unpack(blob: bytes | None) -> Any:
    """Return the value packed by `pack` (None for no blob)."""
    if blob is None:
        return None
    return orjson.loads(zlib.decompress(blob))


def redact(value: Any) -> Any:
    """Return a copy with the values of credential-looking keys replaced."""
    if isinstance(value, dict):
        return {
            key: REDACTED if _SENSITIVE.search(str(key)) else redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(item) for item in value]
    return value


def pack_raw(payload: Any) -> bytes | None:
    """Return the redacted, compressed driver payload, or None when it is too big or not JSON."""
    if payload is None:
        return None
    try:
        encoded = orjson.dumps(redact(payload))
    except TypeError:
        return None
    if len(encoded) > MAX_RAW_BYTES:
        return None
    return zlib.compress(encoded, 6)
