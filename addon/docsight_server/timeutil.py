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
