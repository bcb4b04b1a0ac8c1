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


_CLOCK_TEXT: dict[int, str] = {}
_CLOCK_CACHE_LIMIT = 20_000


def _clock_text(second_of_day: int) -> str:
    text = _CLOCK_TEXT.get(second_of_day)
    if text is None:
        if len(_CLOCK_TEXT) >= _CLOCK_CACHE_LIMIT:
            _CLOCK_TEXT.clear()
        hour, rest = divmod(second_of_day, 3600)
        text = _CLOCK_TEXT[second_of_day] = f"T{hour:02d}:{rest // 60:02d}:{rest % 60:02d}Z"
    return text


def iso_utc_many(epochs: list[int]) -> list[str]:
    """Format many epoch seconds at once (dates and clock times are cached; polls repeat)."""
    days: dict[int, str] = {}
    out = []
    for epoch in epochs:
        day, second = divmod(int(epoch), 86400)
        date = days.get(day)
        if date is None:
            date = days[day] = time.strftime("%Y-%m-%d", time.gmtime(day * 86400))
        out.append(date + _clock_text(second))
    return out


def parse_timestamp(text: str) -> int:
    """Parse ISO 8601 (Z, an offset, or naive meaning UTC) into epoch seconds; ValueError if bad."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp())
