"""Every SQL statement of the modulation views: read-only, over the channel sample key.

The sample key is (series_id, ts): restricted to one direction's series and a time range,
the database seeks once per series and reads a range, and counts in SQL, so a day of a
30-channel modem comes back as a few dozen rows instead of thousands.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from ..storage.fetch import Prepared
from ..storage.schema import channel_samples, channel_series

_SAMPLES = channel_samples.c
_DIRECTION_SERIES = select(channel_series.c.id).where(
    channel_series.c.direction == bindparam("direction")
)
_WINDOW = (
    _SAMPLES.series_id.in_(_DIRECTION_SERIES),
    _SAMPLES.ts.between(bindparam("start"), bindparam("end")),
)

#: (series id, modulation code, profile code, samples, samples with a capacity)
_CELLS = Prepared(
    select(
        _SAMPLES.series_id,
        _SAMPLES.modulation,
        _SAMPLES.profile_modulation,
        func.count(),
        func.count(_SAMPLES.bitrate),
    )
    .where(*_WINDOW)
    .group_by(_SAMPLES.series_id, _SAMPLES.modulation, _SAMPLES.profile_modulation)
)

_PER_POLL = (
    select(func.count().label("channels"), func.count(_SAMPLES.bitrate).label("calculated"))
    .where(*_WINDOW)
    .group_by(_SAMPLES.ts)
    .subquery()
)
#: (polls, polls whose every channel has a capacity)
_POLLS = Prepared(
    select(
        func.count(),
        func.coalesce(
            func.sum(case((_PER_POLL.c.channels == _PER_POLL.c.calculated, 1), else_=0)), 0
        ),
    ).select_from(_PER_POLL)
)

#: (ts, series id, modulation code, profile code) in key order
_TIMELINE = Prepared(
    select(_SAMPLES.ts, _SAMPLES.series_id, _SAMPLES.modulation, _SAMPLES.profile_modulation)
    .where(*_WINDOW)
    .order_by(_SAMPLES.series_id, _SAMPLES.ts)
)


def _values(direction: int, start: int, end: int) -> dict[str, int]:
    return {"direction": direction, "start": start, "end": end}


async def tally_rows(
    connection: AsyncConnection, direction: int, start: int, end: int
) -> tuple[list[tuple[Any, ...]], tuple[Any, ...] | None]:
    """Return the cell rows and the poll row of one direction in [start, end]."""
    values = _values(direction, start, end)
    cells = await _CELLS.fetch(connection, values)
    polls = await _POLLS.fetch(connection, values)
    return cells, polls[0] if polls else None


async def timeline_rows(
    connection: AsyncConnection, direction: int, start: int, end: int
) -> list[tuple[Any, ...]]:
    """Return every sample of one direction in [start, end], series by series, oldest first."""
    return await _TIMELINE.fetch(connection, _values(direction, start, end))
