"""Per-channel assessment: power, SNR and modulation health of normalised channel records."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .health import channel_health
from .qam import clean_modulation, qam_order
from .thresholds import (
    US_MODULATION_CRITICAL_MAX_QAM,
    US_MODULATION_WARNING_MAX_QAM,
    ds_power_band,
    snr_limits,
    us_power_band,
)

_MODULATION_ISSUE = {
    "tolerated": "modulation tolerated",
    "warning": "modulation warning",
    "critical": "modulation critical",
}


def ds_modulation_health(modulation: str | None, family: str | None, docsis_version: str) -> str:
    """Return the health of a downstream modulation (3.1 rule for OFDM, 3.0 rule for SC-QAM)."""
    if clean_modulation(modulation) == "OFDM":
        return "good"
    order = qam_order(modulation)
    if order is None:
        return "good"
    if docsis_version == "3.1" and family != "sc_qam":
        if order >= 1024:
            return "good"
        if order >= 512:
            return "tolerated"
        return "warning" if order >= 256 else "critical"
    return "good" if order >= 64 else "critical"


def us_modulation_health(
    modulation: str | None,
    family: str | None,
    docsis_version: str,
    profile_modulation: str | None = None,
) -> str:
    """Return the health of an upstream modulation (OFDMA on 3.1 judged by its profile)."""
    if family == "ofdma" and docsis_version == "3.1" and profile_modulation:
        order = qam_order(profile_modulation)
        if order is None:
            return "good"
        if order <= 32:
            return "critical"
        if order <= 64:
            return "warning"
        return "tolerated" if order <= 128 else "good"
    order = qam_order(modulation)
    if order is None:
        return "good"
    if order <= US_MODULATION_CRITICAL_MAX_QAM:
        return "critical"
    return "warning" if order <= US_MODULATION_WARNING_MAX_QAM else "good"


@lru_cache(maxsize=1024)
def _ds_rules(modulation: str, family: str, docsis_version: str) -> tuple[Any, ...]:
    band = ds_power_band(modulation, family)
    limits = snr_limits(modulation, family)
    modulation_health = ds_modulation_health(modulation, family, docsis_version)
    return (
        *band.good,
        *band.warning,
        *band.critical,
        *limits,
        modulation_health,
        _MODULATION_ISSUE.get(modulation_health),
    )


@lru_cache(maxsize=1024)
def _us_rules(
    modulation: str, family: str, docsis_version: str, profile_modulation: str | None
) -> tuple[Any, ...]:
    band = us_power_band(family)
    modulation_health = us_modulation_health(modulation, family, docsis_version, profile_modulation)
    return (
        *band.good,
        *band.warning,
        *band.critical,
        modulation_health,
        _MODULATION_ISSUE.get(modulation_health),
    )


def _finish(record: dict[str, Any], issues: list[str], modulation_health: str) -> None:
    record["modulation_health"] = modulation_health
    if issues:
        record["health"] = channel_health(issues)
        record["health_detail"] = " + ".join(issues)
    else:
        record["health"] = "good"
        record["health_detail"] = ""


def _power_level(
    record: dict[str, Any],
    power: float | None,
    g_lo: float,
    g_hi: float,
    w_lo: float,
    w_hi: float,
    c_lo: float,
    c_hi: float,
) -> str | None:
    """Set or clear the record's power_health; return the level when outside the good band."""
    if power is None or g_lo <= power <= g_hi:
        record.pop("power_health", None)
        return None
    if power < c_lo or power > c_hi:
        level = "critical"
    elif power < w_lo or power > w_hi:
        level = "warning"
    else:
        level = "tolerated"
    record["power_health"] = level
    return level


def assess_downstream(record: dict[str, Any]) -> None:
    """Set health, health_detail, modulation_health and (when not good) power/snr_health."""
    (g_lo, g_hi, w_lo, w_hi, c_lo, c_hi, snr_good, snr_warn, snr_crit, mod_health, mod_issue) = (
        _ds_rules(
            record.get("modulation") or "",
            record.get("channel_family") or "unknown",
            record.get("docsis_version") or "3.0",
        )
    )
    issues: list[str] = []
    power = record.get("power")
    level = _power_level(record, power, g_lo, g_hi, w_lo, w_hi, c_lo, c_hi)
    if level is not None:
        issues.append("power " + level)
    snr = record.get("snr")
    if snr is None or snr >= snr_good:
        record.pop("snr_health", None)
    else:
        if snr < snr_crit:
            level = "critical"
        elif snr < snr_warn:
            level = "warning"
        else:
            level = "tolerated"
        record["snr_health"] = level
        issues.append("snr " + level)
    if mod_issue is not None:
        issues.append(mod_issue)
    _finish(record, issues, mod_health)


def assess_upstream(record: dict[str, Any]) -> None:
    """Set health, health_detail, modulation_health and (when not good) power_health."""
    g_lo, g_hi, w_lo, w_hi, c_lo, c_hi, mod_health, mod_issue = _us_rules(
        record.get("modulation") or "",
        record.get("channel_family") or "unknown",
        record.get("docsis_version") or "3.0",
        record.get("profile_modulation") or None,
    )
    issues: list[str] = []
    power = record.get("power")
    level = _power_level(record, power, g_lo, g_hi, w_lo, w_hi, c_lo, c_hi)
    if level is not None:
        issues.append(f"power {level} {'low' if power < g_lo else 'high'}")
    if mod_issue is not None:
        issues.append(mod_issue)
    _finish(record, issues, mod_health)


def assess_channels(ds: list[dict[str, Any]], us: list[dict[str, Any]]) -> None:
    """Assess every downstream and upstream record in place."""
    for record in ds:
        assess_downstream(record)
    for record in us:
        assess_upstream(record)
