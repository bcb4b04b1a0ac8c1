"""The home-network coordinator: connection-monitor targets and LAN devices, with their devices."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.core import callback
from homeassistant.helpers import device_registry as dr

from .api import DocsightError
from .const import DOMAIN, NETWORK_UPDATE_INTERVAL
from .coordinator import DocsightCoordinator, translate_error, unless_missing
from .models import Event, LanDevice, MonitorTarget, TargetStats

#: Events after which connection-monitor and LAN states are likely to have changed.
NETWORK_EVENT_PREFIXES = ("cm_", "lan_")


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkData:
    """Connection-monitor targets with their last-minute statistics, and the LAN devices.

    Every mapping is keyed by the add-on's id as text.
    """

    #: Every target the add-on has (empty when it has no connection monitor).
    targets: dict[str, MonitorTarget]
    #: Statistics of the last 60 s per target; empty while the monitor is off.
    summary: dict[str, TargetStats]
    #: The LAN devices; None when the add-on has no LAN API.
    lan_devices: dict[str, LanDevice] | None
    #: False while the add-on's LAN monitoring is off (the statuses are frozen).
    lan_monitoring_active: bool = True

    @property
    def target_ids(self) -> set[str]:
        """Return the ids of the targets that exist, measured or not."""
        return set(self.targets) | set(self.summary)

    @property
    def vital_devices(self) -> dict[str, LanDevice]:
        """Return the LAN devices marked VITAL (the ones DOCSight watches closely)."""
        return {
            key: device
            for key, device in (self.lan_devices or {}).items()
            if device.importance == "VITAL" and device.hw_address
        }

    @property
    def vital_devices_down(self) -> int | None:
        """Return how many VITAL LAN devices are down (None without a LAN API)."""
        if self.lan_devices is None:
            return None
        return sum(device.online is False for device in self.vital_devices.values())

    def target_label(self, target_id: str) -> str:
        """Return a target's label."""
        target = self.targets.get(target_id) or self.summary.get(target_id)
        label = None if target is None else target.label or target.host
        return label or target_id

    def target_host(self, target_id: str) -> str | None:
        """Return the host a target probes (None when the add-on does not say)."""
        target = self.targets.get(target_id) or self.summary.get(target_id)
        return None if target is None else target.host


def target_device_key(instance_id: str, target_id: str) -> str:
    """Return the device identifier of a connection-monitor target (also its unique-id prefix)."""
    return f"{instance_id}_cm_{target_id}"


def lan_device_key(instance_id: str, device_id: str) -> str:
    """Return the device identifier of a LAN device (also its unique-id prefix)."""
    return f"{instance_id}_lan_{device_id}"


class DocsightNetworkCoordinator(DocsightCoordinator[NetworkData]):
    """Polls the connection monitor and the LAN devices; keeps their devices in the registry."""

    coordinator_name = "DOCSight network"
    polling_interval = NETWORK_UPDATE_INTERVAL

    async def _async_update_data(self) -> NetworkData:
        """Fetch targets, their last-minute statistics and the LAN devices (each optional)."""
        try:
            targets = await unless_missing(self.client.monitor_targets())
            summary = await unless_missing(self.client.monitor_summary())
            devices = await unless_missing(self.client.lan_devices())
        except DocsightError as err:
            raise translate_error(err) from err
        data = NetworkData(
            targets={str(target.id): target for target in targets or ()},
            summary=summary or {},
            lan_devices=(
                None if devices is None else {str(device.id): device for device in devices.devices}
            ),
            lan_monitoring_active=devices is None or devices.monitoring_active,
        )
        self._update_device_registry(data)
        return data

    def _update_device_registry(self, data: NetworkData) -> None:
        """Rename devices after the add-on renamed them; drop those of deleted items.

        A target's device goes when the target is deleted (not while the monitor is off), a LAN
        device's when it is gone or no longer VITAL. Only this entry is detached: a LAN device
        may be shared with another integration through its MAC address.
        """
        names = {
            target_device_key(self.instance_id, target_id): data.target_label(target_id)
            for target_id in data.target_ids
        }
        names |= {
            lan_device_key(self.instance_id, device_id): device.name
            for device_id, device in data.vital_devices.items()
        }
        prefixes = (f"{self.instance_id}_cm_", f"{self.instance_id}_lan_")
        entry_id = self.config_entry.entry_id
        registry = dr.async_get(self.hass)
        for device in dr.async_entries_for_config_entry(registry, entry_id):
            key = next(
                (
                    identifier
                    for domain, identifier in device.identifiers
                    if domain == DOMAIN and identifier.startswith(prefixes)
                ),
                None,
            )
            if key is None:
                continue
            if key not in names:
                registry.async_update_device(device.id, remove_config_entry_id=entry_id)
            elif device.name != names[key]:
                registry.async_update_device(device.id, name=names[key])

    @callback
    def async_handle_event(self, event: Event) -> None:
        """Refresh soon after a connection-monitor or LAN event: states change with them."""
        if (event.event_type or "").startswith(NETWORK_EVENT_PREFIXES):
            self.config_entry.async_create_background_task(
                self.hass, self.async_request_refresh(), name=f"{DOMAIN} network refresh"
            )
