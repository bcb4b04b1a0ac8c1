"""The unacknowledged-events sensor's figures: recent warnings and the all-time total (issue 13)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

from custom_components.docsight import event_counts
from custom_components.docsight.api import DocsightClient
from custom_components.docsight.event_counts import EventCounts, fetch_event_counts

from .conftest import Addon

DAY = 86400


async def add_events(addon: Addon, *events: tuple[int, str, str]) -> None:
    """Store events as (seconds ago, severity, event type) in the add-on."""
    context = addon.server.context
    now = int(time.time())
    async with context.database.transaction() as connection:
        for ago, severity, event_type in events:
            row = {"severity": severity, "event_type": event_type, "message": event_type}
            await context.events.add(connection, now - ago, [row])


async def test_recent_alerts_and_the_total(addon: Addon) -> None:
    """Reproduction: the sensor showed every unacknowledged event since the start (683 in the
    demo); now it counts warnings and criticals of 7 days, the total is separate."""
    assert await addon.server.context.events.acknowledge_all()
    await add_events(
        addon,
        (60, "info", "device_ip_change"),  # not a warning
        (60, "info", "monitoring_started"),  # operational: not counted at all
        (DAY, "warning", "error_spike"),
        (6 * DAY, "critical", "health_change"),
        (8 * DAY, "warning", "snr_change"),  # older than the window
    )
    client = DocsightClient(addon.server.session, addon.url, addon.token)
    now = datetime.now(UTC)
    assert await fetch_event_counts(client, now) == EventCounts(recent_alerts=2, total=4)
    with patch.object(event_counts, "PAGE_SIZE", 1):  # the window spans several pages
        assert await fetch_event_counts(client, now) == EventCounts(recent_alerts=2, total=4)
    later = now + timedelta(days=2)
    assert await fetch_event_counts(client, later) == EventCounts(recent_alerts=1, total=4)


async def test_nothing_open(addon: Addon) -> None:
    """With every event acknowledged both figures are zero."""
    await addon.server.context.events.acknowledge_all()
    client = DocsightClient(addon.server.session, addon.url, addon.token)
    assert await fetch_event_counts(client, datetime.now(UTC)) == EventCounts(0, 0)
