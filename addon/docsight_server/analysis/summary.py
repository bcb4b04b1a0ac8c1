"""The analysis summary: aggregate figures, summary health issues and overall health."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from .families import capacity_coverage, error_counter_coverage, signal_families
from .health import overall_health, uncorrectable_issues
from .records import Record
from .thresholds import MIN_CODEWORDS, UNCORR_CRITICAL_PCT, UNCORR_WARNING_PCT, us_power_band

#: Every scalar summary field, in a stable order (storage keeps one column per name).
SUMMARY_SCALARS: tuple[str, ...] = (
    "ds_total",
    "us_total",
    "ds_power_min",
    "ds_power_max",
    "ds_power_avg",
    "us_power_min",
    "us_power_max",
    "us_power_avg",
    "ds_snr_min",
    "ds_snr_max",
    "ds_snr_avg",
    "ds_correctable_errors",
    "ds_uncorrectable_errors",
    "ds_comparable_correctable_errors",
    "ds_comparable_uncorrectable_errors",
    "errors_supported",
    "ds_capacity_mbps",
    "us_capacity_mbps",
    "ds_scqam_power_avg",
    "ds_scqam_snr_avg",
    "ds_ofdm_power_avg",
    "ds_ofdm_mer_avg",
    "us_scqam_power_avg",
    "us_ofdma_power_avg",
    "ds_uncorr_pct",
    "health",
)

#: Channel health level -> summary issue suffix (the summary says "marginal" for "warning").
_SUFFIX = {"critical": "critical", "warning": "marginal", "tolerated": "tolerated"}
_LEVELS = ("critical", "warning", "tolerated")


def uncorrectable_ratio(correctable: int | None, uncorrectable: int | None) -> float | None:
    """Return uncorrectable / all codewords in percent (2 dp); 0.0 below the codeword floor."""
    if correctable is None or uncorrectable is None:
        return None
    total = correctable + uncorrectable
    if total < MIN_CODEWORDS:
        return 0.0
    return round(uncorrectable / total * 100, 2)


def _min_max_avg(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return 0.0, 0.0, 0.0
    return round(min(values), 1), round(max(values), 1), round(sum(values) / len(values), 1)


def _avg(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _worst_issue(prefix: str, levels: set[Any], allowed: tuple[str, ...] = _LEVELS) -> list[str]:
    for level in allowed:
        if level in levels:
            return [f"{prefix}_{_SUFFIX[level]}"]
    return []


def _us_power_issues(us: Sequence[Record]) -> list[str]:
    found: set[tuple[str, str]] = set()
    for record in us:
        level = record.get("power_health")
        power = record.get("power")
        if level in _SUFFIX and power is not None:
            low = power < us_power_band(record.get("channel_family")).good[0]
            found.add((level, "low" if low else "high"))
    if not found:
        return []
    issues = []
    for index, level in enumerate(_LEVELS):
        for side in ("low", "high"):
            worse = _LEVELS[:index]
            if (level, side) in found and not any((w, side) in found for w in worse):
                issues.append(f"us_power_{_SUFFIX[level]}_{side}")
    return issues


def _health_issues(
    ds: Sequence[Record], us: Sequence[Record], uncorr_pct: float | None
) -> list[str]:
    # Only channels that are not good can contribute an issue; most are good.
    ds_bad = [record for record in ds if record.get("health") != "good"]
    us_bad = [record for record in us if record.get("health") != "good"]
    issues = _worst_issue("ds_power", {record.get("power_health") for record in ds_bad})
    issues += _worst_issue("ds_modulation", {record.get("modulation_health") for record in ds_bad})
    issues += _us_power_issues(us_bad)
    issues += _worst_issue(
        "us_modulation", {record.get("modulation_health") for record in us_bad}, _LEVELS[:2]
    )
    issues += _worst_issue("snr", {record.get("snr_health") for record in ds_bad})
    issues += uncorrectable_issues(uncorr_pct, UNCORR_WARNING_PCT, UNCORR_CRITICAL_PCT)
    return issues


_DS_KEYS = (
    "channel_family",
    "power",
    "snr",
    "correctable_errors",
    "uncorrectable_errors",
    "theoretical_bitrate",
)
_US_KEYS = ("channel_family", "power", "theoretical_bitrate")


def _rows(records: Sequence[Record], keys: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Return the given fields of every record as tuples (missing fields -> None)."""
    try:
        return list(map(itemgetter(*keys), records))
    except KeyError:
        return [tuple(record.get(key) for key in keys) for record in records]


def _downstream_figures(ds: Sequence[Record]) -> dict[str, Any]:
    power: list[float] = []
    snr_values: list[float] = []
    scqam_power: list[float] = []
    scqam_snr: list[float] = []
    ofdm_power: list[float] = []
    ofdm_mer: list[float] = []
    corr_sum = uncorr_sum = comparable_corr = comparable_uncorr = 0
    corr_seen = uncorr_seen = comparable_seen = capacity_seen = False
    capacity = 0.0
    for family, dbmv, snr, corr, uncorr, bitrate in _rows(ds, _DS_KEYS):
        if dbmv is not None:
            power.append(dbmv)
            if family == "sc_qam":
                scqam_power.append(dbmv)
            elif family == "ofdm":
                ofdm_power.append(dbmv)
        if snr is not None:
            snr_values.append(snr)
            if family == "sc_qam":
                scqam_snr.append(snr)
            elif family == "ofdm":
                ofdm_mer.append(snr)
        if corr is not None:
            corr_sum += corr
            corr_seen = True
            if uncorr is not None:
                comparable_corr += corr
                comparable_uncorr += uncorr
                comparable_seen = True
        if uncorr is not None:
            uncorr_sum += uncorr
            uncorr_seen = True
        if bitrate is not None:
            capacity += bitrate
            capacity_seen = True
    power_min, power_max, power_avg = _min_max_avg(power)
    snr_min, snr_max, snr_avg = _min_max_avg(snr_values)
    return {
        "ds_total": len(ds),
        "ds_power_min": power_min,
        "ds_power_max": power_max,
        "ds_power_avg": power_avg,
        "ds_snr_min": snr_min,
        "ds_snr_max": snr_max,
        "ds_snr_avg": snr_avg,
        "ds_correctable_errors": corr_sum if corr_seen else None,
        "ds_uncorrectable_errors": uncorr_sum if uncorr_seen else None,
        "ds_comparable_correctable_errors": comparable_corr if comparable_seen else None,
        "ds_comparable_uncorrectable_errors": comparable_uncorr if comparable_seen else None,
        "errors_supported": corr_seen or uncorr_seen,
        "ds_capacity_mbps": round(capacity, 1) if capacity_seen else None,
        "ds_scqam_power_avg": _avg(scqam_power),
        "ds_scqam_snr_avg": _avg(scqam_snr),
        "ds_ofdm_power_avg": _avg(ofdm_power),
        "ds_ofdm_mer_avg": _avg(ofdm_mer),
    }


def _upstream_figures(us: Sequence[Record]) -> dict[str, Any]:
    power: list[float] = []
    scqam_power: list[float] = []
    ofdma_power: list[float] = []
    capacity = 0.0
    capacity_seen = False
    for family, dbmv, bitrate in _rows(us, _US_KEYS):
        if dbmv is not None:
            power.append(dbmv)
            if family == "sc_qam":
                scqam_power.append(dbmv)
            elif family == "ofdma":
                ofdma_power.append(dbmv)
        if bitrate is not None:
            capacity += bitrate
            capacity_seen = True
    power_min, power_max, power_avg = _min_max_avg(power)
    return {
        "us_total": len(us),
        "us_power_min": power_min,
        "us_power_max": power_max,
        "us_power_avg": power_avg,
        "us_capacity_mbps": round(capacity, 1) if capacity_seen else None,
        "us_scqam_power_avg": _avg(scqam_power),
        "us_ofdma_power_avg": _avg(ofdma_power),
    }


def summarize(ds: Sequence[Record], us: Sequence[Record], *, detail: bool = True) -> dict[str, Any]:
    """Return the summary of assessed records; detail adds coverage and signal_families."""
    figures = _downstream_figures(ds)
    figures.update(_upstream_figures(us))
    uncorr_pct = uncorrectable_ratio(
        figures["ds_comparable_correctable_errors"], figures["ds_comparable_uncorrectable_errors"]
    )
    figures["ds_uncorr_pct"] = uncorr_pct
    issues = _health_issues(ds, us, uncorr_pct)
    figures["health"] = overall_health(issues)
    summary = {name: figures[name] for name in SUMMARY_SCALARS}
    summary["health_issues"] = issues
    if detail:
        summary["error_counter_coverage"] = error_counter_coverage(ds)
        summary["capacity_coverage"] = capacity_coverage(ds, us)
        summary["signal_families"] = signal_families(ds, us)
    return summary
