"""The built-in VFKD threshold profile, its public form and the lookup rules."""

from __future__ import annotations

from typing import Any

import pytest

from docsight_server.analysis import thresholds
from docsight_server.analysis.thresholds import (
    PROFILE_REF,
    VFKD_PROFILE,
    PowerBand,
    SnrLimits,
    ds_power_band,
    public_profile,
    snr_limits,
    us_power_band,
)

EXPECTED_PUBLIC = {
    "id": "docsight.thresholds_vfkd",
    "version": "1.1.0",
    "name": "Vodafone Kabel Deutschland (EuroDOCSIS)",
    "downstream_power": {
        "64QAM": {"good": [-10, 7], "warning": [-12, 12], "critical": [-14, 16]},
        "256QAM": {"good": [-4, 13], "warning": [-6, 15], "critical": [-8, 16]},
        "1024QAM": {"good": [-2, 15], "warning": [-4, 16], "critical": [-6, 16]},
        "4096QAM": {"good": [-2, 15], "warning": [-4, 16], "critical": [-6, 16]},
        "ofdm": {"good": [-12, 12], "warning": [-15, 15], "critical": [-15, 15]},
    },
    "upstream_power": {
        "sc_qam": {"good": [41.1, 47.0], "warning": [37.1, 51.0], "critical": [35.0, 53.0]},
        "ofdma": {"good": [44.1, 47.0], "warning": [40.1, 48.0], "critical": [38.0, 50.0]},
    },
    "snr": {
        "64QAM": {"good_min": 27, "warning_min": 25, "critical_min": 23},
        "256QAM": {"good_min": 33, "warning_min": 31, "critical_min": 29},
        "1024QAM": {"good_min": 39, "warning_min": 37, "critical_min": 36},
        "4096QAM": {"good_min": 40, "warning_min": 38, "critical_min": 36},
        "ofdm": {"good_min": 27, "warning_min": 25.5, "critical_min": 24.5},
    },
    "upstream_modulation": {"critical_max_qam": 4, "warning_max_qam": 16},
    "errors": {"uncorrectable_pct": {"warning": 1.0, "critical": 3.0}, "spike_expiry_hours": 48},
}


def _private_keys(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [key for key in value if key.startswith("_")]
        return found + [key for item in value.values() for key in _private_keys(item)]
    if isinstance(value, list):
        return [key for item in value for key in _private_keys(item)]
    return []


def test_profile_reference() -> None:
    """The profile identifies itself as docsight.thresholds_vfkd 1.1.0."""
    assert PROFILE_REF == {"id": "docsight.thresholds_vfkd", "version": "1.1.0"}
    assert (VFKD_PROFILE["id"], VFKD_PROFILE["version"]) == ("docsight.thresholds_vfkd", "1.1.0")


def test_every_section_has_a_default() -> None:
    """Power and SNR sections carry a `_default` (hidden from the public form)."""
    for section in ("downstream_power", "upstream_power", "snr"):
        assert "_default" in VFKD_PROFILE[section]


def test_public_profile_numbers() -> None:
    """The public profile holds exactly the documented numbers and no private keys."""
    public = public_profile()
    assert public == EXPECTED_PUBLIC
    assert _private_keys(public) == []


def test_public_profile_is_a_deep_copy() -> None:
    """Changing the returned profile leaves the built-in one untouched."""
    public = public_profile()
    public["downstream_power"]["256QAM"]["good"][0] = 99
    public["errors"]["uncorrectable_pct"]["warning"] = 42
    assert VFKD_PROFILE["downstream_power"]["256QAM"]["good"][0] == -4
    assert VFKD_PROFILE["errors"]["uncorrectable_pct"]["warning"] == 1.0


def test_public_profile_strips_private_keys_at_every_level(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Keys starting with "_" disappear in nested dicts and in dicts inside lists."""
    monkeypatch.setitem(VFKD_PROFILE, "_note", "top")
    monkeypatch.setitem(VFKD_PROFILE, "extra", {"_hidden": 1, "rows": [{"_x": 1, "y": 2}]})
    public = public_profile()
    assert "_note" not in public
    assert public["extra"] == {"rows": [{"y": 2}]}


def test_constants() -> None:
    """Error and upstream-modulation limits are exposed as constants."""
    assert thresholds.UNCORR_WARNING_PCT == 1.0
    assert thresholds.UNCORR_CRITICAL_PCT == 3.0
    assert thresholds.SPIKE_EXPIRY_HOURS == 48
    assert thresholds.MIN_CODEWORDS == 1000
    assert thresholds.US_MODULATION_CRITICAL_MAX_QAM == 4
    assert thresholds.US_MODULATION_WARNING_MAX_QAM == 16


ROW_256 = PowerBand((-4.0, 13.0), (-6.0, 15.0), (-8.0, 16.0))
ROW_64 = PowerBand((-10.0, 7.0), (-12.0, 12.0), (-14.0, 16.0))
ROW_4096 = PowerBand((-2.0, 15.0), (-4.0, 16.0), (-6.0, 16.0))
ROW_OFDM = PowerBand((-12.0, 12.0), (-15.0, 15.0), (-15.0, 15.0))


@pytest.mark.parametrize(
    ("modulation", "family", "expected"),
    [
        ("256QAM", "sc_qam", ROW_256),
        ("64QAM", "sc_qam", ROW_64),
        ("64-qam", "sc_qam", ROW_64),
        ("64_QAM", "sc_qam", ROW_64),
        ("1024QAM", "sc_qam", ROW_4096),
        ("4096QAM", "sc_qam", ROW_4096),
        # No exact key after upper-casing and stripping: the section default.
        ("QAM64", "sc_qam", ROW_256),
        ("128QAM", "sc_qam", ROW_256),
        ("", "sc_qam", ROW_256),
        (None, None, ROW_256),
        # OFDM/OFDMA modulation of a non-OFDM family maps to the 4096QAM row.
        ("OFDM", "sc_qam", ROW_4096),
        ("ofdma", "unknown", ROW_4096),
        # Family ofdm always uses the ofdm row.
        ("4096QAM", "ofdm", ROW_OFDM),
        ("64QAM", "ofdm", ROW_OFDM),
        ("", "ofdm", ROW_OFDM),
    ],
)
def test_ds_power_band(modulation: str | None, family: str | None, expected: PowerBand) -> None:
    """Downstream power rows follow the key lookup rules."""
    assert ds_power_band(modulation, family) == expected


@pytest.mark.parametrize(
    ("modulation", "family", "expected"),
    [
        ("256QAM", "sc_qam", SnrLimits(33, 31, 29)),
        ("64QAM", "sc_qam", SnrLimits(27, 25, 23)),
        ("1024QAM", "sc_qam", SnrLimits(39, 37, 36)),
        ("4096QAM", "sc_qam", SnrLimits(40, 38, 36)),
        ("OFDM", "unknown", SnrLimits(40, 38, 36)),
        ("qam_256", "sc_qam", SnrLimits(33, 31, 29)),
        ("32QAM", "sc_qam", SnrLimits(33, 31, 29)),
        ("4096QAM", "ofdm", SnrLimits(27, 25.5, 24.5)),
    ],
)
def test_snr_limits(modulation: str, family: str, expected: SnrLimits) -> None:
    """SNR limits follow the same key rules; the ofdm family uses the MER row."""
    assert snr_limits(modulation, family) == expected


@pytest.mark.parametrize(
    ("family", "expected"),
    [
        ("sc_qam", PowerBand((41.1, 47.0), (37.1, 51.0), (35.0, 53.0))),
        ("unknown", PowerBand((41.1, 47.0), (37.1, 51.0), (35.0, 53.0))),
        (None, PowerBand((41.1, 47.0), (37.1, 51.0), (35.0, 53.0))),
        ("_default", PowerBand((41.1, 47.0), (37.1, 51.0), (35.0, 53.0))),
        ("ofdma", PowerBand((44.1, 47.0), (40.1, 48.0), (38.0, 50.0))),
    ],
)
def test_us_power_band(family: str | None, expected: PowerBand) -> None:
    """OFDMA channels use the ofdma row, everything else the SC-QAM row."""
    assert us_power_band(family) == expected


def test_lookups_are_cached() -> None:
    """Repeated lookups return the very same object (they run per channel per poll)."""
    assert ds_power_band("256QAM", "sc_qam") is ds_power_band("256QAM", "sc_qam")
    assert snr_limits("64QAM", "sc_qam") is snr_limits("64QAM", "sc_qam")
    assert us_power_band("ofdma") is us_power_band("ofdma")
