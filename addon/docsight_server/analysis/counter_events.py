"""Error counter events: a modem restart (counters fell) and an uncorrectable error spike."""

from __future__ import annotations

from .event_common import by_id, count, summary_of
from .records import Event, Record, make_event

UNCORR_SPIKE_DELTA = 1000
RESTART_MIN_OVERLAP = 4
RESTART_MIN_CONTINUITY = 0.5
RESTART_DECLINING_RATIO = 0.8
ERROR_SPIKE_BASIS = "raw_uncorrectable_total_delta"


def _counter_declined(now_ch: Record, before_ch: Record) -> bool | None:
    """Return whether a channel's counters fell (and none rose); None when not comparable."""
    pairs = [
        (count(before_ch.get(field)), count(now_ch.get(field)))
        for field in ("correctable_errors", "uncorrectable_errors")
    ]
    known = [(before, now) for before, now in pairs if before is not None and now is not None]
    if not known:
        return None
    fell = any(now < before for before, now in known)
    return fell and all(now <= before for before, now in known)


def _declining_channels(analysis: Record, previous: Record) -> tuple[int, int] | None:
    """Return (declining, comparable) channel counts when the line-ups overlap enough."""
    now_by_id = by_id(analysis.get("ds_channels"))
    before_by_id = by_id(previous.get("ds_channels"))
    overlap = now_by_id.keys() & before_by_id.keys()
    if len(overlap) < RESTART_MIN_OVERLAP:
        return None
    if any(len(overlap) / len(side) < RESTART_MIN_CONTINUITY for side in (now_by_id, before_by_id)):
        return None
    verdicts = [_counter_declined(now_by_id[key], before_by_id[key]) for key in overlap]
    comparable = [verdict for verdict in verdicts if verdict is not None]
    if len(comparable) < RESTART_MIN_OVERLAP:
        return None
    return sum(comparable), len(comparable)


def restart_events(analysis: Record, previous: Record) -> list[Event]:
    """Return modem_restart_detected when most overlapping channels' counters fell."""
    channels = _declining_channels(analysis, previous)
    if channels is None:
        return []
    declining, comparable = channels
    if declining / comparable < RESTART_DECLINING_RATIO:
        return []
    now_s, before_s = summary_of(analysis), summary_of(previous)
    prev_corr = count(before_s.get("ds_correctable_errors"))
    prev_uncorr = count(before_s.get("ds_uncorrectable_errors"))
    current_corr = count(now_s.get("ds_correctable_errors"))
    current_uncorr = count(now_s.get("ds_uncorrectable_errors"))
    # When every total is known, at least one must have fallen as well.
    if (
        prev_corr is not None
        and prev_uncorr is not None
        and current_corr is not None
        and current_uncorr is not None
        and current_corr >= prev_corr
        and current_uncorr >= prev_uncorr
    ):
        return []
    details = {
        "affected_channels": declining,
        "total_channels": comparable,
        "prev_corr_total": prev_corr,
        "prev_uncorr_total": prev_uncorr,
        "current_corr_total": current_corr,
        "current_uncorr_total": current_uncorr,
        "declining_channel_ratio_threshold": RESTART_DECLINING_RATIO,
        "minimum_overlap_channels": RESTART_MIN_OVERLAP,
    }
    message = "Detected modem restart or counter reset pattern"
    return [make_event("info", "modem_restart_detected", message, details)]


def error_events(analysis: Record, previous: Record) -> list[Event]:
    """Return error_spike when the raw uncorrectable total rose by more than the threshold."""
    now_s, before_s = summary_of(analysis), summary_of(previous)
    if now_s.get("errors_supported") is False or before_s.get("errors_supported") is False:
        return []
    now = count(now_s.get("ds_uncorrectable_errors"))
    before = count(before_s.get("ds_uncorrectable_errors"))
    if now is None or before is None or now - before <= UNCORR_SPIKE_DELTA:
        return []
    spike = now - before
    now_cmp = count(now_s.get("ds_comparable_uncorrectable_errors"))
    before_cmp = count(before_s.get("ds_comparable_uncorrectable_errors"))
    details = {
        "prev": before,
        "current": now,
        "delta": spike,
        "threshold_delta": UNCORR_SPIKE_DELTA,
        "basis": ERROR_SPIKE_BASIS,
        "raw_uncorrectable_recent_delta": spike,
        "comparable_uncorrectable_recent_delta": (
            None if now_cmp is None or before_cmp is None else now_cmp - before_cmp
        ),
    }
    message = f"Uncorrectable errors jumped by {spike:,} (from {before:,} to {now:,})"
    return [make_event("warning", "error_spike", message, details)]
