"""Demo mode keeps its connection-monitor targets current: a synthetic sample every 10 s.

The seeded week ends when the demo data was written. Without a feed, `/summary`, the
dashboards and Home Assistant's latency sensors would show nothing a minute later. The feed
writes the same model as the seed (evening load, jitter, rare single losses) for the demo
targets only, on the seed's 10-second grid. After a restart it first fills the gap since the
last sample, up to `BACKFILL_LIMIT_S`; a longer gap is left, as for a stopped monitor.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from typing import TYPE_CHECKING

from ..storage.demo_rows import demo_seeded_until
from .demo import BASE_LOSS, DEMO_TARGETS, STEP_S, DemoTarget, demo_latency, evening_load
from .repository import ConnMonStore, Sample

if TYPE_CHECKING:
    from ..context import ServerContext

_LOGGER = logging.getLogger(__name__)

BACKFILL_LIMIT_S = 86400
_MODELS = {target.label: target for target in DEMO_TARGETS}


def demo_samples(
    target_id: int, model: DemoTarget, after: float, now: float, rng: random.Random
) -> list[Sample]:
    """Return a demo target's samples on the grid after `after` up to `now` (CPU only)."""
    first = max(after, now - BACKFILL_LIMIT_S) // STEP_S * STEP_S + STEP_S
    samples = []
    ts = first
    while ts <= now:
        latency = None if rng.random() < BASE_LOSS else demo_latency(model, evening_load(ts), rng)
        samples.append(Sample(target_id, float(ts), latency, "icmp"))
        ts += STEP_S
    return samples


class DemoFeed:
    """Writes live samples for the demo targets while demo mode is on."""

    def __init__(self, context: ServerContext, store: ConnMonStore) -> None:
        """Prepare the feed; nothing runs before start()."""
        self.context = context
        self.store = store
        self._rng = random.Random()
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    @property
    def running(self) -> bool:
        """Return whether the feed is writing samples."""
        return self._task is not None

    async def start(self) -> None:
        """Start feeding when demo mode is on."""
        await self.reload()

    async def reload(self) -> None:
        """Follow the demo_mode setting."""
        if not self.context.settings.demo_mode:
            await self.stop()
            return
        if self._task is None:
            self._stopping = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(
                self._run(self._stopping), name="connmon-demo-feed"
            )

    async def stop(self) -> None:
        """Stop feeding (a write in progress finishes first)."""
        task, self._task = self._task, None
        if task is not None:
            self._stopping.set()
            await task

    async def tick(self, now: float | None = None) -> int:
        """Write every demo sample due up to `now` (once the history is seeded); return how many."""
        now = time.time() if now is None else now
        if await demo_seeded_until(self.store.database) is None:
            return 0  # seeding writes the demo targets' week first (or a stop cut it short)
        due: list[Sample] = []
        for target in await self.store.targets.all():
            model = _MODELS.get(str(target.get("label")))
            if not target.get("is_demo") or model is None:
                continue
            target_id = int(target["id"])
            after = await self._last_sample_ts(target_id, now)
            due.extend(demo_samples(target_id, model, after, now, self._rng))
        if due:
            await self.store.writer.add_samples(due)
        return len(due)

    async def _last_sample_ts(self, target_id: int, now: float) -> float:
        latest = await self.store.reader.latest_sample_ts(target_id)
        return now - BACKFILL_LIMIT_S if latest is None else latest

    async def _run(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            try:
                await self.tick()
            except Exception:
                _LOGGER.exception("Could not write demo connection-monitor samples")
            delay = STEP_S - time.time() % STEP_S
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), delay)
