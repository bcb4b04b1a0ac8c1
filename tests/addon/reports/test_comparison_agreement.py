"""The complaint letter and GET /api/comparison share one rule set: the same verdict for the
same windows, and the same order and size rules for a period."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from docsight_server.timeutil import iso_utc

from ..evidence.lines import QUARTER, T0, ds, store, tables, us
from ..harness import RunningServer

DAY = 86400

#: (SNR dB, uncorrectable errors or None for no counters) of snapshot A and of snapshot B,
#: and the verdict.
CASES = [
    ((35.0, 100), (36.5, 90), "improved"),
    ((36.0, 100), (34.0, 120), "degraded"),
    ((35.0, 100), (36.0, 110), "unchanged"),  # +1 dB and +10 errors exactly: neither counts
    ((35.0, 100), (36.5, None), "improved"),  # B has no counters: only the SNR speaks
    ((36.0, None), (34.5, 500), "degraded"),  # A has none: no error delta, SNR -1.5 dB
    ((35.0, None), (35.5, 9000), "unchanged"),
]
SENTENCES = {
    "improved": "Result: the connection has improved.",
    "degraded": "Result: the connection has deteriorated.",
    "unchanged": "Result: the connection has not changed significantly.",
}


def bounds(prefix: str) -> dict[str, str]:
    """Return period A (the snapshot at T0) and B (the one a quarter hour later)."""
    return {
        f"{prefix}from_a": iso_utc(T0),
        f"{prefix}to_a": iso_utc(T0 + 60),
        f"{prefix}from_b": iso_utc(T0 + QUARTER),
        f"{prefix}to_b": iso_utc(T0 + QUARTER + 60),
    }


Reading = tuple[float, int | None]


@pytest.mark.parametrize(("before", "after", "expected"), CASES)
async def test_complaint_and_comparison_give_the_same_verdict(
    open_server: RunningServer, before: Reading, after: Reading, expected: str
) -> None:
    """For the same two windows the letter states exactly the verdict /api/comparison gives."""
    for index, (snr, uncorrected) in enumerate((before, after)):
        errors = None if uncorrected is None else (1000, uncorrected)
        raw = tables([ds(1, 3.0, snr, errors=errors)], [us(1, 44.0)])
        await store(open_server, T0 + index * QUARTER, raw)
    status, comparison, _ = await open_server.request(
        "GET", "/api/comparison?" + urlencode(bounds(""))
    )
    assert status == 200, comparison
    status, complaint, _ = await open_server.request(
        "GET", "/api/complaint?" + urlencode(bounds("comparison_"))
    )
    assert status == 200, complaint
    assert comparison["delta"]["verdict"] == expected
    said = [word for word, sentence in SENTENCES.items() if sentence in complaint["text"]]
    assert said == [expected]


def period(start: int, end: int) -> dict[str, str]:
    """Return both routes' queries for period A = [start, end] and a valid period B."""
    query = {"from_a": iso_utc(start), "to_a": iso_utc(end)}
    return query | {"from_b": iso_utc(T0 + 200 * DAY), "to_b": iso_utc(T0 + 201 * DAY)}


@pytest.mark.parametrize(
    ("start", "end", "code", "message"),
    [
        (T0, T0, "comparison_invalid_order", "to_a must be after from_a"),
        (T0 + 1, T0, "comparison_invalid_order", "to_a must be after from_a"),
        (T0, T0 + 90 * DAY + 1, "comparison_too_large", "to_a may be at most 90 days after from_a"),
        (T0, T0 + 1, None, None),
        (T0, T0 + 90 * DAY, None, None),
    ],
)
async def test_both_routes_apply_the_same_period_rules(
    open_server: RunningServer, start: int, end: int, code: str | None, message: str | None
) -> None:
    """A period must end after it starts and span at most 90 days, on both routes alike."""
    query = period(start, end)
    status, compared, _ = await open_server.request("GET", "/api/comparison?" + urlencode(query))
    prefixed = {f"comparison_{name}": value for name, value in query.items()}
    complaint_status, complained, _ = await open_server.request(
        "GET", "/api/complaint?" + urlencode(prefixed)
    )
    if code is None:
        assert (status, complaint_status) == (200, 200)
        return
    assert (status, compared) == (400, {"error": message})
    assert complaint_status == 400
    assert (complained["code"], complained["field"]) == (code, "comparison_to_a")
    assert complained["error"] == f"comparison_{message}".replace("from_a", "comparison_from_a")
