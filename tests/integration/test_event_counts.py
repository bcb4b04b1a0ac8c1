"""The unacknowledged-events sensor's figures: recent warnings and the all-time total (issue 13)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.docsight import coordinator
from custom_components.docsight.api import DocsightClient
from custom_components.docsight.api_calls import ApiCall
from custom_components.docsight.event_counts import EventCounts, fetch_event_counts
from custom_components.docsight.models import Event, StreamEvent, StreamEventsAcknowledged
from docsight_server.storage.event_repo import event_row

from .conftest import Addon
from .test_coordinator import (
    FakeStream,
    Refreshes,
    count_refreshes,
    set_up,
    stream_ready,
    wait_until,
)

DAY = 86400
UNACKNOWLEDGED = "sensor.demo_router_unacknowledged_warnings_7_days"
EVENT_ENTITY = "event.demo_router_docsight_event"


@pytest.fixture
def refreshes() -> Iterator[Refreshes]:
    """Count live refreshes (see `stream_ready`)."""
    with count_refreshes() as counter:
        yield counter


@pytest.fixture
def fake_stream() -> Iterator[FakeStream]:
    """Replace the push stream with one the test feeds."""
    fake = FakeStream()
    with patch.object(DocsightClient, "stream", fake.stream):
        yield fake


async def add_events(addon: Addon, *events: tuple[int, str, str]) -> list[dict[str, Any]]:
    """Store events as (seconds ago, severity, event type) in the add-on; return them."""
    context = addon.server.context
    now = int(time.time())
    stored: list[dict[str, Any]] = []
    async with context.database.transaction() as connection:
        for ago, severity, event_type in events:
            row = {"severity": severity, "event_type": event_type, "message": event_type}
            stored += await context.events.add(connection, now - ago, [row])
    return stored


def recorded_calls(client: DocsightClient) -> list[ApiCall]:
    """Record the routes a client calls from now on."""
    calls: list[ApiCall] = []
    request = client.request

    async def recording(call: ApiCall, **kwargs: Any) -> Any:
        calls.append(call)
        return await request(call, **kwargs)

    client.request = recording  # type: ignore[method-assign]
    return calls


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
    calls = recorded_calls(client)
    now = datetime.now(UTC)
    assert await fetch_event_counts(client, now) == EventCounts(recent_alerts=2, total=4)
    assert calls == [ApiCall.EVENT_COUNT, ApiCall.EVENT_COUNT]
    later = now + timedelta(days=2)
    assert await fetch_event_counts(client, later) == EventCounts(recent_alerts=1, total=4)


async def test_more_than_ten_thousand_recent_alerts(addon: Addon) -> None:
    """Reproduction: the count paged through GET /api/events (up to 50 requests) and stopped
    at 10,000 events, silently too low; now two requests count them all."""
    context = addon.server.context
    await context.events.acknowledge_all()
    now = int(time.time())
    alert = {"severity": "warning", "event_type": "error_spike", "message": "Error spike"}
    async with context.database.transaction() as connection:
        await context.events.add_bulk(
            connection, [event_row(now - index, alert) for index in range(10_050)]
        )
    client = DocsightClient(addon.server.session, addon.url, addon.token)
    calls = recorded_calls(client)
    assert await fetch_event_counts(client, datetime.now(UTC)) == EventCounts(10_050, 10_050)
    assert len(calls) == 2


async def test_nothing_open(addon: Addon) -> None:
    """With every event acknowledged both figures are zero."""
    await addon.server.context.events.acknowledge_all()
    client = DocsightClient(addon.server.session, addon.url, addon.token)
    assert await fetch_event_counts(client, datetime.now(UTC)) == EventCounts(0, 0)


async def test_a_burst_of_pushed_events_costs_one_count(
    hass: HomeAssistant,
    addon: Addon,
    config_entry: MockConfigEntry,
    enable_custom_integrations: None,
    fake_stream: FakeStream,
    refreshes: Refreshes,
) -> None:
    """Reproduction: every pushed event re-counted the events at once; now pushed events and
    acknowledgements within the cool-down share one count, taken when it ends."""
    # A long cool-down, ended by the test's clock, so the burst surely fits into it.
    with patch.object(coordinator, "EVENT_COUNT_COOLDOWN", 60.0):
        await set_up(hass, config_entry)
    await stream_ready(config_entry, refreshes)
    before = int(hass.states.get(UNACKNOWLEDGED).state)
    stored = await add_events(addon, *[(0, "warning", "error_spike")] * 20)
    counted: list[dict[str, Any]] = []
    original = DocsightClient.event_count

    async def event_count(client: DocsightClient, **params: Any) -> int:
        counted.append(params)
        return await original(client, **params)

    with patch.object(DocsightClient, "event_count", event_count):
        for event in stored:
            fake_stream.feed(StreamEvent(Event.from_json(event)))
        fake_stream.feed(StreamEventsAcknowledged())
        last_id = stored[-1]["id"]
        await wait_until(lambda: hass.states.get(EVENT_ENTITY).attributes.get("id") == last_id)
        await hass.async_block_till_done()
        assert counted == []  # nothing read during the burst
        assert int(hass.states.get(UNACKNOWLEDGED).state) == before

        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=61))
        await wait_until(lambda: hass.states.get(UNACKNOWLEDGED).state == str(before + 20))
        await hass.async_block_till_done()
    assert len(counted) == 2  # one count: the recent alerts and the total
