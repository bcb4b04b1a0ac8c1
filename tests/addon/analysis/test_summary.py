"""The summary: figures, counter coverage, issue ids and order, overall health, families."""

from __future__ import annotations

from typing import Any

import pytest

from docsight_server.analysis.assess import assess_channels
from docsight_server.analysis.summary import SUMMARY_SCALARS, summarize, uncorrectable_ratio


def ds_channel(
    channel_id: int,
    *,
    power: float | None = 4.0,
    snr: float | None = 38.0,
    modulation: str = "256QAM",
    family: str = "sc_qam",
    docsis: str = "3.0",
    corr: int | None = None,
    uncorr: int | None = None,
    bitrate: float | None = None,
) -> dict[str, Any]:
    """Return a normalised downstream record."""
    return {
        "channel_id": channel_id,
        "frequency": f"{100 + channel_id * 8}.000",
        "power": power,
        "modulation": modulation,
        "snr": snr,
        "correctable_errors": corr,
        "uncorrectable_errors": uncorr,
        "docsis_version": docsis,
        "channel_family": family,
        "theoretical_bitrate": bitrate,
    }


def us_channel(
    channel_id: int,
    *,
    power: float | None = 45.0,
    modulation: str = "64QAM",
    family: str = "sc_qam",
    docsis: str = "3.0",
    profile: str | None = None,
    bitrate: float | None = None,
) -> dict[str, Any]:
    """Return a normalised upstream record."""
    record: dict[str, Any] = {
        "channel_id": channel_id,
        "frequency": f"{30 + channel_id * 6}.000",
        "power": power,
        "modulation": modulation,
        "multiplex": "",
        "docsis_version": docsis,
        "channel_family": family,
        "theoretical_bitrate": bitrate,
    }
    if profile is not None:
        record["profile_modulation"] = profile
    return record


def summary_of(
    ds: list[dict[str, Any]], us: list[dict[str, Any]], *, detail: bool = True
) -> dict[str, Any]:
    """Assess the records and return their summary."""
    assess_channels(ds, us)
    return summarize(ds, us, detail=detail)


def test_no_channels() -> None:
    """Without channels min/max/avg are 0 (not null) and counter figures are null."""
    summary = summary_of([], [])
    for name in SUMMARY_SCALARS:
        if name.endswith(("_min", "_max")) or name in (
            "ds_power_avg",
            "us_power_avg",
            "ds_snr_avg",
        ):
            assert summary[name] == 0, name
    assert (summary["ds_total"], summary["us_total"]) == (0, 0)
    for name in (
        "ds_correctable_errors",
        "ds_uncorrectable_errors",
        "ds_comparable_correctable_errors",
        "ds_comparable_uncorrectable_errors",
        "ds_capacity_mbps",
        "us_capacity_mbps",
        "ds_scqam_power_avg",
        "ds_ofdm_mer_avg",
        "us_ofdma_power_avg",
        "ds_uncorr_pct",
    ):
        assert summary[name] is None, name
    assert summary["errors_supported"] is False
    assert (summary["health"], summary["health_issues"]) == ("good", [])
    assert summary["signal_families"] == {
        "downstream": {"health": "missing", "families": {}},
        "upstream": {"health": "missing", "families": {}},
    }


def test_keys_follow_summary_scalars() -> None:
    """Scalars come first in SUMMARY_SCALARS order; detail adds the nested parts."""
    brief = summary_of([ds_channel(1)], [us_channel(1)], detail=False)
    assert list(brief) == [*SUMMARY_SCALARS, "health_issues"]
    full = summary_of([ds_channel(1)], [us_channel(1)])
    assert list(full) == [
        *SUMMARY_SCALARS,
        "health_issues",
        "error_counter_coverage",
        "capacity_coverage",
        "signal_families",
    ]
    assert len(set(SUMMARY_SCALARS)) == len(SUMMARY_SCALARS)


def test_min_max_avg_are_rounded() -> None:
    """Power and SNR figures are rounded to one decimal; missing values are skipped."""
    ds = [
        ds_channel(1, power=3.04, snr=36.66),
        ds_channel(2, power=5.0, snr=None),
        ds_channel(3, power=None, snr=38.01),
    ]
    us = [us_channel(1, power=44.26), us_channel(2, power=46.0), us_channel(3, power=None)]
    summary = summary_of(ds, us)
    assert (summary["ds_power_min"], summary["ds_power_max"], summary["ds_power_avg"]) == (
        3.0,
        5.0,
        4.0,
    )
    assert (summary["ds_snr_min"], summary["ds_snr_max"], summary["ds_snr_avg"]) == (
        36.7,
        38.0,
        37.3,
    )
    assert (summary["us_power_min"], summary["us_power_max"], summary["us_power_avg"]) == (
        44.3,
        46.0,
        45.1,
    )
    assert (summary["ds_total"], summary["us_total"]) == (3, 3)


def test_counters_with_partial_coverage() -> None:
    """Raw sums cover every channel with the counter; comparable sums need both counters."""
    ds = [
        ds_channel(1, corr=100, uncorr=5),
        ds_channel(2, corr=40, uncorr=None),
        ds_channel(3, corr=None, uncorr=7),
        ds_channel(4, family="ofdm", modulation="4096QAM", docsis="3.1", snr=40.0),
    ]
    summary = summary_of(ds, [])
    assert summary["ds_correctable_errors"] == 140
    assert summary["ds_uncorrectable_errors"] == 12
    assert summary["ds_comparable_correctable_errors"] == 100
    assert summary["ds_comparable_uncorrectable_errors"] == 5
    assert summary["errors_supported"] is True
    assert summary["error_counter_coverage"] == {
        "total_channels": 4,
        "correctable_channels": 2,
        "uncorrectable_channels": 2,
        "comparable_channels": 1,
        "partial_channels": 2,
        "unsupported_channels": 1,
        "families": {
            "sc_qam": {
                "total_channels": 3,
                "correctable_channels": 2,
                "uncorrectable_channels": 2,
                "comparable_channels": 1,
                "partial_channels": 2,
                "unsupported_channels": 0,
            },
            "ofdm": {
                "total_channels": 1,
                "correctable_channels": 0,
                "uncorrectable_channels": 0,
                "comparable_channels": 0,
                "partial_channels": 0,
                "unsupported_channels": 1,
            },
        },
    }


def test_only_partial_counters_have_no_comparable_sums() -> None:
    """Without any channel exposing both counters, comparable sums and the ratio are null."""
    summary = summary_of([ds_channel(1, corr=5000), ds_channel(2, uncorr=900)], [])
    assert (summary["ds_correctable_errors"], summary["ds_uncorrectable_errors"]) == (5000, 900)
    assert summary["ds_comparable_correctable_errors"] is None
    assert summary["ds_comparable_uncorrectable_errors"] is None
    assert summary["ds_uncorr_pct"] is None
    assert summary["errors_supported"] is True
    assert summary["health_issues"] == []


def test_unsupported_counters_are_null() -> None:
    """Channels without counters give null sums (not 0) and errors_supported false."""
    summary = summary_of([ds_channel(1), ds_channel(2)], [])
    assert summary["ds_correctable_errors"] is None
    assert summary["ds_uncorrectable_errors"] is None
    assert summary["errors_supported"] is False
    assert summary["error_counter_coverage"]["unsupported_channels"] == 2


@pytest.mark.parametrize(
    ("corr", "uncorr", "pct", "issues"),
    [
        (0, 0, 0.0, []),
        (900, 99, 0.0, []),  # 999 codewords: below the floor, so 0.0 despite 9.9 %
        (901, 99, 9.9, ["uncorr_errors_critical"]),  # exactly 1000 codewords
        (9901, 99, 0.99, []),
        (9900, 100, 1.0, ["uncorr_errors_high"]),
        (9701, 299, 2.99, ["uncorr_errors_high"]),
        (9700, 300, 3.0, ["uncorr_errors_critical"]),
    ],
)
def test_uncorrectable_ratio_and_floor(
    corr: int, uncorr: int, pct: float, issues: list[str]
) -> None:
    """The ratio uses comparable channels, 2 dp, and is 0.0 below 1000 codewords."""
    summary = summary_of([ds_channel(1, corr=corr, uncorr=uncorr)], [])
    assert summary["ds_uncorr_pct"] == pct
    assert summary["health_issues"] == issues
    assert uncorrectable_ratio(corr, uncorr) == pct


def test_uncorr_errors_high_alone_is_tolerated() -> None:
    """uncorr_errors_high contains neither "critical" nor "marginal": health is tolerated."""
    summary = summary_of([ds_channel(1, corr=9800, uncorr=200)], [])
    assert summary["health_issues"] == ["uncorr_errors_high"]
    assert summary["health"] == "tolerated"


def test_critical_issues_in_order() -> None:
    """Issue ids come in the documented order; any critical makes the health critical."""
    ds = [
        ds_channel(1, power=20.0, corr=950, uncorr=50),
        ds_channel(2, modulation="32QAM"),
        ds_channel(3, snr=20.0),
    ]
    us = [
        us_channel(1, power=30.0),
        us_channel(2, power=36.0),
        us_channel(3, power=60.0),
        us_channel(4, power=48.0),
        us_channel(5, modulation="QPSK"),
    ]
    summary = summary_of(ds, us)
    assert summary["health_issues"] == [
        "ds_power_critical",
        "ds_modulation_critical",
        "us_power_critical_low",
        "us_power_critical_high",
        "us_modulation_critical",
        "snr_critical",
        "uncorr_errors_critical",
    ]
    assert summary["health"] == "critical"


def test_marginal_issues_in_order() -> None:
    """Channel "warning" shows as "marginal"; a worse US side hides milder ones."""
    ds = [
        ds_channel(1, power=15.5, corr=9850, uncorr=150),
        ds_channel(2, modulation="256QAM", family="ofdm", docsis="3.1", snr=40.0, power=0.0),
        ds_channel(3, snr=30.0),
        ds_channel(4, power=13.5),
    ]
    us = [
        us_channel(1, power=36.0),
        us_channel(2, power=40.0),
        us_channel(3, power=48.0),
        us_channel(4, modulation="16QAM"),
    ]
    summary = summary_of(ds, us)
    assert summary["health_issues"] == [
        "ds_power_marginal",
        "ds_modulation_marginal",
        "us_power_marginal_low",
        "us_power_tolerated_high",
        "us_modulation_marginal",
        "snr_marginal",
        "uncorr_errors_high",
    ]
    assert summary["health"] == "marginal"


def test_tolerated_issues() -> None:
    """Only tolerated issues give tolerated health; tolerated US modulation adds no issue."""
    ds = [
        ds_channel(1, power=13.5),
        ds_channel(2, modulation="512QAM", family="ofdm", docsis="3.1", snr=40.0, power=0.0),
        ds_channel(3, snr=32.0),
    ]
    us = [
        us_channel(1, power=40.0),
        us_channel(2, modulation="OFDMA", family="ofdma", docsis="3.1", profile="128QAM"),
    ]
    summary = summary_of(ds, us)
    assert us[1]["modulation_health"] == "tolerated"
    assert summary["health_issues"] == [
        "ds_power_tolerated",
        "ds_modulation_tolerated",
        "us_power_tolerated_low",
        "snr_tolerated",
    ]
    assert summary["health"] == "tolerated"


def test_us_power_sides_are_independent() -> None:
    """A critical low side does not hide a tolerated high side."""
    summary = summary_of([], [us_channel(1, power=34.0), us_channel(2, power=48.0)])
    assert summary["health_issues"] == ["us_power_critical_low", "us_power_tolerated_high"]


def test_capacity_and_family_averages() -> None:
    """Capacities sum the bitrates (1 dp); per-family averages split SC-QAM and OFDM(A)."""
    ds = [
        ds_channel(1, power=2.0, snr=36.0, bitrate=55.62),
        ds_channel(2, power=4.0, snr=38.0, bitrate=55.62),
        ds_channel(3, power=-1.0, snr=41.0, family="ofdm", modulation="4096QAM", docsis="3.1"),
    ]
    us = [
        us_channel(1, power=44.0, bitrate=30.72),
        us_channel(2, power=46.0, family="ofdma", modulation="OFDMA", docsis="3.1"),
    ]
    summary = summary_of(ds, us)
    assert (summary["ds_capacity_mbps"], summary["us_capacity_mbps"]) == (111.2, 30.7)
    assert summary["capacity_coverage"] == {
        "downstream": {"calculated": 2, "total": 3, "unsupported": 1},
        "upstream": {"calculated": 1, "total": 2, "unsupported": 1},
    }
    assert (summary["ds_scqam_power_avg"], summary["ds_scqam_snr_avg"]) == (3.0, 37.0)
    assert (summary["ds_ofdm_power_avg"], summary["ds_ofdm_mer_avg"]) == (-1.0, 41.0)
    assert (summary["us_scqam_power_avg"], summary["us_ofdma_power_avg"]) == (44.0, 46.0)


def test_signal_families() -> None:
    """Per-family overviews name the worst channel and dimension and describe each metric."""
    ds = [
        ds_channel(1, power=4.0, snr=38.0),
        ds_channel(2, power=14.0, snr=30.0, modulation="64QAM"),
        ds_channel(3, power=13.0, snr=26.0, family="ofdm", modulation="4096QAM", docsis="3.1"),
    ]
    us = [
        us_channel(1, power=45.0),
        us_channel(
            2, power=None, modulation="OFDMA", family="ofdma", docsis="3.1", profile="256QAM"
        ),
    ]
    families = summary_of(ds, us)["signal_families"]
    downstream = families["downstream"]
    assert downstream["health"] == "warning"
    assert list(downstream["families"]) == ["sc_qam", "ofdm"]
    assert downstream["families"]["sc_qam"] == {
        "family": "sc_qam",
        "count": 2,
        "health": "warning",
        "health_cause": "power",
        "health_counts": {"good": 1, "tolerated": 0, "warning": 1, "critical": 0},
        "health_driver": {
            "channel_id": 2,
            "dimension": "power",
            "family": "sc_qam",
            "direction": "downstream",
            "health": "warning",
            "unit": "dBmV",
            "value": 14.0,
        },
        "power": {"available": True, "min": 4.0, "avg": 9.0, "max": 14.0, "health": "warning"},
        "snr": {"available": True, "min": 30.0, "avg": 34.0, "max": 38.0, "health": "good"},
        "modulation": {
            "available": True,
            "value": "64QAM",
            "secondary": "256QAM",
            "distinct": ["64QAM", "256QAM"],
            "values": [
                {"value": "64QAM", "health": "good"},
                {"value": "256QAM", "health": "good"},
            ],
            "health": "good",
        },
    }
    ofdm = downstream["families"]["ofdm"]
    assert "snr" not in ofdm
    assert ofdm["mer"] == {
        "available": True,
        "min": 26.0,
        "avg": 26.0,
        "max": 26.0,
        "health": "tolerated",
    }
    assert (ofdm["health"], ofdm["health_cause"]) == ("tolerated", "power")
    assert ofdm["modulation"]["secondary"] is None

    upstream = families["upstream"]
    assert upstream["health"] == "good"
    ofdma = upstream["families"]["ofdma"]
    assert "snr" not in ofdma
    assert "mer" not in ofdma
    assert ofdma["power"] == {
        "available": False,
        "min": None,
        "avg": None,
        "max": None,
        "health": "missing",
    }
    assert ofdma["modulation"]["value"] == "256QAM"
    assert (ofdma["health_cause"], ofdma["health_driver"]) == (None, None)


def test_health_driver_prefers_the_worst_channel() -> None:
    """Among equal levels the channel furthest outside its band drives the family."""
    ds = [
        ds_channel(1, snr=32.5),
        ds_channel(2, snr=31.5),
        ds_channel(3, snr=32.0),
    ]
    family = summary_of(ds, [])["signal_families"]["downstream"]["families"]["sc_qam"]
    assert family["health_cause"] == "snr"
    assert family["health_driver"]["channel_id"] == 2
    assert family["health_driver"]["unit"] == "dB"
    assert family["health_driver"]["value"] == 31.5


def test_modulation_driver() -> None:
    """A modulation problem names the modulation as the driver's value."""
    family = summary_of([ds_channel(1), ds_channel(2, modulation="16QAM")], [])["signal_families"][
        "downstream"
    ]["families"]["sc_qam"]
    assert family["health_cause"] == "modulation"
    assert family["health_driver"]["value"] == "16QAM"
    assert family["health_driver"]["unit"] is None
    assert family["modulation"]["values"] == [
        {"value": "16QAM", "health": "critical"},
        {"value": "256QAM", "health": "good"},
    ]
    assert family["modulation"]["health"] == "critical"


def test_records_with_missing_fields() -> None:
    """Records lacking optional fields (e.g. rebuilt from old rows) are summarised too."""
    ds = [{"channel_id": 1, "power": 5.0, "channel_family": "sc_qam", "health": "good"}]
    us = [{"channel_id": 1, "power": 45.0}]
    summary = summarize(ds, us, detail=False)
    assert (summary["ds_power_avg"], summary["ds_scqam_power_avg"]) == (5.0, 5.0)
    assert (summary["ds_snr_avg"], summary["ds_correctable_errors"]) == (0, None)
    assert (summary["us_power_avg"], summary["us_scqam_power_avg"]) == (45.0, None)
    assert summary["health"] == "good"
