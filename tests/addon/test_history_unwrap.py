"""The sparse counter unwrap (drops only) equals a full unwrap of the anchored series."""

from __future__ import annotations

import random

import pytest

from docsight_server.analysis.unwrap import UINT32_PERIOD, unwrap_aggregate_counters
from docsight_server.signal.history import _unwrap_sparse


def _series(rng: random.Random, length: int) -> list[int | None]:
    values: list[int | None] = []
    value = rng.randrange(UINT32_PERIOD)
    for _ in range(length):
        event = rng.random()
        if event < 0.01:
            value = rng.randrange(1000)  # a reboot
        elif event < 0.03:
            value = (value + rng.randrange(UINT32_PERIOD // 8)) % UINT32_PERIOD  # may roll over
        else:
            value += rng.randrange(5000)
        values.append(value)
    return values


@pytest.mark.parametrize("seed", range(40))
def test_sparse_unwrap_matches_the_full_one(seed: int) -> None:
    """Random reboots and roll-overs in the anchor and the window give identical results."""
    rng = random.Random(seed)
    values = _series(rng, 400)
    if seed % 5 == 0:
        values[rng.randrange(len(values))] = None
    first = rng.randrange(1, len(values))
    assert _unwrap_sparse(values, first) == unwrap_aggregate_counters(values)[first:]


def test_a_roll_over_in_the_anchor_offsets_the_window() -> None:
    """A uint32 roll-over before the window lifts every window value by 2^32."""
    values: list[int | None] = [UINT32_PERIOD - 10, 5, 50, 60]
    assert _unwrap_sparse(values, 2) == [50 + UINT32_PERIOD, 60 + UINT32_PERIOD]
