"""The modem rows of a trends window: scalars, and where each row's summary parts come from.

The scalars come from the in-memory summary columns (counters unwrapped); the newest
snapshots' rows are kept encoded (storage/recent_parts.py), the others' parts are read for
the window in one query and inflated while the answer is built. Snapshots stored before
summary_json are filled the way /api/snapshots/{ts} rebuilds them, before the answer begins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..storage.recent_parts import RecentRow
from ..storage.signal_repo import SCALAR_NAMES
from ..storage.summary_cache import SummaryColumns
from ..storage.summary_parts_repo import fill_parts, parts_window
from ..timeutil import iso_utc_many
from .history import unwrapped_counters

if TYPE_CHECKING:
    from ..storage.signal_repo import SignalStore

#: The order of a row's scalar fields (its summary parts follow).
ROW_KEYS = ("timestamp", *SCALAR_NAMES, "health_issues")


@dataclass(slots=True)
class ModemRows:
    """A window's modem rows, oldest first."""

    stamps: list[int]
    #: the window's own copy of the summary columns (safe to read from an executor)
    summaries: SummaryColumns
    counters: dict[str, list[int | None]]
    #: what is kept in memory of each row
    kept: list[RecentRow | None]
    #: the parts (the bytes after "{") of rows filled by this answer
    tails: list[bytes | None]
    #: the stored summary_json of each row not kept in memory
    blobs: list[Any]
    #: the newest snapshot time of the history (the horizon of the kept tails)
    newest: int
    #: the rows as Python values, when some of the window's rows were dropped
    table: list[list[Any]] | None = None

    def columns(self, first: int, last: int) -> list[list[Any]]:
        """Return rows [first, last) as columns in ROW_KEYS order."""
        if self.table is not None:
            return [column[first:last] for column in self.table]
        summaries = self.summaries
        return [
            iso_utc_many(self.stamps[first:last]),
            *(
                self.counters[name][first:last]
                if name in self.counters
                else summaries.column(name, first, last)
                for name in SCALAR_NAMES
            ),
            summaries.issue_lists(first, last),
        ]

    def drop(self, indexes: set[int]) -> None:
        """Remove rows (snapshots that went away between the two reads)."""
        keep = [index for index in range(len(self.stamps)) if index not in indexes]
        table = self.columns(0, len(self.stamps))
        self.table = [[column[index] for index in keep] for column in table]
        self.stamps = [self.stamps[index] for index in keep]
        self.kept = [self.kept[index] for index in keep]
        self.tails = [self.tails[index] for index in keep]
        self.blobs = [self.blobs[index] for index in keep]


async def modem_rows(store: SignalStore, start: int, end: int) -> ModemRows:
    """Return the rows of the snapshots in [start, end] with what their parts need."""
    summaries, first, last = await store.summary_window(start, end)
    counters = unwrapped_counters(summaries, start, first, last)
    window = summaries.slice(first, last)
    stamps = window.ts.tolist()
    newest = int(summaries.ts[-1]) if len(summaries.ts) else 0
    kept = store.recent_rows.get_many(stamps)
    count = len(stamps)
    rows = ModemRows(stamps, window, counters, kept, [None] * count, [None] * count, newest)
    unknown = [index for index, row in enumerate(kept) if row is None]
    if not unknown:
        return rows
    stored = dict(await parts_window(store, stamps[unknown[0]], stamps[unknown[-1]]))
    for index in unknown:
        rows.blobs[index] = stored.get(stamps[index])
    gone = {index for index in unknown if stamps[index] not in stored}
    if gone:  # deleted after the summaries were read (a purge or retention reloads them)
        rows.drop(gone)
    missing = [
        index
        for index, (row, blob) in enumerate(zip(rows.kept, rows.blobs, strict=True))
        if row is None and blob is None
    ]
    if missing:  # a database error here still becomes an error answer
        await fill_rows(store, rows, missing)
    return rows


async def fill_rows(store: SignalStore, rows: ModemRows, indexes: list[int]) -> None:
    """Fill (and store) the parts of these rows from their snapshots' channel samples."""
    filled = await fill_parts(store, [rows.stamps[index] for index in indexes])
    fresh: list[tuple[int, RecentRow]] = []
    for index in indexes:
        encoded = filled.get(rows.stamps[index])
        if encoded is not None:
            rows.tails[index] = tail = encoded[1:]
            fresh.append((rows.stamps[index], (tail, 0, None)))
    store.recent_rows.put_many(fresh, rows.newest)


async def scalar_rows(store: SignalStore, start: int, end: int) -> list[dict[str, Any]]:
    """Return a row per snapshot in [start, end] with its scalar fields and health_issues only."""
    summaries, first, last = await store.summary_window(start, end)
    counters = unwrapped_counters(summaries, start, first, last)
    columns = [
        iso_utc_many(summaries.ts[first:last].tolist()),
        *(
            counters[name] if name in counters else summaries.column(name, first, last)
            for name in SCALAR_NAMES
        ),
        summaries.issue_lists(first, last),
    ]
    # every column has last - first values, so the zips line up (strict checks cost ~10 %)
    return [dict(zip(ROW_KEYS, values)) for values in zip(*columns)]  # noqa: B905
