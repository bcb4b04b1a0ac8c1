"""Reads for the period aggregation (upstream §3.7) shared by comparison, reports and evidence.

The per-snapshot parts come from the in-memory summary columns; the per-channel parts from a
grouped query over the warning/critical channel samples (a few dozen rows, not one per
sample), run only over the stretches that hold marginal or critical snapshots (only those can
hold such channels), plus two key lookups. The arithmetic lives in `analysis/period*.py`.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import ColumnElement, bindparam, case, func, literal_column, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from ..analysis.period import (
    COLUMN_NAMES,
    SnapshotColumns,
    provenance,
    summarize_snapshots,
    unhealthy_ranges,
    worst_snr_position,
)
from ..analysis.period_channels import (
    UNHEALTHY_CODE,
    ChannelGroup,
    CriticalLimits,
    critical_limits,
    diagnostic_notes,
    snr_warning_min,
    worst_channels,
)
from ..timeutil import iso_utc, iso_utc_many
from .catalogs import DOWNSTREAM, UPSTREAM, ModulationCodes
from .fetch import Prepared
from .schema import channel_samples, channel_series, snapshots

if TYPE_CHECKING:
    from ..context import ServerContext

_SERIES = channel_series.c
_SAMPLES = channel_samples.c
_JOINED = channel_series.join(channel_samples, _SAMPLES.series_id == _SERIES.id)
#: Statements keyed by the modulation codes their boundary CASEs know (they rarely change).
_GROUP_STATEMENTS: dict[tuple[tuple[int, str], ...], Prepared] = {}
_MAX_CACHED_STATEMENTS = 8
#: The channel query reads the stretches holding marginal/critical snapshots, at most this many.
MAX_RANGES = 8
#: Only runs of more healthier snapshots than this split a stretch: one more query costs about
#: as much as reading the samples of ~90 snapshots.
MIN_SKIPPED_SNAPSHOTS = 96

_WORST_SNR_CHANNEL = Prepared(
    select(_SAMPLES.snr, _SAMPLES.modulation, _SERIES.channel_family)
    .select_from(_JOINED)
    .where(
        _SERIES.direction == DOWNSTREAM,
        _SAMPLES.ts == bindparam("ts"),
        _SAMPLES.snr.is_not(None),
    )
    .order_by(_SAMPLES.snr, _SERIES.channel_id)
    .limit(1)
)
_SNAPSHOT_IDS = Prepared(
    select(snapshots.c.ts, snapshots.c.id).where(
        or_(snapshots.c.ts == bindparam("first"), snapshots.c.ts == bindparam("last"))
    )
)


def _number(value: int) -> ColumnElement[Any]:
    """Return an integer written into the SQL text (PostgreSQL cannot type a bare CASE param)."""
    return literal_column(str(int(value)))


def _boundary(
    field: str, by_code: dict[int, CriticalLimits], default: CriticalLimits
) -> ColumnElement[Any]:
    """Return the downstream boundary of a sample by its modulation code (else the default)."""
    if not by_code:
        return _number(getattr(default, field))
    return case(
        *(
            (_SAMPLES.modulation == _number(code), _number(getattr(limits, field)))
            for code, limits in sorted(by_code.items())
        ),
        else_=_number(getattr(default, field)),
    )


def _boundaries(modulations: dict[int, str]) -> tuple[ColumnElement[Any], ...]:
    """Return SQL for the critical power high, power low and SNR boundaries of each sample.

    The same `critical_limits` the Python side uses, spelled as CASEs: upstream by family,
    downstream OFDM by family, other downstream channels by modulation.
    """
    by_code = {code: critical_limits(DOWNSTREAM, None, name) for code, name in modulations.items()}
    ds_default = critical_limits(DOWNSTREAM, None, None)
    ofdm = critical_limits(DOWNSTREAM, "ofdm", None)
    us_default = critical_limits(UPSTREAM, None, None)
    ofdma = critical_limits(UPSTREAM, "ofdma", None)
    expressions = []
    for field in ("power_high", "power_low"):
        upstream = case(
            (_SERIES.channel_family == "ofdma", _number(getattr(ofdma, field))),
            else_=_number(getattr(us_default, field)),
        )
        expressions.append(
            case(
                (_SERIES.direction == UPSTREAM, upstream),
                (_SERIES.channel_family == "ofdm", _number(getattr(ofdm, field))),
                else_=_boundary(field, by_code, ds_default),
            )
        )
    # upstream samples have no SNR, so the comparison is NULL for them
    expressions.append(
        case(
            (_SERIES.channel_family == "ofdm", _number(ofdm.snr_low or 0)),
            else_=_boundary("snr_low", by_code, ds_default),
        )
    )
    return tuple(expressions)


def _beyond(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.sum(case((condition, _number(1)), else_=_number(0)))


def _group_statement(modulations: dict[int, str]) -> Prepared:
    """Return the grouped query over unhealthy samples for the known modulation codes."""
    key = tuple(sorted(modulations.items()))
    prepared = _GROUP_STATEMENTS.get(key)
    if prepared is not None:
        return prepared
    high, low, snr_low = _boundaries(modulations)
    statement = (
        select(
            _SERIES.direction,
            _SERIES.channel_id,
            _SERIES.frequency,
            _SERIES.id,
            _SERIES.channel_family,
            _SAMPLES.modulation,
            _SAMPLES.health,
            func.count(),
            func.min(_SAMPLES.power),
            func.max(_SAMPLES.power),
            func.min(_SAMPLES.snr),
            _beyond(_SAMPLES.power > high),
            _beyond(_SAMPLES.power < low),
            _beyond(_SAMPLES.snr < snr_low),
        )
        .select_from(_JOINED)
        .where(
            _SAMPLES.ts.between(bindparam("start"), bindparam("end")),
            _SAMPLES.health >= UNHEALTHY_CODE,
        )
        # the other series columns depend on its id (PostgreSQL accepts them ungrouped)
        .group_by(_SERIES.id, _SAMPLES.modulation, _SAMPLES.health)
    )
    if len(_GROUP_STATEMENTS) >= _MAX_CACHED_STATEMENTS:
        _GROUP_STATEMENTS.clear()
    prepared = _GROUP_STATEMENTS[key] = Prepared(statement)
    return prepared


def _group(row: tuple[Any, ...], codes: ModulationCodes) -> ChannelGroup:
    direction, channel_id, frequency, series_id, family, modulation, health = row[:7]
    count, power_min, power_max, snr_min, above, below, snr_below = row[7:]
    return ChannelGroup(
        direction,
        channel_id,
        frequency,
        series_id,
        health,
        int(count),
        power_min,
        power_max,
        snr_min,
        int(above or 0),
        int(below or 0),
        int(snr_below or 0),
        critical_limits(direction, family, codes.name(modulation)),
    )


async def _channel_groups(
    connection: AsyncConnection, codes: ModulationCodes, ranges: list[tuple[int, int]]
) -> list[ChannelGroup]:
    """Return the warning/critical sample groups of the ranges (groups of different ranges
    are not merged: every consumer adds them up)."""
    if not codes.loaded:
        await codes.load(connection)
    statement = _group_statement(codes.names())
    groups: list[ChannelGroup] = []
    for start, end in ranges:
        rows = await statement.fetch(connection, {"start": start, "end": end})
        groups.extend(_group(row, codes) for row in rows)
    return groups


async def _warning_min_at(
    connection: AsyncConnection, codes: ModulationCodes, ts: int
) -> float | None:
    """Return the SNR warning boundary of the channel with the lowest SNR at one snapshot."""
    rows = await _WORST_SNR_CHANNEL.fetch(connection, {"ts": ts})
    if not rows:
        return None
    _, modulation, family = rows[0]
    return snr_warning_min(codes.name(modulation), family)


async def _snapshot_ids(
    connection: AsyncConnection, first: int, last: int
) -> tuple[int | None, int | None]:
    ids = dict(await _SNAPSHOT_IDS.fetch(connection, {"first": first, "last": last}))
    return ids.get(first), ids.get(last)


class _WindowSummary(NamedTuple):
    figures: dict[str, Any]
    worst_snr_position: int | None
    unhealthy_ranges: list[tuple[int, int]]


def _summarize(ts: list[int], values: dict[str, list[Any]]) -> _WindowSummary:
    columns = SnapshotColumns(iso_utc_many(ts), values)
    return _WindowSummary(
        summarize_snapshots(columns),
        worst_snr_position(columns),
        unhealthy_ranges(ts, values["health"], MAX_RANGES, MIN_SKIPPED_SNAPSHOTS),
    )


async def aggregate_snapshot_period(
    context: ServerContext, start: int, end: int, *, channels: bool = True
) -> dict[str, Any]:
    """Aggregate the snapshots with start <= ts <= end (epoch seconds) as upstream §3.7 does.

    Keys: snapshot_count, first_observed_at, last_observed_at, health_distribution, worst,
    averages, totals, worst_channels, samples, metric_coverage, provenance, diagnostic_notes
    (see analysis/period.py for each rule). `channels=False` skips the channel samples
    (worst_channels, diagnostic_notes and worst.ds_snr_warn_min stay empty) for callers that
    only need the per-snapshot figures, such as the comparison.
    """
    store = context.signal
    summaries, first, last = await store.summary_window(start, end)
    # copied on the event loop: a poll may append to the columns meanwhile
    ts = summaries.ts[first:last].tolist()
    values = {name: summaries.column(name, first, last) for name in COLUMN_NAMES}
    loop = asyncio.get_running_loop()
    summary = await loop.run_in_executor(None, _summarize, ts, values)
    result = summary.figures
    groups: list[ChannelGroup] = []
    ids: tuple[int | None, int | None] = (None, None)
    if ts:
        async with context.database.read() as connection:
            ids = await _snapshot_ids(connection, ts[0], ts[-1])
            if channels:
                codes = store.modulations
                groups = await _channel_groups(connection, codes, summary.unhealthy_ranges)
                if summary.worst_snr_position is not None:
                    result["worst"]["ds_snr_warn_min"] = await _warning_min_at(
                        connection, codes, ts[summary.worst_snr_position]
                    )
    result["worst_channels"] = worst_channels(groups)
    result["diagnostic_notes"] = diagnostic_notes(groups)
    result["provenance"] = provenance(iso_utc(start), iso_utc(end), ids)
    return result
