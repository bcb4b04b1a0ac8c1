"""Outages: runs of consecutive timeouts at or above the threshold."""

from __future__ import annotations

from docsight_server.connmon.outages import find_outages


def series(pattern: str, start: float = 1000.0, step: float = 5.0) -> list[tuple[float, bool]]:
    """Return (ts, timed_out) pairs from a pattern: 'x' timeout, '.' answer."""
    return [(start + index * step, mark == "x") for index, mark in enumerate(pattern)]


def test_closed_outage_ends_at_first_success() -> None:
    """A run of 5 timeouts ends at the first answered probe after it."""
    found = find_outages(series("..xxxxx.."), 5)
    assert found == [{"start": 1010.0, "end": 1035.0, "duration_seconds": 25.0, "timeout_count": 5}]


def test_short_runs_are_not_outages() -> None:
    """Runs below the threshold are ignored."""
    assert find_outages(series("xxxx.xxxx.x"), 5) == []


def test_ongoing_outage_has_no_end() -> None:
    """A run still going at the end of the data has end None; duration runs to the last timeout."""
    found = find_outages(series(".xxxxxx"), 5)
    assert found == [{"start": 1005.0, "end": None, "duration_seconds": 25.0, "timeout_count": 6}]


def test_several_outages_and_threshold_one() -> None:
    """Every qualifying run is reported, in order; threshold 1 reports single timeouts."""
    pattern = "xx.x..xxx."
    assert [o["timeout_count"] for o in find_outages(series(pattern), 2)] == [2, 3]
    assert [o["start"] for o in find_outages(series(pattern), 1)] == [1000.0, 1015.0, 1030.0]


def test_no_samples_no_outages() -> None:
    """Empty input gives no outages."""
    assert find_outages([], 5) == []
