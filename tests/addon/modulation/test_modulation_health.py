"""The modulation health arithmetic against hand-computed values at its edges."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from docsight_server.analysis.modulation_health import (
    baseline_health_index,
    distribution_pct,
    dominant_modulation,
    group_health_index,
    low_qam_limit,
    max_qam,
    modulation_label,
    observed_label,
    share_pct,
)
from docsight_server.modulation.intraday import Clock, degraded_events, periods, summary_text

US30 = max_qam("us", "3.0")
US31 = max_qam("us", "3.1")


def test_protocol_group_ceilings_and_low_limits() -> None:
    """DS 3.0 256, DS 3.1 4096, US 3.0 64, US 3.1 1024; low is ≤16QAM except US 3.1 ≤64QAM."""
    assert [max_qam("ds", "3.0"), max_qam("ds", "3.1"), US30, US31] == [256, 4096, 64, 1024]
    assert max_qam("us", "4.0") == 4096
    assert [low_qam_limit("ds", "3.0"), low_qam_limit("ds", "3.1")] == [16, 16]
    assert [low_qam_limit("us", "3.0"), low_qam_limit("us", "3.1")] == [16, 64]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("256QAM", ("256QAM", 256)),
        ("qam_64", ("64QAM", 64)),
        ("QPSK", ("4QAM", 4)),
        ("ofdm", ("OFDM", None)),
        ("OFDMA", ("OFDMA", None)),
        ("Other", ("Unknown", None)),
        ("0QAM", ("Unknown", None)),
        ("", ("Unknown", None)),
        (None, ("Unknown", None)),
    ],
)
def test_labels_are_canonical(name: str | None, expected: tuple[str, int | None]) -> None:
    """Names become "<n>QAM", OFDM, OFDMA or Unknown (QPSK is 4QAM; no bits is no QAM)."""
    assert modulation_label(name) == expected


def test_the_profile_modulation_wins_over_the_modulation() -> None:
    """An OFDMA channel is judged by its profile; without one by its modulation."""
    assert observed_label("256QAM", "OFDMA") == ("256QAM", 256)
    assert observed_label(None, "OFDMA") == ("OFDMA", None)


def test_all_at_the_ceiling_is_100_and_all_at_qpsk_is_0() -> None:
    """The index runs from QPSK (0) to the group's highest QAM (100)."""
    assert group_health_index({64: 10}, US30) == 100.0
    assert group_health_index({1024: 3}, US31) == 100.0
    assert group_health_index({4: 7}, US30) == 0.0
    assert group_health_index({4: 7}, US31) == 0.0


def test_mixed_observations_average_their_bits() -> None:
    """Two at 64QAM (6 bits) and two at 16QAM (4 bits): mean 5 bits -> 100·3/4 = 75."""
    assert group_health_index({64: 2, 16: 2}, US30) == 75.0
    # US 3.1: 256QAM (8) and 128QAM (7) -> mean 7.5 bits -> 100·5.5/8 = 68.75 -> 68.8
    assert group_health_index({256: 1, 128: 1}, US31) == 68.8


def test_the_index_is_clamped_and_empty_is_none() -> None:
    """Above the ceiling stays 100 (mean clamped, not each score); nothing numeric is None."""
    assert group_health_index({256: 1}, US30) == 100.0
    # 256QAM (8 bits) and QPSK (2 bits): mean 5 -> 75, although 256QAM alone would be 150
    assert group_health_index({256: 1, 4: 1}, US30) == 75.0
    assert group_health_index({}, US30) is None


def test_downstream_scores_each_channel_against_its_own_best() -> None:
    """A channel that tops out at 64QAM scores 100 there; one that reached 256QAM does not."""
    per_channel = {1: {256: 1, 64: 1}, 2: {64: 2}}
    baselines = {1: 256, 2: 64}
    # channel 1: 100 and (6-2)/(8-2) = 66.67; channel 2: 100 twice -> 366.67 / 4 = 91.7
    assert baseline_health_index(per_channel, baselines) == 91.7
    assert baseline_health_index({1: {4096: 5}}, {1: 4096}) == 100.0
    assert baseline_health_index({1: {4: 5}}, {1: 256}) == 0.0
    assert baseline_health_index({}, {}) is None


def test_a_qpsk_baseline_scores_100() -> None:
    """A channel never above QPSK has no range to fall in: 100, not a division by zero."""
    assert baseline_health_index({1: {4: 3}}, {1: 4}) == 100.0


def test_low_share_counts_every_observation_in_the_denominator() -> None:
    """One low sample among four (one of them Unknown) is 25 %, not 33.3 %."""
    assert share_pct(1, 4) == 25.0
    assert share_pct(0, 0) == 0


def test_distribution_adds_up_to_exactly_100() -> None:
    """Thirds become 33.4 + 33.3 + 33.3 (the leftover tenth goes to the first in QAM order)."""
    shares = distribution_pct({"256QAM": 1, "16QAM": 1, "64QAM": 1})
    assert shares == {"16QAM": 33.4, "64QAM": 33.3, "256QAM": 33.3}
    assert list(shares) == ["16QAM", "64QAM", "256QAM"]
    sevenths = distribution_pct({f"{2**bits}QAM": 1 for bits in range(2, 9)} | {"OFDMA": 0})
    assert round(sum(sevenths.values()) * 10) == 1000
    uneven = distribution_pct({"64QAM": 2, "16QAM": 1, "Unknown": 4})
    assert uneven == {"16QAM": 14.3, "64QAM": 28.6, "Unknown": 57.1}
    assert distribution_pct({}) == {}


def test_dominant_modulation_ties_go_to_the_higher_qam() -> None:
    """The most observed label; a tie goes to the higher order, and QAM beats a non-QAM label."""
    assert dominant_modulation({"16QAM": 2, "64QAM": 2}) == "64QAM"
    assert dominant_modulation({"1024QAM": 3, "128QAM": 3, "256QAM": 1}) == "1024QAM"
    assert dominant_modulation({"OFDMA": 3, "64QAM": 3}) == "64QAM"
    assert dominant_modulation({"Unknown": 5, "64QAM": 2}) == "Unknown"
    assert dominant_modulation({}) is None


def test_degraded_spells_and_their_summary() -> None:
    """Runs at or below the limit become events; the summary reads like upstream's."""
    start = 1_700_000_000 - 1_700_000_000 % 86400  # 00:00 UTC
    labels = ["64QAM", "64QAM", "16QAM", "16QAM", "16QAM", "16QAM", "64QAM", "64QAM"]
    labels += ["QPSK", "64QAM"]
    points = [(start + 900 * i, *modulation_label(name)) for i, name in enumerate(labels)]
    runs = periods(points)
    assert [(run.label, run.count) for run in runs] == [
        ("64QAM", 2),
        ("16QAM", 4),
        ("64QAM", 2),
        ("4QAM", 1),
        ("64QAM", 1),
    ]
    events = degraded_events(runs, 16, 900, Clock(ZoneInfo("UTC")))
    assert events == [
        {
            "start": "00:30",
            "end": "01:15",
            "label": "16QAM",
            "qam": 16,
            "count": 4,
            "hours": 1.0,
            "duration_minutes": 45,
            "pct": 40,
            "point_in_time": False,
        },
        {
            "start": "02:00",
            "end": "02:00",
            "label": "4QAM",
            "qam": 4,
            "count": 1,
            "hours": 0.2,
            "duration_minutes": 0,
            "pct": 10,
            "point_in_time": True,
        },
    ]
    assert summary_text(events) == (
        "1.0h (40%) at 16QAM between 00:30\u201301:15; 0.2h (10%) at 4QAM around 02:00"
    )
    assert degraded_events(runs, 4, 900, Clock(ZoneInfo("UTC")))[0]["label"] == "4QAM"
    assert summary_text([]) == ""
