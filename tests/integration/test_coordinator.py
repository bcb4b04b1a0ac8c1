"""The live coordinator: push stream, fallback polling, outages, reauth and the repair issue."""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.docsight.api import (
    DocsightAuthenticationError,
    DocsightClient,
    DocsightConnectionError,
)
from custom_components.docsight.const import CONF_FALLBACK_INTERVAL, DOMAIN
from custom_components.docsight.coordinator import (
    STREAM_RETRY_MAX,
    STREAM_RETRY_MIN,
    DocsightLiveCoordinator,
    LiveData,
    _modem_collector,
)
from custom_components.docsight.models import (
    CollectorStatus,
    StreamCollectors,
    StreamHello,
    StreamMessage,
)
from custom_components.docsight.repairs import unreachable_issue_id
from tests.addon.harness import free_port

from .conftest import Addon

LAST_POLL = "sensor.demo_router_last_poll"
UNACKNOWLEDGED = "sensor.demo_router_unacknowledged_warnings_7_days"
#: A clock freezegun leaves alone (it replaces time.monotonic and friends everywhere).
wall_clock = functools.partial(time.clock_gettime, time.CLOCK_MONOTONIC)
HELLO = StreamHello(version="0.1.0", health="good", snapshot_id=1)


async def wait_until(condition: Callable[[], bool], limit: float = 5.0) -> None:
    """Let the loop run until `condition()` holds; the limit is wall-clock (time may be frozen)."""
    deadline = wall_clock() + limit
    while not condition():
        if wall_clock() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0)


async def advance_until(hass: HomeAssistant, condition: Callable[[], bool], step: float) -> None:
    """Fire timers due within `step` seconds until `condition()` holds (background tasks may
    schedule their timers only after pending I/O, so a single jump can come too early)."""
    deadline = wall_clock() + 5.0
    while not condition():
        if wall_clock() > deadline:
            raise TimeoutError("condition not met")
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=step))
        await asyncio.sleep(0)


async def new_poll(addon: Addon) -> None:
    """Make the add-on read its (demo) modem once, as its schedule would."""
    collector = next(c for c in addon.server.context.scheduler.collectors if c.primary)
    await collector.collect()


async def add_event(addon: Addon, event_type: str, *, publish: bool) -> dict[str, Any]:
    """Store a DOCSight event in the add-on and optionally push it, as its pipeline does."""
    context = addon.server.context
    event = {
        "severity": "warning",
        "event_type": event_type,
        "message": f"Test {event_type}",
        "details": {"delta": 1500},
    }
    async with context.database.transaction() as connection:
        (stored,) = await context.events.add(connection, int(time.time()), [event])
    if publish:
        context.hub.publish("event", stored)
    return stored


def live(entry: MockConfigEntry) -> DocsightLiveCoordinator:
    """Return an entry's live coordinator."""
    return entry.runtime_data.live


class FakeStream:
    """Stands in for DocsightClient.stream: greets, then yields what the test feeds it."""

    def __init__(self) -> None:
        """Start connectable and empty."""
        self.queue: asyncio.Queue[StreamMessage | Exception | None] = asyncio.Queue()
        self.refuse: Exception | None = None
        self.connects = 0

    def feed(self, item: StreamMessage | Exception | None) -> None:
        """Queue a message, an error that breaks the current stream, or None to end it."""
        self.queue.put_nowait(item)

    async def stream(self) -> AsyncIterator[StreamMessage]:
        """Behave like DocsightClient.stream."""
        self.connects += 1
        if self.refuse is not None:
            raise self.refuse
        yield HELLO
        while (item := await self.queue.get()) is not None:
            if isinstance(item, Exception):
                raise item
            yield item


@pytest.fixture(autouse=True)
def _enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load this repository's integration."""


class Refreshes:
    """Counts live-coordinator refreshes begun and finished."""

    started = 0
    finished = 0


@contextmanager
def count_refreshes() -> Iterator[Refreshes]:
    """Wrap the live coordinator's fetch (unchanged) to know when no refresh is running."""
    counter = Refreshes()
    original = DocsightLiveCoordinator._async_update_data

    async def counted(self: DocsightLiveCoordinator) -> LiveData:
        counter.started += 1
        try:
            return await original(self)
        finally:
            counter.finished += 1

    with patch.object(DocsightLiveCoordinator, "_async_update_data", counted):
        yield counter


@pytest.fixture(autouse=True)
def refreshes() -> Iterator[Refreshes]:
    """Count refreshes in every test."""
    with count_refreshes() as counter:
        yield counter


async def stream_ready(entry: MockConfigEntry, counter: Refreshes) -> None:
    """Wait until the stream is connected and the refresh its greeting started has finished."""
    coordinator = live(entry)
    await wait_until(lambda: coordinator.stream_connected and counter.started == counter.finished)


@pytest.fixture
def fake_stream() -> FakeStream:
    """Replace the push stream with one the test controls."""
    fake = FakeStream()
    with patch.object(DocsightClient, "stream", fake.stream):
        yield fake


async def set_up(hass: HomeAssistant, entry: MockConfigEntry) -> MockConfigEntry:
    """Add and set up an entry."""
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


def docsight_log(caplog: pytest.LogCaptureFixture, level: int) -> list[logging.LogRecord]:
    """Return the integration's log records at exactly `level`."""
    return [
        record
        for record in caplog.records
        if record.name.startswith("custom_components.docsight") and record.levelno == level
    ]


async def test_new_poll_reaches_entity_within_a_second(
    hass: HomeAssistant,
    addon: Addon,
    setup_integration: MockConfigEntry,
    refreshes: Refreshes,
) -> None:
    """A poll in the add-on is pushed over the stream and lands in an entity in under 1 s."""
    coordinator = live(setup_integration)
    await stream_ready(setup_integration, refreshes)
    assert coordinator.update_interval is None
    changed = asyncio.Event()
    expected: list[str] = []

    @callback
    def _changed(event: Event[EventStateChangedData]) -> None:
        if expected and event.data["new_state"].state == expected[0]:
            changed.set()

    unsub = async_track_state_change_event(hass, [LAST_POLL], _changed)
    try:
        await addon.server.context.scheduler.poll_now()
        polled_at = dt_util.utc_from_timestamp(addon.server.context.state.last_poll)
        expected.append(polled_at.isoformat())
        async with asyncio.timeout(1):
            await changed.wait()
    finally:
        unsub()


async def test_fallback_polling_while_stream_is_down(
    hass: HomeAssistant,
    addon: Addon,
    config_entry: MockConfigEntry,
    enable_custom_integrations: None,
) -> None:
    """Without the stream the coordinator polls every fallback interval and retries it."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=config_entry.unique_id,
        data=config_entry.data,
        options={CONF_FALLBACK_INTERVAL: 60},
    )
    with patch.object(
        DocsightClient, "stream", side_effect=DocsightConnectionError("refused")
    ) as stream:
        await set_up(hass, entry)
        coordinator = live(entry)
        assert not coordinator.stream_connected
        assert coordinator.update_interval == timedelta(seconds=60)
        before = int(hass.states.get(UNACKNOWLEDGED).state)

        await add_event(addon, "error_spike", publish=True)  # nobody listens
        await hass.async_block_till_done()
        assert int(hass.states.get(UNACKNOWLEDGED).state) == before

        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=61))
        await wait_until(lambda: hass.states.get(UNACKNOWLEDGED).state == str(before + 1))
        assert stream.call_count >= 2  # the stream was retried meanwhile


async def test_stream_retry_backs_off(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    fake_stream: FakeStream,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Failed reconnects wait 5 s, doubling up to 5 minutes."""
    fake_stream.refuse = DocsightConnectionError("refused")
    await set_up(hass, config_entry)
    await wait_until(lambda: fake_stream.connects == 1)
    delay = STREAM_RETRY_MIN
    for attempt in range(2, 10):
        freezer.tick(timedelta(seconds=delay - 1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        assert fake_stream.connects == attempt - 1
        freezer.tick(timedelta(seconds=1))
        async_fire_time_changed(hass)
        await wait_until(lambda attempt=attempt: fake_stream.connects == attempt)
        delay = min(delay * 2, STREAM_RETRY_MAX)
    assert delay == STREAM_RETRY_MAX


async def test_addon_down_unavailable_one_log_line_and_recovery(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    fake_stream: FakeStream,
    caplog: pytest.LogCaptureFixture,
    refreshes: Refreshes,
) -> None:
    """A dropped stream polls at once: entities go unavailable, one line is logged, then back."""
    await set_up(hass, config_entry)
    coordinator = live(config_entry)
    await stream_ready(config_entry, refreshes)
    caplog.clear()

    with patch.object(
        DocsightClient, "request", side_effect=DocsightConnectionError("Connection refused")
    ) as request:
        fake_stream.refuse = DocsightConnectionError("Connection refused")
        fake_stream.feed(DocsightConnectionError("Connection reset"))
        await wait_until(lambda: hass.states.get(LAST_POLL).state == STATE_UNAVAILABLE)
        assert coordinator.update_interval == timedelta(seconds=300)
        assert hass.states.get(UNACKNOWLEDGED).state == STATE_UNAVAILABLE

        calls = request.call_count
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=301))
        await wait_until(lambda: request.call_count > calls)
        await hass.async_block_till_done()
        assert hass.states.get(LAST_POLL).state == STATE_UNAVAILABLE

    errors = docsight_log(caplog, logging.ERROR) + docsight_log(caplog, logging.WARNING)
    # One line per coordinator: the live one, and the network and evidence ones (they polled
    # meanwhile).
    assert sorted(record.args[0] for record in errors) == [
        "DOCSight evidence",
        "DOCSight live",
        "DOCSight network",
    ]
    for record in errors:
        assert "Cannot reach the DOCSight add-on: Connection refused" in record.getMessage()

    fake_stream.refuse = None
    await advance_until(hass, lambda: coordinator.stream_connected, STREAM_RETRY_MAX)
    await wait_until(lambda: hass.states.get(LAST_POLL).state != STATE_UNAVAILABLE)
    assert coordinator.update_interval is None
    recovered = [record.getMessage() for record in docsight_log(caplog, logging.INFO)]
    assert "Fetching DOCSight live data recovered" in recovered
    assert set(recovered) <= {
        "Fetching DOCSight live data recovered",
        "Fetching DOCSight network data recovered",
        "Fetching DOCSight evidence data recovered",
    }
    assert len(recovered) == len(set(recovered))


async def test_stream_that_ends_falls_back_to_polling(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    fake_stream: FakeStream,
    refreshes: Refreshes,
) -> None:
    """A stream the add-on closes (it restarts) is polled around and reopened."""
    await set_up(hass, config_entry)
    coordinator = live(config_entry)
    await stream_ready(config_entry, refreshes)

    fake_stream.feed(None)
    await wait_until(lambda: not coordinator.stream_connected)
    assert coordinator.update_interval == timedelta(seconds=300)
    assert hass.states.get(LAST_POLL).state != STATE_UNAVAILABLE  # the add-on still answers

    await advance_until(hass, lambda: coordinator.stream_connected, STREAM_RETRY_MIN)
    assert coordinator.update_interval is None


async def test_bad_stream_message_is_logged_and_stream_continues(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    fake_stream: FakeStream,
    caplog: pytest.LogCaptureFixture,
    refreshes: Refreshes,
) -> None:
    """An unexpected message shape is logged and the stream is reopened."""
    await set_up(hass, config_entry)
    coordinator = live(config_entry)
    await stream_ready(config_entry, refreshes)
    fake_stream.feed(StreamCollectors(None))  # not a list: applying it fails
    await wait_until(lambda: not coordinator.stream_connected)
    assert "Unexpected error in the DOCSight stream" in caplog.text
    await advance_until(hass, lambda: coordinator.stream_connected, STREAM_RETRY_MIN)
    assert fake_stream.connects == 2


async def test_revoked_token_starts_reauth(
    hass: HomeAssistant,
    addon: Addon,
    enable_custom_integrations: None,
    refreshes: Refreshes,
) -> None:
    """A token revoked while running makes the next pushed poll fail and starts reauth."""
    created = await addon.server.context.auth.create_token("revoked later")
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=addon.instance_id,
        data={"url": addon.url, "token": created.token, "instance_id": addon.instance_id},
    )
    await set_up(hass, entry)
    await stream_ready(entry, refreshes)
    await addon.server.context.auth.revoke_token(created.id)

    await new_poll(addon)
    await wait_until(lambda: bool(_reauth_flows(hass, entry)))
    assert hass.states.get(LAST_POLL).state == STATE_UNAVAILABLE


async def test_stream_refusing_token_starts_reauth(
    hass: HomeAssistant, addon: Addon, enable_custom_integrations: None, fake_stream: FakeStream
) -> None:
    """A stream answered with 401 polls at once, which fails too and starts reauth."""
    created = await addon.server.context.auth.create_token("revoked later")
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=addon.instance_id,
        data={"url": addon.url, "token": created.token, "instance_id": addon.instance_id},
    )
    fake_stream.refuse = DocsightAuthenticationError("Authentication required")
    await set_up(hass, entry)
    await wait_until(lambda: fake_stream.connects == 1)
    assert not _reauth_flows(hass, entry)  # the token still works for polling

    await addon.server.context.auth.revoke_token(created.id)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=STREAM_RETRY_MIN))
    await wait_until(lambda: bool(_reauth_flows(hass, entry)))


def _reauth_flows(hass: HomeAssistant, entry: MockConfigEntry) -> list[dict[str, Any]]:
    return [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_REAUTH
        and flow["context"]["entry_id"] == entry.entry_id
    ]


async def test_unreachable_repair_issue_after_30_minutes(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    fake_stream: FakeStream,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
    refreshes: Refreshes,
) -> None:
    """An add-on unreachable for more than 30 minutes raises a repair issue; it clears when back."""
    await set_up(hass, config_entry)
    await stream_ready(config_entry, refreshes)
    issue_id = unreachable_issue_id(config_entry)

    with patch.object(
        DocsightClient, "request", side_effect=DocsightConnectionError("refused")
    ) as request:
        fake_stream.refuse = DocsightConnectionError("refused")
        fake_stream.feed(DocsightConnectionError("reset"))
        await wait_until(lambda: hass.states.get(LAST_POLL).state == STATE_UNAVAILABLE)
        for _ in range(6):  # 6 x 5 minutes: exactly 30 minutes is not yet "more than"
            calls = request.call_count
            freezer.tick(timedelta(seconds=300))
            async_fire_time_changed(hass)
            await wait_until(lambda calls=calls: request.call_count > calls)
        assert issue_registry.async_get_issue(DOMAIN, issue_id) is None

        calls = request.call_count
        freezer.tick(timedelta(seconds=300))
        async_fire_time_changed(hass)
        await wait_until(lambda: request.call_count > calls)
        issue = issue_registry.async_get_issue(DOMAIN, issue_id)
        assert issue is not None
        assert issue.translation_key == "addon_unreachable"

    fake_stream.refuse = None
    freezer.tick(timedelta(seconds=STREAM_RETRY_MAX))
    async_fire_time_changed(hass)
    await wait_until(lambda: hass.states.get(LAST_POLL).state != STATE_UNAVAILABLE)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


async def test_outage_at_start_up_counts_across_setup_retries(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    socket_enabled: None,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Set-up retries keep the outage's start, so a long outage at start-up is reported too."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id="offline",
        data={"url": f"http://127.0.0.1:{free_port()}", "token": "t", "instance_id": "offline"},
    )
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert issue_registry.async_get_issue(DOMAIN, unreachable_issue_id(entry)) is None

    freezer.tick(timedelta(minutes=31))
    await hass.config_entries.async_reload(entry.entry_id)
    assert issue_registry.async_get_issue(DOMAIN, unreachable_issue_id(entry)) is not None


async def test_pushed_collector_status_updates_last_poll(
    hass: HomeAssistant,
    addon: Addon,
    setup_integration: MockConfigEntry,
    refreshes: Refreshes,
) -> None:
    """Collector status pushed after a failed run keeps the last successful poll time."""
    coordinator = live(setup_integration)
    await stream_ready(setup_integration, refreshes)
    before = hass.states.get(LAST_POLL).state
    status = [
        {**addon.server.context.scheduler.status()[0], "consecutive_failures": 1},
    ]
    status[0]["last_poll"] += 600
    addon.server.context.hub.publish("collectors", status)
    await wait_until(lambda: coordinator.data.modem_collector.consecutive_failures == 1)
    assert hass.states.get(LAST_POLL).state == before


def test_modem_collector_is_the_primary_one_or_found_by_name() -> None:
    """The add-on marks the modem collector primary; older add-ons are matched by name."""

    def statuses(*items: dict[str, Any]) -> list[CollectorStatus]:
        return [CollectorStatus.from_json(item) for item in items]

    marked = [
        {"name": "speedtest", "primary": False, "poll_interval": 3600},
        {"name": "modem", "primary": True, "poll_interval": 900, "last_poll": 0},
    ]
    found = _modem_collector(statuses(*marked))
    assert found is not None
    assert (found.name, found.poll_interval, found.last_run) == ("modem", 900, None)
    renamed = [{**marked[0]}, {**marked[1], "name": "cable"}]
    found = _modem_collector(statuses(*renamed))
    assert found is not None
    assert found.name == "cable"
    legacy = [{"name": "weather", "poll_interval": 60}, {"name": "demo", "poll_interval": 900}]
    found = _modem_collector(statuses(*legacy))
    assert found is not None
    assert found.name == "demo"
    assert _modem_collector(statuses({"name": "weather"})) is None
