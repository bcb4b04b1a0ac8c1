"""The checklist's window: an incident's (journal/windows.py's rule, shared with the timeline
and the incident PDF), or an explicit from/to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..journal.windows import incident_window as incident_span
from ..timeutil import iso_utc


@dataclass(frozen=True, slots=True)
class Window:
    """Epoch bounds (inclusive), the local dates they cover and how the API describes them."""

    start: int
    end: int
    first_day: str
    last_day: str
    described: dict[str, Any] = field(default_factory=dict)


def local_day(epoch: int, tz: ZoneInfo) -> str:
    """Return the local calendar date (YYYY-MM-DD) of an epoch second."""
    try:
        return datetime.fromtimestamp(epoch, tz).date().isoformat()
    except (OverflowError, ValueError):  # past 9999-12-31 in a zone east of UTC
        return date.max.isoformat()


def local_midnight(day: str | None, tz: ZoneInfo) -> int | None:
    """Return the epoch second a local calendar date begins (None for no or a bad date)."""
    try:
        moment = datetime.combine(date.fromisoformat(day or ""), datetime.min.time(), tz)
    except ValueError:
        return None
    return int(moment.timestamp())


def range_window(start: int, end: int, tz: ZoneInfo) -> Window:
    """Return the window of an explicit from/to (already validated, start <= end)."""
    first, last = iso_utc(start), iso_utc(end)
    described = {"kind": "range", "label": f"{first} – {last}", "from": first, "to": last}
    return Window(start, end, local_day(start, tz), local_day(end, tz), described)


def incident_window(
    incident_id: int, name: str, start_date: str, end_date: str | None, now: int, tz: ZoneInfo
) -> Window:
    """Return an incident's window: start_date 00:00 local to end_date 24:00 local (now while
    it has none), its newest 90 days at most (truncated); empty (to before from) when it has
    not begun or its dates are reversed. ValueError for unusable dates."""
    start, end, truncated = incident_span(start_date, end_date, tz, now)
    first, last = local_day(start, tz), local_day(end, tz)
    described = {
        "kind": "incident",
        "incident_id": incident_id,
        "label": name or f"Incident {incident_id}",
        "from": iso_utc(start),
        "to": iso_utc(end),
        "start_date": start_date,
        "end_date": end_date or last,
        "truncated": truncated,
    }
    return Window(start, end, first, last, described)
