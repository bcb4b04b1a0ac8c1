"""The Netgear simulators' pages: tagValueList script pages, table pages and login forms."""

from __future__ import annotations

import html

from .plan import ChannelPlan, DsChannel, UsChannel


def uptime_text(seconds: int, *, units: bool) -> str:
    """Render an uptime as "1 days 10:17:36" or, with units, "1 days 10h:17m:36s"."""
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if units:
        return f"{days} days {hours:02d}h:{minutes:02d}m:{secs:02d}s"
    return f"{days} days {hours:02d}:{minutes:02d}:{secs:02d}"


def _hz(mhz: float) -> str:
    return f"{round(mhz * 1_000_000)} Hz"


def _lock(locked: bool) -> str:
    return "Locked" if locked else "Not Locked"


def _count(value: int, *, thousands: bool) -> str:
    return f"{value:,}" if thousands else str(value)


def ds_rows(
    plan: ChannelPlan, *, counters: bool = True, thousands: bool = False
) -> list[list[str]]:
    """Return the SC-QAM downstream rows, unlocked receivers included.

    Without counters the rows have the 7 fields of the V2 firmware (no codeword counters).
    """
    channels: list[DsChannel] = [ch for ch in plan.ds if not ch.ofdm]
    rows = []
    for index, ch in enumerate(channels, start=1):
        row = [
            str(index),
            _lock(ch.locked),
            "QAM" + ch.modulation.removesuffix("QAM"),
            str(ch.channel_id),
            _hz(ch.frequency_mhz),
            f"{ch.power:.1f} dBmV",
            f"{ch.snr:.1f} dB",
        ]
        if counters:
            row += [
                _count(ch.corrected, thousands=thousands),
                _count(ch.uncorrectable, thousands=thousands),
            ]
        rows.append(row)
    return rows


def us_rows(plan: ChannelPlan) -> list[list[str]]:
    """Return the SC-QAM upstream rows (type and symbol rate, no modulation)."""
    channels: list[UsChannel] = [ch for ch in plan.us if not ch.ofdma]
    return [
        [
            str(index),
            _lock(ch.locked),
            "ATDMA",
            str(ch.channel_id),
            f"{ch.symbol_rate_ksym} Ksym/sec",
            _hz(ch.frequency_mhz),
            f"{ch.power:.1f} dBmV",
        ]
        for index, ch in enumerate(channels, start=1)
    ]


def ofdm_rows(plan: ChannelPlan, *, thousands: bool = False) -> list[list[str]]:
    """Return the OFDM downstream rows plus the firmware's idle second receiver."""
    rows = [
        [
            str(index),
            _lock(ch.locked),
            "0 ,1 ,2 ,3",
            str(ch.channel_id),
            _hz(ch.frequency_mhz),
            f"{ch.power:.2f} dBmV",
            f"{ch.snr:.1f} dB",
            "1108 ~ 2987",
            _count(987654321, thousands=thousands),
            _count(ch.corrected, thousands=thousands),
            _count(ch.uncorrectable, thousands=thousands),
        ]
        for index, ch in enumerate((ch for ch in plan.ds if ch.ofdm), start=1)
    ]
    idle = ["Not Locked", "0", "0", "0 Hz", "0.00 dBmV", "0.0 dB", "0 ~ 0", "0", "0", "0"]
    return [*rows, [str(len(rows) + 1), *idle]]


def ofdma_rows(plan: ChannelPlan) -> list[list[str]]:
    """Return the OFDMA upstream rows plus an idle channel."""
    rows = [
        [
            str(index),
            _lock(ch.locked),
            "0 ,1",
            str(ch.channel_id),
            _hz(ch.frequency_mhz),
            f"{ch.power:.2f} dBmV",
        ]
        for index, ch in enumerate((ch for ch in plan.us if ch.ofdma), start=1)
    ]
    return [*rows, [str(len(rows) + 1), "Not Locked", "0", "0", "0 Hz", "0 dBmV"]]


def info_values(plan: ChannelPlan, *, units: bool) -> list[str]:
    """Return the InitTagValue list: startup procedure, system time at 10, uptime at 14."""
    first = next((ch for ch in plan.ds if ch.locked), None)
    return [
        _hz(first.frequency_mhz) if first else "0 Hz",
        "Locked",
        "OK",
        "Operational",
        "OK",
        "Operational",
        "OK",
        "cm-config.cfg",
        "Enabled",
        "BPI+",
        "Tue Mar 04 10:11:12 2025",
        "Honor MDD",
        "IPv6 only",
        "Allowed",
        uptime_text(plan.uptime_seconds, units=units),
    ]


def _tag_list(rows: list[list[str]]) -> str:
    return "|".join([str(len(rows)), *(cell for row in rows for cell in row)]) + "|"


def _function(name: str, value: str, note: str = "") -> str:
    return (
        f"function {name}()\n{{\n{note}    var tagValueList = '{value}';\n"
        '    return tagValueList.split("|");\n}\n'
    )


def _head(model: str) -> str:
    return (
        f"<html><head><META name=\"description\" content='{model}'>"
        f"<title>NETGEAR Gateway {model}</title>"
    )


#: Where a page puts its commented-out placeholder InitDsTableTagValue: an HTML comment
#: around a whole script block, or a JavaScript block comment inside the real script.
PLACEHOLDER_HTML = "html"
PLACEHOLDER_JS = "js"
# A dummy row count with a single row of zeros: read as data it is shorter than its count.
_PLACEHOLDER_LIST = "32|1|Not Locked|Unknown|0|0 Hz|0.0 dBmV|0.0 dB|0|0|"


def _placeholder(style: str | None) -> tuple[str, str, str]:
    """Return the placeholder to put before the script, inside it, and in the real function."""
    dummy = _function("InitDsTableTagValue", _PLACEHOLDER_LIST)
    if style == PLACEHOLDER_HTML:
        return f'<!--\n<script type="text/javascript">\n{dummy}</script>\n-->\n', "", ""
    if style == PLACEHOLDER_JS:
        return "", f"/*\n{dummy}*/\n", "    // var tagValueList = '0|';\n"
    return "", "", ""


def render_tag_page(
    plan: ChannelPlan,
    model: str,
    *,
    units: bool = False,
    placeholder: str | None = None,
    ds_counters: bool = True,
) -> str:
    """Render DocsisStatus with every table as a tagValueList in its Init function.

    `placeholder` adds a commented-out dummy InitDsTableTagValue before the real one;
    without `ds_counters` the downstream rows have the V2 firmware's 7 fields.
    """
    before, inside, note = _placeholder(placeholder)
    ds_list = _tag_list(ds_rows(plan, counters=ds_counters))
    scripts = [
        inside,
        _function("InitTagValue", "|".join(info_values(plan, units=units)) + "|"),
        _function("InitDsTableTagValue", ds_list, note),
        _function("InitUsTableTagValue", _tag_list(us_rows(plan))),
    ]
    if plan.has_docsis31:
        scripts.append(_function("InitDsOfdmTableTagValue", _tag_list(ofdm_rows(plan))))
        scripts.append(_function("InitUsOfdmaTableTagValue", _tag_list(ofdma_rows(plan))))
    return (
        _head(model)
        + before
        + '<script type="text/javascript">\n'
        + "".join(scripts)
        + '</script></head><body onload="init()"><table id="dsTable"></table>'
        + '<table id="usTable"></table></body></html>'
    )


_DS_HEADERS = (
    "Channel",
    "Lock Status",
    "Modulation",
    "Channel ID",
    "Frequency",
    "Power",
    "SNR",
    "Correctables",
    "Uncorrectables",
)
_US_HEADERS = (
    "Channel",
    "Lock Status",
    "US Channel Type",
    "Channel ID",
    "Symbol Rate",
    "Frequency",
    "Power",
)
_OFDM_HEADERS = (
    "Channel",
    "Lock Status",
    "Modulation / Profile ID",
    "Channel ID",
    "Frequency",
    "Power",
    "SNR / MER",
    "Active Subcarrier Number Range",
    "Unerrored Codewords",
    "Correctable Codewords",
    "Uncorrectable Codewords",
)
_OFDMA_HEADERS = (
    "Channel",
    "Lock Status",
    "Modulation / Profile ID",
    "Channel ID",
    "Frequency",
    "Power",
)


def _table(table_id: str, headers: tuple[str, ...], rows: list[list[str]]) -> str:
    head = "".join(f"<td><strong>{html.escape(cell)}</strong></td>" for cell in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f'<table id="{table_id}" class="table"><tr>{head}</tr>{body}</table>\n'


def render_table_page(plan: ChannelPlan, model: str, *, thousands: bool = False) -> str:
    """Render DocsisStatus with server-side tables (the firmware without tagValueList).

    With `thousands` the codeword counters carry thousands separators ("1,037").
    """
    system = [
        ["Current System Time", "Tue Mar 04 10:11:12 2025"],
        ["System Up Time", uptime_text(plan.uptime_seconds, units=False)],
        ["Connectivity State", "Operational"],
    ]
    parts = [
        _head(model) + "</head><body>",
        '<table id="systemTable">'
        + "".join(f"<tr><td>{label}</td><td>{value}</td></tr>" for label, value in system)
        + "</table>\n",
        "<h3>Downstream Bonded Channels</h3>"
        + _table("dsTable", _DS_HEADERS, ds_rows(plan, thousands=thousands)),
        "<h3>Upstream Bonded Channels</h3>" + _table("usTable", _US_HEADERS, us_rows(plan)),
    ]
    if plan.has_docsis31:
        parts.append(_table("d31dsTable", _OFDM_HEADERS, ofdm_rows(plan, thousands=thousands)))
        parts.append(_table("d31usTable", _OFDMA_HEADERS, ofdma_rows(plan)))
    return "".join(parts) + "</body></html>"


def render_login_page(
    model: str, action: str, web_token: str, user_field: str, password_field: str
) -> str:
    """Render a login form carrying the one-time webToken."""
    return (
        _head(model)
        + "</head><body>"
        + f'<form name="loginForm" method="post" action="{html.escape(action)}">'
        + f'<input type="text" name="{user_field}" value="">'
        + f'<input type="password" name="{password_field}" value="">'
        + f'<input type="hidden" name="webToken" value="{web_token}">'
        + '<input type="submit" value="Login"></form></body></html>'
    )
