"""History retention: `history_days` old data goes, except inside windows worth keeping."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from sqlalchemy.ext.asyncio import AsyncConnection

from .event_repo import EventStore
from .signal_repo import SignalStore

KeepWindows = Callable[[AsyncConnection], Awaitable[list[tuple[int, int]]]]


async def apply_retention(
    connection: AsyncConnection,
    signal: SignalStore,
    event_store: EventStore,
    history_days: int,
    now: int,
    keep_windows: Iterable[KeepWindows] = (),
) -> tuple[int, int]:
    """Delete snapshots and events older than history_days (0 keeps everything).

    `keep_windows` are the features' providers of [start, end] windows that stay (incidents).
    """
    if history_days <= 0:
        return 0, 0
    cutoff = now - history_days * 86400
    keep: list[tuple[int, int]] = []
    for provider in keep_windows:
        keep.extend(await provider(connection))
    removed_snapshots = await signal.delete_before(connection, cutoff, keep)
    removed_events = await event_store.delete_before(connection, cutoff, keep)
    return removed_snapshots, removed_events
