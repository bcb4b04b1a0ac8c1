"""Time windows of the data routes: rolling ranges (1h…90d) and legacy local days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

RANGES = {
    "1h": 3600,
    "6h": 6 * 3600,
    "1d": 86400,
    "2d": 2 * 86400,
    "3d": 3 * 86400,
    "7d": 7 * 86400,
    "30d": 30 * 86400,
    "90d": 90 * 86400,
}
LEGACY_DAYS = {"day": 1, "week": 7, "month": 30}
ROLLING_RANGE_ERROR = "Invalid range (use 1h, 6h, 1d, 2d, 3d, 7d, 30d, 90d)"
RANGE_ERROR = "Invalid range (use 1h, 6h, 1d, 2d, 3d, 7d, 30d, 90d or day, week, month)"


class WindowError(ValueError):
    """A range or date the caller sent is not valid."""


def zone(name: str) -> ZoneInfo:
    """Return the zone for a name, UTC when empty or unknown."""
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def rolling(range_name: str, now: int) -> tuple[int, int]:
    """Return [now - range, now] for a normalized range name."""
    seconds = RANGES.get(range_name)
    if seconds is None:
        raise WindowError(ROLLING_RANGE_ERROR)
    return now - seconds, now


def local_days(days: int, last_day: date, tz: ZoneInfo) -> tuple[int, int]:
    """Return the epoch span of `days` local calendar days ending with `last_day`."""
    try:
        first = datetime.combine(last_day - timedelta(days=days - 1), time.min, tz)
        end = datetime.combine(last_day + timedelta(days=1), time.min, tz)
        return int(first.timestamp()), int(end.timestamp()) - 1
    except (OverflowError, ValueError) as err:  # the window leaves the calendar (9999-12-31)
        raise WindowError("date is too close to the ends of the calendar") from err


def legacy(range_name: str, date_text: str | None, now: int, tz: ZoneInfo) -> tuple[int, int]:
    """Return the span of a legacy day/week/month view ending on `date` (default today)."""
    if date_text:
        try:
            last_day = date.fromisoformat(date_text)
        except ValueError as err:
            raise WindowError("date must be YYYY-MM-DD") from err
    else:
        last_day = datetime.fromtimestamp(now, tz).date()
    return local_days(LEGACY_DAYS[range_name], last_day, tz)


def window(range_name: str, date_text: str | None, now: int, tz: ZoneInfo) -> tuple[int, int]:
    """Return the [start, end] epoch span for a trends-style range parameter."""
    if range_name in LEGACY_DAYS:
        return legacy(range_name, date_text, now, tz)
    if range_name not in RANGES:
        raise WindowError(RANGE_ERROR)
    return rolling(range_name, now)
