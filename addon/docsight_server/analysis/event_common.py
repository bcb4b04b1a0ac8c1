"""Value parsing and channel matching shared by the signal event detectors."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

from .records import Record

_FAMILY_LABELS = {"sc_qam": "SC-QAM", "ofdm": "OFDM", "ofdma": "OFDMA"}

#: A normalised channel id: ("int", 11), ("float", 1.5) or ("str", "A").
ChannelKey = tuple[str, Any]


def number(value: Any) -> float | None:
    """Return a finite float, or None for missing and non-numeric values."""
    if value is None or isinstance(value, bool):
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def count(value: Any) -> int | None:
    """Return an error counter as int, or None when the modem does not report it."""
    result = number(value)
    return None if result is None else int(result)


def delta(now: float, before: float) -> float:
    """Return now - before rounded to 0.1, without a negative zero."""
    # round() keeps the sign of tiny negative differences (-0.0); adding 0.0 drops it.
    return round(now - before, 1) + 0.0


def summary_of(analysis: Record) -> Record:
    """Return an analysis' summary, or an empty dict."""
    summary: Record = analysis.get("summary") or {}
    return summary


def _id_key(value: Any) -> ChannelKey | None:
    """Return a key that matches 11, "11" and "11.0" as the same channel id."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    parsed = number(text)
    if parsed is None:
        return ("str", text)
    return ("int", int(parsed)) if parsed.is_integer() else ("float", parsed)


def by_id(channels: Iterable[Record] | None) -> dict[ChannelKey, Record]:
    """Index channel records by their normalised channel id."""
    indexed: dict[ChannelKey, Record] = {}
    for channel in channels or []:
        key = _id_key(channel.get("channel_id"))
        if key is not None:
            indexed[key] = channel
    return indexed


def sort_key(key: ChannelKey) -> tuple[int, float, str]:
    """Order channel id keys numerically first, then textually."""
    kind, value = key
    return (0, value, "") if kind != "str" else (1, 0.0, value)


def matched_channels(
    analysis: Record, previous: Record, lane: str = "ds"
) -> Iterator[tuple[Record, Record]]:
    """Yield (now, before) record pairs of the channels both analyses have in a lane."""
    before_by_id = by_id(previous.get(f"{lane}_channels"))
    for key, now_ch in by_id(analysis.get(f"{lane}_channels")).items():
        before_ch = before_by_id.get(key)
        if before_ch is not None:
            yield now_ch, before_ch


def channel_type(channel: Record, fallback: Record | None = None) -> str:
    """Return a short label of a channel's family ("SC-QAM", "OFDM", "OFDMA" or "")."""
    family = channel.get("channel_family") or (fallback or {}).get("channel_family")
    return _FAMILY_LABELS.get(str(family), "")


def pick(field: str, current: Record, previous: Record) -> Any:
    """Return a descriptive field from the current record, else from the previous one."""
    return current.get(field) or previous.get(field) or ""


def describe(channel: Record) -> Record:
    """Describe a lost or added channel, leaving out unknown fields."""
    detail = {
        "channel": channel.get("channel_id"),
        "frequency": channel.get("frequency"),
        "docsis_version": channel.get("docsis_version"),
        "channel_type": channel_type(channel),
        "modulation": channel.get("modulation"),
    }
    return {key: value for key, value in detail.items() if value not in (None, "")}
