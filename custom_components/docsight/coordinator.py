"""Coordinators of the line: live data (push stream, polling fallback) and slow data."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.debounce import Debouncer
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
)
from .const import (
    CONF_FALLBACK_INTERVAL,
    CONF_INSTANCE_ID,
    DEFAULT_FALLBACK_INTERVAL,
    DOMAIN,
    EVENT_DOCSIGHT,
    SLOW_UPDATE_INTERVAL,
)
from .event_counts import EventCounts, fetch_event_counts
from .identity import async_check_instance, async_other_installation, changed_placeholders
from .models import (
    Channel,
    CollectorStatus,
    ConnectionInfo,
    Event,
    GamingScore,
    Instance,
    ModemInfo,
    Summary,
)
from .models import events as stream

if TYPE_CHECKING:
    from .data import DocsightConfigEntry

LOGGER = logging.getLogger(__package__)

STREAM_RETRY_MIN = 5.0
STREAM_RETRY_MAX = 300.0
UNREACHABLE_ISSUE_AFTER = timedelta(minutes=30)
#: Pushed events and acknowledgements within this many seconds share one count of the events.
EVENT_COUNT_COOLDOWN = 2.0
#: A recomputed boot time closer than this to the known one is measurement jitter.
BOOT_TIME_TOLERANCE = timedelta(minutes=1)
#: Names of the collector that reads the modem, for add-ons that do not mark it `primary`.
MODEM_COLLECTORS = ("modem", "demo")
#: When each entry's add-on stopped answering; kept here so set-up retries do not reset it.
UNREACHABLE_SINCE: HassKey[dict[str, datetime]] = HassKey(f"{DOMAIN}_unreachable_since")

type EventListener = Callable[[Event], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class LiveData:
    """The latest poll as the add-on reports it; channels are keyed by selector."""

    summary: Summary
    ds_channels: dict[str, Channel]
    us_channels: dict[str, Channel]
    device: ModemInfo
    events: EventCounts
    modem_collector: CollectorStatus | None
    last_poll: datetime | None
    last_boot: datetime | None

    def channels(self, direction: str) -> dict[str, Channel]:
        """Return the channels of a direction ("ds" or "us")."""
        return self.ds_channels if direction == "ds" else self.us_channels


@dataclass(frozen=True, slots=True, kw_only=True)
class SlowData:
    """Data that changes rarely: gaming quality index and provisioned speeds."""

    gaming: GamingScore
    connection: ConnectionInfo


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


async def unless_missing[T](call: Awaitable[T]) -> T | None:
    """Return the answer of a route, or None when the add-on does not have it (404)."""
    try:
        return await call
    except DocsightResponseError as err:
        if err.status == 404:
            return None
        raise


def _by_selector(channels: Sequence[Channel]) -> dict[str, Channel]:
    return {channel.selector: channel for channel in channels if channel.selector}


def _modem_collector(collectors: Sequence[CollectorStatus]) -> CollectorStatus | None:
    """Return the collector that reads the modem: the primary one, else the one so named."""
    marked = any(status.primary is not None for status in collectors)
    for status in collectors:
        if status.primary if marked else status.name in MODEM_COLLECTORS:
            return status
    return None


def _device_fields(device: ModemInfo) -> tuple[str | None, str | None, str | None]:
    """Return what the device registry mirrors of the modem."""
    return device.manufacturer, device.model, device.sw_version


class DocsightCoordinator[DataT](DataUpdateCoordinator[DataT]):
    """Reads an entry's add-on through its client; entities hear only of changed data."""

    config_entry: DocsightConfigEntry
    #: The coordinator's name in logs.
    coordinator_name: ClassVar[str]
    #: How often it polls; None where the coordinator sets its interval itself.
    polling_interval: ClassVar[timedelta | None] = None

    def __init__(
        self, hass: HomeAssistant, entry: DocsightConfigEntry, client: DocsightClient
    ) -> None:
        """Bind to an entry and its add-on's client."""
        self.client = client
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=self.coordinator_name,
            update_interval=self.polling_interval,
            always_update=False,
        )

    @property
    def instance_id(self) -> str:
        """Return the add-on installation's id (stable, used in unique ids)."""
        return str(self.config_entry.data[CONF_INSTANCE_ID])


class DocsightLiveCoordinator(DocsightCoordinator[LiveData]):
    """Keeps the latest poll: pushed over the add-on's stream, polled while it is down."""

    coordinator_name = "DOCSight live"
    #: The add-on's identity, read by the first refresh.
    instance: Instance

    def __init__(
        self, hass: HomeAssistant, entry: DocsightConfigEntry, client: DocsightClient
    ) -> None:
        """Bind to an entry; poll at the fallback interval until `async_start_stream` connects."""
        super().__init__(hass, entry, client)
        self.stream_connected = False
        self.fallback_interval = timedelta(
            seconds=entry.options.get(CONF_FALLBACK_INTERVAL, DEFAULT_FALLBACK_INTERVAL)
        )
        self.update_interval = self.fallback_interval
        self._event_listeners: list[EventListener] = []
        self._pushed_last_poll: datetime | None = None
        self._unreadable_page = repairs.UnreadablePageWatch(hass, entry)
        self._event_count_debouncer = Debouncer(
            hass,
            LOGGER,
            cooldown=EVENT_COUNT_COOLDOWN,
            immediate=False,
            function=self._async_refresh_event_count,
        )

    async def _async_setup(self) -> None:
        """Check once that the add-on speaks our API version and is the entry's installation."""
        try:
            instance = await self.client.instance()
        except DocsightError as err:
            raise self._failed(err) from err
        async_check_instance(self.hass, self.config_entry, instance)
        self.instance = instance

    async def async_shutdown(self) -> None:
        """Stop refreshing, a pending event count included."""
        await super().async_shutdown()
        self._event_count_debouncer.async_shutdown()

    async def _async_update_data(self) -> LiveData:
        """Fetch channels, device info, the event counts and the collector status."""
        # The stream checks the add-on's identity when it connects; polling checks every time.
        polling = self.data is not None and not self.stream_connected
        if polling and (
            other := await async_other_installation(self.hass, self.config_entry, self.client)
        ):
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="instance_changed",
                translation_placeholders=changed_placeholders(self.config_entry, other),
            )
        try:
            analysis = await self.client.channels()
            device = await self.client.device()
            events = await fetch_event_counts(self.client, dt_util.utcnow())
            collectors = await self.client.collectors()
        except DocsightError as err:
            self.update_interval = self.fallback_interval
            raise self._failed(err) from err
        self._reachable()
        self.update_interval = None if self.stream_connected else self.fallback_interval
        collector = _modem_collector(collectors)
        self._unreadable_page.async_update(collector)
        data = LiveData(
            summary=analysis.summary,
            ds_channels=_by_selector(analysis.ds_channels),
            us_channels=_by_selector(analysis.us_channels),
            device=device,
            events=events,
            modem_collector=collector,
            last_poll=self._last_poll(collector),
            last_boot=self._last_boot(device, collector),
        )
        self._update_device_registry(device)
        return data

    def _last_poll(self, collector: CollectorStatus | None) -> datetime | None:
        """Return when the add-on last read the modem successfully.

        The stream announces each snapshot's time; without it the modem collector's last
        successful run (scheduled or manual) is the best estimate.
        """
        if self.stream_connected and self._pushed_last_poll is not None:
            return self._pushed_last_poll
        known = [self._pushed_last_poll, self.data.last_poll if self.data else None]
        if collector is not None and not collector.consecutive_failures:
            known.append(collector.last_run)
        return max((moment for moment in known if moment is not None), default=None)

    def _last_boot(self, device: ModemInfo, collector: CollectorStatus | None) -> datetime | None:
        """Return the modem's boot time, ignoring jitter between polls."""
        uptime = device.uptime_seconds
        if uptime is None:
            return None
        read_at = self._last_poll(collector) or dt_util.utcnow()
        boot = (read_at - timedelta(seconds=uptime)).replace(microsecond=0)
        previous = self.data.last_boot if self.data else None
        if previous is not None and abs(boot - previous) < BOOT_TIME_TOLERANCE:
            return previous
        return boot

    def _update_device_registry(self, device: ModemInfo) -> None:
        """Keep the modem device's firmware and model current after a change."""
        if self.data is None or _device_fields(self.data.device) == _device_fields(device):
            return
        registry = dr.async_get(self.hass)
        if entry := registry.async_get_device(identifiers={(DOMAIN, self.instance_id)}):
            registry.async_update_device(
                entry.id,
                manufacturer=device.manufacturer,
                model=device.model,
                sw_version=device.sw_version,
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
                    if isinstance(message, stream.StreamHello):
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

    async def _async_handle(self, message: stream.StreamMessage) -> None:
        """Apply one pushed message."""
        match message:
            case stream.StreamHello(last_poll=last_poll):
                if await async_other_installation(self.hass, self.config_entry, self.client):
                    return
                if last_poll is not None:
                    self._pushed_last_poll = last_poll
                self.stream_connected = True
                self.update_interval = None
                await self.async_refresh()
            case stream.StreamSnapshot(polled_at=polled_at):
                self._pushed_last_poll = polled_at
                await self.async_refresh()
            case stream.StreamCollectors(collectors=collectors):
                collector = _modem_collector(collectors)
                self._unreadable_page.async_update(collector)
                self.async_set_updated_data(
                    replace(
                        self.data, modem_collector=collector, last_poll=self._last_poll(collector)
                    )
                )
            case stream.StreamEvent(event=event):
                self._async_fire_event(event)
                self._event_count_debouncer.async_schedule_call()
            case stream.StreamEventsAcknowledged():
                self._event_count_debouncer.async_schedule_call()

    @callback
    def _async_fire_event(self, event: Event) -> None:
        """Announce a DOCSight event on the bus and to the event entity."""
        self.hass.bus.async_fire(
            EVENT_DOCSIGHT, {**event.to_json(), "config_entry_id": self.config_entry.entry_id}
        )
        for listener in list(self._event_listeners):
            listener(event)

    async def _async_refresh_event_count(self) -> None:
        """Re-read the unacknowledged counts (exact, unlike counting pushed events); debounced."""
        try:
            events = await fetch_event_counts(self.client, dt_util.utcnow())
        except DocsightError as err:
            LOGGER.debug("Reading the event counts failed: %s", err)
            return
        self.async_set_updated_data(replace(self.data, events=events))


class DocsightSlowCoordinator(DocsightCoordinator[SlowData]):
    """Polls the gaming quality index and provisioned speeds every few minutes."""

    coordinator_name = "DOCSight slow"
    polling_interval = SLOW_UPDATE_INTERVAL

    async def _async_update_data(self) -> SlowData:
        """Fetch the gaming score and the connection info."""
        try:
            return SlowData(
                gaming=await self.client.gaming_score(),
                connection=await self.client.connection(),
            )
        except DocsightError as err:
            raise translate_error(err) from err
