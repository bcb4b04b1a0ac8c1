"""GET /api/comparison: parameters, answers on stored and demo data, and the verdict's edges."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from docsight_server.analysis.period_compare import verdict
from docsight_server.timeutil import iso_utc, parse_timestamp

from ..harness import RunningServer
from ..test_login import login
from .lines import QUARTER, T0, ds, store, tables, us

VALID = {
    "from_a": "2026-01-01T00:00:00Z",
    "to_a": "2026-01-01T12:00:00Z",
    "from_b": "2026-01-02T00:00:00Z",
    "to_b": "2026-01-02T12:00:00Z",
}
DAY = 86400


def comparison_path(**bounds: str) -> str:
    """Return the comparison path with these query parameters."""
    return "/api/comparison?" + urlencode(bounds)


async def compare(server: RunningServer, **bounds: str) -> tuple[int, Any]:
    """GET the comparison; return status and body."""
    status, body, _ = await server.request("GET", comparison_path(**bounds))
    return status, body


def single(ts: int) -> dict[str, str]:
    """Return the bounds of a period holding exactly the snapshot at ts (its first second)."""
    return {"from": iso_utc(ts), "to": iso_utc(ts + 1)}


def pair(a: int, b: int) -> dict[str, str]:
    """Return comparison bounds: period A is the snapshot at a, period B the one at b."""
    first, second = single(a), single(b)
    return {
        "from_a": first["from"],
        "to_a": first["to"],
        "from_b": second["from"],
        "to_b": second["to"],
    }


@pytest.mark.parametrize("missing", ["from_a", "to_a", "from_b", "to_b"])
async def test_every_bound_is_required(open_server: RunningServer, missing: str) -> None:
    """Leaving out one bound (or sending it blank) is a 400 that names it."""
    given = {name: value for name, value in VALID.items() if name != missing}
    status, body = await compare(open_server, **given)
    assert (status, body) == (400, {"error": f"{missing} is required"})
    status, body = await compare(open_server, **{**given, missing: " "})
    assert (status, body) == (400, {"error": f"{missing} is required"})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("from_a", "yesterday"),
        ("to_b", "2026-13-01T00:00:00Z"),
        ("from_b", "1969-12-31T23:59:59Z"),
        ("to_a", "9999-12-31T23:59:59-01:00"),
        ("from_a", "2026-01-01T00:00:00Z" + "0" * 64),
    ],
)
async def test_a_bound_that_is_no_time_is_refused(
    open_server: RunningServer, name: str, value: str
) -> None:
    """Text that is not an ISO 8601 time between 1970 and 9999 is a 400 naming the field."""
    status, body = await compare(open_server, **{**VALID, name: value})
    assert status == 400
    assert body["error"].startswith(f"{name} must be an ISO 8601 time")


async def test_bounds_in_the_wrong_order_or_too_far_apart(open_server: RunningServer) -> None:
    """to not after from (also equal), and a period of more than 90 days, are refused; one
    second and 90 days exactly are not (the reports' rules, analysis/period_compare.py)."""
    status, body = await compare(open_server, **{**VALID, "from_b": "2026-01-03T00:00:00Z"})
    assert (status, body) == (400, {"error": "to_b must be after from_b"})
    status, body = await compare(open_server, **{**VALID, "to_a": VALID["from_a"]})
    assert (status, body) == (400, {"error": "to_a must be after from_a"})
    status, _ = await compare(open_server, **{**VALID, "to_a": "2026-01-01T00:00:01Z"})
    assert status == 200
    long = {**VALID, "from_a": iso_utc(T0 - 90 * DAY - 1), "to_a": iso_utc(T0)}
    status, body = await compare(open_server, **long)
    assert (status, body) == (400, {"error": "to_a may be at most 90 days after from_a"})
    status, _ = await compare(open_server, **{**long, "from_a": iso_utc(T0 - 90 * DAY)})
    assert status == 200


async def test_offsets_and_naive_times_mean_the_same_moment(open_server: RunningServer) -> None:
    """An offset is converted, a time without one is UTC; the answer echoes UTC with Z."""
    bounds = {
        "from_a": "2026-01-01T01:00:00+01:00",
        "to_a": "2026-01-01T12:00:00",
        "from_b": "2026-01-02",
        "to_b": "2026-01-02T07:30:00-04:30",
    }
    status, body = await compare(open_server, **bounds)
    assert status == 200
    assert (body["period_a"]["from"], body["period_a"]["to"]) == (VALID["from_a"], VALID["to_a"])
    assert (body["period_b"]["from"], body["period_b"]["to"]) == (VALID["from_b"], VALID["to_b"])


async def test_signing_in_is_required(password_server: RunningServer) -> None:
    """Without credentials the comparison answers 401; signed in, 200."""
    status, _ = await compare(password_server, **VALID)
    assert status == 401
    await login(password_server)
    status, _ = await compare(password_server, **VALID)
    assert status == 200


async def test_an_empty_database_compares_nothing(open_server: RunningServer) -> None:
    """No snapshots: zero counts, null averages and totals, no deltas, unchanged."""
    status, body = await compare(open_server, **VALID)
    assert status == 200
    for label in ("period_a", "period_b"):
        period = body[label]
        assert period["snapshots"] == 0
        assert period["timeseries"] == []
        assert period["avg"] == {"ds_power": None, "ds_snr": None, "us_power": None}
        assert period["total"] == {"corr_errors": None, "uncorr_errors": None}
        assert not period["errors_supported"]
        assert not period["uncorr_errors_supported"]
        assert period["health_distribution"] == {}
    assert body["delta"] == {
        "ds_power": None,
        "ds_snr": None,
        "us_power": None,
        "uncorr_errors": None,
        "verdict": "unchanged",
    }


# (SNR dB, uncorrectable errors or None for no counters) per snapshot, a quarter hour apart
VERDICT_LINE = [(35.0, 100), (36.0, 110), (36.1, 100), (33.9, 111), (34.0, 99), (36.5, 150)]
VERDICT_LINE.append((36.5, None))


async def store_verdict_line(server: RunningServer) -> None:
    """Store one snapshot per VERDICT_LINE entry (one downstream channel at 3 dBmV)."""
    for index, (snr, uncorrected) in enumerate(VERDICT_LINE):
        errors = None if uncorrected is None else (100_000, uncorrected)
        channel = ds(1, 3.0 + index, snr, errors=errors)
        await store(server, T0 + index * QUARTER, tables([channel], [us(1, 44.0)]))


@pytest.mark.parametrize(
    ("after", "snr_delta", "errors_delta", "expected"),
    [
        (1, 1.0, 10, "unchanged"),  # exactly +1 dB and exactly +10 errors: neither counts
        (2, 1.1, 0, "improved"),  # no new errors is not "fewer"
        (3, -1.1, 11, "degraded"),
        (4, -1.0, -1, "improved"),  # exactly -1 dB does not count; fewer errors do
        (5, 1.5, 50, "unchanged"),  # better SNR, more errors
        (6, 1.5, None, "improved"),  # period B has no counters: only the SNR speaks
    ],
)
async def test_the_verdict_at_its_edges(
    open_server: RunningServer,
    after: int,
    snr_delta: float,
    errors_delta: int | None,
    expected: str,
) -> None:
    """Each case compares the first snapshot (A) with one later snapshot (B)."""
    await store_verdict_line(open_server)
    status, body = await compare(open_server, **pair(T0, T0 + after * QUARTER))
    assert status == 200
    assert body["delta"] == {
        "ds_power": float(after),
        "ds_snr": snr_delta,
        "us_power": 0.0,
        "uncorr_errors": errors_delta,
        "verdict": expected,
    }


def test_the_verdict_rules_without_a_server() -> None:
    """The score's boundaries and None handling, straight from the rule."""
    assert verdict(None, None) == "unchanged"
    assert verdict(1.0, None) == verdict(-1.0, None) == "unchanged"
    assert verdict(1.01, None) == "improved"
    assert verdict(-1.01, None) == "degraded"
    assert verdict(None, 10) == "unchanged"
    assert verdict(None, 11) == "degraded"
    assert verdict(None, 0) == "unchanged"
    assert verdict(None, -1) == "improved"
    assert verdict(2.0, 11) == "unchanged"
    assert verdict(-2.0, -5) == "unchanged"
    assert verdict(-2.0, 11) == "degraded"
    assert verdict(2.0, -5) == "improved"


async def test_periods_carry_totals_health_and_one_row_per_snapshot(
    open_server: RunningServer,
) -> None:
    """Period figures follow the stored snapshots; the timeseries has one row per snapshot."""
    await store_verdict_line(open_server)
    bounds = {
        "from_a": iso_utc(T0),
        "to_a": iso_utc(T0 + QUARTER),
        "from_b": iso_utc(T0 + 5 * QUARTER),
        "to_b": iso_utc(T0 + 9 * QUARTER),
    }
    status, body = await compare(open_server, **bounds)
    assert status == 200
    before, after = body["period_a"], body["period_b"]
    assert before["snapshots"] == 2
    assert after["snapshots"] == 2
    assert before["avg"] == {"ds_power": 3.5, "ds_snr": 35.5, "us_power": 44.0}
    assert before["total"] == {"corr_errors": 200_000, "uncorr_errors": 210}
    # B: one snapshot with counters, one without; totals cover the one that has them
    assert after["total"] == {"corr_errors": 100_000, "uncorr_errors": 150}
    assert after["errors_supported"]
    assert after["uncorr_errors_supported"]
    assert [row["uncorr_errors"] for row in after["timeseries"]] == [150, None]
    assert [parse_timestamp(row["timestamp"]) for row in before["timeseries"]] == [
        T0,
        T0 + QUARTER,
    ]
    assert before["health_distribution"] == {"good": 2}
    assert body["delta"]["uncorr_errors"] == -60
    assert body["delta"]["ds_snr"] == 1.0  # 36.5 - 35.5
    assert body["delta"]["verdict"] == "improved"


async def test_two_demo_weeks(demo_server: RunningServer) -> None:
    """On the demo history two 7-day windows hold a week of quarter-hour snapshots each."""
    _, latest, _ = await demo_server.request("GET", "/api/snapshots")
    end = parse_timestamp(latest[0])
    bounds = {
        "from_a": iso_utc(end - 14 * DAY),
        "to_a": iso_utc(end - 7 * DAY - 1),
        "from_b": iso_utc(end - 7 * DAY),
        "to_b": iso_utc(end),
    }
    status, body = await compare(demo_server, **bounds)
    assert status == 200
    for label in ("period_a", "period_b"):
        period = body[label]
        assert 7 * 96 - 2 <= period["snapshots"] <= 7 * 96 + 2
        assert len(period["timeseries"]) == period["snapshots"]
        assert sum(period["health_distribution"].values()) == period["snapshots"]
        assert period["errors_supported"]
    a, b = body["period_a"]["avg"], body["period_b"]["avg"]
    assert body["delta"]["ds_snr"] == round(b["ds_snr"] - a["ds_snr"], 2)
    uncorr = body["period_b"]["total"]["uncorr_errors"] - body["period_a"]["total"]["uncorr_errors"]
    assert body["delta"]["uncorr_errors"] == uncorr
    assert body["delta"]["verdict"] == verdict(body["delta"]["ds_snr"], uncorr)
