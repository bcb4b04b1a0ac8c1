"""Summary backfill: gives snapshots stored before summary_json their summary parts.

Runs once after start, oldest snapshots first, in short batches whose analysis runs in an
executor; requests meanwhile fill the snapshots they meet themselves (signal/history.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING

from ..feature import ServiceDef, ServiceKey
from ..storage.database import DatabaseBusyError
from ..storage.summary_parts_repo import (
    FILL_BATCH,
    count_missing_parts,
    fill_parts,
    missing_parts_after,
)

if TYPE_CHECKING:
    from ..context import ServerContext

_LOGGER = logging.getLogger(__name__)

#: Between two batches the backfill leaves the event loop and the executor alone this long.
BATCH_PAUSE_SECONDS = 0.05
PROGRESS_EVERY_SECONDS = 10.0


class SummaryBackfill:
    """Fills the summary parts of older snapshots in the background, once per start."""

    def __init__(self, context: ServerContext) -> None:
        """Bind to the server; nothing runs before `start`."""
        self.context = context
        self.filled = 0
        self.done = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    async def start(self) -> None:
        """Start the backfill task (again, once a previous run has finished)."""
        if self._task is None or self._task.done():
            self.done.clear()
            self._task = asyncio.get_running_loop().create_task(self._run(), name="backfill")

    async def stop(self) -> None:
        """Stop after the current step (what it stored stays; the next start continues).

        Not cancelled mid-step: a read cancelled inside the database driver can leave its
        connection (and the driver's thread) behind.
        """
        task, self._task = self._task, None
        if task is not None and not task.done():
            self._stopping = True
            try:
                await task
            finally:
                self._stopping = False

    async def reload(self) -> None:
        """Nothing depends on settings."""

    async def _run(self) -> None:
        """Fill every snapshot without parts; never raise (shutdown awaits this task)."""
        try:
            await self._fill_all()
        except DatabaseBusyError as err:
            _LOGGER.warning("Summary backfill stopped (the next start continues): %s", err)
        except Exception:  # reads fill what they meet meanwhile; the next start tries again
            _LOGGER.exception("Summary backfill failed")
        finally:
            self.done.set()

    async def _fill_all(self) -> None:
        store = self.context.signal
        total = await count_missing_parts(store)
        if not total:
            return
        _LOGGER.info("Summary backfill: %d snapshots stored without summary parts", total)
        started = reported = time.monotonic()
        after = -(2**63)
        while not self._stopping and (
            stamps := await missing_parts_after(store, after, FILL_BATCH)
        ):
            self.filled += len(await fill_parts(store, stamps))
            after = stamps[-1]
            if time.monotonic() - reported >= PROGRESS_EVERY_SECONDS:
                reported = time.monotonic()
                _LOGGER.info("Summary backfill: %d of %d snapshots", self.filled, total)
            await asyncio.sleep(BATCH_PAUSE_SECONDS)
        if self._stopping:
            _LOGGER.info("Summary backfill: stopped after %d of %d snapshots", self.filled, total)
            return
        _LOGGER.info(
            "Summary backfill: %d snapshots filled in %.1f s",
            self.filled,
            time.monotonic() - started,
        )


SUMMARY_BACKFILL = ServiceKey[SummaryBackfill]("summary_backfill")
BACKFILL_SERVICE = ServiceDef(SUMMARY_BACKFILL, SummaryBackfill, ())
