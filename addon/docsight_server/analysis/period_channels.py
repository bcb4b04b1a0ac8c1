"""Period aggregation, channel parts: the window's unhealthy channels and diagnostic notes.

Input is the grouped query over warning/critical channel samples (`ChannelGroup` rows, values
in hundredths as stored); `storage/period_reads.py` runs it, spelling `critical_limits` as SQL
so counts and the boundaries shown here come from the same threshold rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from .health import CHANNEL_RANK
from .thresholds import ds_power_band, snr_limits, us_power_band

#: Stored channel health codes from which a channel counts as unhealthy (warning, critical).
UNHEALTHY_CODE = CHANNEL_RANK["warning"]
CRITICAL_CODE = CHANNEL_RANK["critical"]
TOP_CHANNELS = 5
NOTE_TYPES = ("us_power_high", "us_power_low", "ds_power_high", "ds_power_low", "snr_low")
DIRECTION_NAMES = ("ds", "us")
#: channel_series.direction of upstream channels (0 is downstream).
UPSTREAM = DIRECTION_NAMES.index("us")


class CriticalLimits(NamedTuple):
    """A channel's critical boundaries in hundredths: power below/above, SNR below."""

    power_low: int
    power_high: int
    snr_low: int | None


class ChannelGroup(NamedTuple):
    """Samples of one channel series with one modulation and one stored health (one SQL row).

    Powers and SNR are in hundredths; `above_high`, `below_low` and `snr_below` count the
    samples beyond the critical boundaries of `limits`.
    """

    direction: int
    channel_id: int
    frequency: str
    series_id: int
    health: int
    sample_count: int
    power_min: int | None
    power_max: int | None
    snr_min: int | None
    above_high: int
    below_low: int
    snr_below: int
    limits: CriticalLimits


def _centi(value: float) -> int:
    return round(value * 100)


def critical_limits(direction: int, family: str | None, modulation: str | None) -> CriticalLimits:
    """Return the critical boundaries of a channel (the threshold rows the analyzer uses)."""
    if direction == UPSTREAM:
        low, high = us_power_band(family).critical
        return CriticalLimits(_centi(low), _centi(high), None)
    low, high = ds_power_band(modulation, family).critical
    return CriticalLimits(
        _centi(low), _centi(high), _centi(snr_limits(modulation, family).critical_min)
    )


def snr_warning_min(modulation: str | None, family: str | None) -> float:
    """Return the SNR/MER below which a downstream channel counts as warning (its threshold
    row's warning_min): `worst.ds_snr_warn_min` gives it for the channel with the lowest SNR,
    so a reader sees how far that SNR is from the warning band, as upstream's letter does."""
    return snr_limits(modulation, family).warning_min


def worst_channels(groups: Iterable[ChannelGroup]) -> dict[str, list[list[int]]]:
    """Return per direction the five channels with the most warning/critical samples.

    Each entry is [channel_id, count]; ties go to the lower channel id. Series that share a
    channel id (a frequency change) count together, as upstream counts by channel id.
    """
    counts: tuple[dict[int, int], dict[int, int]] = ({}, {})
    for group in groups:
        if group.health >= UNHEALTHY_CODE:
            by_id = counts[group.direction]
            by_id[group.channel_id] = by_id.get(group.channel_id, 0) + group.sample_count
    return {
        name: [
            [channel_id, count]
            for channel_id, count in sorted(by_id.items(), key=lambda item: (-item[1], item[0]))[
                :TOP_CHANNELS
            ]
        ]
        for name, by_id in zip(DIRECTION_NAMES, counts, strict=True)
    }


class _Finding(NamedTuple):
    """One critical metric of a group: its worst value, the boundary crossed, how often."""

    note_type: str
    value: int
    limit: int
    samples: int


def _findings(group: ChannelGroup) -> list[_Finding]:
    limits = group.limits
    prefix = DIRECTION_NAMES[group.direction]
    found = []
    if group.above_high and group.power_max is not None:
        found.append(
            _Finding(f"{prefix}_power_high", group.power_max, limits.power_high, group.above_high)
        )
    if group.below_low and group.power_min is not None:
        found.append(
            _Finding(f"{prefix}_power_low", group.power_min, limits.power_low, group.below_low)
        )
    if group.snr_below and group.snr_min is not None and limits.snr_low is not None:
        found.append(_Finding("snr_low", group.snr_min, limits.snr_low, group.snr_below))
    return found


def diagnostic_notes(groups: Iterable[ChannelGroup]) -> list[dict[str, Any]]:
    """Return one note per channel series and critical metric, worst deviation first per type.

    A note gives the worst value of the window, the critical boundary it crossed (`limit`, of
    the threshold row for the channel's modulation/family), `deviation` = how far beyond the
    boundary (always positive, dB or dBmV) and `count` = samples beyond it with critical health.
    """
    merged: dict[tuple[int, str], dict[str, Any]] = {}
    for group in groups:
        if group.health != CRITICAL_CODE:
            continue
        for finding in _findings(group):
            deviation = abs(finding.value - finding.limit)
            key = (group.series_id, finding.note_type)
            note = merged.get(key)
            if note is None:
                merged[key] = note = {
                    "direction": DIRECTION_NAMES[group.direction],
                    "channel_id": group.channel_id,
                    "frequency": group.frequency,
                    "type": finding.note_type,
                    "value": finding.value,
                    "limit": finding.limit,
                    "deviation": deviation,
                    "count": 0,
                }
            elif deviation > note["deviation"]:
                note.update(value=finding.value, limit=finding.limit, deviation=deviation)
            note["count"] += finding.samples
    notes = sorted(
        merged.values(),
        key=lambda note: (NOTE_TYPES.index(note["type"]), -note["deviation"], note["channel_id"]),
    )
    for note in notes:
        for name in ("value", "limit", "deviation"):
            note[name] = round(note[name] / 100, 2)
    return notes
