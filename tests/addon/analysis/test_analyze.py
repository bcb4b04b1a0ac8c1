"""The analyzer entry points end to end, including upstream's demo channel examples."""

from __future__ import annotations

import json
from typing import Any

from docsight_server.analysis.analyzer import ANALYZER_SCHEMA, analyze, analyze_records
from docsight_server.analysis.selectors import annotate_selectors
from docsight_server.analysis.summary import SUMMARY_SCALARS


def demo_payload() -> dict[str, Any]:
    """Return a 30-channel split payload: 24 DS SC-QAM, 1 OFDM, 4 US SC-QAM, 1 OFDMA."""
    ds30 = [
        {
            "channelID": index,
            "frequency": f"{114 + 8 * (index - 1)}.000",
            "powerLevel": "4.2" if index == 1 else f"{3.0 + index / 10:.1f}",
            "modulation": "256QAM",
            "mse": "-37.3" if index == 1 else f"-{36.0 + index / 20:.1f}",
            "corrErrors": 124 if index == 1 else 100 * index,
            "nonCorrErrors": 0 if index == 1 else index,
        }
        for index in range(1, 25)
    ]
    ds31 = [
        {
            "channelID": 33,
            "frequency": "751.000 - 861.000",
            "powerLevel": "2.1",
            "type": "OFDM",
            "modulation": "4096QAM",
            "mer": "41.5",
            "corrErrors": 5000,
            "nonCorrErrors": 2,
        }
    ]
    us30 = [
        {
            "channelID": index,
            "frequency": f"{30.8 + 6.4 * index:.3f}",
            "powerLevel": f"{43.0 + index}",
            "modulation": "64QAM",
            "multiplex": "ATDMA",
        }
        for index in range(1, 5)
    ]
    us31 = [
        {
            "channelID": 5,
            "frequency": "18.000 - 44.000",
            "powerLevel": "41.5",
            "modulation": "OFDMA",
            "multiplex": "OFDMA",
            "profile_modulation": "256QAM",
        }
    ]
    return {
        "channelDs": {"docsis30": ds30, "docsis31": ds31},
        "channelUs": {"docsis30": us30, "docsis31": us31},
    }


def test_schema_version() -> None:
    """The analyzer schema is 3."""
    assert ANALYZER_SCHEMA == 3


def test_demo_downstream_channel_example() -> None:
    """DS SC-QAM ch1: power 4.2, mse -37.3 -> snr 37.3, good, 55.62 Mbit/s."""
    result = analyze(demo_payload())
    assert result["ds_channels"][0] == {
        "channel_id": 1,
        "frequency": "114.000",
        "power": 4.2,
        "modulation": "256QAM",
        "snr": 37.3,
        "correctable_errors": 124,
        "uncorrectable_errors": 0,
        "docsis_version": "3.0",
        "channel_family": "sc_qam",
        "theoretical_bitrate": 55.62,
        "health": "good",
        "health_detail": "",
        "modulation_health": "good",
    }
    annotated = annotate_selectors(result["ds_channels"])[0]
    assert annotated["legacy_channel_id"] == 1
    assert annotated["selector_required"] is False
    assert annotated["selector"].startswith("c1_")


def test_demo_upstream_ofdma_example() -> None:
    """US OFDMA ch5 at 41.5 dBmV is "power tolerated low"; its 256QAM profile is good."""
    result = analyze(demo_payload())
    assert result["us_channels"][-1] == {
        "channel_id": 5,
        "frequency": "18.000 - 44.000",
        "power": 41.5,
        "modulation": "OFDMA",
        "multiplex": "OFDMA",
        "docsis_version": "3.1",
        "channel_family": "ofdma",
        "theoretical_bitrate": None,
        "profile_modulation": "256QAM",
        "power_health": "tolerated",
        "modulation_health": "good",
        "health": "tolerated",
        "health_detail": "power tolerated low",
    }


def test_demo_summary() -> None:
    """The demo line is tolerated because of the OFDMA power; the ratio is tiny."""
    result = analyze(demo_payload())
    summary = result["summary"]
    assert (summary["ds_total"], summary["us_total"]) == (25, 5)
    assert summary["health"] == "tolerated"
    assert summary["health_issues"] == ["us_power_tolerated_low"]
    assert summary["ds_capacity_mbps"] == round(24 * 55.62, 1)
    assert summary["us_capacity_mbps"] == round(4 * 30.72, 1)
    assert summary["ds_ofdm_mer_avg"] == 41.5
    assert 0 < summary["ds_uncorr_pct"] < 1
    assert set(SUMMARY_SCALARS) <= set(summary)
    assert [channel["channel_id"] for channel in result["ds_channels"]] == [*range(1, 25), 33]
    json.dumps(result)


def test_flat_payload() -> None:
    """A flat 3.1 payload is analysed with snr taken from mer."""
    result = analyze(
        {
            "docsis": "3.1",
            "downstream": [{"channelID": 1, "modulation": "4096QAM", "mer": "30", "powerLevel": 1}],
            "upstream": [],
        }
    )
    channel = result["ds_channels"][0]
    assert (channel["channel_family"], channel["snr"], channel["health"]) == ("ofdm", 30.0, "good")
    assert result["summary"]["ds_ofdm_mer_avg"] == 30.0


def test_analyze_records_matches_analyze_and_copies() -> None:
    """Re-analysing stored records gives the same result without touching the input."""
    fresh = analyze(demo_payload())
    stored_ds = [
        {key: value for key, value in channel.items() if "health" not in key}
        for channel in fresh["ds_channels"]
    ]
    stored_us = [
        {key: value for key, value in channel.items() if "health" not in key}
        for channel in fresh["us_channels"]
    ]
    before = json.dumps([stored_ds, stored_us])
    rebuilt = analyze_records(stored_ds, stored_us)
    assert rebuilt == fresh
    assert json.dumps([stored_ds, stored_us]) == before


def test_analyze_records_replaces_stale_verdicts() -> None:
    """Old verdicts stored with a record are recomputed, not kept."""
    stale = {
        "channel_id": 1,
        "frequency": "114.000",
        "power": 4.0,
        "modulation": "256QAM",
        "snr": 38.0,
        "correctable_errors": 10,
        "uncorrectable_errors": 0,
        "docsis_version": "3.0",
        "channel_family": "sc_qam",
        "theoretical_bitrate": 55.62,
        "health": "critical",
        "health_detail": "power critical",
        "power_health": "critical",
        "modulation_health": "good",
    }
    result = analyze_records([stale], [])
    channel = result["ds_channels"][0]
    assert (channel["health"], channel["health_detail"]) == ("good", "")
    assert "power_health" not in channel
    assert result["summary"]["health"] == "good"
