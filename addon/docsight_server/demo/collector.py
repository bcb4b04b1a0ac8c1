"""The demo collector: seeds the history once, then polls the simulated modem."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from ..collectors.base import CollectorError
from ..collectors.modem import ModemCollector
from ..storage.bulk import BatchWriter, StopRequestedError
from ..storage.demo_rows import demo_seeded_until, mark_demo_seeded, purge_demo_rows
from ..storage.meta_repo import get_meta
from ..storage.schema import snapshots
from ..timeutil import now_epoch
from .driver import DemoDriver
from .line import DemoLine
from .seeders import DemoPlan
from .signal_history import REBOOT_DAYS_AGO, REBOOT_META_KEY

if TYPE_CHECKING:
    from ..context import ServerContext

_LOGGER = logging.getLogger(__name__)

#: Demo history older than this at start is replaced by a fresh 270 days ending now.
STALE_AFTER_SECONDS = 86400


async def seed_demo_history(
    context: ServerContext, plan: DemoPlan, writer: BatchWriter
) -> dict[str, int]:
    """Replace every demo row with freshly generated history; return rows per seeder.

    Every seeder writes in short batches, so other writers get in between; the history counts
    as complete only once the last batch marks it so. A stop raises StopRequestedError.
    """
    counts: dict[str, int] = {}
    async with writer.batch() as connection:
        counts["purged"] = await purge_demo_rows(connection, context.registries)
    context.signal.invalidate()
    for name, seeder in context.registries.demo_seeders:
        started = time.perf_counter()
        counts[name] = await seeder(writer, context, plan)
        _LOGGER.info(
            "Demo history: %s seeded %d rows in %.1f s",
            name,
            counts[name],
            time.perf_counter() - started,
        )
    async with writer.batch() as connection:
        await mark_demo_seeded(connection, plan.now)
    context.signal.invalidate()
    context.signal.version += 1
    await context.database.checkpoint()
    return counts


class DemoCollector(ModemCollector):
    """Polls the demo line; its first poll seeds the history when it is missing or stale."""

    def __init__(self, context: ServerContext) -> None:
        """Create the simulated line and its driver."""
        self.line = DemoLine(now_epoch() - REBOOT_DAYS_AGO * 86400)
        super().__init__(context, DemoDriver(self.line), name="demo", is_demo=True)
        self._history_checked = False
        self._closed = False

    def _stopping(self) -> bool:
        return self._closed or self.context.scheduler.stopping

    async def _newest_demo_ts(self) -> int | None:
        async with self.context.database.read() as connection:
            statement = select(func.max(snapshots.c.ts)).where(snapshots.c.is_demo.is_(True))
            newest = (await connection.execute(statement)).scalar_one_or_none()
        return None if newest is None else int(newest)

    async def _history_is_current(self, now: int) -> bool:
        """Return True when a complete demo history ends less than a day ago."""
        if await demo_seeded_until(self.context.database) is None:
            return False  # never seeded, or a stop cut the seeding short
        newest = await self._newest_demo_ts()
        return newest is not None and now - newest <= STALE_AFTER_SECONDS

    async def ensure_history(self) -> None:
        """Seed the demo history unless a recent one is stored; continue its counters."""
        if self._history_checked:
            return
        now = now_epoch()
        if not await self._history_is_current(now):
            _LOGGER.info("Seeding the demo history (270 days of 15-minute snapshots)")
            writer = BatchWriter(self.context.database, self._stopping)
            try:
                await seed_demo_history(self.context, DemoPlan(now, self.line), writer)
            except StopRequestedError:
                _LOGGER.info("Demo seeding stopped half-way; the next start seeds again")
                message = "Demo seeding stopped: the server is stopping or demo mode ended"
                raise CollectorError(message) from None
        else:
            async with self.context.database.read() as connection:
                reboot_at = await get_meta(connection, REBOOT_META_KEY)
            if reboot_at is not None:
                self.line.counters_since = int(reboot_at)
        self._history_checked = True

    async def collect(self) -> dict[str, Any]:
        """Seed when needed, then poll the demo modem."""
        await self.ensure_history()
        return await super().collect()

    async def close(self) -> None:
        """Stop a seeding still running (demo mode ended), then release the driver."""
        self._closed = True
        await super().close()
