"""Normalisation of driver payloads: number parsing, frequencies, families, bitrates."""

from __future__ import annotations

from typing import Any

import pytest

from docsight_server.analysis.channels import (
    downstream_family,
    frequency_label,
    frequency_mhz,
    normalize,
    theoretical_bitrate,
    to_count,
    to_float,
    upstream_family,
)

DS_KEYS = [
    "channel_id",
    "frequency",
    "power",
    "modulation",
    "snr",
    "correctable_errors",
    "uncorrectable_errors",
    "docsis_version",
    "channel_family",
    "theoretical_bitrate",
]
US_KEYS = [
    "channel_id",
    "frequency",
    "power",
    "modulation",
    "multiplex",
    "docsis_version",
    "channel_family",
    "theoretical_bitrate",
]


def ds_raw(channel_id: Any, **fields: Any) -> dict[str, Any]:
    """Return a raw downstream channel as a driver would report it."""
    return {"channelID": channel_id, **fields}


def split(
    ds30: list[dict[str, Any]] | None = None,
    ds31: list[dict[str, Any]] | None = None,
    us30: list[dict[str, Any]] | None = None,
    us31: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Return a split-form driver payload."""
    return {
        "channelDs": {"docsis30": ds30 or [], "docsis31": ds31 or []},
        "channelUs": {"docsis30": us30 or [], "docsis31": us31 or []},
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (4.2, 4.2),
        (7, 7.0),
        ("4.2", 4.2),
        (" 4.2 dBmV", 4.2),
        ("-37.3 dB", -37.3),
        ("+1.5", 1.5),
        ("-", None),
        ("", None),
        ("   ", None),
        (None, None),
        ("n/a", None),
        ("134.975 - 324.975", None),
        ("nan", None),
        (float("inf"), None),
        (True, None),
    ],
)
def test_to_float(value: object, expected: float | None) -> None:
    """Numbers parse from numbers and number-with-unit strings; anything else is None."""
    assert to_float(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (124, 124),
        (0, 0),
        ("124", 124),
        (" 124 ", 124),
        (12.0, 12),
        ("1.5e3", 1500),
        (None, None),
        ("", None),
        ("-", None),
        ("n/a", None),
        (False, None),
    ],
)
def test_to_count(value: object, expected: int | None) -> None:
    """Counters are ints; missing or unparseable counters are None, never 0."""
    result = to_count(value)
    assert result == expected
    assert result is None or type(result) is int


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("114.000", 114.0),
        ("602 MHz", 602.0),
        ("602.5MHz", 602.5),
        ("602000000", 602.0),
        (602000000, 602.0),
        ("602000000 Hz", 602.0),
        ("602000 kHz", 602.0),
        ("0.6 GHz", 600.0),
        (114, 114.0),
        ("134.975 - 324.975", None),
        ("18.000 - 44.000", None),
        ("", None),
        (None, None),
        ("n/a", None),
    ],
)
def test_frequency_mhz(value: object, expected: float | None) -> None:
    """Frequencies become MHz numbers; Hz values >= 1e6 are converted; ranges have none."""
    assert frequency_mhz(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("114.000", "114"),
        ("602 MHz", "602"),
        ("602.5 MHz", "602.5"),
        ("602000000", "602"),
        (602500000, "602.5"),
        ("1002.5625", "1002.5625"),
        ("134.975 - 324.975", "134.975 - 324.975"),
        (" 18.000 - 44.000 ", "18.000 - 44.000"),
        (None, ""),
    ],
)
def test_frequency_label(value: object, expected: str) -> None:
    """Prometheus labels use compact MHz numbers and keep ranges as text."""
    assert frequency_label(value) == expected


@pytest.mark.parametrize(
    ("modulation", "version", "channel_type", "family"),
    [
        ("4096QAM", "3.1", "OFDM", "ofdm"),
        ("256QAM", "3.0", "OFDM PLC", "ofdm"),
        ("4096QAM", "3.1", "SC-QAM", "sc_qam"),
        ("1024QAM", "3.1", "QAM", "sc_qam"),
        ("OFDM", "3.0", None, "ofdm"),
        ("ofdm", None, None, "ofdm"),
        ("1024QAM", "3.1", None, "ofdm"),
        ("4096QAM", "4.0", None, "ofdm"),
        ("1024QAM", "3.0", None, "sc_qam"),
        ("256QAM", "3.1", None, "sc_qam"),
        ("qam_64", "3.1", None, "sc_qam"),
        ("256QAM", None, None, "sc_qam"),
        ("", "3.1", None, "ofdm"),
        ("", "3.0", None, "sc_qam"),
        ("", None, None, "unknown"),
        ("strange", "2.0", None, "unknown"),
    ],
)
def test_downstream_family(
    modulation: str, version: str | None, channel_type: str | None, family: str
) -> None:
    """Type beats modulation, QAM >= 1024 on 3.1/4.0 is OFDM, bare 3.1 is OFDM."""
    assert downstream_family(modulation, version, channel_type=channel_type) == family


@pytest.mark.parametrize(
    ("modulation", "version", "channel_type", "multiplex", "family"),
    [
        ("64QAM", "3.0", None, "OFDMA", "ofdma"),
        ("64QAM", "3.0", "OFDMA", None, "ofdma"),
        ("64QAM", "3.1", None, "ATDMA", "sc_qam"),
        ("64QAM", "3.1", "SC-QAM", None, "sc_qam"),
        ("16QAM", "3.1", None, "TDMA", "sc_qam"),
        ("OFDMA", "3.0", None, None, "ofdma"),
        ("64QAM", "3.1", None, None, "ofdma"),
        ("", "3.1", None, "", "ofdma"),
        ("64QAM", "3.0", None, "", "sc_qam"),
        ("QPSK", None, None, None, "sc_qam"),
        ("", "3.0", None, None, "unknown"),
    ],
)
def test_upstream_family(
    modulation: str,
    version: str | None,
    channel_type: str | None,
    multiplex: str | None,
    family: str,
) -> None:
    """OFDMA in type/multiplex first, then ATDMA/SC-QAM/TDMA, modulation, 3.1, numeric QAM."""
    result = upstream_family(modulation, version, channel_type=channel_type, multiplex=multiplex)
    assert result == family


@pytest.mark.parametrize(
    ("family", "modulation", "symbol_rate", "direction", "expected"),
    [
        ("sc_qam", "256QAM", None, "ds", 55.62),
        ("sc_qam", "64QAM", None, "ds", 41.71),
        ("sc_qam", "64QAM", None, "us", 30.72),
        ("sc_qam", "64QAM", None, "upstream", 30.72),
        ("sc_qam", "QPSK", None, "us", 10.24),
        ("sc_qam", "256QAM", "5360.537", "ds", 42.88),
        ("sc_qam", "256QAM", 0, "ds", 55.62),
        ("sc_qam", "256QAM", "-", "ds", 55.62),
        ("sc_qam", "4096QAM", 6952, "ds", 83.42),
        ("ofdm", "4096QAM", None, "ds", None),
        ("ofdma", "256QAM", None, "us", None),
        ("unknown", "256QAM", None, "ds", None),
        ("sc_qam", "OFDM", None, "ds", None),
        ("sc_qam", "", None, "ds", None),
    ],
)
def test_theoretical_bitrate(
    family: str, modulation: str, symbol_rate: object, direction: str, expected: float | None
) -> None:
    """SC-QAM bitrate = kSym/s x bits / 1000 (2 dp) with DS 6952 / US 5120 defaults."""
    assert theoretical_bitrate(family, modulation, symbol_rate, direction) == expected


def test_split_form_records() -> None:
    """The split form yields exactly the documented keys, sorted by channel id."""
    payload = split(
        ds30=[
            ds_raw(3, frequency="130 MHz", powerLevel="5.1", modulation="256QAM", mse="-38.2"),
            ds_raw(
                1,
                frequency="114.000",
                powerLevel=4.2,
                modulation="256QAM",
                mse=-37.3,
                corrErrors=124,
                nonCorrErrors=0,
            ),
        ],
        ds31=[
            ds_raw(
                2,
                frequency="751 - 861",
                powerLevel="1.5",
                type="OFDM",
                modulation="4096QAM",
                mer="41.0",
                mse="-12",
                corrErrors="1000",
                nonCorrErrors="3",
                profileModulation="4096QAM",
            )
        ],
        us30=[
            {"channelID": "4", "powerLevel": "44.0", "modulation": "64QAM", "multiplex": "ATDMA"}
        ],
        us31=[
            {
                "channelID": 1,
                "frequency": "18.000 - 44.000",
                "powerLevel": "41.5",
                "modulation": "OFDMA",
                "multiplex": "OFDMA",
                "profile_modulation": "256QAM",
            }
        ],
    )
    ds, us = normalize(payload)
    assert [record["channel_id"] for record in ds] == [1, 2, 3]
    assert [record["channel_id"] for record in us] == [1, 4]
    assert ds[0] == {
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
    }
    assert list(ds[0]) == DS_KEYS
    assert list(ds[2]) == DS_KEYS
    assert ds[1] == {
        "channel_id": 2,
        "frequency": "751 - 861",
        "power": 1.5,
        "modulation": "4096QAM",
        "snr": 41.0,
        "correctable_errors": 1000,
        "uncorrectable_errors": 3,
        "docsis_version": "3.1",
        "channel_family": "ofdm",
        "theoretical_bitrate": None,
        "profile_modulation": "4096QAM",
    }
    assert ds[2]["correctable_errors"] is None
    assert ds[2]["uncorrectable_errors"] is None
    assert us[0] == {
        "channel_id": 1,
        "frequency": "18.000 - 44.000",
        "power": 41.5,
        "modulation": "OFDMA",
        "multiplex": "OFDMA",
        "docsis_version": "3.1",
        "channel_family": "ofdma",
        "theoretical_bitrate": None,
        "profile_modulation": "256QAM",
    }
    assert us[1] == {
        "channel_id": 4,
        "frequency": "",
        "power": 44.0,
        "modulation": "64QAM",
        "multiplex": "ATDMA",
        "docsis_version": "3.0",
        "channel_family": "sc_qam",
        "theoretical_bitrate": 30.72,
    }
    assert list(us[1]) == US_KEYS


def test_snr_source_depends_on_the_lane() -> None:
    """3.0 lane: snr = |mse| (mer ignored); 3.1 lane: snr = mer (mse ignored)."""
    ds, _ = normalize(
        split(
            ds30=[ds_raw(1, modulation="256QAM", mse="-35.5", mer="99")],
            ds31=[ds_raw(2, modulation="4096QAM", mse="-35.5"), ds_raw(3, mer=" 40.2 dB")],
        )
    )
    assert [record["snr"] for record in ds] == [35.5, None, 40.2]


def test_flat_form_goes_to_one_lane() -> None:
    """The flat form lands in the 3.1 lanes when docsis is "3.1", else in the 3.0 lanes."""
    flat = {
        "docsis": "3.1",
        "downstream": [ds_raw(1, modulation="256QAM", mer="38", mse="-30")],
        "upstream": [{"channelID": 1, "modulation": "64QAM", "multiplex": "ATDMA"}],
    }
    ds, us = normalize(flat)
    assert (ds[0]["docsis_version"], ds[0]["snr"], ds[0]["channel_family"]) == (
        "3.1",
        38.0,
        "sc_qam",
    )
    assert (us[0]["docsis_version"], us[0]["channel_family"]) == ("3.1", "sc_qam")

    ds, us = normalize({**flat, "docsis": "3.0"})
    assert (ds[0]["docsis_version"], ds[0]["snr"]) == ("3.0", 30.0)
    assert us[0]["docsis_version"] == "3.0"

    ds, _ = normalize({"downstream": flat["downstream"]})
    assert ds[0]["docsis_version"] == "3.0"


@pytest.mark.parametrize(
    ("channel_id", "expected"),
    [(5, 5), ("5", 5), ("5.0", 5), (5.7, 5), ("x", 0), (None, 0), ("", 0)],
)
def test_channel_id_parsing(channel_id: object, expected: int) -> None:
    """Channel ids are int(float(id)), 0 when that fails."""
    ds, _ = normalize(split(ds30=[ds_raw(channel_id, modulation="256QAM")]))
    assert ds[0]["channel_id"] == expected


def test_missing_values_and_type_fallback() -> None:
    """Missing numbers are None; modulation falls back to the type field."""
    ds, us = normalize(
        split(
            ds30=[ds_raw(1, type="64QAM", powerLevel="-", mse="", corrErrors=None)],
            us30=[{"channelID": 2, "type": "16QAM"}],
        )
    )
    assert ds[0]["modulation"] == "64QAM"
    assert (ds[0]["power"], ds[0]["snr"], ds[0]["correctable_errors"]) == (None, None, None)
    assert ds[0]["theoretical_bitrate"] == 41.71
    assert us[0]["modulation"] == "16QAM"
    assert (us[0]["power"], us[0]["multiplex"]) == (None, "")
    assert "profile_modulation" not in ds[0]
    assert "profile_modulation" not in us[0]


@pytest.mark.parametrize(
    "payload",
    [{}, {"channelDs": None}, {"channelDs": {"docsis30": None}}, {"docsis": "3.1"}],
)
def test_empty_payloads(payload: dict[str, Any]) -> None:
    """Payloads without channels give two empty lists."""
    assert normalize(payload) == ([], [])


def test_non_mapping_channels_are_skipped() -> None:
    """Entries that are not channel objects are ignored."""
    ds, _ = normalize(split(ds30=["junk", None, ds_raw(1, modulation="256QAM")]))  # type: ignore[list-item]
    assert [record["channel_id"] for record in ds] == [1]
