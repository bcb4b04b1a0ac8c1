"""The built-in threshold profile (Vodafone KD / EuroDOCSIS) and its lookup rules."""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any, NamedTuple

from .qam import clean_modulation

PROFILE_ID = "docsight.thresholds_vfkd"
PROFILE_VERSION = "1.1.0"
PROFILE_REF = {"id": PROFILE_ID, "version": PROFILE_VERSION}

#: Power in dBmV, SNR/MER in dB; bands are inclusive [min, max] pairs.
#: `_default` names the row used when a modulation has no row of its own.
VFKD_PROFILE: dict[str, Any] = {
    "id": PROFILE_ID,
    "version": PROFILE_VERSION,
    "name": "Vodafone Kabel Deutschland (EuroDOCSIS)",
    "downstream_power": {
        "_default": "256QAM",
        "64QAM": {"good": [-10, 7], "warning": [-12, 12], "critical": [-14, 16]},
        "256QAM": {"good": [-4, 13], "warning": [-6, 15], "critical": [-8, 16]},
        "1024QAM": {"good": [-2, 15], "warning": [-4, 16], "critical": [-6, 16]},
        "4096QAM": {"good": [-2, 15], "warning": [-4, 16], "critical": [-6, 16]},
        "ofdm": {"good": [-12, 12], "warning": [-15, 15], "critical": [-15, 15]},
    },
    "upstream_power": {
        "_default": "sc_qam",
        "sc_qam": {"good": [41.1, 47.0], "warning": [37.1, 51.0], "critical": [35.0, 53.0]},
        "ofdma": {"good": [44.1, 47.0], "warning": [40.1, 48.0], "critical": [38.0, 50.0]},
    },
    "snr": {
        "_default": "256QAM",
        "64QAM": {"good_min": 27, "warning_min": 25, "critical_min": 23},
        "256QAM": {"good_min": 33, "warning_min": 31, "critical_min": 29},
        "1024QAM": {"good_min": 39, "warning_min": 37, "critical_min": 36},
        "4096QAM": {"good_min": 40, "warning_min": 38, "critical_min": 36},
        "ofdm": {"good_min": 27, "warning_min": 25.5, "critical_min": 24.5},
    },
    "upstream_modulation": {"critical_max_qam": 4, "warning_max_qam": 16},
    "errors": {"uncorrectable_pct": {"warning": 1.0, "critical": 3.0}, "spike_expiry_hours": 48},
}

US_MODULATION_CRITICAL_MAX_QAM: int = VFKD_PROFILE["upstream_modulation"]["critical_max_qam"]
US_MODULATION_WARNING_MAX_QAM: int = VFKD_PROFILE["upstream_modulation"]["warning_max_qam"]
UNCORR_WARNING_PCT: float = VFKD_PROFILE["errors"]["uncorrectable_pct"]["warning"]
UNCORR_CRITICAL_PCT: float = VFKD_PROFILE["errors"]["uncorrectable_pct"]["critical"]
SPIKE_EXPIRY_HOURS: int = VFKD_PROFILE["errors"]["spike_expiry_hours"]
#: Below this many comparable codewords the uncorrectable ratio is reported as 0.0.
MIN_CODEWORDS = 1000


class PowerBand(NamedTuple):
    """Inclusive (min, max) power ranges for good, warning and critical."""

    good: tuple[float, float]
    warning: tuple[float, float]
    critical: tuple[float, float]


class SnrLimits(NamedTuple):
    """Lowest SNR/MER still counted as good, warning and critical."""

    good_min: float
    warning_min: float
    critical_min: float


def public_profile() -> dict[str, Any]:
    """Return a deep copy of the profile without any key starting with "_" (GET /api/thresholds)."""
    return _public_mapping(VFKD_PROFILE)


def _public_mapping(mapping: dict[Any, Any]) -> dict[str, Any]:
    return {
        key: _without_private(item)
        for key, item in mapping.items()
        if not (isinstance(key, str) and key.startswith("_"))
    }


def _without_private(value: object) -> object:
    if isinstance(value, dict):
        return _public_mapping(value)
    if isinstance(value, list):
        return [_without_private(item) for item in value]
    return copy.deepcopy(value)


def _section_row(section: dict[str, Any], key: str | None) -> dict[str, Any]:
    """Return a profile section's row, or its default row (named by `_default`, or inline)."""
    row: dict[str, Any]
    if key is not None and key in section:
        row = section[key]
    else:
        default = section["_default"]
        row = section[default] if isinstance(default, str) else default
    return row


def _row(section_name: str, modulation: object, family: str | None) -> dict[str, Any]:
    section: dict[str, Any] = VFKD_PROFILE[section_name]
    if family == "ofdm" and "ofdm" in section:
        return _section_row(section, "ofdm")
    key = clean_modulation(modulation)
    if key not in section and key in ("OFDM", "OFDMA") and "4096QAM" in section:
        key = "4096QAM"
    return _section_row(section, key)


def _pair(values: list[float]) -> tuple[float, float]:
    return (float(values[0]), float(values[1]))


@lru_cache(maxsize=256)
def ds_power_band(modulation: str | None, family: str | None) -> PowerBand:
    """Return the downstream power band for a modulation (family "ofdm" uses the ofdm row)."""
    row = _row("downstream_power", modulation, family)
    return PowerBand(_pair(row["good"]), _pair(row["warning"]), _pair(row["critical"]))


@lru_cache(maxsize=16)
def us_power_band(family: str | None) -> PowerBand:
    """Return the upstream power band: the ofdma row for OFDMA channels, else the SC-QAM row."""
    usable = family is not None and not family.startswith("_")
    row = _section_row(VFKD_PROFILE["upstream_power"], family if usable else None)
    return PowerBand(_pair(row["good"]), _pair(row["warning"]), _pair(row["critical"]))


@lru_cache(maxsize=256)
def snr_limits(modulation: str | None, family: str | None) -> SnrLimits:
    """Return the SNR/MER limits for a modulation (family "ofdm" uses the ofdm row)."""
    row = _row("snr", modulation, family)
    return SnrLimits(float(row["good_min"]), float(row["warning_min"]), float(row["critical_min"]))
