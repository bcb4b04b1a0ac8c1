"""The snr_change event: downstream SNR/MER health of some channels got worse."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .event_common import channel_type, delta, matched_channels, number, pick, summary_of
from .health import CHANNEL_RANK
from .records import Event, Record, make_event

#: 256QAM SNR limits used for snapshots without per-channel ``snr_health`` (dB).
SNR_256QAM_GOOD_MIN = 33
SNR_256QAM_CRITICAL_MIN = 29
_ANALYZED_DS_FAMILIES = ("sc_qam", "ofdm")


def _snr_pairs(analysis: Record, previous: Record) -> Iterator[tuple[Record, Record, float, float]]:
    """Yield (now, before, now SNR, before SNR) for matched channels with SNR on both sides."""
    for now_ch, before_ch in matched_channels(analysis, previous):
        now_snr, before_snr = number(now_ch.get("snr")), number(before_ch.get("snr"))
        if now_snr is not None and before_snr is not None:
            yield now_ch, before_ch, now_snr, before_snr


def _snr_change(now_ch: Record, before_ch: Record, now_snr: float, before_snr: float) -> Record:
    """Describe one channel's SNR change (the fields both detail variants share)."""
    return {
        "channel": now_ch.get("channel_id"),
        "frequency": pick("frequency", now_ch, before_ch),
        "docsis_version": pick("docsis_version", now_ch, before_ch),
        "channel_type": channel_type(now_ch, before_ch),
        "modulation": pick("modulation", now_ch, before_ch),
        "prev": before_snr,
        "current": now_snr,
        "delta": delta(now_snr, before_snr),
    }


def _snr_health(channel: Record) -> str | None:
    """Return a channel's SNR health; None for records of before the analyzer rated it."""
    # The analyzer omits snr_health when it is good; older records have no family at all.
    health = channel.get("snr_health")
    if health:
        return str(health)
    return "good" if channel.get("channel_family") in _ANALYZED_DS_FAMILIES else None


def _snr_health_degradations(analysis: Record, previous: Record) -> list[Record] | None:
    """Return channels whose SNR health got worse, or None when health data is missing."""
    affected = []
    comparable = False
    for now_ch, before_ch, now_snr, before_snr in _snr_pairs(analysis, previous):
        comparable = True
        now_health, before_health = _snr_health(now_ch), _snr_health(before_ch)
        if now_health is None or before_health is None:
            return None
        now_rank = CHANNEL_RANK.get(now_health, 0)
        if now_rank <= CHANNEL_RANK.get(before_health, 0) or now_rank == 0:
            continue
        affected.append(
            {
                **_snr_change(now_ch, before_ch, now_snr, before_snr),
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


def _snr_crossings(
    analysis: Record, previous: Record, limits: Sequence[tuple[str, float]]
) -> list[Record]:
    """Return channels whose SNR fell below a limit (legacy data); the worst limit wins."""
    affected = []
    for now_ch, before_ch, now_snr, before_snr in _snr_pairs(analysis, previous):
        crossed = [label for label, limit in limits if now_snr < limit <= before_snr]
        if crossed:
            change = _snr_change(now_ch, before_ch, now_snr, before_snr)
            affected.append({**change, "threshold": crossed[-1]})
    affected.sort(key=lambda ch: (ch["current"], str(ch["channel"])))
    return affected


def snr_events(analysis: Record, previous: Record) -> list[Event]:
    """Return the snr_change event when the minimum SNR moved and channel SNR health fell."""
    now = number(summary_of(analysis).get("ds_snr_min"))
    before = number(summary_of(previous).get("ds_snr_min"))
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
        return [make_event(severity, "snr_change", message, details)]
    return _legacy_snr_events(analysis, previous, now, before)


def _legacy_snr_events(
    analysis: Record, previous: Record, now: float, before: float
) -> list[Event]:
    """Return snr_change for snapshots without SNR health, judged by the 256QAM limits."""
    limits: list[tuple[str, float]]
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
    return [make_event(label, "snr_change", message, details)]
