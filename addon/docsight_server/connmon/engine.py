"""The probe engine: many targets, each on its own interval, on one event loop without threads.

Every target fires on absolute monotonic deadlines (next = previous deadline + interval), so
the schedule never drifts and a slow probe never delays another target. ICMP probes of all
targets share the sockets of one `IcmpPinger` (icmp.py); TCP probes time a connect.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import math
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from icmplib.exceptions import ICMPLibError, SocketPermissionError

from .icmp import IcmpPinger
from .probe import (
    DEFAULT_TIMEOUT,
    Capability,
    ProbeMethod,
    ProbeResult,
    resolve,
    tcp_connect_latency,
)

_LOG = logging.getLogger(__name__)

ResultSink = Callable[[int, "ProbeResult"], None]

_RESOLVE_TTL_S = 300.0
#: During a DNS outage a name is looked up again at most this often (each lookup is a thread).
_FAILED_RESOLVE_TTL_S = 30.0
_JITTER_WINDOW = 4096


@dataclass(frozen=True, slots=True)
class ProbeTarget:
    """A host probed every interval_s seconds (tcp_port is used by TCP probes)."""

    id: int
    host: str
    interval_s: float
    tcp_port: int = 443


@dataclass(frozen=True, slots=True)
class EngineStats:
    """Counters of the engine since start; jitter over the most recent probe starts."""

    probes: int
    late_starts: int
    skipped: int
    jitter_ms_p50: float
    jitter_ms_p95: float
    jitter_ms_max: float
    in_flight: int
    targets: int


@dataclass(slots=True)
class _Slot:
    """Schedule state of one target."""

    target: ProbeTarget
    deadline: float
    handle: asyncio.TimerHandle | None = None
    queued: bool = False
    resolved: tuple[int, str, float] | None = None  # family, address, expiry (monotonic)
    resolving: asyncio.Task[tuple[int, str]] | None = None
    failed_until: float = 0.0  # a failed lookup is not repeated before this (monotonic)
    generation: int = 0


def _retrieve_outcome(task: asyncio.Task[tuple[int, str]]) -> None:
    """Mark a shared lookup's failure as seen (its waiters may all have timed out)."""
    if not task.cancelled():
        task.exception()


@dataclass(slots=True)
class _Counters:
    """Running totals for EngineStats."""

    probes: int = 0
    late: int = 0
    skipped: int = 0
    jitter_ms: deque[float] = field(default_factory=lambda: deque(maxlen=_JITTER_WINDOW))


def _nearest_rank(ordered: list[float], pct: float) -> float:
    """Return the nearest-rank percentile of a sorted list (0.0 when empty)."""
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(pct / 100.0 * len(ordered)))
    return ordered[rank - 1]


class ProbeEngine:
    """Probes targets on their intervals and hands every result to a sink on the event loop."""

    def __init__(
        self,
        sink: ResultSink,
        capability: Capability,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_in_flight: int = 64,
        late_after_s: float = 0.05,
    ) -> None:
        """Prepare the engine; nothing runs before start()."""
        if max_in_flight < 1:
            raise ValueError("max_in_flight must be at least 1")
        self._sink = sink
        self._capability = capability
        self._timeout = timeout
        self._max_in_flight = max_in_flight
        self._late_after_s = late_after_s
        self._targets: dict[int, ProbeTarget] = {}
        self._slots: dict[int, _Slot] = {}
        self._queue: deque[tuple[_Slot, float]] = deque()
        self._tasks: set[asyncio.Task[None]] = set()
        self._counters = _Counters()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pinger: IcmpPinger | None = None
        self._icmp_failure_logged = False

    @property
    def running(self) -> bool:
        """True between start() and stop()."""
        return self._loop is not None

    def set_targets(self, targets: Iterable[ProbeTarget]) -> None:
        """Replace the targets live: new ones start, removed ones stop, the rest keep their beat."""
        wanted: dict[int, ProbeTarget] = {}
        for target in targets:
            if not target.interval_s > 0:
                raise ValueError(f"target {target.id}: interval must be positive")
            wanted[target.id] = target
        self._targets = wanted
        if self._loop is None:
            return
        for target_id in [tid for tid in self._slots if tid not in wanted]:
            self._drop(self._slots.pop(target_id))
        now = self._loop.time()
        for target in wanted.values():
            slot = self._slots.get(target.id)
            if slot is None:
                self._slots[target.id] = self._schedule_new(target, now)
            elif slot.target != target:
                self._update(slot, target, now)

    def _first_deadline(self, target: ProbeTarget, now: float) -> float:
        """Return the first deadline of a new target: the next tick of a shared grid.

        Targets share grid ticks (whole seconds, or their interval when shorter) so one loop
        wakeup starts many probes: wakeups, not packets, dominate the engine's CPU cost.
        """
        grid = min(target.interval_s, 1.0)
        return math.ceil(now / grid) * grid

    def _schedule_new(self, target: ProbeTarget, now: float) -> _Slot:
        """Create and arm the slot of a new target."""
        slot = _Slot(target, self._first_deadline(target, now))
        self._arm(slot)
        return slot

    def _update(self, slot: _Slot, target: ProbeTarget, now: float) -> None:
        """Apply a changed target to its slot without touching other targets."""
        old = slot.target
        slot.target = target
        if (old.host, old.tcp_port) != (target.host, target.tcp_port):
            slot.resolved = None
            slot.generation += 1  # results of probes to the old address are dropped
        if old.interval_s != target.interval_s:
            if slot.handle is not None:
                slot.handle.cancel()
            slot.deadline = max(now, slot.deadline - old.interval_s + target.interval_s)
            self._arm(slot)

    def _arm(self, slot: _Slot) -> None:
        """Schedule the slot's next fire at its deadline."""
        assert self._loop is not None
        slot.handle = self._loop.call_at(slot.deadline, self._fire, slot)

    def _drop(self, slot: _Slot) -> None:
        """Stop a removed target's timer; its in-flight probe result will be discarded."""
        if slot.handle is not None:
            slot.handle.cancel()
            slot.handle = None
        if slot.resolving is not None:
            slot.resolving.cancel()
        slot.generation += 1

    def _fire(self, slot: _Slot) -> None:
        """Start the due probe and arm the next deadline on the absolute grid."""
        assert self._loop is not None
        due = slot.deadline
        now = self._loop.time()
        interval = slot.target.interval_s
        slot.deadline = due + interval
        if slot.deadline <= now:
            # The loop stalled for more than an interval: stay on the grid, skip missed beats.
            missed = math.floor((now - slot.deadline) / interval) + 1
            slot.deadline += missed * interval
            self._counters.skipped += missed
        self._arm(slot)
        if len(self._tasks) < self._max_in_flight:
            self._start(slot, due)
        elif not slot.queued:
            slot.queued = True
            self._queue.append((slot, due))
        else:
            self._counters.skipped += 1

    def _start(self, slot: _Slot, due: float) -> None:
        """Launch one probe of the slot's target and record its start jitter."""
        assert self._loop is not None
        jitter = max(0.0, self._loop.time() - due)
        counters = self._counters
        counters.probes += 1
        counters.jitter_ms.append(jitter * 1000.0)
        if jitter > self._late_after_s:
            counters.late += 1
        task = self._loop.create_task(self._run(slot, slot.target, slot.generation))
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        """Free the probe's slot and start queued probes."""
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            _LOG.error("probe task failed", exc_info=task.exception())
        while self._queue and len(self._tasks) < self._max_in_flight and self._loop:
            slot, due = self._queue.popleft()
            slot.queued = False
            if self._slots.get(slot.target.id) is slot:
                self._start(slot, due)

    async def _run(self, slot: _Slot, target: ProbeTarget, generation: int) -> None:
        """Probe once and deliver the result unless the target changed or went away meanwhile."""
        try:
            result = await self._probe(slot, target)
        except Exception:
            # Every probe yields a result: an unexpected failure is logged and counts as lost.
            _LOG.exception("probe of %s failed", target.host)
            result = ProbeResult(time.time(), None, True, self._capability.method)
        if slot.generation != generation or self._slots.get(target.id) is not slot:
            return
        try:
            self._sink(target.id, result)
        except Exception:
            _LOG.exception("connection-monitor result sink failed for target %s", target.id)

    async def _address(self, slot: _Slot, host: str) -> tuple[int, str]:
        """Return the target's address, resolving names at most every few minutes."""
        assert self._loop is not None
        cached = slot.resolved
        now = self._loop.time()
        if cached is not None and cached[2] > now:
            return cached[0], cached[1]
        if now < slot.failed_until:
            raise OSError(f"{host} did not resolve a moment ago")
        # One lookup per target at a time: a probe that times out leaves the lookup running
        # (the thread cannot be stopped) and the next probe waits for the same one.
        if slot.resolving is None:
            slot.resolving = self._loop.create_task(self._lookup(slot, host))
            slot.resolving.add_done_callback(_retrieve_outcome)
        return await asyncio.shield(slot.resolving)

    async def _lookup(self, slot: _Slot, host: str) -> tuple[int, str]:
        """Resolve a target's host and remember the answer, or the failure for a while."""
        assert self._loop is not None
        try:
            family, address = await resolve(host)
        except OSError:
            slot.failed_until = self._loop.time() + _FAILED_RESOLVE_TTL_S
            raise
        finally:
            slot.resolving = None
        try:
            ipaddress.ip_address(host)
            expiry = math.inf
        except ValueError:
            expiry = self._loop.time() + _RESOLVE_TTL_S
        slot.resolved = (family, address, expiry)
        return family, address

    async def _probe(self, slot: _Slot, target: ProbeTarget) -> ProbeResult:
        """Probe a target once with the engine's method."""
        sent = time.time()
        method = self._capability.method
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self._timeout):
                family, address = await self._address(slot, target.host)
        except (OSError, TimeoutError) as err:
            _LOG.debug("cannot resolve %s: %s", target.host, err)
            return ProbeResult(sent, None, True, method)
        remaining = max(0.0, self._timeout - (time.perf_counter() - started))
        latency: float | None
        if method is ProbeMethod.TCP:
            latency = await tcp_connect_latency(family, address, target.tcp_port, remaining)
        else:
            latency = await self._ping(family, address, remaining)
        return ProbeResult(sent, latency, latency is None, method)

    async def _ping(self, family: int, address: str, limit_s: float) -> float | None:
        """Ping through the shared sockets; a socket that cannot open counts as no answer."""
        if self._pinger is None:
            self._pinger = IcmpPinger(self._capability.privileged)
        try:
            return await self._pinger.ping(family, address, limit_s)
        except SocketPermissionError as err:
            if not self._icmp_failure_logged:
                self._icmp_failure_logged = True
                _LOG.warning("ICMP probes cannot be sent (%s): %s", err, self._capability.reason)
            return None
        except ICMPLibError as err:  # e.g. no route to the address: unanswered
            _LOG.debug("ICMP probe of %s failed: %s", address, err)
            return None

    async def start(self) -> None:
        """Start probing the current targets."""
        if self._loop is not None:
            return
        self._loop = asyncio.get_running_loop()
        self.set_targets(list(self._targets.values()))

    async def stop(self) -> None:
        """Stop all timers and probes and close the sockets."""
        if self._loop is None:
            return
        for slot in self._slots.values():
            self._drop(slot)
        self._slots.clear()
        self._queue.clear()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        if self._pinger is not None:
            self._pinger.close()
            self._pinger = None
        self._loop = None

    def stats(self) -> EngineStats:
        """Return probe counts, late starts and scheduling jitter percentiles."""
        counters = self._counters
        ordered = sorted(counters.jitter_ms)
        return EngineStats(
            probes=counters.probes,
            late_starts=counters.late,
            skipped=counters.skipped,
            jitter_ms_p50=round(_nearest_rank(ordered, 50), 3),
            jitter_ms_p95=round(_nearest_rank(ordered, 95), 3),
            jitter_ms_max=round(ordered[-1], 3) if ordered else 0.0,
            in_flight=len(self._tasks),
            targets=len(self._targets),
        )
