"""Calendar events from incidents (all-day) and connection outages (timed), in local time.

Incident dates are the household's calendar dates, taken as Home Assistant's local dates.
Outages of several targets that overlap are one event: the line was down, not each target.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Final

from homeassistant.components.calendar import CalendarEvent
from homeassistant.util import dt as dt_util

from .evidence import TargetOutage
from .models import Incident

CALENDAR_KEY: Final = "incidents_and_outages"


@dataclass(frozen=True, slots=True, kw_only=True)
class EventTexts:
    """The words of generated events, in the user's language (placeholders in braces)."""

    connection_lost: str = "{targets}"
    unanswered_probes: str = "{counts}"
    #: "Status: …" by incident status.
    statuses: Mapping[str, str] = field(default_factory=dict)


def local_date(text: str | None) -> date | None:
    """Return a YYYY-MM-DD date (None for anything else)."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def incident_event(incident: Incident, today: date, texts: EventTexts) -> CalendarEvent | None:
    """Return an incident as an all-day event from its start to its end date (both included).

    Without an end date an unresolved incident lasts until today, a resolved one a day.
    Without a start date the day it was recorded stands in; None when that is unknown too.
    """
    start = local_date(incident.start_date)
    if start is None and incident.created_at is not None:
        start = dt_util.as_local(incident.created_at).date()
    if start is None:
        return None
    end = local_date(incident.end_date) or (today if incident.unresolved else start)
    lines = [incident.description or "", texts.statuses.get(incident.status or "", "")]
    return CalendarEvent(
        start=start,
        end=max(end, start) + timedelta(days=1),
        summary=incident.name,
        description="\n\n".join(line for line in lines if line) or None,
        uid=f"incident-{incident.id}",
    )


@dataclass(slots=True)
class _OutageGroup:
    """Overlapping outages of several targets."""

    start: datetime
    end: datetime
    members: list[TargetOutage]


def outage_events(
    outages: Iterable[TargetOutage], now: datetime, ongoing_until: datetime, texts: EventTexts
) -> list[CalendarEvent]:
    """Return timed events of the outages, overlapping ones merged, oldest first.

    An outage going on lasts until `ongoing_until`.
    """
    groups: list[_OutageGroup] = []
    for outage in sorted(outages, key=lambda item: (item.start, item.target_id)):
        end = outage.end_at(now, ongoing_until)
        if groups and outage.start <= groups[-1].end:
            groups[-1].end = max(groups[-1].end, end)
            groups[-1].members.append(outage)
        else:
            groups.append(_OutageGroup(outage.start, end, [outage]))
    return [_outage_event(group, texts) for group in groups]


def _outage_event(group: _OutageGroup, texts: EventTexts) -> CalendarEvent:
    """Return the event of overlapping outages: which targets, how many probes unanswered."""
    counts: dict[str, int] = {}
    for outage in group.members:
        counts[outage.label] = counts.get(outage.label, 0) + outage.timeout_count
    first = group.members[0]
    return CalendarEvent(
        start=dt_util.as_local(group.start),
        end=dt_util.as_local(group.end),
        summary=texts.connection_lost.format(targets=", ".join(counts)),
        description=texts.unanswered_probes.format(
            counts=", ".join(f"{label} {count}" for label, count in counts.items())
        ),
        uid=f"outage-{first.target_id}-{int(first.start.timestamp())}",
    )


def overlaps(event: CalendarEvent, start: datetime, end: datetime) -> bool:
    """Return True when an event lies partly between two times."""
    return event.start_datetime_local < end and event.end_datetime_local > start


def current_or_next(
    ongoing: list[CalendarEvent], incidents: Iterable[CalendarEvent], now: datetime
) -> CalendarEvent | None:
    """Return what the calendar shows now: an outage going on, else the incident begun last
    that goes on, else the next incident to begin (None when nothing goes on or is ahead).
    """
    if ongoing:
        return ongoing[-1]
    later = [event for event in incidents if event.end_datetime_local > now]
    current = [event for event in later if event.start_datetime_local <= now]
    if current:
        return max(current, key=_starts)
    return min(later, key=_starts) if later else None


def _starts(event: CalendarEvent) -> datetime:
    """Return when an event begins, in local time."""
    return event.start_datetime_local
