"""The rollup buckets the targets are filling now, held in memory until they are written."""

from __future__ import annotations

import asyncio
import weakref

from ..rollup import TIER_SECONDS, BucketStats, OpenBucket

OpenKey = tuple[int, int]  # target_id, bucket_seconds


class OpenBuckets:
    """Open buckets per (target, tier), where each tier's written history ends, and a counter.

    The writer fills and closes the buckets, the readers count open buckets as data, and the
    parts that delete rows hold `lock` so that no sample write interleaves with them.
    """

    def __init__(self) -> None:
        """Start empty: buckets are rebuilt from the raw rows when a target writes again."""
        self.open: dict[OpenKey, OpenBucket] = {}
        # Where no bucket is open: the end of the newest bucket already written, so an older
        # sample is known to be late (its bucket gets recomputed from raw, not restarted).
        self.floor: dict[OpenKey, int] = {}
        self.loaded: set[int] = set()
        self.lock = asyncio.Lock()
        # Bumped before every write and again once it is committed, so cached answers (series,
        # statistics) computed before it, or while it was open, are known to be stale.
        self.writes = 0
        # Bumped the same way by changes to the targets themselves (not by their samples).
        self.target_writes = 0
        _LIVE.add(self)

    def changed(self, *, targets: bool = False) -> None:
        """Note a write (cached answers computed before it are stale); `targets`: of targets."""
        self.writes += 1
        if targets:
            self.target_writes += 1

    def targets_changed(self) -> None:
        """Note a change of the targets (and so of everything read about them)."""
        self.changed(targets=True)

    def count(
        self,
        target_id: int,
        seconds: int,
        ts_ms: int,
        latency: int | None,
        closed: list[tuple[int, BucketStats]],
        late: set[tuple[int, int, int]],
    ) -> None:
        """Count one sample in its open bucket; a newer bucket closes the open one (`closed`),
        a sample for an already written bucket is noted in `late` (recomputed from raw)."""
        start = ts_ms // (seconds * 1000) * seconds
        key = (target_id, seconds)
        state = self.open.get(key)
        floor = self.floor.get(key) if state is None else state.bucket_start
        if floor is not None and start < floor:
            late.add((target_id, seconds, start))
            return
        if state is None or start > state.bucket_start:
            if state is not None:
                closed.append((target_id, state.stats()))
            state = self.open[key] = OpenBucket(start, seconds)
        state.add(latency)

    def forget(self, target_id: int) -> None:
        """Drop a target's open buckets (they are rebuilt from raw on its next write)."""
        self.loaded.discard(target_id)
        for seconds in TIER_SECONDS:
            self.open.pop((target_id, seconds), None)
            self.floor.pop((target_id, seconds), None)

    def discard(self) -> None:
        """Drop all bucket state (e.g. after demo rows were purged); rebuilt from raw."""
        self.changed()
        self.open.clear()
        self.floor.clear()
        self.loaded.clear()


#: Every store's buckets, so that rows changed outside the repository reach their counters.
_LIVE: weakref.WeakSet[OpenBuckets] = weakref.WeakSet()


def changed_elsewhere() -> None:
    """Note rows changed outside the repository (the demo purge): cached answers are stale."""
    for buckets in list(_LIVE):
        buckets.targets_changed()
