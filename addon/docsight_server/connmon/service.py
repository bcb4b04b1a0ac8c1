"""The connection-monitor service: runs the probe engines, stores samples, raises events."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from .detector import TargetState, observe
from .engine import ProbeEngine, ProbeTarget, ResultSink
from .probe import Capability, ProbeResult, detect_capability
from .repository import ConnMonStore, Sample
from .tracing import Tracer, TraceScheduler, default_tracer

if TYPE_CHECKING:
    from ..context import ServerContext

_LOGGER = logging.getLogger(__name__)

PROBE_METHODS = ("auto", "icmp", "tcp")
FLUSH_EVERY_S = 1.0
MAINTENANCE_EVERY_S = 900.0
PROBE_TIMEOUT_S = 2.0


class Engine(Protocol):
    """What the service needs of a probe engine (ProbeEngine, or a test double)."""

    def set_targets(self, targets: Iterable[ProbeTarget]) -> None:
        """Replace the probed targets."""

    async def start(self) -> None:
        """Begin probing."""

    async def stop(self) -> None:
        """Stop probing and wait for probes in flight."""


EngineFactory = Callable[[ResultSink, Capability], Engine]


def _default_engine(sink: ResultSink, capability: Capability) -> Engine:
    return ProbeEngine(sink, capability, timeout=PROBE_TIMEOUT_S)


class ConnectionMonitor:
    """Probes the enabled targets while connection_monitor_enabled is on."""

    def __init__(
        self,
        context: ServerContext,
        store: ConnMonStore,
        *,
        tracer: Tracer | None = None,
        engine_factory: EngineFactory | None = None,
    ) -> None:
        """Prepare the service; nothing runs before start()."""
        self.context = context
        self.store = store
        self._tracer = tracer or default_tracer
        self._engine_factory = engine_factory or _default_engine
        self._engines: dict[Capability, Engine] = {}
        self._targets: dict[int, ProbeTarget] = {}
        self._target_caps: dict[int, Capability] = {}
        self._states: dict[int, TargetState] = {}
        self._samples: list[Sample] = []
        self._retry: list[Sample] = []
        self._events: list[tuple[int, dict[str, Any]]] = []
        self._traceroutes = TraceScheduler(
            self._tracer,
            store.traces,
            is_current=lambda target_id, state: self._states.get(target_id) is state,
            before_store=self.flush,
        )
        self._control = asyncio.Lock()
        self._writing = asyncio.Lock()
        self._loop_task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self.threshold = 5
        self.loss_warning_pct = 2.0

    # -- settings and lifecycle ---------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        """Return whether probing is switched on in the settings."""
        return bool(self.context.settings.get("connection_monitor_enabled"))

    @property
    def active(self) -> bool:
        """Return whether the feature shows data (/summary, trends): enabled or demo mode."""
        return self.enabled or self.context.settings.demo_mode

    @property
    def running(self) -> bool:
        """Return whether the background writer (and so probing) is running."""
        return self._loop_task is not None

    def probed_targets(self) -> dict[int, ProbeTarget]:
        """Return the targets the engines probe, by id."""
        return dict(self._targets)

    def _default_method(self) -> str:
        method = str(self.context.settings.get("connection_monitor_probe_method") or "auto")
        return method if method in PROBE_METHODS else "auto"

    def capability(self) -> Capability:
        """Return how the configured probe method resolves on this host (cached detection)."""
        return detect_capability(self._default_method())

    def capability_for(self, target: Mapping[str, Any]) -> Capability:
        """Return the capability a target is probed with (its own method, else the setting)."""
        method = str(target.get("probe_method") or "auto")
        return detect_capability(method if method in ("icmp", "tcp") else self._default_method())

    def _read_settings(self) -> None:
        settings = self.context.settings
        self.threshold = max(1, int(settings.get("connection_monitor_outage_threshold") or 5))
        self.loss_warning_pct = float(settings.get("connection_monitor_loss_warning_pct") or 2.0)

    async def start(self) -> None:
        """Start probing when the feature is enabled (no default targets are ever created)."""
        await self.reload()

    async def reload(self) -> None:
        """Apply the current settings and targets (after target CRUD or a settings change)."""
        async with self._control:
            self._read_settings()
            if not self.enabled:
                await self._halt()
                return
            if self._loop_task is None:
                self._stopping = asyncio.Event()
                self._loop_task = asyncio.get_running_loop().create_task(
                    self._background(self._stopping), name="connmon-writer"
                )
            await self._apply_targets(await self.store.targets.all())

    async def stop(self) -> None:
        """Stop probing and write what is buffered."""
        async with self._control:
            await self._halt()

    async def _halt(self) -> None:
        engines = list(self._engines.values())
        self._engines.clear()
        self._targets.clear()
        self._target_caps.clear()
        for engine in engines:
            await engine.stop()
        task, self._loop_task = self._loop_task, None
        if task is not None:
            self._stopping.set()
            await task
        await self._traceroutes.cancel()
        await self.flush()
        try:
            await self.store.writer.flush()  # the open rollup buckets
        except Exception:
            _LOGGER.exception("Could not write the open connection-monitor rollups")
        self._states.clear()

    async def _apply_targets(self, rows: list[dict[str, Any]]) -> None:
        loop = asyncio.get_running_loop()
        wanted: dict[int, ProbeTarget] = {}
        caps: dict[int, Capability] = {}
        for row in rows:
            host = str(row.get("host") or "").strip()
            # Demo targets name public hosts: they are never probed.
            if not row.get("enabled") or not host or row.get("is_demo"):
                continue
            target_id = int(row["id"])
            wanted[target_id] = ProbeTarget(
                target_id,
                host,
                int(row.get("poll_interval_ms") or 5000) / 1000.0,
                int(row.get("tcp_port") or 443),
            )
            # detection may open sockets and read /proc once; keep it off the loop
            caps[target_id] = await loop.run_in_executor(None, self.capability_for, row)
        groups: dict[Capability, list[ProbeTarget]] = {}
        for target_id, target in wanted.items():
            groups.setdefault(caps[target_id], []).append(target)
        for capability in list(self._engines):
            if capability not in groups:
                await self._engines.pop(capability).stop()
        for capability, group in groups.items():
            engine = self._engines.get(capability)
            if engine is None:
                engine = self._engine_factory(self.on_result, capability)
                engine.set_targets(group)
                await engine.start()
                self._engines[capability] = engine
            else:
                engine.set_targets(group)
        for target_id in list(self._states):
            if target_id not in wanted:
                del self._states[target_id]
        # A deleted target's buffered samples must not land on a later target that SQLite
        # gives the same id.
        existing = {int(row["id"]) for row in rows}
        self._samples = [sample for sample in self._samples if sample.target_id in existing]
        self._retry = [sample for sample in self._retry if sample.target_id in existing]
        for target_id, target in wanted.items():
            state = self._states.get(target_id)
            if state is None:
                self._states[target_id] = await self._resumed_state(target_id, target.host)
            elif state.host != target.host:
                self._states[target_id] = TargetState(target.host)
        self._targets = wanted
        self._target_caps = caps

    async def _resumed_state(self, target_id: int, host: str) -> TargetState:
        """Return a target's state as its stored samples leave it (an outage across a restart)."""
        state = TargetState(host)
        try:
            count, first = await self.store.reader.trailing_timeouts(target_id)
        except Exception:
            _LOGGER.exception("Could not read target %d's recent samples", target_id)
            return state
        if count and first is not None:
            state.timeouts, state.first_timeout = count, first
            # its unreachable event was raised before the restart; the recovery will follow
            state.in_outage = count >= self.threshold
        return state

    # -- results ------------------------------------------------------------------------------

    def on_result(self, target_id: int, result: ProbeResult) -> None:
        """Buffer one probe result and update outage and loss state (the engines' sink)."""
        state = self._states.get(target_id)
        if state is None:  # a probe that finished after its target was removed
            return
        timeout = result.timeout or result.latency_ms is None
        self._samples.append(
            Sample(target_id, result.ts, None if timeout else result.latency_ms, str(result.method))
        )
        for finding in observe(
            state, target_id, result.ts, timeout, self.threshold, self.loss_warning_pct
        ):
            self._events.append((int(finding.ts), finding.event))
            if finding.trace_reason is not None:
                self._start_trace(target_id, state, finding.ts, finding.trace_reason)

    # -- traceroutes --------------------------------------------------------------------------

    def _start_trace(self, target_id: int, state: TargetState, ts: float, reason: str) -> None:
        capability = self._target_caps.get(target_id) or self.capability()
        self._traceroutes.start(target_id, state, capability, ts, reason)

    async def trace_now(self, target: Mapping[str, Any]) -> int:
        """Trace a target's route now (manual), store it and return the trace id."""
        host = str(target.get("host") or "").strip()
        result = await self._tracer(host, self.capability_for(target))
        return await self.store.traces.add(
            int(target["id"]), time.time(), "manual", result, is_demo=bool(target.get("is_demo"))
        )

    # -- writing ------------------------------------------------------------------------------

    async def flush(self) -> None:
        """Write buffered samples, then store and publish buffered events."""
        async with self._writing:
            samples, self._samples = self._samples, []
            retried, self._retry = self._retry, []
            events, self._events = self._events, []
            if samples or retried:
                try:
                    await self.store.writer.add_samples(retried + samples)
                except Exception:
                    # a locked or briefly unavailable database: new samples get one more try
                    _LOGGER.exception(
                        "Could not store %d connection samples (%d will be retried)",
                        len(retried) + len(samples),
                        len(samples),
                    )
                    self._retry = samples
            if events:
                await self._store_events(events)

    async def _store_events(self, events: list[tuple[int, dict[str, Any]]]) -> None:
        context = self.context
        stored: list[dict[str, Any]] = []
        try:
            async with context.database.transaction() as connection:
                for ts, event in events:
                    stored.extend(await context.events.add(connection, ts, [event]))
        except Exception:
            _LOGGER.exception("Could not store %d connection-monitor events", len(events))
            return
        for event in stored:
            context.hub.publish("event", event)

    async def drain(self) -> None:
        """Write everything buffered and wait for running traceroutes (used by tests)."""
        await self.flush()
        await self._traceroutes.wait()
        await self.flush()

    async def maintain(self, now: float | None = None) -> int:
        """Apply retention and tier pruning; return the number of rows removed."""
        days = int(self.context.settings.get("connection_monitor_retention_days") or 0)
        return await self.store.retention.apply(time.time() if now is None else now, days)

    async def _background(self, stopping: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        next_maintenance = loop.time()
        while not stopping.is_set():
            # waiting on the event (not cancelling) never interrupts a write half-way
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), FLUSH_EVERY_S)
            await self.flush()
            if stopping.is_set() or loop.time() < next_maintenance:
                continue
            next_maintenance = loop.time() + MAINTENANCE_EVERY_S
            try:
                await self.maintain()
            except Exception:
                _LOGGER.exception("Connection-monitor maintenance failed")
