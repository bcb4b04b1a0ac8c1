"""The LAN monitor: discovery, probing, status, RTD and events on a slow cadence.

Which changes become events (importance VITAL/FLOATING) is described in `inventory`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

from ..storage.database import after_commit
from .events import change_event, rtd_event
from .inventory import Inventory
from .liveness import online_after, probe_targets, signs_of_life
from .models import Change, Device, HistoryType
from .names import NameLookup, lookup_all, lookup_names
from .neighbours import Neighbour, read_default_gateways, read_neighbours
from .probing import Prober, default_prober, probe_all
from .repository.rtd import delete_before, write_buckets
from .rtd import RtdAggregator, RtdBucket, RtdIssueTracker
from .settings import down_grace, lan_setting, probe_interval, stop_probing_after
from .sweep import read_local_networks, sweep, sweep_targets

if TYPE_CHECKING:
    from ..context import ServerContext

_LOGGER = logging.getLogger(__name__)

SWEEP_EVERY_S = 1800
NAMES_EVERY_S = 86400
RTD_RETENTION_DAYS = 30
RETENTION_EVERY_S = 86400
STOP_WAIT_S = 5.0
MAX_BACKOFF_S = 900.0


def failure_backoff(interval: float, failures: int) -> float:
    """Return the pause after `failures` failed rounds in a row (doubling, capped)."""
    return float(min(MAX_BACKOFF_S, interval * 2 ** min(failures - 1, 16)))


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
        self._stopping = asyncio.Event()
        self._round_lock = asyncio.Lock()
        self._loaded = False
        self._watched_since: int | None = None
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
        # each loop has its own stop event: one still finishing its round after a stop must
        # not be revived by this start
        self._stopping = asyncio.Event()
        if self._watched_since is None:
            self._watched_since = int(self.clock())
        self._task = asyncio.get_running_loop().create_task(
            self._run(self._stopping), name="lan-monitor"
        )

    async def stop(self) -> None:
        """Stop the background rounds (a round in progress may finish first); keep partial RTD."""
        await self._halt()
        self._watched_since = None  # nobody watches from now on: a later start measures anew
        await self.flush()

    async def reload(self) -> None:
        """Apply changed settings: restart with the new interval, or stop when disabled."""
        watched = self._watched_since
        await self.stop()
        if self.enabled:  # a settings change is no gap in watching
            self._watched_since = watched
        await self.start()

    async def _halt(self) -> None:
        """End the loop: let a round in progress finish for up to STOP_WAIT_S, then cancel it."""
        task, self._task = self._task, None
        self._stopping.set()
        if task is None or task.done():
            return
        try:
            await asyncio.wait({task}, timeout=STOP_WAIT_S)
        finally:
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def flush(self) -> None:
        """Store the partly filled RTD buckets (a restart later merges into them)."""
        buckets = self.rtd.flush()
        if not buckets:
            return
        try:
            async with self.context.database.transaction() as connection:
                self._forget(await self.inventory.refresh_user_fields(connection))
                devices = self.inventory.devices
                await write_buckets(connection, [b for b in buckets if b.device_id in devices])
        except Exception:  # shutting down: a failed write must not block the rest
            _LOGGER.exception("Could not store the open RTD buckets")

    async def ensure_loaded(self) -> None:
        """Load the inventory from the database once."""
        if not self._loaded:
            await self.inventory.load()
            self._loaded = True

    async def _run(self, stopping: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time()
        failures = 0
        while not stopping.is_set():
            failures = 0 if await self._guarded_round() else failures + 1
            interval = probe_interval(self.context.settings)
            # absolute deadlines: the cadence does not drift with the round's duration
            deadline = max(deadline + interval, loop.time())
            if failures:
                deadline = max(deadline, loop.time() + failure_backoff(interval, failures))
            if await self._pause(deadline - loop.time(), stopping):
                return

    async def _guarded_round(self) -> bool:
        """Run a round; log a failure instead of raising it (the next round reloads)."""
        try:
            await self.run_round()
        except Exception:  # one failed round must not end monitoring
            _LOGGER.exception("LAN monitoring round failed")
            return False
        return True

    async def _pause(self, seconds: float, stopping: asyncio.Event) -> bool:
        """Wait `seconds` or until `stopping` is set; return True when the loop should end."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(max(0.0, seconds)):
                await stopping.wait()
        return stopping.is_set()

    async def _blocking[T](self, function: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.executor, function)

    async def run_round(self) -> list[dict[str, Any]]:
        """Run one round now (never two at once); return the events it stored."""
        async with self._round_lock:
            try:
                return await self._round()
            except BaseException:
                # memory may be ahead of a transaction that rolled back: reload before next use
                self._loaded = False
                raise

    async def _round(self) -> list[dict[str, Any]]:
        await self.ensure_loaded()
        now = int(self.clock())
        if self._watched_since is None:
            self._watched_since = now
        await self._sweep_if_due(now)
        neighbours = await self._blocking(self.neighbour_reader)
        gateways = await self._blocking(self.gateway_reader)
        stored, changes = await self._discover(now, neighbours, gateways)
        await self._names_if_due(now, changes)
        limit = stop_probing_after(self.context.settings)
        targets = probe_targets(self.inventory.devices.values(), neighbours, now, limit)
        probes = await probe_all(self.prober(), targets)
        after = await self._blocking(self.neighbour_reader)
        alive, latencies = signs_of_life(self.inventory.devices, probes, after)
        stored += await self._record(now, alive, latencies)
        self.rounds += 1
        return stored

    async def _sweep_if_due(self, now: int) -> None:
        settings = self.context.settings
        if not lan_setting(settings, "lan_sweep_enabled") or not self._due(
            self._last_sweep, now, SWEEP_EVERY_S
        ):
            return
        self._last_sweep = now
        networks = await self._blocking(read_local_networks)
        answered = await sweep(sweep_targets(networks), self.prober())
        _LOGGER.debug("Sweep of %d networks: %d answered", len(networks), len(answered))

    async def _discover(
        self, now: int, neighbours: Sequence[Neighbour], gateways: set[str]
    ) -> tuple[list[dict[str, Any]], list[Change]]:
        async with self.context.database.transaction() as connection:
            self._forget(await self.inventory.refresh_user_fields(connection))
            changes = await self.inventory.discover(connection, now, neighbours, gateways)
            stored = await self._store_events(connection, now, [change_event(c) for c in changes])
        return stored, changes

    async def _names_if_due(self, now: int, changes: Sequence[Change]) -> None:
        if self._due(self._last_names, now, NAMES_EVERY_S):
            self._last_names = now
            await self._lookup_names(list(self.inventory.devices.values()))
            return
        moved = (HistoryType.CREATED, HistoryType.IP_CHANGE)
        await self._lookup_names([c.device for c in changes if c.kind in moved])

    async def _record(
        self, now: int, alive: set[int], latencies: Mapping[int, float | None]
    ) -> list[dict[str, Any]]:
        """Store status changes, closed RTD buckets and their events in one transaction."""
        settings = self.context.settings
        async with self.context.database.transaction() as connection:
            self._forget(await self.inventory.refresh_user_fields(connection))
            status = await self.inventory.update_status(
                connection, now, alive, down_grace(settings), self._watched_since
            )
            online = online_after(self.inventory.devices.values(), status)
            # RTD describes devices that are up: probes of a DOWN device are not delay samples
            for device_id, value in latencies.items():
                if device_id in online:
                    self.rtd.add(device_id, now, value)
            devices = self.inventory.devices
            known = [b for b in self.rtd.close_due(now) if b.device_id in devices]
            await write_buckets(connection, known)
            new_events = [change_event(change) for change in status]
            new_events += self._rtd_events(known, online)
            if self._due(self._last_retention, now, RETENTION_EVERY_S):
                self._last_retention = now
                await delete_before(connection, now - RTD_RETENTION_DAYS * 86400)
            return await self._store_events(connection, now, new_events)

    def _rtd_events(
        self, buckets: Iterable[RtdBucket], online: set[int]
    ) -> list[dict[str, Any] | None]:
        settings = self.context.settings
        latency_limit = float(lan_setting(settings, "lan_rtd_latency_warning_ms"))
        loss_limit = float(lan_setting(settings, "lan_rtd_loss_warning_pct"))
        events: list[dict[str, Any] | None] = []
        for bucket in buckets:
            if bucket.device_id not in online:
                continue
            issue = self.issues.evaluate(bucket, latency_limit, loss_limit)
            if issue is not None:
                events.append(rtd_event(issue, self.inventory.devices[bucket.device_id]))
        return events

    def _forget(self, device_ids: Iterable[int]) -> None:
        """Drop the RTD state of devices deleted through the API."""
        for device_id in device_ids:
            self.rtd.forget(device_id)
            self.issues.forget(device_id)

    @staticmethod
    def _due(last: float | None, now: float, every: float) -> bool:
        return last is None or now - last >= every

    async def _lookup_names(self, devices: Sequence[Device]) -> None:
        """Look up names of devices (new or moved ones each round, all of them once a day)."""
        lookup = self.name_lookup
        if lookup is None:
            return
        wanted = [device for device in devices if device.ip_addresses]
        if not wanted:
            return
        found = await lookup_all(lookup, [device.ip_addresses[0] for device in wanted])
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
