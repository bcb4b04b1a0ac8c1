"""Channel records <-> narrow sample rows (values in hundredths)."""

from __future__ import annotations

from typing import Any

from ..analysis.health import CHANNEL_HEALTH, CHANNEL_RANK
from .catalogs import UPSTREAM, ModulationCodes, Series

SAMPLE_COLUMNS = (
    "series_id",
    "ts",
    "power",
    "snr",
    "corrected",
    "uncorrected",
    "modulation",
    "profile_modulation",
    "bitrate",
    "health",
)
MAX_NAME = 32


def to_centi(value: float | None) -> int | None:
    """Return a value in hundredths as an integer (None stays None)."""
    return None if value is None else round(value * 100)


def from_centi(value: int | None) -> float | None:
    """Return a float from hundredths (None stays None)."""
    return None if value is None else value / 100


def modulation_names(record: dict[str, Any]) -> set[str]:
    """Return the modulation names a record stores."""
    return {
        str(name)[:MAX_NAME]
        for name in (record.get("modulation"), record.get("profile_modulation"))
        if name is not None
    }


def sample_row(
    series_id: int, ts: int, record: dict[str, Any], codes: ModulationCodes
) -> tuple[Any, ...]:
    """Return the sample row for one analysed channel record."""
    modulation = record.get("modulation")
    profile = record.get("profile_modulation")
    return (
        series_id,
        ts,
        to_centi(record.get("power")),
        to_centi(record.get("snr")),
        record.get("correctable_errors"),
        record.get("uncorrectable_errors"),
        None if modulation is None else codes.code(str(modulation)[:MAX_NAME]),
        None if profile is None else codes.code(str(profile)[:MAX_NAME]),
        to_centi(record.get("theoretical_bitrate")),
        CHANNEL_RANK.get(record.get("health", "good"), 0),
    )


def channel_record(series: Series, row: Any, codes: ModulationCodes) -> dict[str, Any]:
    """Return the normalized (not yet assessed) channel record of a stored sample."""
    record: dict[str, Any] = {
        "channel_id": series.channel_id,
        "frequency": series.frequency,
        "power": from_centi(row.power),
        "modulation": codes.name(row.modulation),
    }
    if series.direction == UPSTREAM:
        record["multiplex"] = series.multiplex
    else:
        record["snr"] = from_centi(row.snr)
        record["correctable_errors"] = row.corrected
        record["uncorrectable_errors"] = row.uncorrected
    record["docsis_version"] = series.docsis_version
    record["channel_family"] = series.channel_family
    record["theoretical_bitrate"] = from_centi(row.bitrate)
    if row.profile_modulation is not None:
        record["profile_modulation"] = codes.name(row.profile_modulation)
    return record


def health_name(code: int) -> str:
    """Return the channel health name of a stored code."""
    return CHANNEL_HEALTH[code] if 0 <= code < len(CHANNEL_HEALTH) else "good"
