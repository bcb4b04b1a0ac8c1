"""Turns at SQLite's single write lock: requests first, bulk batches in the gaps.

SQLite lets one writer in at a time and makes the others poll (the busy handler sleeps up to
100 ms between tries), which is neither fair nor prompt. Inside the server the turns are
handed out here instead: a bulk batch starts only while no foreground writer waits, and a
foreground writer that arrives during a batch is woken the moment that batch ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class _Counter:
    """A count with an event that is set while the count is zero."""

    def __init__(self) -> None:
        self.count = 0
        self.zero = asyncio.Event()
        self.zero.set()

    def add(self) -> None:
        self.count += 1
        self.zero.clear()

    def remove(self) -> None:
        self.count -= 1
        if not self.count:
            self.zero.set()


class WriteTurns:
    """Who may begin a write transaction next (one instance per database)."""

    def __init__(self) -> None:
        """Start with nobody writing."""
        self._foreground = _Counter()
        self._batches = _Counter()

    @asynccontextmanager
    async def foreground(self) -> AsyncIterator[None]:
        """Hold a foreground writer's turn: no new batch starts, a running one is waited for."""
        self._foreground.add()
        try:
            await self._batches.zero.wait()
            yield
        finally:
            self._foreground.remove()

    @asynccontextmanager
    async def background(self) -> AsyncIterator[None]:
        """Hold a bulk batch's turn, taken once no foreground writer is waiting or writing."""
        while self._foreground.count:
            await self._foreground.zero.wait()
        self._batches.add()
        try:
            yield
        finally:
            self._batches.remove()
