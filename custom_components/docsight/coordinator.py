"""Coordinators: live line data (push stream, polling fallback), slow data and the home network."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from . import repairs
from .api import (
    DocsightAuthenticationError,
    DocsightClient,
    DocsightConnectionError,
    DocsightError,
    DocsightResponseError,
    Instance,
    StreamMessage,
)
from .const import (
    CONF_FALLBACK_INTERVAL,
    CONF_INSTANCE_ID,
    DEFAULT_FALLBACK_INTERVAL,
    DOMAIN,
    EVENT_DOCSIGHT,
    NETWORK_UPDATE_INTERVAL,
    SLOW_UPDATE_INTERVAL,
    SUPPORTED_API_VERSION,
)

if TYPE_CHECKING:
    from .data import DocsightConfigEntry

LOGGER = logging.getLogger(__package__)

STREAM_RETRY_MIN = 5.0
STREAM_RETRY_MAX = 300.0
UNREACHABLE_ISSUE_AFTER = timedelta(minutes=30)
#: A recomputed boot time closer than this to the known one is measurement jitter.
BOOT_TIME_TOLERANCE = timedelta(minutes=1)
#: Names of the collector that reads the modem, for add-ons that do not mark it `primary`.
MODEM_COLLECTORS = ("modem", "demo")
#: Device info fields mirrored in the device registry.
DEVICE_FIELDS = ("manufacturer", "model", "sw_version")
#: When each entry's add-on stopped answering; kept here so set-up retries do not reset it.
UNREACHABLE_SINCE: HassKey[dict[str, datetime]] = HassKey(f"{DOMAIN}_unreachable_since")
#: Events after which connection-monitor and LAN states are likely to have changed.
NETWORK_EVENT_PREFIXES = ("cm_", "lan_")
#: LAN device statuses meaning up: the add-on says ONLINE, Domotz also knows UP.
LAN_STATUS_UP = ("ONLINE", "UP")

type EventListener = Callable[[dict[str, Any]], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class CollectorStatus:
    """How the add-on's modem collector is doing."""

    name: str
    consecutive_failures: int
    last_run: datetime | None
    poll_interval: int
    last_error: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class LiveData:
    """The latest poll as the add-on reports it; channels are keyed by selector."""

    summary: dict[str, Any]
    ds_channels: dict[str, dict[str, Any]]
    us_channels: dict[str, dict[str, Any]]
    device: dict[str, Any]
    unacknowledged_events: int
    modem_collector: CollectorStatus | None
    last_poll: datetime | None
    last_boot: datetime | None

    def channels(self, direction: str) -> dict[str, dict[str, Any]]:
        """Return the channels of a direction ("ds" or "us")."""
        return self.ds_channels if direction == "ds" else self.us_channels


@dataclass(frozen=True, slots=True, kw_only=True)
class SlowData:
    """Data that changes rarely: gaming quality index and provisioned speeds."""

    gaming: dict[str, Any]
    connection: dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkData:
    """Connection-monitor targets with their last-minute statistics, and the LAN devices.

    Every mapping is keyed by the add-on's id as text.
    """

    #: Every target the add-on has (empty when it has no connection monitor).
    targets: dict[str, dict[str, Any]]
    #: Statistics of the last 60 s per target; empty while the monitor is off.
    summary: dict[str, dict[str, Any]]
    #: The LAN devices; None when the add-on has no LAN API.
    lan_devices: dict[str, dict[str, Any]] | None
    #: False while the add-on's LAN monitoring is off (the statuses are frozen).
    lan_monitoring_active: bool = True

    @property
    def target_ids(self) -> set[str]:
        """Return the ids of the targets that exist, measured or not."""
        return set(self.targets) | set(self.summary)

    @property
    def vital_devices(self) -> dict[str, dict[str, Any]]:
        """Return the LAN devices marked VITAL (the ones DOCSight watches closely)."""
        devices = self.lan_devices or {}
        return {
            key: device
            for key, device in devices.items()
            if device.get("importance") == "VITAL" and device.get("hw_address")
        }

    @property
    def vital_devices_down(self) -> int | None:
        """Return how many VITAL LAN devices are down (None without a LAN API)."""
        if self.lan_devices is None:
            return None
        return sum(lan_device_online(device) is False for device in self.vital_devices.values())

    def target_label(self, target_id: str) -> str:
        """Return a target's label."""
        target = self.targets.get(target_id) or self.summary.get(target_id) or {}
        return str(target.get("label") or target.get("host") or target_id)


def target_device_key(instance_id: str, target_id: str) -> str:
    """Return the device identifier of a connection-monitor target (also its unique-id prefix)."""
    return f"{instance_id}_cm_{target_id}"


def lan_device_key(instance_id: str, device_id: str) -> str:
    """Return the device identifier of a LAN device (also its unique-id prefix)."""
    return f"{instance_id}_lan_{device_id}"


def lan_device_name(device: dict[str, Any]) -> str:
    """Return a LAN device's name: the user's, a discovered one, its address or its MAC."""
    return str(device.get("display_name") or device.get("hw_address") or device.get("id"))


def lan_device_online(device: dict[str, Any]) -> bool | None:
    """Return whether the add-on reports a LAN device up (None for an unknown status)."""
    status = device.get("status")
    if status == "DOWN":
        return False
    return True if status in LAN_STATUS_UP else None


def translate_error(err: DocsightError) -> ConfigEntryAuthFailed | UpdateFailed:
    """Return the Home Assistant exception for a client error."""
    if isinstance(err, DocsightAuthenticationError):
        return ConfigEntryAuthFailed(translation_domain=DOMAIN, translation_key="auth_failed")
    if isinstance(err, DocsightConnectionError):
        return UpdateFailed(
            translation_domain=DOMAIN,
            translation_key="cannot_connect",
            translation_placeholders={"error": str(err)},
        )
    return UpdateFailed(
        translation_domain=DOMAIN,
        translation_key="bad_response",
        translation_placeholders={"error": str(err)},
    )


async def _unless_missing[T](call: Awaitable[T]) -> T | None:
    """Return the answer of a route, or None when the add-on does not have it (404)."""
    try:
        return await call
    except DocsightResponseError as err:
        if err.status == 404:
            return None
        raise


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(item["id"]): item for item in items if isinstance(item, dict) and "id" in item}


def _by_selector(channels: list[dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    return {
        str(channel["selector"]): channel for channel in channels or [] if channel.get("selector")
    }


def _modem_collector(collectors: list[dict[str, Any]]) -> CollectorStatus | None:
    marked = any("primary" in status for status in collectors)
    for status in collectors:
        if status.get("primary") if marked else status.get("name") in MODEM_COLLECTORS:
            last_run = status.get("last_poll") or 0
            return CollectorStatus(
                name=str(status["name"]),
                consecutive_failures=int(status.get("consecutive_failures") or 0),
                last_run=(dt_util.utc_from_timestamp(int(last_run)) if last_run else None),
                poll_interval=int(status.get("poll_interval") or 0),
                last_error=status.get("last_error"),
            )
    return None


class DocsightLiveCoordinator(DataUpdateCoordinator[LiveData]):
    """Keeps the latest poll: pushed over the add-on's stream, polled while it is down."""

    config_entry: DocsightConfigEntry
    #: The add-on's identity, read by the first refresh.
    instance: Instance

    def __init__(
        self, hass: HomeAssistant, entry: DocsightConfigEntry, client: DocsightClient
    ) -> None:
        """Bind to an entry; the stream starts with `async_start_stream`."""
        self.client = client
        self.stream_connected = False
        self.fallback_interval = timedelta(
            seconds=entry.options.get(CONF_FALLBACK_INTERVAL, DEFAULT_FALLBACK_INTERVAL)
        )
        self._event_listeners: list[EventListener] = []
        self._pushed_last_poll: datetime | None = None
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name="DOCSight live",
            update_interval=self.fallback_interval,
            always_update=False,
        )

    @property
    def instance_id(self) -> str:
        """Return the add-on installation's id (stable, used in unique ids)."""
        return str(self.config_entry.data[CONF_INSTANCE_ID])

    async def _async_setup(self) -> None:
        """Check once that the add-on speaks our API version."""
        try:
            instance = await self.client.instance()
        except DocsightError as err:
            raise self._failed(err) from err
        if instance.api_version != SUPPORTED_API_VERSION:
            repairs.async_report_incompatible(self.hass, self.config_entry, instance.api_version)
            raise ConfigEntryError(
                translation_domain=DOMAIN,
                translation_key="incompatible_api",
                translation_placeholders={
                    "api_version": str(instance.api_version),
                    "supported_version": str(SUPPORTED_API_VERSION),
                },
            )
        repairs.async_clear_incompatible(self.hass, self.config_entry)
        self.instance = instance

    async def _async_update_data(self) -> LiveData:
        """Fetch channels, device info, the event count and the collector status."""
        try:
            channels = await self.client.channels()
            device = await self.client.device()
            unacknowledged = await self.client.unacknowledged_count()
            collectors = await self.client.collectors()
        except DocsightError as err:
            self.update_interval = self.fallback_interval
            raise self._failed(err) from err
        self._reachable()
        self.update_interval = None if self.stream_connected else self.fallback_interval
        collector = _modem_collector(collectors)
        data = LiveData(
            summary=channels.get("summary") or {},
            ds_channels=_by_selector(channels.get("ds_channels")),
            us_channels=_by_selector(channels.get("us_channels")),
            device=device,
            unacknowledged_events=unacknowledged,
            modem_collector=collector,
            last_poll=self._last_poll(collector),
            last_boot=self._last_boot(device, collector),
        )
        self._update_device_registry(device)
        return data

    def _last_poll(self, collector: CollectorStatus | None) -> datetime | None:
        """Return when the add-on last read the modem successfully.

        The stream announces each snapshot's time; without it the modem collector's last
        successful scheduled run is the best estimate.
        """
        if self.stream_connected and self._pushed_last_poll is not None:
            return self._pushed_last_poll
        known = [self._pushed_last_poll, self.data.last_poll if self.data else None]
        if collector is not None and not collector.consecutive_failures:
            known.append(collector.last_run)
        return max((moment for moment in known if moment is not None), default=None)

    def _last_boot(
        self, device: dict[str, Any], collector: CollectorStatus | None
    ) -> datetime | None:
        """Return the modem's boot time, ignoring jitter between polls."""
        uptime = device.get("uptime_seconds")
        if not isinstance(uptime, int | float):
            return None
        read_at = self._last_poll(collector) or dt_util.utcnow()
        boot = (read_at - timedelta(seconds=uptime)).replace(microsecond=0)
        previous = self.data.last_boot if self.data else None
        if previous is not None and abs(boot - previous) < BOOT_TIME_TOLERANCE:
            return previous
        return boot

    def _update_device_registry(self, device: dict[str, Any]) -> None:
        """Keep the modem device's firmware and model current after a change."""
        fields = {key: device.get(key) for key in DEVICE_FIELDS}
        if self.data is None or all(self.data.device.get(key) == fields[key] for key in fields):
            return
        registry = dr.async_get(self.hass)
        if entry := registry.async_get_device(identifiers={(DOMAIN, self.instance_id)}):
            registry.async_update_device(
                entry.id,
                manufacturer=fields["manufacturer"],
                model=fields["model"],
                sw_version=fields["sw_version"],
            )

    def _failed(self, err: DocsightError) -> ConfigEntryAuthFailed | UpdateFailed:
        """Note an unreachable add-on (repair issue after a while) and translate the error."""
        if isinstance(err, DocsightConnectionError):
            since = self.hass.data.setdefault(UNREACHABLE_SINCE, {})
            first = since.setdefault(self.config_entry.entry_id, dt_util.utcnow())
            if dt_util.utcnow() - first > UNREACHABLE_ISSUE_AFTER:
                repairs.async_report_unreachable(self.hass, self.config_entry)
        return translate_error(err)

    def _reachable(self) -> None:
        """Forget an outage and clear its repair issue."""
        if self.hass.data.get(UNREACHABLE_SINCE, {}).pop(self.config_entry.entry_id, None):
            repairs.async_clear_unreachable(self.hass, self.config_entry)

    @callback
    def async_add_event_listener(self, listener: EventListener) -> CALLBACK_TYPE:
        """Call `listener(event)` for every pushed DOCSight event; return the remover."""
        self._event_listeners.append(listener)
        return lambda: self._event_listeners.remove(listener)

    @callback
    def async_start_stream(self) -> None:
        """Follow the add-on's push stream until the entry unloads."""
        self.config_entry.async_create_background_task(
            self.hass, self._async_follow_stream(), name=f"{DOMAIN} stream"
        )

    async def _async_follow_stream(self) -> None:
        """Read the stream; reconnect with back-off and poll meanwhile."""
        delay = STREAM_RETRY_MIN
        while True:
            token_refused = False
            try:
                async for message in self.client.stream():
                    if message.kind == "hello":
                        delay = STREAM_RETRY_MIN
                    await self._async_handle(message)
            except DocsightError as err:
                LOGGER.debug("DOCSight stream failed: %s", err)
                token_refused = isinstance(err, DocsightAuthenticationError)
            except Exception:  # a bad message must not end the stream for good
                LOGGER.exception("Unexpected error in the DOCSight stream")
            else:
                LOGGER.debug("DOCSight stream ended")
            # Poll at once: it shows an outage now, and a refused token starts reauthentication.
            if self.stream_connected or token_refused:
                self.stream_connected = False
                self.update_interval = self.fallback_interval
                await self.async_refresh()
            await asyncio.sleep(delay)
            delay = min(delay * 2, STREAM_RETRY_MAX)

    async def _async_handle(self, message: StreamMessage) -> None:
        """Apply one pushed message."""
        if message.kind == "hello":
            if last_poll := message.data.get("last_poll"):
                self._pushed_last_poll = dt_util.parse_datetime(last_poll)
            self.stream_connected = True
            self.update_interval = None
            await self.async_refresh()
        elif message.kind == "snapshot":
            self._pushed_last_poll = dt_util.utc_from_timestamp(message.data["ts"])
            await self.async_refresh()
        elif message.kind == "collectors":
            collector = _modem_collector(message.data)
            self.async_set_updated_data(
                replace(self.data, modem_collector=collector, last_poll=self._last_poll(collector))
            )
        elif message.kind == "event":
            self._async_fire_event(message.data)
            await self._async_refresh_event_count()
        elif message.kind == "events_acknowledged":
            await self._async_refresh_event_count()

    @callback
    def _async_fire_event(self, event: dict[str, Any]) -> None:
        """Announce a DOCSight event on the bus and to the event entity."""
        self.hass.bus.async_fire(
            EVENT_DOCSIGHT, {**event, "config_entry_id": self.config_entry.entry_id}
        )
        for listener in list(self._event_listeners):
            listener(event)

    async def _async_refresh_event_count(self) -> None:
        """Re-read the unacknowledged count (exact, unlike counting pushed events)."""
        try:
            count = await self.client.unacknowledged_count()
        except DocsightError as err:
            LOGGER.debug("Reading the event count failed: %s", err)
            return
        self.async_set_updated_data(replace(self.data, unacknowledged_events=count))


class DocsightSlowCoordinator(DataUpdateCoordinator[SlowData]):
    """Polls the gaming quality index and provisioned speeds every few minutes."""

    config_entry: DocsightConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: DocsightConfigEntry, client: DocsightClient
    ) -> None:
        """Bind to an entry."""
        self.client = client
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name="DOCSight slow",
            update_interval=SLOW_UPDATE_INTERVAL,
            always_update=False,
        )

    async def _async_update_data(self) -> SlowData:
        """Fetch the gaming score and the connection info."""
        try:
            return SlowData(
                gaming=await self.client.gaming_score(),
                connection=await self.client.connection(),
            )
        except DocsightError as err:
            raise translate_error(err) from err


class DocsightNetworkCoordinator(DataUpdateCoordinator[NetworkData]):
    """Polls the connection monitor and the LAN devices; keeps their devices in the registry."""

    config_entry: DocsightConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: DocsightConfigEntry, client: DocsightClient
    ) -> None:
        """Bind to an entry."""
        self.client = client
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name="DOCSight network",
            update_interval=NETWORK_UPDATE_INTERVAL,
            always_update=False,
        )

    @property
    def instance_id(self) -> str:
        """Return the add-on installation's id (stable, used in unique ids)."""
        return str(self.config_entry.data[CONF_INSTANCE_ID])

    async def _async_update_data(self) -> NetworkData:
        """Fetch targets, their last-minute statistics and the LAN devices (each optional)."""
        try:
            targets = await _unless_missing(self.client.monitor_targets())
            summary = await _unless_missing(self.client.monitor_summary())
            devices = await _unless_missing(self.client.lan_devices())
        except DocsightError as err:
            raise translate_error(err) from err
        data = NetworkData(
            targets=_by_id(targets or []),
            summary={
                str(key): stats for key, stats in (summary or {}).items() if isinstance(stats, dict)
            },
            lan_devices=None if devices is None else _by_id(devices.devices),
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
            lan_device_key(self.instance_id, device_id): lan_device_name(device)
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
    def async_handle_event(self, event: dict[str, Any]) -> None:
        """Refresh soon after a connection-monitor or LAN event: states change with them."""
        if str(event.get("event_type") or "").startswith(NETWORK_EVENT_PREFIXES):
            self.config_entry.async_create_background_task(
                self.hass, self.async_request_refresh(), name=f"{DOMAIN} network refresh"
            )
