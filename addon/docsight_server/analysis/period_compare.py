"""Before/after comparison of two period aggregations (upstream §3.7): deltas and a verdict,
and the rules every compared or reported period obeys (GET /api/comparison, the reports'
window and their comparison periods)."""

from __future__ import annotations

from typing import Any

#: The longest period compared or reported: 8,640 quarter-hour snapshots.
MAX_PERIOD_DAYS = 90
MAX_PERIOD_S = MAX_PERIOD_DAYS * 86400
#: Why a period is refused; the reports put their prefix before it (window_too_large).
INVALID_ORDER = "invalid_order"
TOO_LARGE = "too_large"

#: An SNR change beyond this many dB counts (strictly more; exactly 1 dB is no change).
SNR_STEP_DB = 1.0
#: More than this many additional uncorrectable errors counts as worse; any fewer as better.
UNCORRECTABLE_STEP = 10
AVERAGE_NAMES = ("ds_power", "ds_snr", "us_power")


def period_problem(start: int, end: int, start_name: str, end_name: str) -> tuple[str, str] | None:
    """Return (INVALID_ORDER or TOO_LARGE, message) when [start, end] cannot be a period: it
    must end after it starts and span at most MAX_PERIOD_DAYS days. None when it is fine."""
    if end <= start:
        return INVALID_ORDER, f"{end_name} must be after {start_name}"
    if end - start > MAX_PERIOD_S:
        return TOO_LARGE, f"{end_name} may be at most {MAX_PERIOD_DAYS} days after {start_name}"
    return None


def _difference(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else round(after - before, 2)


def verdict(snr_delta: float | None, uncorrectable_delta: int | None) -> str:
    """Return improved, degraded or unchanged from the SNR and uncorrectable-error changes.

    Score: +1 if SNR rose by more than 1 dB, -1 if it fell by more than 1 dB; -1 if the
    uncorrectable total grew by more than 10, +1 if it shrank. A delta that is None (a period
    without the figure) scores nothing.
    """
    score = 0
    if snr_delta is not None:
        if snr_delta > SNR_STEP_DB:
            score += 1
        elif snr_delta < -SNR_STEP_DB:
            score -= 1
    if uncorrectable_delta is not None:
        if uncorrectable_delta > UNCORRECTABLE_STEP:
            score -= 1
        elif uncorrectable_delta < 0:
            score += 1
    if score > 0:
        return "improved"
    return "degraded" if score < 0 else "unchanged"


def compare_aggregates(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Return after - before for the three averages (2 dp) and the uncorrectable totals, and
    the verdict. The uncorrectable delta is None unless both periods have that counter (upstream
    counts a missing total as 0, which makes any period with counters look worse)."""
    delta: dict[str, Any] = {
        name: _difference(after["averages"][name], before["averages"][name])
        for name in AVERAGE_NAMES
    }
    later = after["totals"]["ds_uncorrectable_errors"]
    earlier = before["totals"]["ds_uncorrectable_errors"]
    uncorrectable = None if later is None or earlier is None else int(later - earlier)
    delta["uncorr_errors"] = uncorrectable
    delta["verdict"] = verdict(delta["ds_snr"], uncorrectable)
    return delta
