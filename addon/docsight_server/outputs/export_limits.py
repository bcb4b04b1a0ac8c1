"""The report's section on the limits the values are judged against (the threshold profile)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..analysis.thresholds import MIN_CODEWORDS, PROFILE_VERSION, VFKD_PROFILE
from .markdown import band, number, table

_ROW_NAMES = {"ofdm": "OFDM channels", "sc_qam": "SC-QAM channels", "ofdma": "OFDMA channels"}
_POWER_HEADER = ("Good", "Tolerated within", "Warning within", "Critical outside")


def uncorrectable_limits() -> dict[str, float]:
    """Return the warning and critical uncorrectable shares (%) of the profile."""
    limits: dict[str, float] = VFKD_PROFILE["errors"]["uncorrectable_pct"]
    return limits


def render_thresholds() -> str:
    """Return the limits the values are judged against (the active threshold profile)."""
    profile = VFKD_PROFILE
    us_modulation = profile["upstream_modulation"]
    lines = [
        "## Limits used for the assessment",
        "",
        f"Profile: {profile['name']} (`{profile['id']}` version {PROFILE_VERSION}). "
        "A channel is judged against the row of its modulation; the row marked *default* is "
        "used for modulations without a row of their own, and OFDM/OFDMA channels use their "
        "own rows.",
        "",
        "### Downstream power (dBmV)",
        "",
        "Good inside the first range; tolerated inside the second; warning inside the third; "
        "critical outside it.",
        "",
        *table(("Modulation", *_POWER_HEADER), _power_rows(profile["downstream_power"])),
        "",
        "### Upstream transmit power (dBmV)",
        "",
        *table(("Channel type", *_POWER_HEADER), _power_rows(profile["upstream_power"])),
        "",
        "### Downstream SNR/MER (dB)",
        "",
        *table(
            ("Modulation", "Good from", "Tolerated from", "Warning from", "Critical below"),
            _snr_rows(profile["snr"]),
        ),
        "",
        "### Modulation",
        "",
        "- Downstream DOCSIS 3.1: 1024QAM or higher is good, 512QAM tolerated, 256QAM a warning, "
        "anything lower critical. Downstream DOCSIS 3.0: 64QAM or higher is good, lower critical.",
        f"- Upstream SC-QAM: QAM order {us_modulation['critical_max_qam']} (QPSK) or lower is "
        f"critical, up to {us_modulation['warning_max_qam']}QAM a warning, higher is good.",
        "- Upstream OFDMA (DOCSIS 3.1), judged by its profile modulation: 32QAM or lower is "
        "critical, 64QAM a warning, 128QAM tolerated, higher is good.",
        "",
        "### Uncorrectable errors",
        "",
        *table(
            ("Level", "Share of uncorrectable codewords"),
            [
                ("Warning", f"{uncorrectable_limits()['warning']}% or more"),
                ("Critical", f"{uncorrectable_limits()['critical']}% or more"),
            ],
        ),
        "",
        f"The share is only computed once at least {MIN_CODEWORDS} codewords were counted; "
        f"after an error spike it is ignored for {profile['errors']['spike_expiry_hours']} hours.",
    ]
    return "\n".join(lines)


def _limit_rows(
    section: Mapping[str, Any], fields: tuple[str, ...], cell: Callable[[Any], str]
) -> list[tuple[str, ...]]:
    """Return a table row per profile row (private keys left out): its label, then its fields."""
    return [
        (_row_label(key, section), *(cell(row[field]) for field in fields))
        for key, row in section.items()
        if not key.startswith("_")
    ]


def _power_rows(section: Mapping[str, Any]) -> list[tuple[str, ...]]:
    # the last two columns share the critical band: warning within it, critical outside it
    return _limit_rows(section, ("good", "warning", "critical", "critical"), band)


def _snr_rows(section: Mapping[str, Any]) -> list[tuple[str, ...]]:
    return _limit_rows(section, ("good_min", "warning_min", "critical_min", "critical_min"), number)


def _row_label(key: str, section: Mapping[str, Any]) -> str:
    label = _ROW_NAMES.get(key, key)
    return f"{label} (default)" if section.get("_default") == key else label
