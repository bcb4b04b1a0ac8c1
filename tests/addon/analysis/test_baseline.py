"""Cumulative error baseline and spike suppression after analysis."""

from __future__ import annotations

import copy

import pytest

from docsight_server.analysis.baseline import (
    apply_cumulative_error_baseline,
    apply_spike_suppression,
    channel_key,
    recent_spike_active,
    uncorrectable_pct,
)
from docsight_server.analysis.health import overall_health, uncorrectable_issues


def ds(
    channel_id: int,
    corr: int | None,
    uncorr: int | None,
    *,
    version: str = "3.0",
    family: str = "sc_qam",
) -> dict:
    """Return a downstream channel record with just the fields the baseline reads."""
    return {
        "channel_id": channel_id,
        "frequency": f"{114 + 8 * channel_id}.000",
        "docsis_version": version,
        "channel_family": family,
        "correctable_errors": corr,
        "uncorrectable_errors": uncorr,
    }


def result(*channels: dict, issues: tuple[str, ...] = ()) -> dict:
    """Return an AnalysisResult whose summary is computed from the channels like analyze()."""
    corr = [c["correctable_errors"] for c in channels if c["correctable_errors"] is not None]
    uncorr = [c["uncorrectable_errors"] for c in channels if c["uncorrectable_errors"] is not None]
    pairs = [
        (c["correctable_errors"], c["uncorrectable_errors"])
        for c in channels
        if c["correctable_errors"] is not None and c["uncorrectable_errors"] is not None
    ]
    comparable_corr = sum(p[0] for p in pairs) if pairs else None
    comparable_uncorr = sum(p[1] for p in pairs) if pairs else None
    pct = uncorrectable_pct(comparable_corr, comparable_uncorr)
    health_issues = [*issues, *uncorrectable_issues(pct, 1.0, 3.0)]
    summary = {
        "ds_total": len(channels),
        "ds_correctable_errors": sum(corr) if corr else None,
        "ds_uncorrectable_errors": sum(uncorr) if uncorr else None,
        "ds_comparable_correctable_errors": comparable_corr,
        "ds_comparable_uncorrectable_errors": comparable_uncorr,
        "error_counter_coverage": {"total_channels": len(channels)},
        "ds_uncorr_pct": pct,
        "health_issues": health_issues,
        "health": overall_health(health_issues),
    }
    return {"summary": summary, "ds_channels": list(channels), "us_channels": []}


def stored(analysis: dict, schema: int | None = 3) -> dict:
    """Return a stored copy of an analysis with analysis_meta."""
    copied = copy.deepcopy(analysis)
    if schema is not None:
        copied["analysis_meta"] = {"analyzer_schema": schema}
    return copied


def baseline_after(previous: dict, current: dict) -> dict:
    """Apply the baseline step and return the new error_baseline."""
    apply_cumulative_error_baseline(current, previous, spike_active=False)
    return current["summary"]["error_baseline"]


def test_channel_key() -> None:
    """Channel keys join version, family, id and frequency with |."""
    channel = ds(33, 1, 1, version="3.1", family="ofdm") | {"frequency": "134.975 - 324.975"}
    assert channel_key(channel) == "3.1|ofdm|33|134.975 - 324.975"
    assert channel_key({"channel_id": 0}) == "||0|"


@pytest.mark.parametrize(
    ("corr", "uncorr", "pct"),
    [(None, 5, None), (5, None, None), (0, 0, 0.0), (900, 99, 0.0), (900, 100, 10.0)],
)
def test_uncorrectable_pct(corr: int | None, uncorr: int | None, pct: float | None) -> None:
    """Ratio in percent, 0.0 below 1000 codewords, None when a counter is unknown."""
    assert uncorrectable_pct(corr, uncorr) == pct


def test_without_previous_nothing_changes() -> None:
    """The very first analysis has no baseline to compare with."""
    current = result(ds(1, 100, 900))
    before = copy.deepcopy(current)
    apply_cumulative_error_baseline(current, None, spike_active=False)
    assert current == before


def test_active_spike_skips_the_baseline() -> None:
    """While a spike is recent the raw ratio keeps its penalty."""
    previous = stored(result(ds(1, 100, 900)))
    current = result(ds(1, 100, 5000))
    before = copy.deepcopy(current)
    apply_cumulative_error_baseline(current, previous, spike_active=True)
    assert current == before
    assert current["summary"]["health"] == "critical"


def test_old_counters_no_longer_count() -> None:
    """Huge pre-existing counters without growth stop being an issue."""
    previous = stored(result(ds(1, 100, 900), ds(2, 50, 500)))
    current = result(ds(1, 100, 900), ds(2, 50, 500), issues=("ds_power_marginal",))
    assert current["summary"]["health"] == "critical"
    baseline = baseline_after(previous, current)
    summary = current["summary"]
    assert summary["ds_uncorr_pct"] == 0.0
    assert summary["health_issues"] == ["ds_power_marginal"]
    assert summary["health"] == "marginal"
    assert baseline["ds_comparable_uncorrectable_delta"] == 0
    assert baseline["counter_reset"] is False


def test_growth_since_previous_sets_the_ratio_and_every_field() -> None:
    """The first baseline comes from the previous totals and lists every field."""
    previous = stored(result(ds(1, 1000, 10), ds(2, 1000, 10)))
    current = result(ds(1, 1500, 60), ds(2, 1400, 60))
    baseline = baseline_after(previous, current)
    assert current["summary"]["ds_uncorr_pct"] == 10.0
    assert current["summary"]["health_issues"] == ["uncorr_errors_critical"]
    assert current["summary"]["health"] == "critical"
    keys = ["3.0|sc_qam|1|122.000", "3.0|sc_qam|2|130.000"]
    assert baseline == {
        "active": True,
        "basis": "comparable_channel_baseline_delta",
        "counter_reset": False,
        "comparable_counter_reset": False,
        "raw_uncorrectable_counter_reset": False,
        "schema_baseline": False,
        "comparable_channel_keys": keys,
        "ds_comparable_correctable_baseline": 2000,
        "ds_comparable_uncorrectable_baseline": 20,
        "ds_raw_uncorrectable_baseline": 20,
        "ds_comparable_correctable_recent_delta": 900,
        "ds_comparable_uncorrectable_recent_delta": 100,
        "ds_raw_uncorrectable_recent_delta": 100,
        "ds_comparable_correctable_delta": 900,
        "ds_comparable_uncorrectable_delta": 100,
        "ds_raw_uncorrectable_delta": 100,
        "ds_correctable_baseline": 2000,
        "ds_uncorrectable_baseline": 20,
        "ds_correctable_recent_delta": 900,
        "ds_uncorrectable_recent_delta": 100,
        "ds_correctable_delta": 900,
        "ds_uncorrectable_delta": 100,
    }


def test_warning_level_growth_is_tolerated() -> None:
    """Exactly 1 % growth is uncorr_errors_high, which rolls up to tolerated."""
    previous = stored(result(ds(1, 0, 0)))
    current = result(ds(1, 990, 10))
    baseline_after(previous, current)
    assert current["summary"]["ds_uncorr_pct"] == 1.0
    assert current["summary"]["health_issues"] == ["uncorr_errors_high"]
    assert current["summary"]["health"] == "tolerated"


def test_growth_below_min_codewords_is_zero() -> None:
    """Less than 1000 new codewords never count."""
    previous = stored(result(ds(1, 0, 0)))
    current = result(ds(1, 500, 499))
    baseline_after(previous, current)
    assert current["summary"]["ds_uncorr_pct"] == 0.0
    assert current["summary"]["health"] == "good"


def test_stored_baseline_carries_forward() -> None:
    """Deltas run from the stored baseline; recent deltas from the previous poll."""
    first = stored(result(ds(1, 1000, 0)))
    second = result(ds(1, 1500, 5))
    baseline_after(first, second)
    third = result(ds(1, 2000, 30))
    baseline = baseline_after(stored(second), third)
    assert baseline["ds_comparable_correctable_baseline"] == 1000
    assert baseline["ds_comparable_uncorrectable_baseline"] == 0
    assert baseline["ds_comparable_correctable_recent_delta"] == 500
    assert baseline["ds_comparable_uncorrectable_recent_delta"] == 25
    assert baseline["ds_comparable_correctable_delta"] == 1000
    assert baseline["ds_comparable_uncorrectable_delta"] == 30
    assert third["summary"]["ds_uncorr_pct"] == 2.91
    assert third["summary"]["health_issues"] == ["uncorr_errors_high"]


def test_counter_decrease_takes_a_fresh_baseline() -> None:
    """A counter going backwards (restart) starts again from the current totals."""
    previous = stored(result(ds(1, 5000, 900), ds(2, 5000, 900)))
    current = result(ds(1, 10, 0), ds(2, 5100, 950))
    baseline = baseline_after(previous, current)
    assert baseline["comparable_counter_reset"] is True
    assert baseline["raw_uncorrectable_counter_reset"] is True
    assert baseline["counter_reset"] is True
    assert baseline["schema_baseline"] is False
    assert baseline["ds_comparable_correctable_baseline"] == 5110
    assert baseline["ds_comparable_uncorrectable_baseline"] == 950
    assert baseline["ds_raw_uncorrectable_baseline"] == 950
    for field in ("recent_delta", "delta"):
        assert baseline[f"ds_comparable_correctable_{field}"] == 0
        assert baseline[f"ds_comparable_uncorrectable_{field}"] == 0
        assert baseline[f"ds_raw_uncorrectable_{field}"] == 0
    assert current["summary"]["ds_uncorr_pct"] == 0.0
    assert current["summary"]["health"] == "good"


def test_decrease_below_the_stored_baseline_resets() -> None:
    """Counters above the previous poll but below the stored baseline also reset."""
    previous = stored(result(ds(1, 100, 10)))
    previous["summary"]["error_baseline"] = {
        "comparable_channel_keys": ["3.0|sc_qam|1|122.000"],
        "ds_comparable_correctable_baseline": 500,
        "ds_comparable_uncorrectable_baseline": 5,
        "ds_raw_uncorrectable_baseline": 5,
    }
    baseline = baseline_after(previous, result(ds(1, 200, 20)))
    assert baseline["comparable_counter_reset"] is True
    assert baseline["raw_uncorrectable_counter_reset"] is False
    assert baseline["ds_comparable_correctable_baseline"] == 200
    assert baseline["ds_raw_uncorrectable_baseline"] == 5
    assert baseline["ds_raw_uncorrectable_delta"] == 15
    assert baseline["ds_raw_uncorrectable_recent_delta"] == 10


@pytest.mark.parametrize("schema", [2, None])
def test_other_schema_takes_a_fresh_baseline(schema: int | None) -> None:
    """A previous snapshot of another (or no) analyzer schema cannot be compared."""
    previous = stored(result(ds(1, 0, 0)), schema=schema)
    current = result(ds(1, 900, 100))
    baseline = baseline_after(previous, current)
    assert baseline["schema_baseline"] is True
    assert baseline["counter_reset"] is False
    assert baseline["comparable_counter_reset"] is False
    assert baseline["ds_comparable_uncorrectable_baseline"] == 100
    assert baseline["ds_comparable_uncorrectable_delta"] == 0
    assert baseline["ds_raw_uncorrectable_delta"] == 0
    assert current["summary"]["ds_uncorr_pct"] == 0.0
    assert current["summary"]["health"] == "good"


@pytest.mark.parametrize(
    "missing",
    [
        "ds_comparable_correctable_errors",
        "ds_comparable_uncorrectable_errors",
        "error_counter_coverage",
    ],
)
def test_missing_provenance_takes_a_fresh_baseline(missing: str) -> None:
    """A previous summary without the comparable fields cannot be compared."""
    previous = stored(result(ds(1, 0, 0)))
    del previous["summary"][missing]
    baseline = baseline_after(previous, result(ds(1, 900, 100)))
    assert baseline["schema_baseline"] is True
    assert baseline["ds_comparable_uncorrectable_delta"] == 0


def test_changed_channel_set_takes_a_fresh_baseline() -> None:
    """A new comparable channel changes the cohort, so growth cannot be trusted."""
    previous = stored(result(ds(1, 0, 0)))
    current = result(ds(1, 900, 100), ds(2, 50, 50))
    baseline = baseline_after(previous, current)
    assert baseline["comparable_counter_reset"] is True
    assert baseline["counter_reset"] is True
    assert baseline["comparable_channel_keys"] == ["3.0|sc_qam|1|122.000", "3.0|sc_qam|2|130.000"]
    assert baseline["ds_comparable_correctable_baseline"] == 950
    assert baseline["ds_comparable_uncorrectable_delta"] == 0
    # The raw total only grew, so its own baseline carries on.
    assert baseline["raw_uncorrectable_counter_reset"] is False
    assert baseline["ds_raw_uncorrectable_delta"] == 150


def test_stored_keys_that_differ_reset_the_cohort() -> None:
    """A stored baseline of another cohort is not reused."""
    previous = stored(result(ds(1, 0, 0)))
    previous["summary"]["error_baseline"] = {"comparable_channel_keys": ["3.0|sc_qam|9|999"]}
    baseline = baseline_after(previous, result(ds(1, 900, 100)))
    assert baseline["comparable_counter_reset"] is True
    assert baseline["ds_comparable_uncorrectable_delta"] == 0


def test_raw_only_reset_keeps_the_comparable_baseline() -> None:
    """A channel with only an uncorrectable counter resets the raw baseline alone."""
    previous = stored(result(ds(1, 1000, 10), ds(2, None, 5000)))
    current = result(ds(1, 1900, 110), ds(2, None, 3))
    baseline = baseline_after(previous, current)
    assert baseline["comparable_counter_reset"] is False
    assert baseline["raw_uncorrectable_counter_reset"] is True
    assert baseline["counter_reset"] is True
    assert baseline["comparable_channel_keys"] == ["3.0|sc_qam|1|122.000"]
    assert baseline["ds_comparable_uncorrectable_delta"] == 100
    assert baseline["ds_raw_uncorrectable_baseline"] == 113
    assert baseline["ds_raw_uncorrectable_delta"] == 0
    assert current["summary"]["ds_uncorr_pct"] == 10.0


def test_unsupported_counters_stay_unknown() -> None:
    """Without counters there is no ratio and no delta."""
    previous = stored(result(ds(1, None, None)))
    current = result(ds(1, None, None))
    baseline = baseline_after(previous, current)
    assert current["summary"]["ds_uncorr_pct"] is None
    assert baseline["comparable_channel_keys"] == []
    assert baseline["ds_comparable_correctable_delta"] is None
    assert baseline["ds_raw_uncorrectable_delta"] is None
    assert baseline["counter_reset"] is False


@pytest.mark.parametrize(("age", "active"), [(None, False), (0.0, True), (47.9, True), (48, False)])
def test_recent_spike_active(age: float | None, active: bool) -> None:
    """A spike is recent for less than 48 hours."""
    assert recent_spike_active(age) is active


def spiky() -> dict:
    """Return an analysis carrying a critical uncorrectable issue."""
    return result(ds(1, 100, 900), issues=("snr_marginal",))


def test_suppression_without_a_spike_or_while_recent() -> None:
    """No spike, or one younger than the expiry, leaves the analysis alone."""
    for age in (None, 0.0, 47.99):
        analysis = spiky()
        apply_spike_suppression(analysis, age)
        assert analysis == spiky()


@pytest.mark.parametrize("age", [48.0, 72.345])
def test_expired_spike_is_suppressed(age: float) -> None:
    """After 48 h the ratio is 0.0, the uncorrectable issue is gone and health recomputed."""
    analysis = spiky()
    assert analysis["summary"]["health"] == "critical"
    apply_spike_suppression(analysis, age, last_spike="2026-01-01T00:00:00Z")
    summary = analysis["summary"]
    assert summary["ds_uncorr_pct"] == 0.0
    assert summary["health_issues"] == ["snr_marginal"]
    assert summary["health"] == "marginal"
    assert summary["spike_suppression"] == {
        "active": True,
        "last_spike": "2026-01-01T00:00:00Z",
        "hours_since_spike": round(age, 1),
        "expiry_hours": 48,
    }


def test_custom_expiry() -> None:
    """The expiry window is configurable."""
    analysis = spiky()
    apply_spike_suppression(analysis, 30.0, expiry_hours=24)
    assert analysis["summary"]["spike_suppression"]["expiry_hours"] == 24
    assert analysis["summary"]["spike_suppression"]["last_spike"] is None
    assert analysis["summary"]["health"] == "marginal"


def test_new_growth_with_an_issue_is_not_suppressed() -> None:
    """Fresh uncorrectable growth seen by the baseline keeps its penalty."""
    previous = stored(result(ds(1, 1000, 0)))
    analysis = result(ds(1, 1900, 100))
    apply_cumulative_error_baseline(analysis, previous, spike_active=False)
    assert analysis["summary"]["health_issues"] == ["uncorr_errors_critical"]
    before = copy.deepcopy(analysis)
    apply_spike_suppression(analysis, 100.0)
    assert analysis == before


def test_growth_without_an_issue_is_still_suppressed() -> None:
    """Growth too small for an issue does not block the suppression record."""
    previous = stored(result(ds(1, 100_000, 0)))
    analysis = result(ds(1, 200_000, 5))
    apply_cumulative_error_baseline(analysis, previous, spike_active=False)
    assert analysis["summary"]["error_baseline"]["ds_uncorrectable_recent_delta"] == 5
    apply_spike_suppression(analysis, 50.0)
    assert analysis["summary"]["spike_suppression"]["active"] is True
    assert analysis["summary"]["ds_uncorr_pct"] == 0.0


def test_unsupported_ratio_stays_null_when_suppressed() -> None:
    """Suppression never invents a ratio for unsupported counters."""
    analysis = result(ds(1, None, None))
    apply_spike_suppression(analysis, 60.0)
    assert analysis["summary"]["ds_uncorr_pct"] is None
    assert analysis["summary"]["spike_suppression"]["hours_since_spike"] == 60.0
