"""Automatic traceroutes: run in the background, a few at once, one per target and kind."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from .detector import TargetState
from .probe import Capability
from .repository.traces import Traces
from .trace import TraceResult, traceroute

_LOGGER = logging.getLogger(__name__)

#: Traceroutes are heavy (up to 30 hops x 2 s); a few at once are enough.
MAX_PARALLEL_TRACES = 2

Tracer = Callable[[str, Capability], Awaitable[TraceResult]]


async def default_tracer(host: str, capability: Capability) -> TraceResult:
    """Trace the route to host with the system's traceroute support."""
    return await traceroute(host, capability)


class TraceScheduler:
    """Starts the traceroutes the detector asks for and stores their results."""

    def __init__(
        self,
        tracer: Tracer,
        traces: Traces,
        *,
        is_current: Callable[[int, TargetState], bool],
        before_store: Callable[[], Awaitable[None]],
    ) -> None:
        """Trace with `tracer` into `traces`; `is_current` tells whether a target's state is
        still the one traced, `before_store` writes the target's samples first."""
        self._tracer = tracer
        self._traces = traces
        self._is_current = is_current
        self._before_store = before_store
        self._tasks: set[asyncio.Task[None]] = set()
        self._tracing: set[asyncio.Future[TraceResult]] = set()
        self._pending: set[tuple[int, bool]] = set()
        self._halting = False
        self._slots = asyncio.Semaphore(MAX_PARALLEL_TRACES)

    def start(
        self, target_id: int, state: TargetState, capability: Capability, ts: float, reason: str
    ) -> None:
        """Trace a target in the background unless a trace of the same kind waits or runs."""
        pending = (target_id, reason == "outage")
        if pending in self._pending:
            return  # per target one outage and one loss trace at most wait or run at a time
        self._pending.add(pending)
        task = asyncio.get_running_loop().create_task(
            self._trace(target_id, state, capability, ts, reason),
            name=f"connmon-trace-{target_id}",
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(lambda _: self._pending.discard(pending))

    async def _trace(
        self, target_id: int, state: TargetState, capability: Capability, ts: float, reason: str
    ) -> None:
        try:
            async with self._slots:
                if self._halting:
                    return
                tracing = asyncio.ensure_future(self._tracer(state.host, capability))
                self._tracing.add(tracing)
                try:
                    result = await tracing
                finally:
                    self._tracing.discard(tracing)
            if not self._is_current(target_id, state):
                return  # removed while tracing (its id may already belong to a new target)
            await self._before_store()  # the target's samples first: a trace never precedes them
            await self._traces.add(target_id, ts, reason, result)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise
            # only the traceroute itself was cancelled (the service stopped): store nothing
        except Exception:
            _LOGGER.exception("Traceroute to target %d failed", target_id)

    async def wait(self) -> None:
        """Wait until no traceroute runs or waits."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def cancel(self) -> None:
        """Cancel the traceroutes, never a task that is writing (that would leak a connection)."""
        self._halting = True
        try:
            for tracing in list(self._tracing):
                tracing.cancel()
            await self.wait()
        finally:
            self._halting = False
