"""What the unacknowledged-events sensor counts: recent warnings and the all-time total.

An all-time count of unacknowledged events only grows on a line nobody acknowledges, so the
sensor's state is the unacknowledged warnings and critical events of the last 7 days; the
all-time total is an attribute. Both come from GET /api/events (open events, newest first,
with the all-time unacknowledged count), paged until an event falls out of the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from .api import DocsightClient

RECENT_WINDOW: Final = timedelta(days=7)
#: The severities that count as something to look at (not "info").
ALERT_SEVERITIES: Final = frozenset({"warning", "critical"})
PAGE_SIZE: Final = 200
#: At most this many pages (10,000 events) per refresh; a storm beyond that is a lower bound.
MAX_PAGES: Final = 50


@dataclass(frozen=True, slots=True)
class EventCounts:
    """Unacknowledged events: warnings and criticals of the window, and all of them."""

    recent_alerts: int
    total: int


def _moment(timestamp: str | None) -> datetime | None:
    """Return an event's time (the add-on sends ISO 8601 UTC with Z), or None if unreadable."""
    if not timestamp:
        return None
    try:
        return datetime.fromisoformat(timestamp)
    except ValueError:
        return None


async def fetch_event_counts(client: DocsightClient, now: datetime) -> EventCounts:
    """Count the unacknowledged events (operational ones excluded) as the sensor shows them."""
    since = now - RECENT_WINDOW
    recent, total = 0, 0
    for page_number in range(MAX_PAGES):
        page = await client.events(
            acknowledged=0,
            exclude_operational="true",
            limit=PAGE_SIZE,
            offset=page_number * PAGE_SIZE,
        )
        if page_number == 0:
            total = page.unacknowledged_count or 0
        for event in page.events:
            moment = _moment(event.timestamp)
            if moment is not None and moment < since:
                return EventCounts(recent, total)
            recent += event.severity in ALERT_SEVERITIES
        if len(page.events) < PAGE_SIZE:
            break
    return EventCounts(recent, total)
