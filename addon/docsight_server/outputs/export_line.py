"""The report's sections on the line's state: overview, summary and the channel tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..analysis.device_events import format_uptime
from ..timeutil import iso_utc
from .export_limits import uncorrectable_limits
from .markdown import NA, channel_type, counter, frequency, number, speed, table, value_text

_HEALTH_WORDS = {
    "good": "Overall health is **good**: every value is inside the recommended range.",
    "tolerated": (
        "Overall health is **tolerated**: some values are a little outside the ideal range "
        "but still acceptable to the operator."
    ),
    "marginal": (
        "Overall health is **marginal**: some values are in the warning range; drop-outs or "
        "reduced speed are possible."
    ),
    "critical": (
        "Overall health is **critical**: some values are outside the operator's limits; "
        "connection problems are likely."
    ),
}

_ISSUE_SUBJECTS = {
    "ds_power": "Downstream receive power",
    "ds_modulation": "Downstream modulation",
    "us_power": "Upstream transmit power",
    "us_modulation": "Upstream modulation",
    "snr": "Downstream signal-to-noise ratio (SNR/MER)",
}
_ISSUE_LEVELS = {
    "critical": "in the critical range",
    "marginal": "in the warning range",
    "tolerated": "slightly outside the ideal range (still tolerated)",
}


def render_overview(
    summary: Mapping[str, Any],
    device_info: Mapping[str, Any] | None,
    connection_info: Mapping[str, Any] | None,
    isp_name: str | None,
    last_poll: float | None,
) -> str:
    """Return the overview: device, provider, booked speeds, last reading and overall health."""
    device = device_info or {}
    connection = connection_info or {}
    model = " ".join(str(device[key]) for key in ("manufacturer", "model") if device.get(key))
    uptime = device.get("uptime_seconds")
    # WAN addresses are left out on purpose: the text is meant to be pasted into third-party tools.
    rows = [
        ("Modem", model or NA),
        ("Firmware", device.get("sw_version") or NA),
        ("Uptime", format_uptime(uptime) if uptime is not None else NA),
        ("DOCSIS status", device.get("docsis_status") or NA),
        ("Internet provider", isp_name or "not configured"),
        ("Connection type", connection.get("connection_type") or NA),
        ("Booked download", speed(connection.get("max_downstream_kbps"))),
        ("Booked upload", speed(connection.get("max_upstream_kbps"))),
        ("Last reading", iso_utc(last_poll) if last_poll else NA),
        ("Overall health", str(summary.get("health") or "unknown")),
    ]
    lines = ["## Overview", "", *table(("Item", "Value"), rows), ""]
    lines.append(health_sentence(summary.get("health")))
    issues = summary.get("health_issues") or []
    if issues:
        lines += ["", "Issues found:"]
        lines += [f"- {issue_sentence(issue, summary)}" for issue in issues]
    return "\n".join(lines)


def health_sentence(health: object) -> str:
    """Return the overall health in plain words."""
    return _HEALTH_WORDS.get(str(health), f"Overall health: {health or 'unknown'}.")


def issue_sentence(issue: str, summary: Mapping[str, Any]) -> str:
    """Return one summary issue id ("us_power_marginal_low", ...) in plain words."""
    if issue.startswith("uncorr_errors_"):
        pct = summary.get("ds_uncorr_pct")
        share = f"{pct}%" if pct is not None else "A share"
        level = "critical" if issue.endswith("critical") else "warning"
        limit = uncorrectable_limits()[level]
        return (
            f"{share} of the downstream data blocks could not be repaired (uncorrectable errors); "
            f"the {level} limit is {limit}%."
        )
    for prefix, subject in _ISSUE_SUBJECTS.items():
        if not issue.startswith(prefix + "_"):
            continue
        level, _, side = issue[len(prefix) + 1 :].partition("_")
        if level not in _ISSUE_LEVELS:
            break
        if side in ("low", "high"):
            return f"{subject} is too {side} on at least one channel: {_ISSUE_LEVELS[level]}."
        return f"{subject} is {_ISSUE_LEVELS[level]} on at least one channel."
    return f"Issue: {issue}."


def render_summary(summary: Mapping[str, Any]) -> str:
    """Return the summary table of the latest reading."""
    pct = summary.get("ds_uncorr_pct")
    rows = [
        ("Downstream channels", value_text(summary.get("ds_total"))),
        ("Upstream channels", value_text(summary.get("us_total"))),
        ("Downstream power min / avg / max (dBmV)", _triple(summary, "ds_power")),
        (
            "Downstream SNR/MER min / avg (dB)",
            f"{number(summary.get('ds_snr_min'))} / {number(summary.get('ds_snr_avg'))}",
        ),
        ("Upstream power min / avg / max (dBmV)", _triple(summary, "us_power")),
        ("Corrected errors (since modem start)", counter(summary.get("ds_correctable_errors"))),
        (
            "Uncorrectable errors (since modem start)",
            counter(summary.get("ds_uncorrectable_errors")),
        ),
        ("Uncorrectable share (%)", NA if pct is None else str(pct)),
    ]
    note = (
        "The error counters run since the modem last started; the uncorrectable share is normally "
        "computed from their growth since a recent baseline, so it can be low despite large totals."
    )
    return "\n".join(["## Summary", "", *table(("Value", "Current"), rows), "", note])


def _triple(summary: Mapping[str, Any], prefix: str) -> str:
    return " / ".join(number(summary.get(f"{prefix}_{name}")) for name in ("min", "avg", "max"))


_DS_HEADER = (
    "ID",
    "Type",
    "Frequency",
    "Power (dBmV)",
    "SNR/MER (dB)",
    "Modulation",
    "Corrected",
    "Uncorrectable",
    "Health",
    "Detail",
)
_US_HEADER = (
    "ID",
    "Type",
    "Frequency",
    "Power (dBmV)",
    "Modulation",
    "Multiplex",
    "Health",
    "Detail",
)


def render_ds_channels(channels: Sequence[Mapping[str, Any]]) -> str:
    """Return the downstream channel table."""
    rows = [
        (
            *_channel_cells(channel),
            number(channel.get("snr")),
            value_text(channel.get("modulation")),
            counter(channel.get("correctable_errors")),
            counter(channel.get("uncorrectable_errors")),
            *_health_cells(channel),
        )
        for channel in channels
    ]
    intro = (
        "Error counters count since the modem last started. OFDM channels report MER "
        "in the SNR/MER column."
    )
    return _channel_section("Downstream channels", intro, _DS_HEADER, rows)


def render_us_channels(channels: Sequence[Mapping[str, Any]]) -> str:
    """Return the upstream channel table."""
    rows = [
        (
            *_channel_cells(channel),
            _us_modulation(channel),
            value_text(channel.get("multiplex")),
            *_health_cells(channel),
        )
        for channel in channels
    ]
    return _channel_section("Upstream channels", "", _US_HEADER, rows)


def _channel_cells(channel: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """Return the ID, type, frequency and power cells every channel row starts with."""
    return (
        value_text(channel.get("channel_id")),
        channel_type(channel),
        frequency(channel.get("frequency")),
        number(channel.get("power")),
    )


def _health_cells(channel: Mapping[str, Any]) -> tuple[str, object]:
    """Return the health and health detail cells every channel row ends with."""
    return value_text(channel.get("health")), channel.get("health_detail") or ""


def _us_modulation(channel: Mapping[str, Any]) -> str:
    modulation = value_text(channel.get("modulation"))
    profile = channel.get("profile_modulation")
    return f"{modulation} (profile {profile})" if profile else modulation


def _channel_section(
    title: str, intro: str, header: Sequence[str], rows: Sequence[Sequence[object]]
) -> str:
    lines = [f"## {title}", ""]
    if intro:
        lines += [intro, ""]
    if not rows:
        return "\n".join([*lines, "The modem reported no channels."])
    return "\n".join([*lines, *table(header, rows)])
