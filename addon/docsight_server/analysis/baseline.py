"""Post-analysis steps for the uncorrectable-error ratio: cumulative baseline, spike expiry.

Modems report error counters as totals since their last restart, so a ratio over the raw
totals would keep old trouble on the books forever. After ``analyze`` the collector therefore
re-scores the ratio from the counter growth DOCSight itself observed since a baseline, and
drops the penalty of an error spike once it is old enough.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .analyzer import ANALYZER_SCHEMA
from .health import replace_uncorrectable_issues, uncorrectable_issues
from .records import Record
from .summary import uncorrectable_ratio as uncorrectable_pct
from .thresholds import SPIKE_EXPIRY_HOURS, UNCORR_CRITICAL_PCT, UNCORR_WARNING_PCT

BASELINE_BASIS = "comparable_channel_baseline_delta"


def _counter(value: Any) -> int | None:
    """Return a usable counter value: a non-negative whole number, else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if number >= 0 else None


def channel_key(channel: Record) -> str:
    """Return the identity ``version|family|id|freq`` used to compare channel cohorts."""
    parts = ("docsis_version", "channel_family", "channel_id", "frequency")
    return "|".join("" if channel.get(part) is None else str(channel.get(part)) for part in parts)


@dataclass(frozen=True)
class _Totals:
    """Downstream counter sums of one analysis."""

    comparable_correctable: int | None
    comparable_uncorrectable: int | None
    raw_uncorrectable: int | None
    keys: tuple[str, ...]


def _totals(channels: list[Record]) -> _Totals:
    """Sum the counters: the comparable cohort (both counters) and all uncorrectables."""
    corr_sum = uncorr_sum = raw_sum = 0
    comparable_keys: list[str] = []
    raw_seen = False
    for channel in channels:
        corr = _counter(channel.get("correctable_errors"))
        uncorr = _counter(channel.get("uncorrectable_errors"))
        if uncorr is not None:
            raw_sum += uncorr
            raw_seen = True
        if corr is not None and uncorr is not None:
            corr_sum += corr
            uncorr_sum += uncorr
            comparable_keys.append(channel_key(channel))
    has_comparable = bool(comparable_keys)
    return _Totals(
        comparable_correctable=corr_sum if has_comparable else None,
        comparable_uncorrectable=uncorr_sum if has_comparable else None,
        raw_uncorrectable=raw_sum if raw_seen else None,
        keys=tuple(sorted(comparable_keys)),
    )


def _minus(current: int | None, base: int | None) -> int | None:
    """Return current - base, or None when either is unknown."""
    return None if current is None or base is None else current - base


def _any_negative(*deltas: int | None) -> bool:
    """Return whether any known delta is negative (a counter went backwards)."""
    return any(delta is not None and delta < 0 for delta in deltas)


def _fresh(value: int | None) -> int | None:
    """Return the delta of a freshly taken baseline: 0 for a known counter."""
    return None if value is None else 0


def _has_comparable_provenance(summary: Record) -> bool:
    """Return whether a stored summary carries the comparable-cohort fields."""
    return (
        "ds_comparable_correctable_errors" in summary
        and "ds_comparable_uncorrectable_errors" in summary
        and isinstance(summary.get("error_counter_coverage"), dict)
    )


def recent_spike_active(
    last_spike_age_hours: float | None, expiry_hours: float = SPIKE_EXPIRY_HOURS
) -> bool:
    """Return whether the newest error_spike is still inside its expiry window."""
    return last_spike_age_hours is not None and last_spike_age_hours < expiry_hours


@dataclass(frozen=True)
class _Growth:
    """One counter sum: its baseline, its growth since the last poll and since the baseline."""

    base: int | None
    recent: int | None
    since_base: int | None


def _growth(now: int | None, before: int | None, base: int | None, *, fresh: bool) -> _Growth:
    """Return a counter's growth; a fresh baseline starts at the current value (deltas 0)."""
    if fresh:
        return _Growth(now, _fresh(now), _fresh(now))
    return _Growth(base, _minus(now, before), _minus(now, base))


class _StoredBaseline:
    """The baseline the previous summary carries, with fallbacks to the previous totals."""

    def __init__(self, previous_summary: Record, before: _Totals) -> None:
        """Read ``error_baseline`` of the previous summary (missing or malformed: empty)."""
        stored = previous_summary.get("error_baseline")
        self._stored: Record = stored if isinstance(stored, dict) else {}
        keys = self._stored.get("comparable_channel_keys")
        self.keys = tuple(str(key) for key in keys) if isinstance(keys, list) else before.keys
        self.correctable = self._value(
            "ds_comparable_correctable_baseline", before.comparable_correctable
        )
        self.uncorrectable = self._value(
            "ds_comparable_uncorrectable_baseline", before.comparable_uncorrectable
        )
        self.raw = self._value("ds_raw_uncorrectable_baseline", before.raw_uncorrectable)

    def _value(self, field: str, fallback: int | None) -> int | None:
        value = _counter(self._stored.get(field))
        return fallback if value is None else value


def _needs_schema_baseline(previous: Record, previous_summary: Record) -> bool:
    """Return whether the previous analysis is of another schema or lacks the cohort fields."""
    meta = previous.get("analysis_meta")
    schema = meta.get("analyzer_schema") if isinstance(meta, dict) else None
    return schema != ANALYZER_SCHEMA or not _has_comparable_provenance(previous_summary)


def _comparable_reset(now: _Totals, before: _Totals, stored: _StoredBaseline) -> bool:
    """Return whether the comparable cohort changed or one of its sums went backwards."""
    if now.keys != before.keys or now.keys != stored.keys:
        return True
    return _any_negative(
        _minus(now.comparable_correctable, before.comparable_correctable),
        _minus(now.comparable_uncorrectable, before.comparable_uncorrectable),
        _minus(now.comparable_correctable, stored.correctable),
        _minus(now.comparable_uncorrectable, stored.uncorrectable),
    )


def _baseline_growth(
    now: _Totals,
    before: _Totals,
    stored: _StoredBaseline,
    *,
    fresh_comparable: bool,
    fresh_raw: bool,
) -> tuple[_Growth, _Growth, _Growth]:
    """Return the growth of the comparable correctable, uncorrectable and raw uncorrectable sums."""
    return (
        _growth(
            now.comparable_correctable,
            before.comparable_correctable,
            stored.correctable,
            fresh=fresh_comparable,
        ),
        _growth(
            now.comparable_uncorrectable,
            before.comparable_uncorrectable,
            stored.uncorrectable,
            fresh=fresh_comparable,
        ),
        _growth(now.raw_uncorrectable, before.raw_uncorrectable, stored.raw, fresh=fresh_raw),
    )


def apply_cumulative_error_baseline(
    analysis: Record, previous: Record | None, *, spike_active: bool
) -> None:
    """Re-score ``ds_uncorr_pct`` from counter growth since a baseline and store the baseline.

    Skipped while a recent error spike is active (the spike keeps its penalty until it
    expires) and when there is no previous analysis. The baseline carries forward in
    ``summary.error_baseline``; its values fall back to the previous analysis' own totals when
    the previous summary has none (e.g. it was stored while a spike was active).

    A fresh baseline (the current totals, all deltas 0) is taken for the comparable cohort
    when the previous analysis has another ``analysis_meta.analyzer_schema`` or lacks the
    comparable fields, when the set of comparable channel keys differs from the previous
    analysis or from the stored baseline, or when a comparable sum went backwards against the
    previous analysis or the baseline. The raw uncorrectable baseline resets independently
    when only the raw sum went backwards. A uint32 roll-over is a decrease too, so it simply
    starts a fresh baseline. ``counter_reset`` flags report resets seen on a comparable
    snapshot; ``schema_baseline`` reports a fresh start forced by schema/provenance.
    """
    if spike_active or not isinstance(previous, dict):
        return
    summary = analysis["summary"]
    previous_summary: Record = previous.get("summary") or {}
    schema_baseline = _needs_schema_baseline(previous, previous_summary)
    now = _totals(analysis.get("ds_channels") or [])
    before = _totals(previous.get("ds_channels") or [])
    stored = _StoredBaseline(previous_summary, before)
    comparable_reset = _comparable_reset(now, before, stored)
    raw_reset = _any_negative(
        _minus(now.raw_uncorrectable, before.raw_uncorrectable),
        _minus(now.raw_uncorrectable, stored.raw),
    )
    corr, uncorr, raw = _baseline_growth(
        now,
        before,
        stored,
        fresh_comparable=schema_baseline or comparable_reset,
        fresh_raw=schema_baseline or raw_reset,
    )
    pct = uncorrectable_pct(corr.since_base, uncorr.since_base)
    summary["ds_uncorr_pct"] = pct
    replace_uncorrectable_issues(
        summary, uncorrectable_issues(pct, UNCORR_WARNING_PCT, UNCORR_CRITICAL_PCT)
    )
    comparable_counter_reset = comparable_reset and not schema_baseline
    raw_counter_reset = raw_reset and not schema_baseline
    summary["error_baseline"] = {
        "active": True,
        "basis": BASELINE_BASIS,
        "counter_reset": comparable_counter_reset or raw_counter_reset,
        "comparable_counter_reset": comparable_counter_reset,
        "raw_uncorrectable_counter_reset": raw_counter_reset,
        "schema_baseline": schema_baseline,
        "comparable_channel_keys": list(now.keys),
        **_baseline_fields(corr, uncorr, raw),
    }


def _baseline_fields(corr: _Growth, uncorr: _Growth, raw: _Growth) -> Record:
    """Return the baseline and delta fields of ``summary.error_baseline``."""
    return {
        "ds_comparable_correctable_baseline": corr.base,
        "ds_comparable_uncorrectable_baseline": uncorr.base,
        "ds_raw_uncorrectable_baseline": raw.base,
        "ds_comparable_correctable_recent_delta": corr.recent,
        "ds_comparable_uncorrectable_recent_delta": uncorr.recent,
        "ds_raw_uncorrectable_recent_delta": raw.recent,
        "ds_comparable_correctable_delta": corr.since_base,
        "ds_comparable_uncorrectable_delta": uncorr.since_base,
        "ds_raw_uncorrectable_delta": raw.since_base,
        # Older field names, kept as aliases of the comparable cohort.
        "ds_correctable_baseline": corr.base,
        "ds_uncorrectable_baseline": uncorr.base,
        "ds_correctable_recent_delta": corr.recent,
        "ds_uncorrectable_recent_delta": uncorr.recent,
        "ds_correctable_delta": corr.since_base,
        "ds_uncorrectable_delta": uncorr.since_base,
    }


def apply_spike_suppression(
    analysis: Record,
    last_spike_age_hours: float | None,
    expiry_hours: float = SPIKE_EXPIRY_HOURS,
    *,
    last_spike: str | None = None,
) -> None:
    """Stop penalising uncorrectable errors once the newest error spike has expired.

    Does nothing without a spike or while the spike is younger than ``expiry_hours``. An
    expired spike sets ``ds_uncorr_pct`` to 0.0 (it stays null when the counters are
    unsupported), removes the uncorrectable issues, recomputes health and records
    ``spike_suppression``. The exception: when the cumulative baseline saw new uncorrectable
    growth since the previous poll (``ds_uncorrectable_recent_delta`` > 0) and that growth
    produced an uncorrectable issue, the analysis is left alone, since this is fresh trouble
    rather than the old spike. ``last_spike`` is the spike's timestamp, copied into
    ``spike_suppression.last_spike`` (null when the caller does not pass it).
    """
    if last_spike_age_hours is None or last_spike_age_hours < expiry_hours:
        return
    summary = analysis["summary"]
    baseline = summary.get("error_baseline")
    recent = (
        _counter(baseline.get("ds_uncorrectable_recent_delta"))
        if isinstance(baseline, dict)
        else None
    )
    has_uncorr_issue = any("uncorr" in issue for issue in summary.get("health_issues", []))
    if recent and has_uncorr_issue:
        return
    if summary.get("ds_uncorr_pct") is not None:
        summary["ds_uncorr_pct"] = 0.0
    replace_uncorrectable_issues(summary, [])
    summary["spike_suppression"] = {
        "active": True,
        "last_spike": last_spike,
        "hours_since_spike": round(last_spike_age_hours, 1),
        "expiry_hours": expiry_hours,
    }
