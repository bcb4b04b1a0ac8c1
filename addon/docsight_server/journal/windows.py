"""An incident's time window: its local calendar dates as epoch seconds.

The timeline uses the server's local zone. Retention runs inside the snapshot transaction and
knows no zone, so it keeps the window as seen from every zone on Earth (UTC-12 to UTC+14):
a little more than the local window, never less.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from ..timeutil import now_epoch
from .repository.incidents import dated_incidents

DAY = 86400
#: The timeline covers at most this much (the newest part of a longer incident).
MAX_TIMELINE_DAYS = 90
#: The earliest and latest offsets from UTC any zone has.
_EASTMOST_S = 14 * 3600
_WESTMOST_S = 12 * 3600


def _midnight(day: date, zone: ZoneInfo) -> int:
    return int(datetime.combine(day, time(), zone).timestamp())


def local_window(
    start_date: str, end_date: str | None, zone: ZoneInfo, now: int
) -> tuple[int, int]:
    """Return [start, end] epoch seconds: start_date 00:00 to end_date 24:00 (no end: today)."""
    first = date.fromisoformat(start_date)
    last = date.fromisoformat(end_date) if end_date else datetime.fromtimestamp(now, zone).date()
    return _midnight(first, zone), _midnight(last + timedelta(days=1), zone) - 1


def timeline_window(start: int, end: int) -> tuple[int, int, bool]:
    """Return the window cut to its newest MAX_TIMELINE_DAYS days, and whether it was cut."""
    if end - start + 1 <= MAX_TIMELINE_DAYS * DAY:
        return start, end, False
    return end - MAX_TIMELINE_DAYS * DAY + 1, end, True


def any_zone_window(start_date: str, end_date: str | None, now: int) -> tuple[int, int]:
    """Return [start, end] covering the dates' local window in every zone (no end: up to now)."""
    first = date.fromisoformat(start_date)
    start = _midnight(first, ZoneInfo("UTC")) - _EASTMOST_S
    if not end_date:
        return start, now
    last = date.fromisoformat(end_date) + timedelta(days=1)
    return start, _midnight(last, ZoneInfo("UTC")) + _WESTMOST_S - 1


async def incident_keep_windows(connection: AsyncConnection) -> list[tuple[int, int]]:
    """Return the windows retention keeps: every dated incident's [start_date, end_date or now]."""
    now = now_epoch()
    windows = []
    for start_date, end_date in await dated_incidents(connection):
        try:
            start, end = any_zone_window(start_date, end_date, now)
        except ValueError:  # a date written past the API: it must not stop the snapshot save
            continue
        if start <= end:
            windows.append((start, end))
    return windows
