"""The markdown report of GET /api/export: the line's state, written for a language model."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..analysis.device_events import format_uptime
from ..analysis.thresholds import MIN_CODEWORDS, PROFILE_VERSION, VFKD_PROFILE
from ..storage.event_repo import EventFilter
from ..timeutil import iso_utc, now_epoch

if TYPE_CHECKING:
    from ..context import ServerContext

_LOGGER = logging.getLogger(__name__)

MODES = ("full", "update")
EVENT_WINDOW_HOURS = {"full": 48, "update": 6}
#: The report is pasted into a chat; a flapping line must not bury the rest of it.
EVENT_LIMIT = 100
NA = "n/a"


def no_speedtests_section(context: ServerContext, mode: str) -> str:
    """Return the speed-test section shown until a speed-test feature declares its own."""
    return "## Speed tests\n\nNo speed test results are recorded yet."


async def build_export(context: ServerContext, mode: str, now: int | None = None) -> str | None:
    """Return the report for the live state, or None when there is no analysis yet."""
    analysis = context.state.analysis
    if analysis is None:
        return None
    now = now_epoch() if now is None else now
    hours = EVENT_WINDOW_HOURS[mode]
    since = now - hours * 3600
    events = await context.events.list(EventFilter(start=since), limit=EVENT_LIMIT + 1)
    state = context.state
    summary = analysis.get("summary") or {}
    parts = [
        render_header(mode, now),
        render_overview(
            summary,
            state.device_info,
            state.connection_info,
            context.settings.get("isp_name"),
            state.last_poll or None,
        ),
        render_summary(summary),
        render_ds_channels(analysis.get("ds_channels") or []),
        render_us_channels(analysis.get("us_channels") or []),
        render_events(events, hours, since),
        *await _extra_sections(context, mode),
        render_thresholds(),
        render_questions(mode),
    ]
    return "\n\n".join(parts) + "\n"


async def _extra_sections(context: ServerContext, mode: str) -> list[str]:
    texts = []
    for name, provider in list(context.registries.export_sections.items()):
        try:
            text = provider(context, mode)
            if inspect.isawaitable(text):
                text = await text
        except Exception:  # one broken feature must not take the whole report down
            _LOGGER.exception("Export section %r failed", name)
            continue
        if text:
            texts.append(text.strip())
    return texts


def render_header(mode: str, now: int) -> str:
    """Return the title and a short explanation of what the report is."""
    if mode == "update":
        purpose = (
            "This is an **update** to an earlier report: it shows the current values and the "
            f"events of the last {EVENT_WINDOW_HOURS['update']} hours."
        )
    else:
        purpose = (
            "This is a **full** report: it shows the current values, the events of the last "
            f"{EVENT_WINDOW_HOURS['full']} hours and the limits the values are judged against."
        )
    return (
        "# DOCSight report: cable internet connection (DOCSIS)\n\n"
        f"Created {iso_utc(now)}. All times are UTC (ISO 8601).\n\n"
        "DOCSight reads the signal values of a cable modem at regular intervals and judges "
        "them against the operator's limits. " + purpose
    )


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
        ("Booked download", _speed(connection.get("max_downstream_kbps"))),
        ("Booked upload", _speed(connection.get("max_upstream_kbps"))),
        ("Last reading", iso_utc(last_poll) if last_poll else NA),
        ("Overall health", str(summary.get("health") or "unknown")),
    ]
    lines = ["## Overview", "", *_table(("Item", "Value"), rows), ""]
    lines.append(health_sentence(summary.get("health")))
    issues = summary.get("health_issues") or []
    if issues:
        lines += ["", "Issues found:"]
        lines += [f"- {issue_sentence(issue, summary)}" for issue in issues]
    return "\n".join(lines)


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


def health_sentence(health: object) -> str:
    """Return the overall health in plain words."""
    return _HEALTH_WORDS.get(str(health), f"Overall health: {health or 'unknown'}.")


def issue_sentence(issue: str, summary: Mapping[str, Any]) -> str:
    """Return one summary issue id ("us_power_marginal_low", ...) in plain words."""
    if issue.startswith("uncorr_errors_"):
        pct = summary.get("ds_uncorr_pct")
        share = f"{pct}%" if pct is not None else "A share"
        limit = _uncorr_limits()["critical" if issue.endswith("critical") else "warning"]
        return (
            f"{share} of the downstream data blocks could not be repaired (uncorrectable errors); "
            f"the {'critical' if issue.endswith('critical') else 'warning'} limit is {limit}%."
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
        ("Downstream channels", _value(summary.get("ds_total"))),
        ("Upstream channels", _value(summary.get("us_total"))),
        ("Downstream power min / avg / max (dBmV)", _triple(summary, "ds_power")),
        (
            "Downstream SNR/MER min / avg (dB)",
            f"{_number(summary.get('ds_snr_min'))} / {_number(summary.get('ds_snr_avg'))}",
        ),
        ("Upstream power min / avg / max (dBmV)", _triple(summary, "us_power")),
        ("Corrected errors (since modem start)", _counter(summary.get("ds_correctable_errors"))),
        (
            "Uncorrectable errors (since modem start)",
            _counter(summary.get("ds_uncorrectable_errors")),
        ),
        ("Uncorrectable share (%)", NA if pct is None else str(pct)),
    ]
    note = (
        "The error counters run since the modem last started; the uncorrectable share is normally "
        "computed from their growth since a recent baseline, so it can be low despite large totals."
    )
    return "\n".join(["## Summary", "", *_table(("Value", "Current"), rows), "", note])


def render_ds_channels(channels: Sequence[Mapping[str, Any]]) -> str:
    """Return the downstream channel table."""
    header = (
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
    rows = [
        (
            _value(channel.get("channel_id")),
            _channel_type(channel),
            _frequency(channel.get("frequency")),
            _number(channel.get("power")),
            _number(channel.get("snr")),
            _value(channel.get("modulation")),
            _counter(channel.get("correctable_errors")),
            _counter(channel.get("uncorrectable_errors")),
            _value(channel.get("health")),
            channel.get("health_detail") or "",
        )
        for channel in channels
    ]
    intro = (
        "Error counters count since the modem last started. OFDM channels report MER "
        "in the SNR/MER column."
    )
    return _channel_section("Downstream channels", intro, header, rows)


def render_us_channels(channels: Sequence[Mapping[str, Any]]) -> str:
    """Return the upstream channel table."""
    header = (
        "ID",
        "Type",
        "Frequency",
        "Power (dBmV)",
        "Modulation",
        "Multiplex",
        "Health",
        "Detail",
    )
    rows = [
        (
            _value(channel.get("channel_id")),
            _channel_type(channel),
            _frequency(channel.get("frequency")),
            _number(channel.get("power")),
            _us_modulation(channel),
            _value(channel.get("multiplex")),
            _value(channel.get("health")),
            channel.get("health_detail") or "",
        )
        for channel in channels
    ]
    return _channel_section("Upstream channels", "", header, rows)


def _channel_section(
    title: str, intro: str, header: Sequence[str], rows: list[Sequence[str]]
) -> str:
    lines = [f"## {title}", ""]
    if intro:
        lines += [intro, ""]
    if not rows:
        return "\n".join([*lines, "The modem reported no channels."])
    return "\n".join([*lines, *_table(header, rows)])


def render_events(events: Sequence[Mapping[str, Any]], hours: int, since: int) -> str:
    """Return the events of the window, newest first (at most EVENT_LIMIT of them)."""
    lines = [
        f"## Events of the last {hours} hours",
        "",
        f"Since {iso_utc(since)}, newest first.",
        "",
    ]
    if not events:
        return "\n".join([*lines, "No events were recorded in this period."])
    rows = [
        (
            _value(event.get("timestamp")),
            _value(event.get("severity")),
            _value(event.get("event_type")),
            _value(event.get("message")),
        )
        for event in events[:EVENT_LIMIT]
    ]
    lines += _table(("Time", "Severity", "Type", "Message"), rows)
    if len(events) > EVENT_LIMIT:
        lines += ["", f"Only the newest {EVENT_LIMIT} events are shown; older ones were left out."]
    return "\n".join(lines)


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
        *_table(
            ("Modulation", "Good", "Tolerated within", "Warning within", "Critical outside"),
            _power_rows(profile["downstream_power"]),
        ),
        "",
        "### Upstream transmit power (dBmV)",
        "",
        *_table(
            ("Channel type", "Good", "Tolerated within", "Warning within", "Critical outside"),
            _power_rows(profile["upstream_power"]),
        ),
        "",
        "### Downstream SNR/MER (dB)",
        "",
        *_table(
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
        *_table(
            ("Level", "Share of uncorrectable codewords"),
            [
                ("Warning", f"{_uncorr_limits()['warning']}% or more"),
                ("Critical", f"{_uncorr_limits()['critical']}% or more"),
            ],
        ),
        "",
        f"The share is only computed once at least {MIN_CODEWORDS} codewords were counted; "
        f"after an error spike it is ignored for {profile['errors']['spike_expiry_hours']} hours.",
    ]
    return "\n".join(lines)


def render_questions(mode: str) -> str:
    """Return the closing questions for the language model."""
    if mode == "update":
        questions = [
            "What has changed compared with the earlier report, and is it better or worse?",
            "Do the new events point to a problem that is still going on?",
            "Is there anything new I should tell my internet provider or add to a complaint?",
        ]
    else:
        questions = [
            "Is this connection healthy? Explain the most important values in plain words.",
            "Which channels or values should I keep an eye on, and why?",
            "Do the events show a pattern (time of day, reboots, error bursts) that hints at a "
            "cause, such as a cable, splitter or amplifier fault, in my home or in the network?",
            "What can I check or change in my own home installation first?",
            "If I contact my internet provider, which facts from this report should I give "
            "them, and what should I ask them to do?",
        ]
    lines = ["## Questions", "", "Please answer these questions based on the data above:", ""]
    lines += [f"{number}. {question}" for number, question in enumerate(questions, start=1)]
    return "\n".join(lines)


def _power_rows(section: Mapping[str, Any]) -> list[tuple[str, ...]]:
    rows = []
    for key, row in section.items():
        if key.startswith("_"):
            continue
        rows.append(
            (
                _row_label(key, section),
                _range(row["good"]),
                _range(row["warning"]),
                _range(row["critical"]),
                _range(row["critical"]),
            )
        )
    return rows


def _snr_rows(section: Mapping[str, Any]) -> list[tuple[str, ...]]:
    return [
        (
            _row_label(key, section),
            _number(row["good_min"]),
            _number(row["warning_min"]),
            _number(row["critical_min"]),
            _number(row["critical_min"]),
        )
        for key, row in section.items()
        if not key.startswith("_")
    ]


_ROW_NAMES = {"ofdm": "OFDM channels", "sc_qam": "SC-QAM channels", "ofdma": "OFDMA channels"}


def _row_label(key: str, section: Mapping[str, Any]) -> str:
    label = _ROW_NAMES.get(key, key)
    return f"{label} (default)" if section.get("_default") == key else label


def _uncorr_limits() -> dict[str, float]:
    return VFKD_PROFILE["errors"]["uncorrectable_pct"]


def _range(band: Sequence[float]) -> str:
    return f"{_number(band[0])} to {_number(band[1])}"


def _speed(kbps: object) -> str:
    if not isinstance(kbps, int | float) or isinstance(kbps, bool) or kbps <= 0:
        return NA
    return f"{kbps / 1000:g} Mbit/s"


def _triple(summary: Mapping[str, Any], prefix: str) -> str:
    return " / ".join(_number(summary.get(f"{prefix}_{name}")) for name in ("min", "avg", "max"))


def _channel_type(channel: Mapping[str, Any]) -> str:
    family = {"sc_qam": "SC-QAM", "ofdm": "OFDM", "ofdma": "OFDMA"}.get(
        str(channel.get("channel_family")), ""
    )
    version = channel.get("docsis_version")
    text = " ".join(part for part in (f"DOCSIS {version}" if version else "", family) if part)
    return text or NA


def _us_modulation(channel: Mapping[str, Any]) -> str:
    modulation = _value(channel.get("modulation"))
    profile = channel.get("profile_modulation")
    return f"{modulation} (profile {profile})" if profile else modulation


def _frequency(value: object) -> str:
    if value is None or value == "":
        return NA
    text = str(value).strip()
    return text if "hz" in text.lower() else f"{text} MHz"


def _number(value: object) -> str:
    if value is None or isinstance(value, bool):
        return NA
    if isinstance(value, float):
        return str(round(value, 2))
    if isinstance(value, int):
        return str(value)
    return str(value)


def _counter(value: object) -> str:
    return NA if value is None else str(value)


def _value(value: object) -> str:
    return NA if value is None or value == "" else str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(str(cell)) for cell in row) + " |" for row in rows]
    return lines
