"""A stretch of one direction's channel samples, tallied: observations per channel and label.

A tally is what the multi-day views and the capacity summary are computed from. It is small
(a few counters per channel a day, however many polls the day had) and self-contained (labels
resolved, channels named by their DOCSIS version and channel id, not by series ids that a purge
can reuse), so tallies of finished days can be kept and reused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..analysis.modulation_health import observed_label
from ..analysis.windows import local_days
from ..storage.catalogs import Series
from .observations import Observations, observe_cells


@dataclass(frozen=True, slots=True)
class Cell:
    """How often one channel was seen at one modulation label (and with a capacity)."""

    docsis_version: str
    channel_id: int
    family: str
    label: str
    qam: int | None
    count: int
    with_capacity: int


@dataclass(frozen=True, slots=True)
class Tally:
    """One direction's observations in a stretch of one local day."""

    day: str
    #: polls with at least one channel of the direction
    polls: int
    #: polls in which every channel of the direction had a theoretical capacity
    full_coverage_polls: int
    #: the observations per protocol group (built once with the tally; read only)
    groups: dict[str, Observations]
    #: channel samples, and how many of them had a theoretical capacity
    observations: int
    with_capacity: int
    #: channel samples with no theoretical capacity, by channel family
    without_capacity: dict[str, int]


def build_tally(
    direction: str,
    day: str,
    cell_rows: Iterable[Sequence[Any]],
    poll_row: Sequence[Any] | None,
    series: Mapping[int, Series],
    names: Mapping[int, str],
) -> Tally:
    """Return the tally of a day piece of one direction ("ds" or "us") from its SQL rows.

    `cell_rows` are (series id, modulation code, profile code, samples, samples with a
    capacity); `poll_row` is (polls, polls with full capacity coverage). Samples of a series
    the catalog does not know (a race with a purge) are left out.
    """
    merged: dict[tuple[str, int, str, str], list[Any]] = {}
    for series_id, modulation, profile, count, with_capacity in cell_rows:
        known = series.get(series_id)
        if known is None:
            continue
        profile_name = None if profile is None else names.get(profile)
        modulation_name = None if modulation is None else names.get(modulation)
        label, qam = observed_label(profile_name, modulation_name)
        key = (known.docsis_version, known.channel_id, known.channel_family, label)
        entry = merged.setdefault(key, [qam, 0, 0])
        entry[1] += int(count)
        entry[2] += int(with_capacity or 0)
    cells = tuple(
        Cell(version, channel_id, family, label, qam, count, with_capacity)
        for (version, channel_id, family, label), (qam, count, with_capacity) in sorted(
            merged.items(), key=lambda item: (item[0][0], item[0][1], item[0][3])
        )
    )
    polls, full = (int(poll_row[0] or 0), int(poll_row[1] or 0)) if poll_row else (0, 0)
    without: dict[str, int] = {}
    for cell in cells:
        if cell.count > cell.with_capacity:
            without[cell.family] = without.get(cell.family, 0) + cell.count - cell.with_capacity
    return Tally(
        day,
        polls,
        full,
        observe_cells(direction, cells),
        sum(cell.count for cell in cells),
        sum(cell.with_capacity for cell in cells),
        without,
    )


#: (local date YYYY-MM-DD, first second, last second) of one local day's part of a window
DayPiece = tuple[str, int, int]


def local_day_pieces(start: int, end: int, zone: ZoneInfo) -> list[DayPiece]:
    """Return (local date, first second, last second) of each local day's part of [start, end]."""
    pieces = []
    day = datetime.fromtimestamp(start, zone).date()
    last_day = datetime.fromtimestamp(end, zone).date()
    while day <= last_day:
        day_start, day_end = local_days(1, day, zone)
        pieces.append((day.isoformat(), max(day_start, start), min(day_end, end)))
        day += timedelta(days=1)
    return pieces
