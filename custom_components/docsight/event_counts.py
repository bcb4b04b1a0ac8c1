"""What the unacknowledged-events sensor counts: recent warnings and the all-time total.

An all-time count of unacknowledged events only grows on a line nobody acknowledges, so the
sensor's state is the unacknowledged warnings and critical events of the last 7 days; the
all-time total is an attribute. The add-on counts both (GET /api/events/count), exactly and
in one request each, however many events there are.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from .api import DocsightClient

RECENT_WINDOW: Final = timedelta(days=7)
#: The severities that count as something to look at (not "info").
ALERT_SEVERITIES: Final = ("warning", "critical")


@dataclass(frozen=True, slots=True)
class EventCounts:
    """Unacknowledged events: warnings and criticals of the window, and all of them."""

    recent_alerts: int
    total: int


async def fetch_event_counts(client: DocsightClient, now: datetime) -> EventCounts:
    """Count the unacknowledged events (operational ones excluded) as the sensor shows them."""
    since = int((now - RECENT_WINDOW).timestamp())
    recent, total = await asyncio.gather(
        client.event_count(since=since, severity=",".join(ALERT_SEVERITIES), acknowledged=0),
        client.event_count(acknowledged=0, exclude_operational="true"),
    )
    return EventCounts(recent, total)
