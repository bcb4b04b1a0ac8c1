"""Connection-monitor targets and LAN devices: entities, dynamic devices and stale devices."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry
from sqlalchemy import update

from custom_components.docsight.api import DocsightClient, DocsightResponseError, LanDevices
from custom_components.docsight.binary_sensor import target_reachable
from custom_components.docsight.const import CONF_INSTANCE_ID, CONF_TOKEN, DOMAIN
from custom_components.docsight.entity import TARGET_MODEL
from custom_components.docsight.models import LanDevice, TargetStats
from docsight_server.api.services import SETTINGS_SERVICE
from docsight_server.connmon.keys import CONNECTION_MONITOR
from docsight_server.connmon.repository import Sample
from docsight_server.lan.schema import lan_devices
from tests.addon.harness import running_server

from .conftest import ADMIN_PASSWORD, Addon
from .test_coordinator import (
    Refreshes,
    add_event,
    count_refreshes,
    docsight_log,
    set_up,
    stream_ready,
    wait_until,
)

TARGETS = "/api/connection-monitor/targets"
LAN_DOWN = "sensor.demo_router_lan_devices_down"


@pytest.fixture(autouse=True)
def refreshes(enable_custom_integrations: None) -> Iterator[Refreshes]:
    """Count live refreshes (see `stream_ready`)."""
    with count_refreshes() as counter:
        yield counter


@pytest.fixture
async def plain_addon(socket_enabled: None, tmp_path: Path) -> AsyncIterator[Addon]:
    """The add-on as it ships, without demo data: the connection monitor is off."""
    env = {"ADMIN_PASSWORD": ADMIN_PASSWORD}
    async with running_server(tmp_path / "plain-addon", env) as server:
        created = await server.context.auth.create_token("Home Assistant tests")
        yield Addon(server, created.token)


def entry_for(addon: Addon) -> MockConfigEntry:
    """Return a config entry for an add-on."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="DOCSight",
        unique_id=addon.instance_id,
        data={"url": addon.url, CONF_TOKEN: addon.token, CONF_INSTANCE_ID: addon.instance_id},
    )


async def api(addon: Addon, method: str, path: str, body: Any = None) -> Any:
    """Call the add-on's API with the token and return the answer."""
    status, answer, _ = await addon.server.request(method, path, token=addon.token, json=body)
    assert status < 300, answer
    return answer


async def add_target(
    addon: Addon, label: str, host: str | None = None, latencies: Sequence[float | None] = ()
) -> str:
    """Create a target (enabled when it has a host) with samples from the last seconds."""
    body = {"label": label} if host is None else {"label": label, "host": host}
    target_id = int((await api(addon, "POST", TARGETS, body))["id"])
    now = time.time()
    samples = [
        Sample(target_id, now - 10 - index, latency, "icmp")
        for index, latency in enumerate(latencies)
    ]
    await addon.server.context.services[CONNECTION_MONITOR].store.writer.add_samples(samples)
    return str(target_id)


async def refresh(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Refresh the network coordinator and let the platforms act on it."""
    await entry.runtime_data.network.async_refresh()
    await hass.async_block_till_done()


def state(hass: HomeAssistant, entity_id: str) -> str:
    """Return an entity's state."""
    current = hass.states.get(entity_id)
    assert current is not None, entity_id
    return current.state


def target_unique_ids(
    entity_registry: er.EntityRegistry, entry: MockConfigEntry, kind: str = "cm"
) -> set[str]:
    """Return the unique ids of the entry's target (or LAN device) entities."""
    prefix = f"{entry.unique_id}_{kind}_"
    return {
        registry_entry.unique_id
        for registry_entry in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if registry_entry.unique_id.startswith(prefix)
        and registry_entry.unique_id != f"{entry.unique_id}_lan_devices_down"
    }


async def lan_device(addon: Addon, name: str) -> dict[str, Any]:
    """Return the add-on's LAN device with that display name."""
    devices = (await api(addon, "GET", "/api/lan/devices"))["devices"]
    return next(device for device in devices if device["display_name"] == name)


async def set_lan_status(addon: Addon, device_id: int, status: str) -> None:
    """Store a LAN device's status as the add-on's LAN monitor does after a round."""
    async with addon.server.context.database.transaction() as connection:
        await connection.execute(
            update(lan_devices).where(lan_devices.c.id == device_id).values(status=status)
        )


@pytest.mark.parametrize(
    ("stats", "reachable"),
    [
        ({"sample_count": 4, "packet_loss_pct": 0.0}, True),
        ({"sample_count": 4, "packet_loss_pct": 75.0}, True),
        ({"sample_count": 4, "packet_loss_pct": 100.0}, False),
        ({"sample_count": 0, "packet_loss_pct": None}, None),
        ({}, None),
    ],
)
def test_target_reachable(stats: dict[str, Any], reachable: bool | None) -> None:
    """Reachable while some probe of the last minute answered; unknown without probes."""
    assert target_reachable(TargetStats.from_json(stats)) is reachable


@pytest.mark.parametrize(
    ("status", "online"), [("ONLINE", True), ("UP", True), ("DOWN", False), (None, None)]
)
def test_lan_device_online(status: str | None, online: bool | None) -> None:
    """ONLINE (and Domotz' UP) is on, DOWN is off, anything else unknown."""
    assert LanDevice.from_json({"id": 1, "status": status}).online is online


async def test_demo_targets_have_devices(
    hass: HomeAssistant,
    addon: Addon,
    device_registry: dr.DeviceRegistry,
    setup_integration: MockConfigEntry,
) -> None:
    """Each demo target is a device linked to the modem, with two sensors and a binary one."""
    hub = device_registry.async_get_device(identifiers={(DOMAIN, addon.instance_id)})
    targets = await api(addon, "GET", TARGETS)
    assert len(targets) == 3
    for target in targets:
        device = device_registry.async_get_device(
            identifiers={(DOMAIN, f"{addon.instance_id}_cm_{target['id']}")}
        )
        assert device is not None
        assert (device.name, device.model, device.via_device_id) == (
            target["label"],
            TARGET_MODEL,
            hub.id,
        )
    for entity_id in (
        "sensor.router_average_latency",
        "sensor.cloudflare_dns_packet_loss",
        "binary_sensor.google_dns_reachable",
    ):
        assert hass.states.get(entity_id) is not None


async def test_targets_added_at_runtime_show_the_last_minute(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """New targets get entities at the next refresh, with the add-on's last-minute numbers."""
    assert hass.states.get("sensor.probe_a_average_latency") is None
    await add_target(addon, "Probe A", "192.0.2.10", [10.0, 20.0, None, 30.0])
    await add_target(addon, "Probe B", "192.0.2.11", [None, None])
    await add_target(addon, "Probe C", "192.0.2.12")
    await add_target(addon, "Probe D")  # no host: disabled

    await refresh(hass, setup_integration)

    latency = hass.states.get("sensor.probe_a_average_latency")
    assert float(latency.state) == pytest.approx(20.0)
    assert latency.attributes["unit_of_measurement"] == "ms"
    assert latency.attributes["device_class"] == "duration"
    assert latency.attributes["state_class"] == "measurement"
    loss = hass.states.get("sensor.probe_a_packet_loss")
    assert float(loss.state) == pytest.approx(25.0)
    assert loss.attributes["unit_of_measurement"] == "%"
    assert state(hass, "binary_sensor.probe_a_reachable") == STATE_ON

    assert state(hass, "sensor.probe_b_average_latency") == STATE_UNKNOWN
    assert float(state(hass, "sensor.probe_b_packet_loss")) == 100.0
    assert state(hass, "binary_sensor.probe_b_reachable") == STATE_OFF

    for label in ("probe_c", "probe_d"):  # no samples / disabled
        assert state(hass, f"sensor.{label}_average_latency") == STATE_UNAVAILABLE
        assert state(hass, f"sensor.{label}_packet_loss") == STATE_UNAVAILABLE
        assert state(hass, f"binary_sensor.{label}_reachable") == STATE_UNAVAILABLE


async def test_renamed_and_deleted_targets(
    hass: HomeAssistant,
    addon: Addon,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    setup_integration: MockConfigEntry,
) -> None:
    """A renamed target renames its device; a deleted one loses device and entities."""
    target_id = await add_target(addon, "Probe A", "192.0.2.10", [12.0])
    await refresh(hass, setup_integration)
    identifiers = {(DOMAIN, f"{addon.instance_id}_cm_{target_id}")}
    device = device_registry.async_get_device(identifiers=identifiers)
    assert device is not None
    unique_ids = {f"{addon.instance_id}_cm_{target_id}_{key}" for key in ("latency", "reachable")}
    assert unique_ids < target_unique_ids(entity_registry, setup_integration)

    await api(addon, "PUT", f"{TARGETS}/{target_id}", {"label": "Office VPN"})
    await refresh(hass, setup_integration)
    assert device_registry.async_get(device.id).name == "Office VPN"

    await api(addon, "DELETE", f"{TARGETS}/{target_id}")
    await refresh(hass, setup_integration)
    assert device_registry.async_get_device(identifiers=identifiers) is None
    assert not unique_ids & target_unique_ids(entity_registry, setup_integration)
    assert hass.states.get("sensor.probe_a_average_latency") is None
    assert len(target_unique_ids(entity_registry, setup_integration)) == 3 * 3  # the demo's


async def test_monitor_off_makes_no_target_entities(
    hass: HomeAssistant,
    plain_addon: Addon,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """With the monitor off there are no target entities; switched on they appear, off they
    stay as unavailable with their device (the target still exists)."""
    target_id = await add_target(plain_addon, "Quiet")
    entry = await set_up(hass, entry_for(plain_addon))
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.network.data.summary == {}
    assert not target_unique_ids(entity_registry, entry)
    # LAN monitoring is off in this add-on too: no current statuses to count
    assert state(hass, "sensor.cable_modem_lan_devices_down") == STATE_UNAVAILABLE

    settings = plain_addon.server.app[SETTINGS_SERVICE]
    await settings.save({"connection_monitor_enabled": True})
    await refresh(hass, entry)
    assert len(target_unique_ids(entity_registry, entry)) == 3
    assert state(hass, "binary_sensor.quiet_reachable") == STATE_UNAVAILABLE  # disabled

    await settings.save({"connection_monitor_enabled": False})
    await refresh(hass, entry)
    assert len(target_unique_ids(entity_registry, entry)) == 3
    assert state(hass, "sensor.quiet_packet_loss") == STATE_UNAVAILABLE
    identifiers = {(DOMAIN, f"{entry.unique_id}_cm_{target_id}")}
    assert device_registry.async_get_device(identifiers=identifiers)
    assert not docsight_log(caplog, logging.ERROR) + docsight_log(caplog, logging.WARNING)


async def test_addon_without_the_routes(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An add-on without connection monitor and LAN API (404): no such entities, no error."""
    missing = DocsightResponseError(404, "Not found")
    with (
        patch.object(DocsightClient, "monitor_targets", side_effect=missing),
        patch.object(DocsightClient, "monitor_summary", side_effect=missing),
        patch.object(DocsightClient, "lan_devices", side_effect=missing),
    ):
        entry = await set_up(hass, config_entry)
    assert entry.state is ConfigEntryState.LOADED
    network = entry.runtime_data.network
    assert network.last_update_success
    assert network.data.vital_devices_down is None
    assert not target_unique_ids(entity_registry, entry)
    assert not target_unique_ids(entity_registry, entry, "lan")
    assert hass.states.get(LAN_DOWN) is None
    assert not docsight_log(caplog, logging.ERROR) + docsight_log(caplog, logging.WARNING)


async def test_addon_error_makes_network_entities_unavailable(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """Any other error fails the refresh: target and LAN entities go unavailable, then back."""
    with patch.object(
        DocsightClient, "monitor_summary", side_effect=DocsightResponseError(500, "locked")
    ):
        await refresh(hass, setup_integration)
    assert not setup_integration.runtime_data.network.last_update_success
    assert state(hass, "binary_sensor.router_reachable") == STATE_UNAVAILABLE
    assert state(hass, "binary_sensor.nas_online") == STATE_UNAVAILABLE
    assert state(hass, LAN_DOWN) == STATE_UNAVAILABLE

    await refresh(hass, setup_integration)
    assert state(hass, "binary_sensor.nas_online") == STATE_ON


async def test_vital_lan_devices(
    hass: HomeAssistant,
    addon: Addon,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    setup_integration: MockConfigEntry,
) -> None:
    """VITAL LAN devices are devices (by MAC, via the modem) with an online sensor."""
    hub = device_registry.async_get_device(identifiers={(DOMAIN, addon.instance_id)})
    devices = (await api(addon, "GET", "/api/lan/devices"))["devices"]
    vital = [device for device in devices if device["importance"] == "VITAL"]
    assert len(vital) == 3
    assert len(target_unique_ids(entity_registry, setup_integration, "lan")) == 3
    nas = await lan_device(addon, "NAS")
    device = device_registry.async_get_device(
        identifiers={(DOMAIN, f"{addon.instance_id}_lan_{nas['id']}")}
    )
    assert (dr.CONNECTION_NETWORK_MAC, nas["hw_address"]) in device.connections
    assert (device.name, device.manufacturer, device.via_device_id) == ("NAS", "Synology", hub.id)
    assert state(hass, "binary_sensor.nas_online") == STATE_ON
    assert state(hass, LAN_DOWN) == "0"

    await set_lan_status(addon, nas["id"], "DOWN")
    await refresh(hass, setup_integration)
    assert state(hass, "binary_sensor.nas_online") == STATE_OFF
    assert state(hass, LAN_DOWN) == "1"

    tv = await lan_device(addon, "Living-Room-TV")
    await set_lan_status(addon, tv["id"], "DOWN")  # FLOATING: not counted
    await refresh(hass, setup_integration)
    assert state(hass, LAN_DOWN) == "1"
    assert hass.states.get("binary_sensor.living_room_tv_online") is None


async def test_lan_entities_unavailable_while_monitoring_is_off(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """Frozen statuses are not shown as current: online sensors and the count go unavailable."""
    assert (await api(addon, "GET", "/api/lan/devices"))["monitoring_active"] is True
    real = DocsightClient.lan_devices

    async def monitoring_off(client: DocsightClient) -> LanDevices:
        listed = await real(client)
        return replace(listed, monitoring_active=False)

    with patch.object(DocsightClient, "lan_devices", monitoring_off):
        await refresh(hass, setup_integration)
        assert state(hass, "binary_sensor.nas_online") == STATE_UNAVAILABLE
        assert state(hass, LAN_DOWN) == STATE_UNAVAILABLE
    await refresh(hass, setup_integration)
    assert state(hass, "binary_sensor.nas_online") == STATE_ON
    assert state(hass, LAN_DOWN) == "0"


async def test_lan_devices_come_and_go(
    hass: HomeAssistant,
    addon: Addon,
    device_registry: dr.DeviceRegistry,
    setup_integration: MockConfigEntry,
) -> None:
    """Marked VITAL a device appears, renamed it follows, back to FLOATING its device goes."""
    tv = await lan_device(addon, "Living-Room-TV")
    identifiers = {(DOMAIN, f"{addon.instance_id}_lan_{tv['id']}")}
    await api(addon, "PATCH", f"/api/lan/devices/{tv['id']}", {"importance": "VITAL"})
    await refresh(hass, setup_integration)
    assert state(hass, "binary_sensor.living_room_tv_online") == STATE_ON
    device = device_registry.async_get_device(identifiers=identifiers)
    assert device is not None

    await api(addon, "PATCH", f"/api/lan/devices/{tv['id']}", {"display_name": "Television"})
    await refresh(hass, setup_integration)
    assert device_registry.async_get(device.id).name == "Television"

    await api(addon, "PATCH", f"/api/lan/devices/{tv['id']}", {"importance": "FLOATING"})
    await refresh(hass, setup_integration)
    assert device_registry.async_get_device(identifiers=identifiers) is None
    assert hass.states.get("binary_sensor.living_room_tv_online") is None

    await api(addon, "PATCH", f"/api/lan/devices/{tv['id']}", {"importance": "VITAL"})
    await refresh(hass, setup_integration)
    assert state(hass, "binary_sensor.television_online") == STATE_ON


async def test_lan_device_shared_with_another_integration(
    hass: HomeAssistant,
    addon: Addon,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    config_entry: MockConfigEntry,
) -> None:
    """A device another integration knows by its MAC is shared, and kept when ours goes."""
    nas = await lan_device(addon, "NAS")
    other = MockConfigEntry(domain="router")
    other.add_to_hass(hass)
    shared = device_registry.async_get_or_create(
        config_entry_id=other.entry_id,
        connections={(dr.CONNECTION_NETWORK_MAC, nas["hw_address"])},
        name="diskstation",
    )
    entry = await set_up(hass, config_entry)
    assert device_registry.async_get(shared.id).config_entries == {
        other.entry_id,
        entry.entry_id,
    }
    online = entity_registry.async_get("binary_sensor.nas_online")
    assert online.device_id == shared.id

    await api(addon, "PATCH", f"/api/lan/devices/{nas['id']}", {"importance": "FLOATING"})
    await refresh(hass, entry)
    assert device_registry.async_get(shared.id).config_entries == {other.entry_id}
    assert entity_registry.async_get("binary_sensor.nas_online") is None


async def test_network_event_refreshes_at_once(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry, refreshes: Refreshes
) -> None:
    """A pushed LAN event refreshes the LAN states without waiting for the next poll."""
    await stream_ready(setup_integration, refreshes)
    nas = await lan_device(addon, "NAS")
    await set_lan_status(addon, nas["id"], "DOWN")
    await add_event(addon, "lan_device_down", publish=True)
    await wait_until(lambda: state(hass, "binary_sensor.nas_online") == STATE_OFF)
    assert state(hass, LAN_DOWN) == "1"
