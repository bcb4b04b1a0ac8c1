"""The checklist's window: an incident's local calendar days, or an explicit from/to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..analysis.windows import WindowError, local_days
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
    incident_id: int, name: str, start_date: str, end_date: str | None, today: date, tz: ZoneInfo
) -> Window:
    """Return an incident's window: from the local start of start_date to the local end of
    end_date (today while the incident has none). WindowError for unusable dates."""
    try:
        first = date.fromisoformat(start_date)
        last = date.fromisoformat(end_date) if end_date else today
    except ValueError as err:
        raise WindowError("The incident's dates are not YYYY-MM-DD") from err
    last = max(last, first)  # an end before the start: the start day alone
    start, end = local_days((last - first).days + 1, last, tz)
    described = {
        "kind": "incident",
        "incident_id": incident_id,
        "label": name or f"Incident {incident_id}",
        "from": iso_utc(start),
        "to": iso_utc(end),
        "start_date": first.isoformat(),
        "end_date": last.isoformat(),
    }
    return Window(start, end, first.isoformat(), last.isoformat(), described)
