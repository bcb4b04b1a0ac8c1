"""The newest snapshots' trends rows, kept in memory as encoded bytes.

A month of trends rows is ~9 MB of JSON; inflating the stored summary parts and encoding the
scalars takes ~25 ms of it. The newest five weeks (what week and month views ask for) stay
here: each snapshot's parts tail (the JSON object's bytes after "{") or, once a trends answer
encoded it, the whole row (which ends with the tail) with the two counter values it shows
(unwrapping a counter roll-over can change them later; a row whose counters differ is
encoded again). About 11 MB with 15-minute polls; older windows are read and inflated from
the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

#: How far back from the newest snapshot rows are kept.
KEEP_SECONDS = 35 * 86400
#: Never more than this many bytes (short poll intervals make many snapshots).
MAX_BYTES = 32 * 1024 * 1024

#: (bytes, where the parts tail starts in them, the row's two counter values): the bytes are
#: the tail alone (start 0, counters None) or the encoded row
RecentRow = tuple[bytes, int, tuple[Any, Any] | None]


class RecentRows:
    """Snapshot time -> RecentRow, for the newest snapshots only.

    Filled by trends answers and new polls, emptied with the summary cache (purges, bulk
    loads, retention); a snapshot's scalars and parts never change otherwise. Used from the
    event loop only.
    """

    def __init__(self, keep_seconds: int = KEEP_SECONDS, max_bytes: int = MAX_BYTES) -> None:
        """Start empty."""
        self.keep_seconds = keep_seconds
        self.max_bytes = max_bytes
        self._rows: dict[int, RecentRow] = {}
        self._bytes = 0
        self._newest = 0

    def clear(self) -> None:
        """Forget everything."""
        self._rows = {}
        self._bytes = 0
        self._newest = 0

    def drop_before(self, cutoff: int) -> None:
        """Forget the rows of snapshots older than cutoff (retention deleted them)."""
        kept = {ts: row for ts, row in self._rows.items() if ts >= cutoff}
        self._rows = kept
        self._bytes = sum(_size(row) for row in kept.values())

    def get_many(self, stamps: Sequence[int]) -> list[RecentRow | None]:
        """Return what is kept for each snapshot time (None when nothing is)."""
        get = self._rows.get
        return [get(ts) for ts in stamps]

    def put_many(self, items: Iterable[tuple[int, RecentRow]], newest: int) -> None:
        """Keep rows of snapshots no older than KEEP_SECONDS before `newest` (replacing)."""
        self._newest = max(self._newest, newest)
        horizon = self._newest - self.keep_seconds
        rows = self._rows
        for ts, row in items:
            if ts < horizon:
                continue
            previous = rows.get(ts)
            if previous is not None:
                self._bytes -= _size(previous)
            rows[ts] = row
            self._bytes += _size(row)
        oldest = next(iter(rows), None)
        if self._bytes > self.max_bytes or (oldest is not None and oldest < horizon):
            self._trim(horizon)

    def _trim(self, horizon: int) -> None:
        """Drop what fell behind the horizon, then the oldest until within three quarters
        of max_bytes (so trimming is rare)."""
        kept = sorted(
            ((ts, row) for ts, row in self._rows.items() if ts >= horizon), key=itemgetter(0)
        )
        total = sum(_size(row) for _, row in kept)
        start = 0
        while total > self.max_bytes * 3 // 4 and start < len(kept):
            total -= _size(kept[start][1])
            start += 1
        self._rows = dict(kept[start:])
        self._bytes = total


def _size(row: RecentRow) -> int:
    return len(row[0])


def tail_of(row: RecentRow) -> bytes:
    """Return the parts tail of a kept row."""
    data, start, _ = row
    return data[start:] if start else data
