"""Binary sensors: line problem and modem reachable."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_OFF, STATE_ON, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from syrupy.assertion import SnapshotAssertion

from custom_components.docsight.binary_sensor import FRESHNESS_MARGIN, line_problem
from custom_components.docsight.coordinator import LiveData
from custom_components.docsight.event_counts import EventCounts
from custom_components.docsight.models import ModemInfo, Summary

from .conftest import Addon
from .test_coordinator import Refreshes, count_refreshes, set_up, stream_ready, wait_until
from .test_sensor import SnapshotExtension, entity_snapshot

LINE_PROBLEM = "binary_sensor.demo_router_line_problem"
MODEM_REACHABLE = "binary_sensor.demo_router_modem_reachable"


@pytest.fixture(autouse=True)
def refreshes(enable_custom_integrations: None) -> Iterator[Refreshes]:
    """Count live refreshes (see `stream_ready`)."""
    with count_refreshes() as counter:
        yield counter


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Return the snapshot assertion storing in snapshots/."""
    return snapshot.use_extension(SnapshotExtension)


async def test_binary_sensors(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    setup_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """The binary sensors and their classes."""
    entities = entity_snapshot(hass, entity_registry, setup_integration, Platform.BINARY_SENSOR)
    assert entities == snapshot


async def test_states_follow_the_addon(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """Line problem mirrors the add-on's health; the demo modem is reachable."""
    health = addon.server.context.state.docsis_health
    assert hass.states.get(LINE_PROBLEM).state == (STATE_OFF if health == "good" else STATE_ON)
    assert hass.states.get(MODEM_REACHABLE).state == STATE_ON


def _data(summary: dict[str, Any]) -> LiveData:
    return LiveData(
        summary=Summary.from_json(summary),
        ds_channels={},
        us_channels={},
        device=ModemInfo(),
        events=EventCounts(recent_alerts=0, total=0),
        modem_collector=None,
        last_poll=None,
        last_boot=None,
    )


@pytest.mark.parametrize(
    ("health", "problem"),
    [("good", False), ("tolerated", True), ("marginal", True), ("critical", True), (None, None)],
)
def test_line_problem(health: str | None, problem: bool | None) -> None:
    """Anything but good health is a problem; no health is unknown."""
    summary = {} if health is None else {"health": health}
    assert line_problem(_data(summary)) is problem


def _status(addon: Addon, **changes: Any) -> list[dict[str, Any]]:
    return [{**addon.server.context.scheduler.status()[0], **changes}]


async def test_modem_reachable_follows_collector_failures(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry, refreshes: Refreshes
) -> None:
    """Pushed collector status with failures turns it off; a success turns it on again."""
    await stream_ready(setup_integration, refreshes)
    hub = addon.server.context.hub
    hub.publish("collectors", _status(addon, consecutive_failures=2, last_error="Timeout"))
    await wait_until(lambda: hass.states.get(MODEM_REACHABLE).state == STATE_OFF)

    hub.publish("collectors", _status(addon))
    await wait_until(lambda: hass.states.get(MODEM_REACHABLE).state == STATE_ON)

    hub.publish("collectors", _status(addon, name="speedtest", primary=False))
    await wait_until(lambda: hass.states.get(MODEM_REACHABLE).state == STATE_OFF)


async def test_modem_reachable_turns_off_when_data_goes_stale(
    freezer: FrozenDateTimeFactory,
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    refreshes: Refreshes,
) -> None:
    """Without a new reading for two poll intervals (plus a margin) it turns off by itself."""
    await set_up(hass, config_entry)  # after freezing time, so no timer jumps with it
    await stream_ready(config_entry, refreshes)
    coordinator = config_entry.runtime_data.live
    interval = timedelta(seconds=coordinator.data.modem_collector.poll_interval)
    stale_at = coordinator.data.last_poll + 2 * interval + FRESHNESS_MARGIN

    freezer.move_to(stale_at - timedelta(seconds=5))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get(MODEM_REACHABLE).state == STATE_ON

    freezer.move_to(stale_at + timedelta(seconds=1))
    async_fire_time_changed(hass)
    await wait_until(lambda: hass.states.get(MODEM_REACHABLE).state == STATE_OFF)
