"""Channel line-up events: channels lost or added, and modulation changes."""

from __future__ import annotations

from typing import Any

from .event_common import by_id, channel_type, describe, pick, sort_key, summary_of
from .health import CHANNEL_RANK
from .qam import qam_rank
from .records import Event, Record, make_event

#: A downgrade of this many QAM steps is critical when channels carry no health.
CRITICAL_RANK_DROP = 3


def _qam_rank(modulation: Any) -> int:
    """Return the QAM rank (QPSK 1 ... 4096QAM 11), 0 for OFDM, empty or unknown values."""
    return qam_rank(modulation) or 0


def channel_events(analysis: Record, previous: Record) -> list[Event]:
    """Return channel_change events when a direction's channel count differs."""
    events = []
    for prefix, direction in (("ds", "downstream"), ("us", "upstream")):
        now = summary_of(analysis).get(f"{prefix}_total", 0)
        before = summary_of(previous).get(f"{prefix}_total", 0)
        if now == before:
            continue
        now_by_id = by_id(analysis.get(f"{prefix}_channels"))
        before_by_id = by_id(previous.get(f"{prefix}_channels"))
        lost = [before_by_id[k] for k in sorted(before_by_id.keys() - now_by_id, key=sort_key)]
        added = [now_by_id[k] for k in sorted(now_by_id.keys() - before_by_id, key=sort_key)]
        loss = now < before
        details = {
            "direction": direction,
            "prev": before,
            "current": now,
            "change": "loss" if loss else "gain",
            "lost_channels": [describe(channel) for channel in lost],
            "added_channels": [describe(channel) for channel in added],
        }
        message = f"{prefix.upper()} channel count changed from {before} to {now}"
        events.append(make_event("warning" if loss else "info", "channel_change", message, details))
    return events


def _modulation_change(direction: str, now_ch: Record, before_ch: Record) -> Record:
    """Describe one channel's modulation change."""
    now_rank = _qam_rank(now_ch.get("modulation"))
    before_rank = _qam_rank(before_ch.get("modulation"))
    change = {
        "channel": now_ch.get("channel_id"),
        "direction": direction,
        "prev": before_ch.get("modulation") or "",
        "current": now_ch.get("modulation") or "",
        "prev_rank": before_rank,
        "current_rank": now_rank,
        "rank_drop": before_rank - now_rank,
        "docsis_version": pick("docsis_version", now_ch, before_ch),
        "prev_modulation_health": before_ch.get("modulation_health"),
        "current_modulation_health": now_ch.get("modulation_health"),
        "channel_type": channel_type(now_ch, before_ch),
        "frequency": pick("frequency", now_ch, before_ch),
    }
    return {key: value for key, value in change.items() if value is not None and value != ""}


def _modulation_changes(analysis: Record, previous: Record) -> tuple[list[Record], list[Record]]:
    """Return the (downgrades, upgrades) of channels matched by id within each direction.

    A change that keeps the QAM rank (a different spelling such as "256QAM" -> "qam_256", or
    between two unranked values such as "OFDM" and "") is not a modulation change.
    """
    downgrades: list[Record] = []
    upgrades: list[Record] = []
    for prefix in ("ds", "us"):
        now_by_id = by_id(analysis.get(f"{prefix}_channels"))
        before_by_id = by_id(previous.get(f"{prefix}_channels"))
        for key in sorted(now_by_id.keys() & before_by_id.keys(), key=sort_key):
            now_ch, before_ch = now_by_id[key], before_by_id[key]
            if (now_ch.get("modulation") or "") == (before_ch.get("modulation") or ""):
                continue
            change = _modulation_change(prefix.upper(), now_ch, before_ch)
            if change["rank_drop"] > 0:
                downgrades.append(change)
            elif change["rank_drop"] < 0:
                upgrades.append(change)
    return downgrades, upgrades


def _downgrade_is_critical(downgrades: list[Record]) -> bool:
    """Judge downgrades by the channels' modulation health, else by the size of the drop."""
    healths = [
        CHANNEL_RANK.get(change["current_modulation_health"], 0)
        for change in downgrades
        if "current_modulation_health" in change
    ]
    if healths:
        return max(healths) >= CHANNEL_RANK["critical"]
    return max(int(change["rank_drop"]) for change in downgrades) >= CRITICAL_RANK_DROP


def modulation_events(analysis: Record, previous: Record) -> list[Event]:
    """Return modulation_change events, one for downgrades and one for upgrades."""
    downgrades, upgrades = _modulation_changes(analysis, previous)
    events = []
    if downgrades:
        details = {
            "changes": downgrades,
            "direction": "downgrade",
            "critical_rank_drop": CRITICAL_RANK_DROP,
        }
        message = f"Modulation dropped on {len(downgrades)} channel(s)"
        severity = "critical" if _downgrade_is_critical(downgrades) else "warning"
        events.append(make_event(severity, "modulation_change", message, details))
    if upgrades:
        message = f"Modulation improved on {len(upgrades)} channel(s)"
        details = {"changes": upgrades, "direction": "upgrade"}
        events.append(make_event("info", "modulation_change", message, details))
    return events
