"""The snapshot summaries in compact columns in memory, for trends and correlation.

Reading 2,880 wide rows from SQLite costs ~17 ms on a small box, almost all of it in making
Python objects; typed arrays hold 270 days in ~6 MB and slice in microseconds. The cache loads
on first use, appends committed polls and reloads after bulk changes (demo seeding,
retention, purges).
"""

from __future__ import annotations

import asyncio
import bisect
import math
from array import array
from collections.abc import AsyncIterator, Iterable
from typing import Any

from sqlalchemy import Boolean, Float, select
from sqlalchemy.ext.asyncio import AsyncConnection

from .fetch import fetch_tuples
from .schema import SNAPSHOT_SCALARS, snapshots

NULL_INT = -(2**63)
LOAD_BATCH = 2000
SCALAR_NAMES = tuple(SNAPSHOT_SCALARS)
FLOAT_NAMES = tuple(n for n, kind in SNAPSHOT_SCALARS.items() if kind is Float)
BOOL_NAMES = tuple(n for n, kind in SNAPSHOT_SCALARS.items() if kind is Boolean)


class SummaryColumns:
    """Every stored snapshot's scalar summary, oldest first, one typed array per field."""

    def __init__(self) -> None:
        """Start unloaded."""
        self.loaded = False
        self._lock = asyncio.Lock()
        self._dirty = False  # a change arrived while a load was reading the table
        self._reset()

    def _reset(self) -> None:
        self.ts = array("q")
        #: measurements; NaN for a missing value
        self.float_columns: dict[str, array[float]] = {
            name: array("d") for name in SCALAR_NAMES if name in FLOAT_NAMES
        }
        #: counters (NULL_INT when missing), booleans (-1 when missing) and health text codes
        self.int_columns: dict[str, array[int]] = {
            name: array("b" if name in BOOL_NAMES or name == "health" else "q")
            for name in SCALAR_NAMES
            if name not in FLOAT_NAMES
        }
        self.issues = array("H")
        #: how many missing values each column holds (columns without any skip the checks)
        self.nulls: dict[str, int] = dict.fromkeys(SCALAR_NAMES, 0)
        self._texts: list[str] = []
        self._text_codes: dict[str, int] = {}
        self._issue_sets: list[list[str]] = []
        self._issue_codes: dict[str, int] = {}

    def invalidate(self) -> None:
        """Drop everything; the next read reloads from the database."""
        self._dirty = self._lock.locked()
        self.loaded = False
        self._reset()

    async def ensure(self, connection: AsyncConnection) -> None:
        """Load every summary when not loaded; a change during the load makes it reload."""
        async with self._lock:
            while not self.loaded:
                self._dirty = False
                self._reset()
                async for rows in self._batches(connection):
                    # filling arrays is CPU work: keep it off the event loop
                    await asyncio.get_running_loop().run_in_executor(None, self._fill, rows)
                self.loaded = not self._dirty

    async def _batches(self, connection: AsyncConnection) -> AsyncIterator[list[tuple[Any, ...]]]:
        """Yield the summaries in time order, a few thousand rows at a time (a small peak)."""
        columns = (
            snapshots.c.ts,
            *(snapshots.c[n] for n in SCALAR_NAMES),
            snapshots.c.health_issues,
        )
        after = None
        while True:
            statement = select(*columns).order_by(snapshots.c.ts).limit(LOAD_BATCH)
            if after is not None:
                statement = statement.where(snapshots.c.ts > after)
            rows = await fetch_tuples(connection, statement)
            if not rows:
                return
            yield rows
            after = rows[-1][0]

    def _fill(self, rows: list[tuple[Any, ...]]) -> None:
        for row in rows:
            self._append_values(row[0], row[1:-1], row[-1] or "")

    def append(self, ts: int, summary: dict[str, Any]) -> None:
        """Add a committed snapshot (a reload follows when it is not the newest)."""
        if not self.loaded:
            self._dirty = self._lock.locked()  # a load in progress missed this snapshot
            return
        if self.ts and ts <= self.ts[-1]:
            self.invalidate()
            return
        values = [summary.get(name) for name in SCALAR_NAMES]
        self._append_values(ts, values, ",".join(summary.get("health_issues") or []))

    def _code[T](self, table: dict[str, int], values: list[T], key: str, item: T) -> int:
        code = table.get(key)
        if code is None:
            code = table[key] = len(values)
            values.append(item)
        return code

    def _append_values(self, ts: int, values: Iterable[Any], issues: str) -> None:
        self.ts.append(ts)
        for name, value in zip(SCALAR_NAMES, values, strict=True):
            if value is None:
                self.nulls[name] += 1
            if name in FLOAT_NAMES:
                self.float_columns[name].append(float("nan") if value is None else float(value))
                continue
            column = self.int_columns[name]
            if name == "health":
                column.append(self._code(self._text_codes, self._texts, str(value), str(value)))
            elif name in BOOL_NAMES:
                column.append(-1 if value is None else int(bool(value)))
            else:
                column.append(NULL_INT if value is None else int(value))
        split = [issue for issue in issues.split(",") if issue]
        self.issues.append(self._code(self._issue_codes, self._issue_sets, issues, split))

    def slice(self, first: int, last: int) -> SummaryColumns:
        """Return a copy of an index range (typed arrays, ~250 bytes a row) for one answer.

        Its indexes start at 0; later appends, reloads and purges leave it unchanged.
        """
        part = SummaryColumns()
        part.loaded = True
        part.ts = self.ts[first:last]
        part.float_columns = {
            name: values[first:last] for name, values in self.float_columns.items()
        }
        part.int_columns = {name: values[first:last] for name, values in self.int_columns.items()}
        part.issues = self.issues[first:last]
        part.nulls = dict(self.nulls)  # counts of the whole history: enough to skip the checks
        # both tables only ever grow (a reload makes new ones), so sharing them is safe
        part._texts = self._texts
        part._issue_sets = self._issue_sets
        return part

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the index range of snapshots with start <= ts <= end."""
        return bisect.bisect_left(self.ts, start), bisect.bisect_right(self.ts, end)

    def column(self, name: str, first: int, last: int) -> list[Any]:
        """Return one field over an index range, with None for missing values."""
        if name in FLOAT_NAMES:
            measured = self.float_columns[name][first:last].tolist()
            if not self.nulls[name]:
                return measured
            return [None if math.isnan(value) else value for value in measured]
        values = self.int_columns[name][first:last].tolist()
        if name == "health":
            texts = self._texts
            return [texts[code] for code in values]
        if name in BOOL_NAMES:
            return [None if value < 0 else bool(value) for value in values]
        if not self.nulls[name]:
            return values
        return [None if value == NULL_INT else value for value in values]

    def issue_lists(self, first: int, last: int) -> list[list[str]]:
        """Return the health issues over an index range (lists are shared: do not change)."""
        sets = self._issue_sets
        return [sets[code] for code in self.issues[first:last]]
