"""Prometheus text exposition (format 0.0.4) of the live signal state, names as upstream."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..analysis.channels import frequency_label
from ..analysis.qam import qam_order

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
HEALTH_VALUES = {"good": 0, "tolerated": 1, "marginal": 2, "critical": 3}
UNKNOWN_HEALTH = 4

Labels = Mapping[str, Any]
Sample = tuple[Labels, Any]
ChannelValue = Callable[[Mapping[str, Any]], Any]


def escape_label(value: object) -> str:
    """Escape a label value: backslash, double quote and newline."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _escape_help(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def format_value(value: Any) -> str | None:
    """Return a sample value as exposition text; None when it is not a number."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "+Inf" if number > 0 else "-Inf"
    return repr(number)


class Exposition:
    """Collects metric families and renders them as text."""

    def __init__(self) -> None:
        """Start empty."""
        self._lines: list[str] = []

    def family(
        self, name: str, help_text: str, samples: Iterable[Sample], kind: str = "gauge"
    ) -> None:
        """Add a family with HELP and TYPE; samples with a null or non-numeric value are skipped."""
        self._lines.append(f"# HELP {name} {_escape_help(help_text)}")
        self._lines.append(f"# TYPE {name} {kind}")
        for labels, value in samples:
            text = format_value(value)
            if text is None:
                continue
            if labels:
                pairs = ",".join(f'{key}="{escape_label(val)}"' for key, val in labels.items())
                self._lines.append(f"{name}{{{pairs}}} {text}")
            else:
                self._lines.append(f"{name} {text}")

    def single(self, name: str, help_text: str, value: Any, labels: Labels | None = None) -> None:
        """Add a gauge family with one sample."""
        self.family(name, help_text, [(labels or {}, value)])

    def render(self) -> str:
        """Return the exposition text (ends with a newline)."""
        return "\n".join(self._lines) + "\n"


def channel_labels(channel: Mapping[str, Any]) -> dict[str, str]:
    """Return {channel_id, frequency} for a channel (frequency omitted when unknown)."""
    labels = {"channel_id": str(channel.get("channel_id"))}
    frequency = frequency_label(channel.get("frequency"))
    if frequency:
        labels["frequency"] = frequency
    return labels


def _channel_samples(channels: list[Mapping[str, Any]], value: ChannelValue) -> list[Sample]:
    return [(channel_labels(channel), value(channel)) for channel in channels]


def _modulation(channel: Mapping[str, Any]) -> int | None:
    return qam_order(channel.get("modulation"))


def _health_value(analysis: Mapping[str, Any] | None) -> int:
    if not analysis:
        return UNKNOWN_HEALTH
    return HEALTH_VALUES.get(str(analysis.get("summary", {}).get("health")), UNKNOWN_HEALTH)


def _present(value: Any) -> bool:
    return value not in (None, "")


def _signal_families(out: Exposition, analysis: Mapping[str, Any] | None) -> None:
    summary = (analysis or {}).get("summary", {})
    out.single(
        "docsight_health_status",
        "DOCSIS signal health status: 0=good 1=tolerated 2=marginal 3=critical 4=unknown",
        _health_value(analysis),
    )
    out.single(
        "docsight_downstream_channels_total",
        "Number of active downstream channels",
        summary.get("ds_total", 0),
    )
    out.single(
        "docsight_upstream_channels_total",
        "Number of active upstream channels",
        summary.get("us_total", 0),
    )
    ds = list((analysis or {}).get("ds_channels") or [])
    if ds:
        out.family(
            "docsight_downstream_power_dbmv",
            "Downstream channel receive power level in dBmV",
            _channel_samples(ds, lambda ch: ch.get("power")),
        )
        out.family(
            "docsight_downstream_snr_db",
            "Downstream channel signal-to-noise ratio in dB",
            _channel_samples(ds, lambda ch: ch.get("snr")),
        )
        out.family(
            "docsight_downstream_corrected_errors_total",
            "Downstream channel correctable codeword errors (cumulative)",
            _channel_samples(ds, lambda ch: ch.get("correctable_errors")),
            "counter",
        )
        out.family(
            "docsight_downstream_uncorrected_errors_total",
            "Downstream channel uncorrectable codeword errors (cumulative)",
            _channel_samples(ds, lambda ch: ch.get("uncorrectable_errors")),
            "counter",
        )
        out.family(
            "docsight_downstream_modulation",
            "Downstream channel QAM modulation order (e.g. 256 for 256-QAM)",
            _channel_samples(ds, _modulation),
        )
    us = list((analysis or {}).get("us_channels") or [])
    if us:
        out.family(
            "docsight_upstream_power_dbmv",
            "Upstream channel transmit power level in dBmV",
            _channel_samples(us, lambda ch: ch.get("power")),
        )
        out.family(
            "docsight_upstream_modulation",
            "Upstream channel QAM modulation order (e.g. 64 for 64-QAM)",
            _channel_samples(us, _modulation),
        )


def _device_families(out: Exposition, device: Mapping[str, Any]) -> None:
    if not device:
        return
    identity = {
        key: device[key]
        for key in ("model", "hw_version", "sw_version")
        if _present(device.get(key))
    }
    out.single("docsight_device_info", "Device identification (model, hw/sw version)", 1, identity)
    status = device.get("docsis_status")
    if _present(status):
        out.single(
            "docsight_docsis_online",
            "1 when the modem reports DOCSIS online, 0 otherwise",
            1 if str(status).strip().lower() == "online" else 0,
        )
    if device.get("uptime_seconds") is not None:
        out.single(
            "docsight_device_uptime_seconds", "Device uptime in seconds", device["uptime_seconds"]
        )
    info_families = (
        ("docsight_last_reboot_reason_info", "reboot_reason", "reason", "last modem reboot reason"),
        ("docsight_device_wan_ipv4_info", "wan_ipv4", "wan_ipv4", "WAN IPv4 address"),
        ("docsight_device_wan_ipv6_info", "wan_ipv6", "wan_ipv6", "WAN IPv6 address"),
    )
    for name, key, label, what in info_families:
        if _present(device.get(key)):
            out.single(
                name, f"The {what} (in the label; the value is always 1)", 1, {label: device[key]}
            )


def _connection_families(out: Exposition, connection: Mapping[str, Any] | None) -> None:
    if not connection:
        return
    for direction in ("downstream", "upstream"):
        value = connection.get(f"max_{direction}_kbps")
        if value is not None:
            out.single(
                f"docsight_connection_max_{direction}_kbps",
                f"Maximum {direction} speed in kbps as reported by the modem",
                value,
            )


def format_metrics(
    analysis: Mapping[str, Any] | None,
    device_info: Mapping[str, Any] | None,
    connection_info: Mapping[str, Any] | None,
    last_poll: float,
) -> str:
    """Return the exposition of the live state (health 4 and no channel families without data)."""
    out = Exposition()
    _signal_families(out, analysis)
    _device_families(out, device_info or {})
    _connection_families(out, connection_info)
    out.single(
        "docsight_last_poll_timestamp_seconds",
        "Unix timestamp of the last successful modem data poll",
        float(last_poll or 0.0),
    )
    return out.render()
