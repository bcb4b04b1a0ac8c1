"""The LAN monitor: discovery, probing, status, RTD and events on a slow cadence.

Which changes become events (importance VITAL/FLOATING) is described in `inventory`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

from ..storage.database import after_commit
from .events import change_event, rtd_event
from .inventory import Device, HistoryType, Inventory, Status
from .names import lookup_names
from .neighbours import Neighbour, read_default_gateways, read_neighbours
from .probing import Prober, default_prober
from .rtd import RtdAggregator, RtdIssueTracker, delete_before, write_buckets
from .settings import down_grace, lan_setting, probe_interval
from .sweep import read_local_networks, sweep, sweep_targets

if TYPE_CHECKING:
    from ..context import ServerContext

_LOGGER = logging.getLogger(__name__)

SWEEP_EVERY_S = 1800
NAMES_EVERY_S = 86400
NAME_CONCURRENCY = 16
RTD_RETENTION_DAYS = 30
RETENTION_EVERY_S = 86400
PROBE_CONCURRENCY = 32
NameLookup = Callable[[str], Awaitable[dict[str, str]]]


class LanMonitor:
    """Runs discovery rounds: neighbour table, probes, UP/DOWN with grace, RTD, events.

    Every blocking call (neighbour table, interface list) runs in `executor`; the clock, the
    prober and the name lookup are injectable so tests drive time and stay inside their
    own network namespace.
    """

    def __init__(
        self,
        context: ServerContext,
        *,
        prober: Prober | None = None,
        executor: Executor | None = None,
        clock: Callable[[], float] = time.time,
        neighbour_reader: Callable[[], list[Neighbour]] = read_neighbours,
        gateway_reader: Callable[[], set[str]] = read_default_gateways,
        name_lookup: NameLookup | None = lookup_names,
    ) -> None:
        """Bind to the server context; nothing runs until `start()`."""
        self.context = context
        self.inventory = Inventory(context.database)
        self.rtd = RtdAggregator()
        self.issues = RtdIssueTracker()
        self.executor = executor
        self.clock = clock
        self.neighbour_reader = neighbour_reader
        self.gateway_reader = gateway_reader
        self.name_lookup = name_lookup
        self._prober = prober
        self._task: asyncio.Task[None] | None = None
        self._loaded = False
        self._last_sweep: float | None = None
        self._last_retention: float | None = None
        self._last_names: float | None = None
        self.rounds = 0

    @property
    def enabled(self) -> bool:
        """Return True when the lan_monitoring_enabled setting is on."""
        return bool(lan_setting(self.context.settings, "lan_monitoring_enabled"))

    @property
    def running(self) -> bool:
        """Return True while the background loop runs."""
        return self._task is not None and not self._task.done()

    def prober(self) -> Prober:
        """Return the prober (chosen on first use)."""
        if self._prober is None:
            self._prober = default_prober()
        return self._prober

    async def start(self) -> None:
        """Start the background rounds when LAN monitoring is enabled."""
        if self.running or not self.enabled:
            return
        await self.ensure_loaded()
        self._task = asyncio.get_running_loop().create_task(self._run(), name="lan-monitor")

    async def stop(self) -> None:
        """Stop the background rounds (a round in progress is cancelled); keep partial RTD."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.flush()

    async def flush(self) -> None:
        """Store the partly filled RTD buckets (a restart later merges into them)."""
        buckets = [b for b in self.rtd.flush() if b.device_id in self.inventory.devices]
        if not buckets:
            return
        try:
            async with self.context.database.transaction() as connection:
                await write_buckets(connection, buckets)
        except Exception:  # shutting down: a failed write must not block the rest
            _LOGGER.exception("Could not store the open RTD buckets")

    async def reload(self) -> None:
        """Apply changed settings: restart with the new interval, or stop when disabled."""
        await self.stop()
        await self.start()

    async def ensure_loaded(self) -> None:
        """Load the inventory from the database once."""
        if not self._loaded:
            await self.inventory.load()
            self._loaded = True

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time()
        while True:
            try:
                await self.run_round()
            except asyncio.CancelledError:
                raise
            except Exception:  # one failed round must not end monitoring
                _LOGGER.exception("LAN monitoring round failed")
                self._loaded = False
                await self.ensure_loaded()
            # absolute deadlines: the cadence does not drift with the round's duration
            deadline += probe_interval(self.context.settings)
            deadline = max(deadline, loop.time())
            await asyncio.sleep(deadline - loop.time())

    async def _blocking[T](self, function: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.executor, function)

    async def run_round(self) -> list[dict[str, Any]]:
        """Run one round now; return the events it stored."""
        await self.ensure_loaded()
        settings = self.context.settings
        now = int(self.clock())
        if lan_setting(settings, "lan_sweep_enabled") and self._due(
            self._last_sweep, now, SWEEP_EVERY_S
        ):
            self._last_sweep = now
            networks = await self._blocking(read_local_networks)
            answered = await sweep(sweep_targets(networks), self.prober())
            _LOGGER.debug("Sweep of %d networks: %d answered", len(networks), len(answered))
        neighbours = await self._blocking(self.neighbour_reader)
        gateways = await self._blocking(self.gateway_reader)
        stored: list[dict[str, Any]] = []
        async with self.context.database.transaction() as connection:
            await self.inventory.refresh_user_fields(connection)
            changes = await self.inventory.discover(connection, now, neighbours, gateways)
            stored += await self._store_events(connection, now, [change_event(c) for c in changes])
        if self._due(self._last_names, now, NAMES_EVERY_S):
            self._last_names = now
            await self._lookup_names(list(self.inventory.devices.values()))
        else:
            await self._lookup_names(
                [
                    c.device
                    for c in changes
                    if c.kind in (HistoryType.CREATED, HistoryType.IP_CHANGE)
                ]
            )

        latencies = await self._probe_all()
        after = await self._blocking(self.neighbour_reader)
        fresh = {entry.mac for entry in after if entry.fresh}
        alive = {device_id for device_id, value in latencies.items() if value is not None}
        alive |= {d.id for d in self.inventory.devices.values() if d.mac in fresh}
        latency_limit = float(lan_setting(settings, "lan_rtd_latency_warning_ms"))
        loss_limit = float(lan_setting(settings, "lan_rtd_loss_warning_pct"))

        async with self.context.database.transaction() as connection:
            status = await self.inventory.update_status(
                connection, now, alive, down_grace(settings)
            )
            devices = self.inventory.devices
            # RTD describes devices that are up: probes of a DOWN device are not delay samples
            for device_id, value in latencies.items():
                if devices[device_id].status is Status.ONLINE:
                    self.rtd.add(device_id, now, value)
            known = [b for b in self.rtd.close_due(now) if b.device_id in devices]
            await write_buckets(connection, known)
            new_events = [change_event(change) for change in status]
            for bucket in known:
                if devices[bucket.device_id].status is not Status.ONLINE:
                    continue
                issue = self.issues.evaluate(bucket, latency_limit, loss_limit)
                if issue is not None:
                    new_events.append(rtd_event(issue, self.inventory.devices[bucket.device_id]))
            if self._due(self._last_retention, now, RETENTION_EVERY_S):
                self._last_retention = now
                await delete_before(connection, now - RTD_RETENTION_DAYS * 86400)
            stored += await self._store_events(connection, now, new_events)
        self.rounds += 1
        return stored

    @staticmethod
    def _due(last: float | None, now: float, every: float) -> bool:
        return last is None or now - last >= every

    async def _probe_all(self) -> dict[int, float | None]:
        prober = self.prober()
        gate = asyncio.Semaphore(PROBE_CONCURRENCY)
        targets = [
            (device.id, device.ip_addresses[0])
            for device in self.inventory.devices.values()
            if device.ip_addresses
        ]

        async def one(host: str) -> float | None:
            async with gate:
                return await prober(host)

        results = await asyncio.gather(*(one(host) for _id, host in targets))
        return {
            device_id: value for (device_id, _host), value in zip(targets, results, strict=True)
        }

    async def _lookup_names(self, devices: Sequence[Device]) -> None:
        """Look up names of devices (new or moved ones each round, all of them once a day)."""
        lookup = self.name_lookup
        if lookup is None:
            return
        wanted = [device for device in devices if device.ip_addresses]
        if not wanted:
            return
        gate = asyncio.Semaphore(NAME_CONCURRENCY)

        async def one(ip: str) -> dict[str, str]:
            async with gate:
                return await lookup(ip)

        found = await asyncio.gather(
            *(one(device.ip_addresses[0]) for device in wanted), return_exceptions=True
        )
        async with self.context.database.transaction() as connection:
            for device, names in zip(wanted, found, strict=True):
                if isinstance(names, dict) and names:
                    await self.inventory.set_names(connection, device.id, names)

    async def _store_events(
        self, connection: Any, now: int, new_events: Sequence[dict[str, Any] | None]
    ) -> list[dict[str, Any]]:
        present = [event for event in new_events if event is not None]
        if not present:
            return []
        stored = await self.context.events.add(connection, now, present)
        hub = self.context.hub

        def publish() -> None:
            for event in stored:
                hub.publish("event", event)

        after_commit(connection, publish)
        return stored
