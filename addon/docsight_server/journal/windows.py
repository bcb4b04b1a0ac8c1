"""An incident's time window: its local calendar dates as epoch seconds.

incident_window is the one rule the timeline, the evidence checklist and the incident PDF use
(other features may import it, as they may journal/schema.py). Retention runs inside the
snapshot transaction and knows no zone, so it keeps the window as seen from every zone on
Earth (UTC-12 to UTC+14): a little more than the local window, never less.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from ..timeutil import now_epoch
from .repository.incidents import dated_incidents

DAY = 86400
#: An incident window covers at most this much (the newest part of a longer incident).
MAX_INCIDENT_DAYS = 90
#: The earliest and latest offsets from UTC any zone has.
_EASTMOST_S = 14 * 3600
_WESTMOST_S = 12 * 3600
#: A day's last whole second: "24:00 minus one" without stepping past 9999-12-31.
_LAST_SECOND = time(23, 59, 59)


def _midnight(day: date, zone: ZoneInfo) -> int:
    return int(datetime.combine(day, time(), zone).timestamp())


def incident_window(
    start_date: str, end_date: str | None, zone: ZoneInfo, now: int
) -> tuple[int, int, bool]:
    """Return (start, end, capped), inclusive epoch seconds: start_date 00:00 local to end_date
    24:00 local, or to now without an end date; only the newest MAX_INCIDENT_DAYS days of a
    longer incident (capped True). end < start means an empty window (an open incident that
    starts after now). ValueError for a date that is not YYYY-MM-DD."""
    try:
        first = date.fromisoformat(start_date)
        last = date.fromisoformat(end_date) if end_date else None
    except ValueError as err:
        raise ValueError("The incident's dates are not YYYY-MM-DD") from err
    start = _midnight(first, zone)
    end = now if last is None else int(datetime.combine(last, _LAST_SECOND, zone).timestamp())
    if end - start + 1 <= MAX_INCIDENT_DAYS * DAY:
        return start, end, False
    return end - MAX_INCIDENT_DAYS * DAY + 1, end, True


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
