"""uint32 roll-over unwrapping of counter series for presentation."""

from __future__ import annotations

import pytest

from docsight_server.analysis.unwrap import unwrap_aggregate_counters, unwrap_channel_counters

P = 2**32
THREE_QUARTERS = P * 3 // 4
QUARTER = P // 4


def test_rising_series_is_unchanged() -> None:
    """Without drops nothing is added."""
    assert unwrap_channel_counters([0, 5, 5, 900]) == [0, 5, 5, 900]
    assert unwrap_aggregate_counters([0, 5, 5, 900]) == [0, 5, 5, 900]


def test_empty_series() -> None:
    """An empty series stays empty."""
    assert unwrap_channel_counters([]) == []
    assert unwrap_aggregate_counters([]) == []


def test_roll_over_adds_one_period() -> None:
    """A drop from near the top to near zero continues above 2^32."""
    assert unwrap_channel_counters([P - 10, 5, 40]) == [P - 10, P + 5, P + 40]


def test_small_drop_is_a_reset() -> None:
    """A drop from a low value is a counter reset, not a roll-over."""
    assert unwrap_channel_counters([1000, 10, 20]) == [1000, 10, 20]


def test_reset_after_roll_over_clears_the_offset() -> None:
    """A later ordinary drop starts from the raw values again."""
    assert unwrap_channel_counters([P - 10, 5, 100, 3]) == [P - 10, P + 5, P + 100, 3]


@pytest.mark.parametrize(
    ("before", "after", "wrapped"),
    [
        (THREE_QUARTERS, QUARTER, True),
        (THREE_QUARTERS - 1, 0, False),
        (THREE_QUARTERS, QUARTER + 1, False),
        (P - 1, 0, True),
    ],
)
def test_channel_roll_over_boundaries(before: int, after: int, wrapped: bool) -> None:
    """From >= 75 % of 2^32 to <= 25 % of 2^32 is a roll-over; anything else a reset."""
    expected = after + P if wrapped else after
    assert unwrap_channel_counters([before, after]) == [before, expected]


def test_none_passes_through_without_breaking_the_chain() -> None:
    """Gaps stay None and the roll-over is still recognised across them."""
    assert unwrap_channel_counters([None, P - 10, None, 5, None]) == [
        None,
        P - 10,
        None,
        P + 5,
        None,
    ]


def test_repeated_roll_overs_accumulate() -> None:
    """Each roll-over adds another period."""
    assert unwrap_channel_counters([P - 10, 5, P - 5, 3]) == [P - 10, P + 5, 2 * P - 5, 2 * P + 3]


def test_aggregate_with_one_channel_rolling_over() -> None:
    """A sum drops by 2^32 minus the growth when one of its channels rolls over."""
    before = (P - 100) + 1000 + 2000
    after = 50 + 1100 + 2100
    assert unwrap_aggregate_counters([before, after]) == [before, after + P]
    # The single-counter rule does not see this: the sum itself is far below 75 % of 2^32.
    assert unwrap_channel_counters([before, after]) == [before, after]


def test_aggregate_with_two_channels_rolling_over() -> None:
    """Two channels rolling over between polls add two periods."""
    before = 2 * (P - 100)
    after = 2 * 50
    assert unwrap_aggregate_counters([before, after]) == [before, after + 2 * P]


def test_aggregate_real_reset() -> None:
    """A drop whose remainder is below 75 % of 2^32 is a reset of the sum."""
    assert unwrap_aggregate_counters([5_000_000, 10, 20]) == [5_000_000, 10, 20]


def test_aggregate_boundary_of_the_remainder() -> None:
    """Hidden growth of at most 25 % of a period is a roll-over, more is a reset."""
    before = P + 10
    assert unwrap_aggregate_counters([before, before - THREE_QUARTERS]) == [
        before,
        before - THREE_QUARTERS + P,
    ]
    assert unwrap_aggregate_counters([before, before - THREE_QUARTERS + 1]) == [
        before,
        before - THREE_QUARTERS + 1,
    ]


def test_aggregate_none_and_single_counter_rule() -> None:
    """Aggregates skip None too and also accept a plain near-the-top roll-over."""
    assert unwrap_aggregate_counters([P - 10, None, 5]) == [P - 10, None, P + 5]
