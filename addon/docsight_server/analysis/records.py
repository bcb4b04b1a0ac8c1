"""The shapes the analysis hands around: channel records, summaries and events."""

from __future__ import annotations

from typing import Any, TypedDict

#: One normalised channel record or an analysis summary: field name to JSON value. The
#: fields differ by driver and channel family, so the values stay open.
Record = dict[str, Any]


class Event(TypedDict):
    """One detected event, as the event log stores it."""

    severity: str
    event_type: str
    message: str
    #: JSON details; their fields differ per event type.
    details: dict[str, Any]


def make_event(severity: str, event_type: str, message: str, details: dict[str, Any]) -> Event:
    """Build one event."""
    return {"severity": severity, "event_type": event_type, "message": message, "details": details}
