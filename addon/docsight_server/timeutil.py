"""UTC time helpers: the server stores epoch seconds and speaks ISO 8601 with a Z suffix."""

from __future__ import annotations

import time
from datetime import UTC, datetime


def now_epoch() -> int:
    """Return the current time as whole epoch seconds."""
    return int(time.time())


def iso_utc(epoch: float | None) -> str | None:
    """Format epoch seconds as ISO 8601 UTC with a Z suffix (None stays None)."""
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(value: str) -> int:
    """Parse ISO 8601 with Z, an offset or no zone (meaning UTC) into epoch seconds."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp())
