"""Calendar events built from incidents and outages, at their edges (no add-on needed)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.docsight.calendar_events import (
    EventTexts,
    current_or_next,
    incident_event,
    outage_events,
)
from custom_components.docsight.evidence import ONGOING_SLACK, TargetOutage, target_outage
from custom_components.docsight.models import Incident, MonitorTarget, Outage

TODAY = date(2025, 3, 20)
TEXTS = EventTexts(
    connection_lost="Down: {targets}",
    unanswered_probes="Lost: {counts}",
    statuses={"open": "Status: open", "resolved": "Status: resolved"},
)
T0 = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)


def incident(**fields: object) -> Incident:
    """Return an incident with defaults for what the test leaves out."""
    return Incident.from_json({"id": 7, "name": "Evening drops", **fields})


def outage(
    target_id: int, start: float, seconds: float, end: float | None = None, lost: int = 6
) -> TargetOutage:
    """Return a target's outage starting `start` seconds after T0."""
    first = T0.timestamp() + start
    answer = {"start": first, "end": end, "duration_seconds": seconds, "timeout_count": lost}
    if end is not None:
        answer["end"] = first + end
    target = MonitorTarget(id=target_id, label=f"T{target_id}", enabled=True)
    made = target_outage(target, Outage.from_json(answer))
    assert made is not None
    return made


@pytest.mark.parametrize(
    ("fields", "start", "end"),
    [
        ({"start_date": "2025-03-01", "end_date": "2025-03-03"}, "2025-03-01", "2025-03-04"),
        ({"start_date": "2025-03-01", "status": "open"}, "2025-03-01", "2025-03-21"),
        ({"start_date": "2025-03-01", "status": "escalated"}, "2025-03-01", "2025-03-21"),
        ({"start_date": "2025-03-01", "status": "resolved"}, "2025-03-01", "2025-03-02"),
        ({"start_date": "2025-03-05", "end_date": "2025-03-02"}, "2025-03-05", "2025-03-06"),
        ({"start_date": "2025-04-01", "status": "open"}, "2025-04-01", "2025-04-02"),
        ({"start_date": "2025-02-30", "created_at": "2025-03-02T10:00:00Z"}, "2025-03-02", None),
    ],
)
async def test_incident_dates(
    hass: HomeAssistant, fields: dict[str, str], start: str, end: str | None
) -> None:
    """Start and end dates (end included), today for unresolved ones, a day for the rest."""
    event = incident_event(incident(**fields), TODAY, TEXTS)
    assert event is not None
    assert (event.start, event.all_day) == (date.fromisoformat(start), True)
    expected_end = date.fromisoformat(end) if end else event.start + timedelta(days=1)
    assert event.end == expected_end


def test_incident_without_any_date_is_left_out() -> None:
    """Without a start date or a creation time an incident has no place in the calendar."""
    assert incident_event(incident(status="open"), TODAY, TEXTS) is None


def test_incident_texts() -> None:
    """Summary is the name; description is the description and the status (known ones)."""
    event = incident_event(
        incident(start_date="2025-03-01", description="Drops at 8 pm", status="open"),
        TODAY,
        TEXTS,
    )
    assert event is not None
    assert (event.summary, event.description, event.uid) == (
        "Evening drops",
        "Drops at 8 pm\n\nStatus: open",
        "incident-7",
    )
    bare = incident_event(incident(start_date="2025-03-01", status="odd"), TODAY, TEXTS)
    assert bare is not None
    assert bare.description is None


def test_overlapping_outages_are_one_event() -> None:
    """Outages that overlap or touch merge; the next one apart is an event of its own."""
    events = outage_events(
        [
            outage(2, 10, 50, end=60),
            outage(1, 0, 50, end=60),
            outage(3, 60, 30, end=40, lost=3),
            outage(1, 600, 20, end=30),
        ],
        T0 + timedelta(hours=1),
        T0 + timedelta(hours=1),
        TEXTS,
    )
    assert [event.summary for event in events] == ["Down: T1, T2, T3", "Down: T1"]
    first, second = events
    assert first.start == T0
    assert first.end == T0 + timedelta(seconds=100)
    assert first.description == "Lost: T1 6, T2 6, T3 3"
    assert first.uid == f"outage-1-{int(T0.timestamp())}"
    assert (second.start, second.end) == (T0 + timedelta(seconds=600), T0 + timedelta(seconds=630))
    assert all(event.start.tzinfo is not None for event in events)


def test_ongoing_outage_ends_when_told() -> None:
    """Going on, an outage ends at `ongoing_until`; no longer measured, at its last probe."""
    going_on = outage(1, 0, 120)
    now = T0 + timedelta(seconds=150)
    (event,) = outage_events([going_on], now, now, TEXTS)
    assert event.end == now
    later = now + timedelta(minutes=5)
    (event,) = outage_events([going_on], now, later, TEXTS)
    assert event.end == later
    stale = T0 + timedelta(seconds=120) + ONGOING_SLACK + timedelta(seconds=1)
    (event,) = outage_events([going_on], stale, stale, TEXTS)
    assert event.end == T0 + timedelta(seconds=120)
    (single,) = outage_events([outage(1, 0, 0, end=0)], stale, stale, TEXTS)
    assert single.end == T0 + timedelta(seconds=1)


def test_outage_without_start_is_left_out() -> None:
    """An answer without a start time gives no outage."""
    target = MonitorTarget(id=1, label=None, host="1.1.1.1", enabled=True)
    assert target_outage(target, Outage.from_json({"end": None})) is None
    made = target_outage(target, Outage.from_json({"start": 5}))
    assert made is not None
    assert made.label == "1.1.1.1"


async def test_current_or_next(hass: HomeAssistant) -> None:
    """An outage going on wins; else the incident begun last; else the next one."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    now = dt_util.as_local(T0)
    older, newer, ahead, past = (
        incident_event(incident(id=number, start_date=start, status=status), TODAY, TEXTS)
        for number, start, status in (
            (1, "2025-03-01", "open"),
            (2, "2025-03-15", "open"),
            (3, "2025-04-01", "open"),
            (4, "2025-01-01", "resolved"),
        )
    )
    assert None not in (older, newer, ahead, past)
    down = outage_events([outage(1, 0, 60)], T0, T0 + timedelta(minutes=5), TEXTS)
    assert current_or_next(down, [older, newer, ahead], now) is down[0]
    assert current_or_next([], [older, newer, ahead, past], now) is newer
    assert current_or_next([], [ahead, past], now) is ahead
    assert current_or_next([], [past], now) is None
