"""Fan-out of live notifications (snapshots, events, collector status) to stream subscribers."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

QUEUE_SIZE = 256


@dataclass(frozen=True, slots=True)
class Notification:
    """One message for subscribers: a kind ("snapshot", "event", "collectors") and its data."""

    id: int
    kind: str
    data: Any


class NotificationHub:
    """Publishes to every subscriber's queue; a slow subscriber loses its oldest messages."""

    def __init__(self) -> None:
        """Start with no subscribers."""
        self._queues: set[asyncio.Queue[Notification]] = set()
        self._ids = itertools.count(1)

    @property
    def subscriber_count(self) -> int:
        """Return how many streams are listening."""
        return len(self._queues)

    @contextmanager
    def subscribe(self) -> Iterator[asyncio.Queue[Notification]]:
        """Yield a queue that receives every notification until the block ends."""
        queue: asyncio.Queue[Notification] = asyncio.Queue(QUEUE_SIZE)
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)

    def publish(self, kind: str, data: Any) -> None:
        """Send a notification to every subscriber without waiting."""
        notification = Notification(next(self._ids), kind, data)
        for queue in self._queues:
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(notification)
