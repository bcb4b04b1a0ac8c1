"""Sensors: what they are (snapshot), what they show (the add-on's numbers), channel sensors."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import PropertyMock, patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion
from syrupy.location import PyTestLocation

from custom_components.docsight.api import DocsightClient
from custom_components.docsight.channel_sensors import channel_label
from custom_components.docsight.const import CONF_CHANNEL_SENSORS, DOMAIN, STALE_CHANNEL_GRACE
from custom_components.docsight.coordinator import STREAM_RETRY_MIN
from custom_components.docsight.models import Channel, ModemInfo
from docsight_server.demo.driver import DEMO_DEVICE

from .conftest import Addon
from .test_coordinator import (
    Refreshes,
    advance_until,
    count_refreshes,
    new_poll,
    set_up,
    stream_ready,
    wait_until,
)

#: State attributes that follow the demo line's time of day, its event log and its dates.
VOLATILE_ATTRIBUTES = {"health_issues", "unacknowledged_total", "incidents"}
UNACKNOWLEDGED = "sensor.demo_router_unacknowledged_warnings_7_days"
DS_CHANNELS = 26
US_CHANNELS = 5


@pytest.fixture(autouse=True)
def refreshes(enable_custom_integrations: None) -> Iterator[Refreshes]:
    """Count live refreshes (see `stream_ready`)."""
    with count_refreshes() as counter:
        yield counter


class SnapshotExtension(HomeAssistantSnapshotExtension):
    """Keeps .ambr files in tests/integration/snapshots/."""

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        """Return the snapshot folder next to the test file."""
        return str(Path(test_location.filepath).parent / "snapshots")


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Return the snapshot assertion with the Home Assistant extension in snapshots/."""
    return snapshot.use_extension(SnapshotExtension)


@pytest.fixture
def channel_entry(config_entry: MockConfigEntry) -> MockConfigEntry:
    """An entry with per-channel sensors on."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=config_entry.title,
        unique_id=config_entry.unique_id,
        data=config_entry.data,
        options={CONF_CHANNEL_SENSORS: True},
    )


@pytest.fixture
def enabled_by_default() -> Iterator[None]:
    """Create every entity enabled, including those disabled by default."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
        new_callable=PropertyMock,
    ):
        yield


def entity_snapshot(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, entry: MockConfigEntry, domain: str
) -> list[dict[str, Any]]:
    """Return the stable facts of an entry's entities of one platform (values left out)."""
    instance_id = entry.data["instance_id"]
    result = []
    for registry_entry in er.async_entries_for_config_entry(entity_registry, entry.entry_id):
        if registry_entry.domain != domain:
            continue
        state = hass.states.get(registry_entry.entity_id)
        attributes = {} if state is None else dict(state.attributes)
        result.append(
            {
                "entity_id": registry_entry.entity_id,
                "unique_id": registry_entry.unique_id.replace(instance_id, "<instance_id>"),
                "translation_key": registry_entry.translation_key,
                "device_class": registry_entry.original_device_class,
                "entity_category": registry_entry.entity_category,
                "disabled_by": registry_entry.disabled_by,
                "capabilities": registry_entry.capabilities,
                "unit": registry_entry.unit_of_measurement,
                "attributes": {
                    key: value
                    for key, value in attributes.items()
                    if key not in VOLATILE_ATTRIBUTES and key != "event_types"
                },
            }
        )
    return sorted(result, key=lambda item: item["entity_id"])


async def test_sensors(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    setup_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """The sensors, their classes, units and names."""
    assert entity_snapshot(hass, entity_registry, setup_integration, Platform.SENSOR) == snapshot


async def test_modem_device(
    hass: HomeAssistant,
    addon: Addon,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    setup_integration: MockConfigEntry,
) -> None:
    """Line entities belong to the modem device; target and LAN devices link to it."""
    device = device_registry.async_get_device(identifiers={(DOMAIN, addon.instance_id)})
    assert device is not None
    assert (device.name, device.manufacturer, device.model, device.sw_version) == (
        "Demo Router",
        "DOCSight",
        "Demo Router",
        "Demo v2.0",
    )
    assert device.configuration_url == addon.url
    entities = er.async_entries_for_config_entry(entity_registry, setup_integration.entry_id)
    assert entities
    item = re.compile(rf"{addon.instance_id}_(cm|lan)_\d+_\w+")
    for entity in entities:
        if item.fullmatch(entity.unique_id):
            assert device_registry.async_get(entity.device_id).via_device_id == device.id
        else:
            assert entity.device_id == device.id, entity.entity_id


async def _addon_get(addon: Addon, path: str) -> Any:
    status, body, _ = await addon.server.request("GET", path, token=addon.token)
    assert status == 200
    return body


async def _recent_alert_bounds(addon: Addon) -> tuple[int, int]:
    """Return the least and most unacknowledged warnings and criticals of the last 7 days.

    Counted from the add-on's event log for "now" anywhere in the last 10 minutes, the time
    the integration's count was taken lies in (the window edge moves meanwhile).
    """
    path = "/api/events?acknowledged=0&exclude_operational=true&limit=100000"
    events = (await _addon_get(addon, path))["events"]
    alerts = [
        dt_util.parse_datetime(event["timestamp"])
        for event in events
        if event["severity"] in ("warning", "critical")
    ]
    now = dt_util.utcnow()

    def since(moment: datetime) -> int:
        return sum(stamp >= moment - timedelta(days=7) for stamp in alerts if stamp is not None)

    return since(now), since(now - timedelta(minutes=10))


async def test_values_are_the_addons(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry, refreshes: Refreshes
) -> None:
    """Each sensor shows what the add-on's API reports."""
    await stream_ready(setup_integration, refreshes)
    summary = (await _addon_get(addon, "/api/channels"))["summary"]
    device = await _addon_get(addon, "/api/device")
    gaming = await _addon_get(addon, "/api/gaming-score")
    count = await _addon_get(addon, "/api/events/count?exclude_operational=true")
    recent = await _recent_alert_bounds(addon)

    def state(key: str) -> str:
        return hass.states.get(f"sensor.demo_router_{key}").state

    for key in (
        "downstream_power_minimum:ds_power_min",
        "downstream_power_average:ds_power_avg",
        "downstream_power_maximum:ds_power_max",
        "downstream_snr_minimum:ds_snr_min",
        "downstream_snr_average:ds_snr_avg",
        "upstream_power_minimum:us_power_min",
        "upstream_power_average:us_power_avg",
        "upstream_power_maximum:us_power_max",
        "uncorrectable_error_rate:ds_uncorr_pct",
    ):
        entity_key, summary_key = key.split(":")
        assert float(state(entity_key)) == pytest.approx(summary[summary_key]), entity_key
    assert int(state("downstream_channels")) == summary["ds_total"] == DS_CHANNELS
    assert int(state("upstream_channels")) == summary["us_total"] == US_CHANNELS
    assert int(state("correctable_errors")) == summary["ds_correctable_errors"]
    assert int(state("uncorrectable_errors")) == summary["ds_uncorrectable_errors"]
    assert state("line_health") == summary["health"]
    health = hass.states.get("sensor.demo_router_line_health")
    assert health.attributes["health_issues"] == summary["health_issues"]
    assert state("software_version") == device["sw_version"]
    unacknowledged = hass.states.get(UNACKNOWLEDGED)
    assert recent[0] <= int(unacknowledged.state) <= recent[1]
    assert unacknowledged.attributes["unacknowledged_total"] == count["count"]
    assert int(state("gaming_score")) == gaming["score"]
    assert state("gaming_grade") == gaming["grade"].lower()
    assert float(state("provisioned_downstream_speed")) == 250.0  # Mbit/s
    assert float(state("provisioned_upstream_speed")) == 40.0

    last_poll = dt_util.parse_datetime(state("last_poll"))
    assert last_poll == dt_util.utc_from_timestamp(addon.server.context.state.last_poll)
    last_boot = dt_util.parse_datetime(state("last_boot"))
    expected_boot = last_poll - timedelta(seconds=device["uptime_seconds"])
    assert abs(last_boot - expected_boot) < timedelta(minutes=1)


async def test_boot_time_steady_and_firmware_update_reaches_the_device(
    hass: HomeAssistant,
    addon: Addon,
    device_registry: dr.DeviceRegistry,
    setup_integration: MockConfigEntry,
    refreshes: Refreshes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new poll keeps the boot time; new modem firmware updates sensor and device."""
    await stream_ready(setup_integration, refreshes)
    last_boot = hass.states.get("sensor.demo_router_last_boot").state
    monkeypatch.setitem(DEMO_DEVICE, "sw_version", "Demo v2.1")

    await new_poll(addon)
    await wait_until(
        lambda: hass.states.get("sensor.demo_router_software_version").state == "Demo v2.1"
    )
    assert hass.states.get("sensor.demo_router_last_boot").state == last_boot
    device = device_registry.async_get_device(identifiers={(DOMAIN, addon.instance_id)})
    assert device.sw_version == "Demo v2.1"


async def test_channel_sensors_only_with_the_option(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    setup_integration: MockConfigEntry,
) -> None:
    """Without the option there are no per-channel sensors."""
    unique_ids = [
        entry.unique_id
        for entry in er.async_entries_for_config_entry(entity_registry, setup_integration.entry_id)
    ]
    assert not [unique_id for unique_id in unique_ids if "_channel_ds_" in unique_id]


async def test_channel_sensors_disabled_by_default(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, channel_entry: MockConfigEntry
) -> None:
    """The option creates five sensors per downstream and two per upstream channel, disabled."""
    await set_up(hass, channel_entry)
    channel_entities = [
        entry
        for entry in er.async_entries_for_config_entry(entity_registry, channel_entry.entry_id)
        if "_channel_ds_" in entry.unique_id or "_channel_us_" in entry.unique_id
    ]
    assert len(channel_entities) == DS_CHANNELS * 5 + US_CHANNELS * 2
    assert {entry.disabled_by for entry in channel_entities} == {
        er.RegistryEntryDisabler.INTEGRATION
    }


async def test_channel_sensor_values(
    hass: HomeAssistant,
    addon: Addon,
    entity_registry: er.EntityRegistry,
    channel_entry: MockConfigEntry,
    enabled_by_default: None,
    snapshot: SnapshotAssertion,
) -> None:
    """Channel sensors show the channel's values and are named after the channel."""
    await set_up(hass, channel_entry)
    channels = await _addon_get(addon, "/api/channels")
    ofdm = next(c for c in channels["ds_channels"] if c["channel_family"] == "ofdm")
    ofdma = next(c for c in channels["us_channels"] if c["channel_family"] == "ofdma")

    def state(unique_key: str) -> str:
        entity_id = entity_registry.async_get_entity_id(
            Platform.SENSOR, DOMAIN, f"{addon.instance_id}_{unique_key}"
        )
        return hass.states.get(entity_id).state

    selector = ofdm["selector"]
    assert float(state(f"channel_ds_{selector}_power")) == ofdm["power"]
    assert float(state(f"channel_ds_{selector}_snr")) == ofdm["snr"]
    assert state(f"channel_ds_{selector}_modulation") == ofdm["modulation"]
    assert int(state(f"channel_ds_{selector}_correctable_errors")) == ofdm["correctable_errors"]
    assert int(state(f"channel_ds_{selector}_uncorrectable_errors")) == ofdm["uncorrectable_errors"]
    assert state(f"channel_us_{ofdma['selector']}_modulation") == ofdma["profile_modulation"]
    assert float(state(f"channel_us_{ofdma['selector']}_power")) == ofdma["power"]

    one_channel = [
        item
        for item in entity_snapshot(hass, entity_registry, channel_entry, Platform.SENSOR)
        if selector in item["unique_id"]
    ]
    assert one_channel == snapshot


def test_channel_label() -> None:
    """Channels are named by id, family, and frequency when ids are ambiguous."""

    def label(channel: dict[str, Any]) -> str:
        return channel_label(Channel.from_json(channel))

    assert label({"channel_id": 7, "channel_family": "sc_qam"}) == "7"
    assert label({"channel_id": 33, "channel_family": "ofdm"}) == "33 OFDM"
    assert (
        label(
            {
                "channel_id": 5,
                "channel_family": "ofdma",
                "selector_required": True,
                "frequency": "29.800 - 64.750",
            }
        )
        == "5 OFDMA (29.800 - 64.750 MHz)"
    )


async def poll_after_jump(
    hass: HomeAssistant, addon: Addon, entry: MockConfigEntry, refreshes: Refreshes
) -> None:
    """Poll the add-on and wait until the integration has that poll.

    A time jump fires the stream's read timeout, so the poll may arrive only after the
    stream reconnects; time is moved on in small steps until it has.
    """
    await new_poll(addon)
    polled = dt_util.utc_from_timestamp(addon.server.context.state.last_poll)
    coordinator = entry.runtime_data.live
    await advance_until(
        hass,
        lambda: coordinator.data.last_poll == polled and refreshes.started == refreshes.finished,
        STREAM_RETRY_MIN,
    )


def _demo_line(addon: Addon) -> Any:
    collector = next(c for c in addon.server.context.scheduler.collectors if c.primary)
    return collector.line


async def test_channels_come_and_go(
    hass: HomeAssistant,
    addon: Addon,
    entity_registry: er.EntityRegistry,
    channel_entry: MockConfigEntry,
    enabled_by_default: None,
    refreshes: Refreshes,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A new channel gets sensors; a vanished one goes unavailable, then is removed."""
    await set_up(hass, channel_entry)
    await stream_ready(channel_entry, refreshes)
    line = _demo_line(addon)
    templates = line.templates
    last = next(t for t in templates if t.direction == "ds" and t.channel_id == 24)
    added = dataclasses.replace(last, channel_id=25, frequency="794.000")
    line.templates = (*[t for t in templates if t is not last], added)

    await new_poll(addon)
    channels = await _addon_get(addon, "/api/channels")
    new = next(c for c in channels["ds_channels"] if c["channel_id"] == 25)
    gone = live_selector(hass, channel_entry, 24)

    def entity_id(selector: str) -> str | None:
        return entity_registry.async_get_entity_id(
            Platform.SENSOR, DOMAIN, f"{addon.instance_id}_channel_ds_{selector}_power"
        )

    await wait_until(lambda: entity_id(new["selector"]) is not None)
    await wait_until(lambda: hass.states.get(entity_id(new["selector"])) is not None)
    assert float(hass.states.get(entity_id(new["selector"])).state) == new["power"]
    gone_entity = entity_id(gone)
    await wait_until(lambda: hass.states.get(gone_entity).state == STATE_UNAVAILABLE)

    freezer.tick(STALE_CHANNEL_GRACE - timedelta(minutes=1))
    await poll_after_jump(hass, addon, channel_entry, refreshes)
    assert entity_id(gone) is not None

    freezer.tick(timedelta(minutes=2))
    await poll_after_jump(hass, addon, channel_entry, refreshes)
    assert entity_id(gone) is None
    assert hass.states.get(gone_entity) is None
    assert entity_id(new["selector"]) is not None


def live_selector(hass: HomeAssistant, entry: MockConfigEntry, channel_id: int) -> str:
    """Return the selector of a downstream channel the integration knows."""
    channels = entry.runtime_data.live.data.ds_channels
    return next(s for s, c in channels.items() if c.channel_id == channel_id)


async def test_channels_missing_at_start_up_are_removed_after_the_grace(
    hass: HomeAssistant,
    addon: Addon,
    entity_registry: er.EntityRegistry,
    channel_entry: MockConfigEntry,
    refreshes: Refreshes,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Sensors of a channel that vanished while Home Assistant was off are cleaned up too."""
    await set_up(hass, channel_entry)
    gone = live_selector(hass, channel_entry, 24)
    unique_id = f"{addon.instance_id}_channel_ds_{gone}_snr"
    assert entity_registry.async_get_entity_id(Platform.SENSOR, DOMAIN, unique_id)
    assert await hass.config_entries.async_unload(channel_entry.entry_id)

    line = _demo_line(addon)
    line.templates = tuple(
        t for t in line.templates if not (t.direction == "ds" and t.channel_id == 24)
    )
    await new_poll(addon)
    assert await hass.config_entries.async_setup(channel_entry.entry_id)
    await stream_ready(channel_entry, refreshes)
    assert entity_registry.async_get_entity_id(Platform.SENSOR, DOMAIN, unique_id)

    freezer.tick(STALE_CHANNEL_GRACE + timedelta(minutes=1))
    await poll_after_jump(hass, addon, channel_entry, refreshes)
    assert entity_registry.async_get_entity_id(Platform.SENSOR, DOMAIN, unique_id) is None


async def test_turning_the_option_off_removes_channel_sensors(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, channel_entry: MockConfigEntry
) -> None:
    """Turning per-channel sensors off reloads the entry and removes them."""
    await set_up(hass, channel_entry)

    def channel_entities() -> list[er.RegistryEntry]:
        return [
            entry
            for entry in er.async_entries_for_config_entry(entity_registry, channel_entry.entry_id)
            if "_channel_ds_" in entry.unique_id or "_channel_us_" in entry.unique_id
        ]

    assert channel_entities()
    hass.config_entries.async_update_entry(channel_entry, options={CONF_CHANNEL_SENSORS: False})
    await hass.async_block_till_done()
    assert not channel_entities()
    assert hass.states.get("sensor.demo_router_line_health") is not None


async def test_modem_without_identity_or_uptime(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    addon: Addon,
    config_entry: MockConfigEntry,
) -> None:
    """A modem that reports no model or uptime: a generic device name, an unknown boot time."""
    with patch.object(DocsightClient, "device", return_value=ModemInfo(docsis_status="online")):
        await set_up(hass, config_entry)
        device = device_registry.async_get_device(identifiers={(DOMAIN, addon.instance_id)})
        assert device.name == "Cable modem"
        assert hass.states.get("sensor.cable_modem_last_boot").state == STATE_UNKNOWN
        assert hass.states.get("sensor.cable_modem_software_version").state == STATE_UNKNOWN
