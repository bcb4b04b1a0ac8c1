"""Before/after comparison of two period aggregations (upstream §3.7): deltas and a verdict."""

from __future__ import annotations

from typing import Any

#: An SNR change beyond this many dB counts (strictly more; exactly 1 dB is no change).
SNR_STEP_DB = 1.0
#: More than this many additional uncorrectable errors counts as worse; any fewer as better.
UNCORRECTABLE_STEP = 10
AVERAGE_NAMES = ("ds_power", "ds_snr", "us_power")


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
