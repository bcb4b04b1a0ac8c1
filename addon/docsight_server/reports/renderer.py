"""Renders PDFs in worker processes so the event loop never waits for reportlab/matplotlib.

Both libraries hold the GIL for hundreds of milliseconds per document: in a thread they
would stall every other request. A small process pool is created on the first report and
shut down with the server. Workers are spawned (a fresh interpreter: they inherit none of the
server's threads, sockets or database connections, and talk to it over pipes only).
At most WORKERS documents render at once; up to MAX_WAITING more wait their turn, and beyond
that the request gets 503 with Retry-After (the queue is full, not the server).
A worker that dies (killed, out of memory) breaks the pool: it is replaced and the document
rendered once more on the new pool. Workers hold about 100 MB each: after IDLE_SHUTDOWN_S
without a document the pool is shut down, and the next document starts a new one.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from .jobs import prepare_worker, render_document

if TYPE_CHECKING:
    from ..context import ServerContext

_LOGGER = logging.getLogger(__name__)

WORKERS = 2
MAX_WAITING = 6
RETRY_AFTER_S = 5
IDLE_SHUTDOWN_S = 120.0


class RendererBusy(Exception):
    """Too many documents are rendering or waiting."""


class RendererFailed(Exception):
    """The document could not be rendered even on a fresh pool."""


class ReportRenderer:
    """The feature's service: a lazily started process pool with a bounded queue."""

    def __init__(self, context: ServerContext) -> None:
        """Remember where matplotlib may keep its cache; start no process yet."""
        self._cache_dir = str(context.runtime.data_dir / "cache" / "matplotlib")
        self._pool: ProcessPoolExecutor | None = None
        self._slots = asyncio.Semaphore(WORKERS)
        self._pending = 0
        self._idle_timer: asyncio.TimerHandle | None = None
        self.pools_started = 0
        #: Reports gather their data one at a time: each read is short, but five at once
        #: interleaved would keep other requests waiting behind all of their steps.
        self.gather_turn = asyncio.Lock()

    async def start(self) -> None:
        """Nothing to start: the pool comes with the first document."""

    async def reload(self) -> None:
        """No settings change the renderer."""

    async def stop(self) -> None:
        """Shut the pool down (waiting for documents in progress, cancelling queued ones)."""
        self._cancel_idle_timer()
        pool, self._pool = self._pool, None
        if pool is not None:
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, lambda: pool.shutdown(wait=True, cancel_futures=True))

    def worker_pids(self) -> list[int]:
        """Return the process ids of the current workers (for diagnostics and tests)."""
        processes = getattr(self._pool, "_processes", None) or {}
        return [process.pid for process in processes.values() if process.pid is not None]

    async def render(self, kind: str, data: dict[str, Any]) -> bytes:
        """Return the PDF of a document; RendererBusy when the queue is full."""
        if self._pending >= WORKERS + MAX_WAITING:
            raise RendererBusy
        self._cancel_idle_timer()
        self._pending += 1
        try:
            async with self._slots:
                return await self._render_retrying(kind, data)
        finally:
            self._pending -= 1
            if not self._pending:
                loop = asyncio.get_running_loop()
                self._idle_timer = loop.call_later(IDLE_SHUTDOWN_S, self.close_if_idle)

    @property
    def idle_shutdown_armed(self) -> bool:
        """Return True while the pool waits for its idle shutdown."""
        return self._idle_timer is not None

    def close_if_idle(self) -> None:
        """Shut the pool down when no document renders or waits (frees the workers' memory)."""
        self._cancel_idle_timer()
        if self._pending or self._pool is None:
            return
        pool, self._pool = self._pool, None
        pool.shutdown(wait=False)  # idle workers exit at once; nothing waits for them here

    def _cancel_idle_timer(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None

    async def _render_retrying(self, kind: str, data: dict[str, Any]) -> bytes:
        for attempt in (1, 2):
            pool = self._current_pool()
            try:
                return await self._submit(pool, kind, data)
            except BrokenProcessPool:
                _LOGGER.warning("A report worker died; starting new ones (attempt %d)", attempt)
                self._discard(pool)
        raise RendererFailed

    async def _submit(self, pool: ProcessPoolExecutor, kind: str, data: dict[str, Any]) -> bytes:
        loop = asyncio.get_running_loop()
        # submit() may start the worker processes: keep that off the event loop
        future = await loop.run_in_executor(None, pool.submit, render_document, kind, data)
        result: bytes = await asyncio.wrap_future(future)
        return result

    def _current_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=WORKERS,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=prepare_worker,
                initargs=(self._cache_dir,),
            )
            self.pools_started += 1
        return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        if self._pool is pool:
            self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)
