"""Signal events found by comparing each new analysis with the previous one."""

from __future__ import annotations

import math
from typing import Any

from .health import CHANNEL_RANK, SUMMARY_RANK
from .qam import qam_rank

EVENT_TYPES: dict[str, str] = {
    "health_change": "Overall DOCSIS health got worse or recovered",
    "power_change": "Average downstream or upstream power shifted by more than 2 dBmV",
    "snr_change": "Downstream SNR/MER health of some channels got worse",
    "channel_change": "The number of downstream or upstream channels changed",
    "modulation_change": "Channels moved to a lower or higher modulation",
    "modem_restart_detected": "Error counters fell on most channels, as after a modem restart",
    "error_spike": "Uncorrectable errors rose by more than 1000 since the previous poll",
    "monitoring_started": "The first analysis after monitoring began",
    "monitoring_stopped": "Monitoring stopped (clean shutdown)",
    "device_sw_update": "The modem's software version changed",
    "device_reboot": "The modem's uptime went backwards: it rebooted",
    "device_ip_change": "The modem's WAN IPv4 or IPv6 address changed",
}

POWER_DELTA_DBMV = 2.0
UNCORR_SPIKE_DELTA = 1000
#: 256QAM SNR limits used for snapshots without per-channel ``snr_health`` (dB).
SNR_256QAM_GOOD_MIN = 33
SNR_256QAM_CRITICAL_MIN = 29
#: A downgrade of this many QAM steps is critical when channels carry no health.
CRITICAL_RANK_DROP = 3
RESTART_MIN_OVERLAP = 4
RESTART_MIN_CONTINUITY = 0.5
RESTART_DECLINING_RATIO = 0.8
ERROR_SPIKE_BASIS = "raw_uncorrectable_total_delta"

_FAMILY_LABELS = {"sc_qam": "SC-QAM", "ofdm": "OFDM", "ofdma": "OFDMA"}
_ANALYZED_DS_FAMILIES = ("sc_qam", "ofdm")


def _qam_rank(modulation: Any) -> int:
    """Return the QAM rank (QPSK 1 ... 4096QAM 11), 0 for OFDM, empty or unknown values."""
    return qam_rank(modulation) or 0


def _number(value: Any) -> float | None:
    """Return a finite float, or None for missing and non-numeric values."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _count(value: Any) -> int | None:
    """Return an error counter as int, or None when the modem does not report it."""
    number = _number(value)
    return None if number is None else int(number)


def _delta(now: float, before: float) -> float:
    """Return now - before rounded to 0.1, without a negative zero."""
    # round() keeps the sign of tiny negative differences (-0.0); adding 0.0 drops it.
    return round(now - before, 1) + 0.0


def _summary(analysis: dict) -> dict:
    """Return an analysis' summary, or an empty dict."""
    return analysis.get("summary") or {}


def _id_key(value: Any) -> tuple[str, Any] | None:
    """Return a key that matches 11, "11" and "11.0" as the same channel id."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    number = _number(text)
    if number is None:
        return ("str", text)
    return ("int", int(number)) if number.is_integer() else ("float", number)


def _by_id(channels: Any) -> dict[tuple[str, Any], dict]:
    """Index channel records by their normalised channel id."""
    indexed: dict[tuple[str, Any], dict] = {}
    for channel in channels or []:
        key = _id_key(channel.get("channel_id"))
        if key is not None:
            indexed[key] = channel
    return indexed


def _sort_key(key: tuple[str, Any]) -> tuple[int, float, str]:
    """Order channel id keys numerically first, then textually."""
    kind, value = key
    return (0, value, "") if kind != "str" else (1, 0.0, value)


def _channel_type(channel: dict, fallback: dict | None = None) -> str:
    """Return a short label of a channel's family ("SC-QAM", "OFDM", "OFDMA" or "")."""
    family = channel.get("channel_family") or (fallback or {}).get("channel_family")
    return _FAMILY_LABELS.get(str(family), "")


def _pick(field: str, current: dict, previous: dict) -> Any:
    """Return a descriptive field from the current record, else from the previous one."""
    return current.get(field) or previous.get(field) or ""


def _describe(channel: dict) -> dict:
    """Describe a lost or added channel, leaving out unknown fields."""
    detail = {
        "channel": channel.get("channel_id"),
        "frequency": channel.get("frequency"),
        "docsis_version": channel.get("docsis_version"),
        "channel_type": _channel_type(channel),
        "modulation": channel.get("modulation"),
    }
    return {key: value for key, value in detail.items() if value not in (None, "")}


def _event(severity: str, event_type: str, message: str, details: dict) -> dict:
    """Build one event dict."""
    return {"severity": severity, "event_type": event_type, "message": message, "details": details}


def monitoring_stopped_event(reason: str) -> dict:
    """Return the info event recorded when monitoring stops cleanly."""
    return _event(
        "info", "monitoring_stopped", f"Monitoring stopped ({reason})", {"reason": reason}
    )


def _health_event(previous: str, current: str) -> dict:
    """Return the health_change event for a confirmed transition."""
    if SUMMARY_RANK.get(current, 0) > SUMMARY_RANK.get(previous, 0):
        severity = "critical" if current == "critical" else "warning"
        message = f"Health changed from {previous} to {current}"
    else:
        severity = "info"
        message = f"Health recovered from {previous} to {current}"
    return _event(severity, "health_change", message, {"prev": previous, "current": current})


def _power_events(current: dict, previous: dict) -> list[dict]:
    """Return power_change events for average power shifts above the threshold."""
    events = []
    for prefix, direction in (("ds", "downstream"), ("us", "upstream")):
        now = _number(current.get(f"{prefix}_power_avg"))
        before = _number(previous.get(f"{prefix}_power_avg"))
        if now is None or before is None or abs(now - before) <= POWER_DELTA_DBMV:
            continue
        message = f"{prefix.upper()} power avg shifted from {before} to {now} dBmV"
        details = {
            "direction": direction,
            "prev": before,
            "current": now,
            "threshold_delta": POWER_DELTA_DBMV,
        }
        events.append(_event("warning", "power_change", message, details))
    return events


def _snr_health_degradations(analysis: dict, previous: dict) -> list[dict] | None:
    """Return channels whose SNR health got worse, or None when health data is missing."""
    before_by_id = _by_id(previous.get("ds_channels"))
    affected = []
    comparable = False
    for key, now_ch in _by_id(analysis.get("ds_channels")).items():
        before_ch = before_by_id.get(key)
        if before_ch is None:
            continue
        now_snr, before_snr = _number(now_ch.get("snr")), _number(before_ch.get("snr"))
        if now_snr is None or before_snr is None:
            continue
        comparable = True
        # The analyzer omits snr_health when it is good; older records have no family at all.
        now_health = now_ch.get("snr_health") or (
            "good" if now_ch.get("channel_family") in _ANALYZED_DS_FAMILIES else None
        )
        before_health = before_ch.get("snr_health") or (
            "good" if before_ch.get("channel_family") in _ANALYZED_DS_FAMILIES else None
        )
        if now_health is None or before_health is None:
            return None
        now_rank = CHANNEL_RANK.get(now_health, 0)
        if now_rank <= CHANNEL_RANK.get(before_health, 0) or now_rank == 0:
            continue
        affected.append(
            {
                "channel": now_ch.get("channel_id"),
                "frequency": _pick("frequency", now_ch, before_ch),
                "docsis_version": _pick("docsis_version", now_ch, before_ch),
                "channel_type": _channel_type(now_ch, before_ch),
                "modulation": _pick("modulation", now_ch, before_ch),
                "prev": before_snr,
                "current": now_snr,
                "delta": _delta(now_snr, before_snr),
                "prev_health": before_health,
                "current_health": now_health,
                "threshold": now_health,
            }
        )
    if not comparable:
        return None
    affected.sort(
        key=lambda ch: (
            -CHANNEL_RANK.get(ch["current_health"], 0),
            ch["current"],
            str(ch["channel"]),
        )
    )
    return affected


def _snr_crossings(analysis: dict, previous: dict, limits: list[tuple[str, float]]) -> list[dict]:
    """Return channels whose SNR fell below a limit (legacy data); the worst limit wins."""
    before_by_id = _by_id(previous.get("ds_channels"))
    affected = []
    for key, now_ch in _by_id(analysis.get("ds_channels")).items():
        before_ch = before_by_id.get(key)
        if before_ch is None:
            continue
        now_snr, before_snr = _number(now_ch.get("snr")), _number(before_ch.get("snr"))
        if now_snr is None or before_snr is None:
            continue
        crossed = [label for label, limit in limits if now_snr < limit <= before_snr]
        if not crossed:
            continue
        affected.append(
            {
                "channel": now_ch.get("channel_id"),
                "frequency": _pick("frequency", now_ch, before_ch),
                "docsis_version": _pick("docsis_version", now_ch, before_ch),
                "channel_type": _channel_type(now_ch, before_ch),
                "modulation": _pick("modulation", now_ch, before_ch),
                "prev": before_snr,
                "current": now_snr,
                "delta": _delta(now_snr, before_snr),
                "threshold": crossed[-1],
            }
        )
    affected.sort(key=lambda ch: (ch["current"], str(ch["channel"])))
    return affected


def _snr_events(analysis: dict, previous: dict) -> list[dict]:
    """Return the snr_change event when the minimum SNR moved and channel SNR health fell."""
    now = _number(_summary(analysis).get("ds_snr_min"))
    before = _number(_summary(previous).get("ds_snr_min"))
    if now is None or before is None or now == before:
        return []
    affected = _snr_health_degradations(analysis, previous)
    if affected is not None:
        if not affected:
            return []
        worst = affected[0]["current_health"]
        severity = "critical" if worst == "critical" else "warning"
        message = f"DS SNR/MER health changed to {worst} (min: {now} dB)"
        details = {
            "prev": before,
            "current": now,
            "threshold": worst,
            "affected_channels": affected,
        }
        return [_event(severity, "snr_change", message, details)]
    if now < SNR_256QAM_CRITICAL_MIN <= before:
        label, limit = "critical", SNR_256QAM_CRITICAL_MIN
        limits = [("warning", SNR_256QAM_GOOD_MIN), ("critical", SNR_256QAM_CRITICAL_MIN)]
    elif now < SNR_256QAM_GOOD_MIN <= before:
        label, limit = "warning", SNR_256QAM_GOOD_MIN
        limits = [("warning", SNR_256QAM_GOOD_MIN)]
    else:
        return []
    message = f"DS SNR min dropped to {now} dB ({label} threshold: {limit:g})"
    details = {
        "prev": before,
        "current": now,
        "threshold": label,
        "threshold_value": limit,
        "affected_channels": _snr_crossings(analysis, previous, limits),
    }
    return [_event(label, "snr_change", message, details)]


def _channel_events(analysis: dict, previous: dict) -> list[dict]:
    """Return channel_change events when a direction's channel count differs."""
    events = []
    for prefix, direction in (("ds", "downstream"), ("us", "upstream")):
        now = _summary(analysis).get(f"{prefix}_total", 0)
        before = _summary(previous).get(f"{prefix}_total", 0)
        if now == before:
            continue
        now_by_id = _by_id(analysis.get(f"{prefix}_channels"))
        before_by_id = _by_id(previous.get(f"{prefix}_channels"))
        lost = [before_by_id[k] for k in sorted(before_by_id.keys() - now_by_id, key=_sort_key)]
        added = [now_by_id[k] for k in sorted(now_by_id.keys() - before_by_id, key=_sort_key)]
        loss = now < before
        details = {
            "direction": direction,
            "prev": before,
            "current": now,
            "change": "loss" if loss else "gain",
            "lost_channels": [_describe(channel) for channel in lost],
            "added_channels": [_describe(channel) for channel in added],
        }
        message = f"{prefix.upper()} channel count changed from {before} to {now}"
        events.append(_event("warning" if loss else "info", "channel_change", message, details))
    return events


def _modulation_change(direction: str, now_ch: dict, before_ch: dict) -> dict:
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
        "docsis_version": _pick("docsis_version", now_ch, before_ch),
        "prev_modulation_health": before_ch.get("modulation_health"),
        "current_modulation_health": now_ch.get("modulation_health"),
        "channel_type": _channel_type(now_ch, before_ch),
        "frequency": _pick("frequency", now_ch, before_ch),
    }
    return {key: value for key, value in change.items() if value is not None and value != ""}


def _modulation_events(analysis: dict, previous: dict) -> list[dict]:
    """Return modulation_change events, one for downgrades and one for upgrades.

    Channels are matched by id within each direction. A change that keeps the QAM rank (a
    different spelling such as "256QAM" -> "qam_256", or between two unranked values such as
    "OFDM" and "") is not reported: it is not a modulation change.
    """
    downgrades: list[dict] = []
    upgrades: list[dict] = []
    for prefix in ("ds", "us"):
        now_by_id = _by_id(analysis.get(f"{prefix}_channels"))
        before_by_id = _by_id(previous.get(f"{prefix}_channels"))
        for key in sorted(now_by_id.keys() & before_by_id.keys(), key=_sort_key):
            now_ch, before_ch = now_by_id[key], before_by_id[key]
            if (now_ch.get("modulation") or "") == (before_ch.get("modulation") or ""):
                continue
            change = _modulation_change(prefix.upper(), now_ch, before_ch)
            if change["rank_drop"] > 0:
                downgrades.append(change)
            elif change["rank_drop"] < 0:
                upgrades.append(change)
    events = []
    if downgrades:
        healths = [
            CHANNEL_RANK.get(change["current_modulation_health"], 0)
            for change in downgrades
            if "current_modulation_health" in change
        ]
        if healths:
            critical = max(healths) >= CHANNEL_RANK["critical"]
        else:
            critical = max(change["rank_drop"] for change in downgrades) >= CRITICAL_RANK_DROP
        details = {
            "changes": downgrades,
            "direction": "downgrade",
            "critical_rank_drop": CRITICAL_RANK_DROP,
        }
        message = f"Modulation dropped on {len(downgrades)} channel(s)"
        severity = "critical" if critical else "warning"
        events.append(_event(severity, "modulation_change", message, details))
    if upgrades:
        message = f"Modulation improved on {len(upgrades)} channel(s)"
        details = {"changes": upgrades, "direction": "upgrade"}
        events.append(_event("info", "modulation_change", message, details))
    return events


def _counter_declined(now_ch: dict, before_ch: dict) -> bool | None:
    """Return whether a channel's counters fell (and none rose); None when not comparable."""
    pairs = [
        (_count(before_ch.get(field)), _count(now_ch.get(field)))
        for field in ("correctable_errors", "uncorrectable_errors")
    ]
    known = [(before, now) for before, now in pairs if before is not None and now is not None]
    if not known:
        return None
    fell = any(now < before for before, now in known)
    return fell and all(now <= before for before, now in known)


def _restart_events(analysis: dict, previous: dict) -> list[dict]:
    """Return modem_restart_detected when most overlapping channels' counters fell."""
    now_by_id = _by_id(analysis.get("ds_channels"))
    before_by_id = _by_id(previous.get("ds_channels"))
    overlap = now_by_id.keys() & before_by_id.keys()
    if len(overlap) < RESTART_MIN_OVERLAP:
        return []
    if any(len(overlap) / len(side) < RESTART_MIN_CONTINUITY for side in (now_by_id, before_by_id)):
        return []
    verdicts = [_counter_declined(now_by_id[key], before_by_id[key]) for key in overlap]
    comparable = [verdict for verdict in verdicts if verdict is not None]
    declining = sum(comparable)
    if len(comparable) < RESTART_MIN_OVERLAP:
        return []
    if declining / len(comparable) < RESTART_DECLINING_RATIO:
        return []
    now_s, before_s = _summary(analysis), _summary(previous)
    totals = {
        "prev_corr_total": _count(before_s.get("ds_correctable_errors")),
        "prev_uncorr_total": _count(before_s.get("ds_uncorrectable_errors")),
        "current_corr_total": _count(now_s.get("ds_correctable_errors")),
        "current_uncorr_total": _count(now_s.get("ds_uncorrectable_errors")),
    }
    # When every total is known, at least one must have fallen as well.
    if all(value is not None for value in totals.values()) and (
        totals["current_corr_total"] >= totals["prev_corr_total"]
        and totals["current_uncorr_total"] >= totals["prev_uncorr_total"]
    ):
        return []
    details = {
        "affected_channels": declining,
        "total_channels": len(comparable),
        **totals,
        "declining_channel_ratio_threshold": RESTART_DECLINING_RATIO,
        "minimum_overlap_channels": RESTART_MIN_OVERLAP,
    }
    message = "Detected modem restart or counter reset pattern"
    return [_event("info", "modem_restart_detected", message, details)]


def _error_events(analysis: dict, previous: dict) -> list[dict]:
    """Return error_spike when the raw uncorrectable total rose by more than the threshold."""
    now_s, before_s = _summary(analysis), _summary(previous)
    if now_s.get("errors_supported") is False or before_s.get("errors_supported") is False:
        return []
    now = _count(now_s.get("ds_uncorrectable_errors"))
    before = _count(before_s.get("ds_uncorrectable_errors"))
    if now is None or before is None or now - before <= UNCORR_SPIKE_DELTA:
        return []
    delta = now - before
    now_cmp = _count(now_s.get("ds_comparable_uncorrectable_errors"))
    before_cmp = _count(before_s.get("ds_comparable_uncorrectable_errors"))
    details = {
        "prev": before,
        "current": now,
        "delta": delta,
        "threshold_delta": UNCORR_SPIKE_DELTA,
        "basis": ERROR_SPIKE_BASIS,
        "raw_uncorrectable_recent_delta": delta,
        "comparable_uncorrectable_recent_delta": (
            None if now_cmp is None or before_cmp is None else now_cmp - before_cmp
        ),
    }
    message = f"Uncorrectable errors jumped by {delta:,} (from {before:,} to {now:,})"
    return [_event("warning", "error_spike", message, details)]


class EventDetector:
    """Compare consecutive analyses and return the events between them."""

    def __init__(self, hysteresis: int = 0) -> None:
        """Create a detector; with ``hysteresis`` >= 2 a new health must last that many polls."""
        self._hysteresis = max(0, int(hysteresis))
        self._previous: dict | None = None
        self._previous_id: int | None = None
        self._confirmed_health: str | None = None
        self._pending_health: str | None = None
        self._pending_count = 0

    def seed(self, previous: dict | None, previous_snapshot_id: int | None) -> None:
        """Start from a stored analysis (at collector start) so no monitoring_started follows.

        ``None`` leaves the detector untouched. Without an id, the analysis' own
        ``snapshot_id`` is used when it has one.
        """
        if not previous:
            return
        if previous_snapshot_id is None:
            previous_snapshot_id = previous.get("snapshot_id")
        self._previous = previous
        self._previous_id = previous_snapshot_id
        self._confirmed_health = None
        if self._hysteresis >= 2:
            self._confirmed_health = _summary(previous).get("health", "good")
        self._pending_health = None
        self._pending_count = 0

    def check(self, analysis: dict, snapshot_id: int | None) -> list[dict]:
        """Return the events between the previous analysis and this one, then remember it.

        Without a previous analysis the only event is ``monitoring_started``. Event order:
        health, power, snr, channels, modulation, restart, errors. Every event's details get
        ``snapshot_id``/``previous_snapshot_id`` when known.
        """
        previous, previous_id = self._previous, self._previous_id
        self._previous, self._previous_id = analysis, snapshot_id
        if previous is None:
            health = _summary(analysis).get("health", "unknown")
            message = f"Monitoring started (Health: {health})"
            events = [_event("info", "monitoring_started", message, {"health": health})]
        else:
            events = [
                *self._health_events(analysis, previous),
                *_power_events(_summary(analysis), _summary(previous)),
                *_snr_events(analysis, previous),
                *_channel_events(analysis, previous),
                *_modulation_events(analysis, previous),
                *_restart_events(analysis, previous),
                *_error_events(analysis, previous),
            ]
        for event in events:
            if snapshot_id is not None:
                event["details"].setdefault("snapshot_id", snapshot_id)
            if previous_id is not None:
                event["details"].setdefault("previous_snapshot_id", previous_id)
        return events

    def _health_events(self, analysis: dict, previous: dict) -> list[dict]:
        """Return a health_change event, applying hysteresis when configured."""
        current = _summary(analysis).get("health", "good")
        before = _summary(previous).get("health", "good")
        if self._hysteresis < 2:
            return [] if current == before else [_health_event(before, current)]
        if self._confirmed_health is None:
            self._confirmed_health = before
        if current == self._confirmed_health:
            self._pending_health, self._pending_count = None, 0
            return []
        if current == self._pending_health:
            self._pending_count += 1
        else:
            self._pending_health, self._pending_count = current, 1
        if self._pending_count < self._hysteresis:
            return []
        event = _health_event(self._confirmed_health, current)
        self._confirmed_health, self._pending_health, self._pending_count = current, None, 0
        return [event]
