"""Arris Touchstone/SURFboard HTML status pages: /cmconnectionstatus.html and /cmswinfo.html.

The CM8200A and the SB8200 (firmware without HNAP) share this page layout: a "Downstream Bonded
Channels" table with 8 columns and an "Upstream Bonded Channels" table with 7 columns.
"""

from __future__ import annotations

import re
from typing import Any

from .common import (
    HtmlTable,
    Lanes,
    ParseResult,
    clock_seconds,
    html_tables,
    integer,
    split_result,
    unexpected,
)
from .records import (
    RowKeys,
    base_record,
    ofdm_downstream,
    ofdma_upstream,
    qam_downstream,
    stated_modulation,
)

_DS_ALIASES = {
    "channel_id": ("Channel ID",),
    "lock": ("Lock Status",),
    "modulation": ("Modulation",),
    "frequency": ("Frequency",),
    "power": ("Power",),
    "snr": ("SNR/MER", "SNR"),
    "corrected": ("Corrected",),
    "uncorrectable": ("Uncorrectables", "Uncorrectable"),
}
_US_ALIASES = {
    "channel_id": ("Channel ID",),
    "lock": ("Lock Status",),
    "type": ("US Channel Type", "Channel Type"),
    "frequency": ("Frequency",),
    "power": ("Power",),
}
_KEYS = RowKeys(uncorrected="uncorrectable")
_TOKEN = re.compile(r"^[A-Za-z0-9+/=_-]{4,64}$")
_UPTIME = re.compile(
    r"(?:(\d+)\s*days?)?\s*(\d+)\s*h?\s*:\s*(\d+)\s*m?\s*:\s*(\d+)\s*s?", re.IGNORECASE
)
_LOGIN_MARKERS = ("loginusername", "loginpassword", 'type="password"', "type='password'")


def is_login_page(text: str) -> bool:
    """Return whether a page is the modem's login form (what an expired token brings back)."""
    lowered = text.lower()
    return any(marker in lowered for marker in _LOGIN_MARKERS)


def parse_token(text: str) -> str | None:
    """Return the session token a credential query answers with, None if the body is a page."""
    token = text.strip()
    return token if _TOKEN.match(token) else None


def is_locked(text: str) -> bool:
    """Return whether /Admin_Login_Lock.txt reports the 5-minute login lockout."""
    words = text.strip().lower().replace(":", " ").replace("=", " ").split()
    if not words or "<" in text:
        return False
    if words[0] in ("1", "true", "yes", "locked", "lock"):
        return True
    return words[0] in ("lockout", "remain", "remaining") and any(
        (integer(word) or 0) > 0 for word in words[1:]
    )


def parse_uptime(text: str) -> int | None:
    """Return seconds from "17 days 00h:38m:36s" (the Arris/Technicolor uptime format)."""
    return clock_seconds(_UPTIME, text)


def _titled(tables: list[HtmlTable], title: str) -> HtmlTable | None:
    wanted = title.lower()
    for table in tables:
        first = " ".join(table.rows[0]).lower() if table.rows else ""
        if wanted in first or wanted in table.heading.lower():
            return table
    return None


def _header_row(table: HtmlTable) -> int:
    for index, row in enumerate(table.rows):
        if any(cell.strip().lower() == "channel id" for cell in row):
            return index
    return -1


def _locked(cell: str) -> bool:
    return cell.strip().lower() == "locked"


def _locked_rows(
    table: HtmlTable,
    aliases: dict[str, tuple[str, ...]],
    text: str,
    what: str,
    result: ParseResult[Lanes],
) -> list[tuple[int, dict[str, str]]]:
    """Return (channel id, cells by field name) of the table's locked rows; notes the others."""
    header = _header_row(table)
    columns = table.header_map(aliases, row=header) if header >= 0 else {}
    missing = sorted(set(aliases) - set(columns))
    if missing:
        raise unexpected(f"The {what} table lacks the columns {', '.join(missing)}", text)
    width = max(columns.values()) + 1
    locked: list[tuple[int, dict[str, str]]] = []
    for row in table.rows[header + 1 :]:
        if len(row) < width:
            continue
        cell = {name: row[index] for name, index in columns.items()}
        channel_id = integer(cell["channel_id"])
        if channel_id is None or not _locked(cell["lock"]):
            result.diagnostics.append(f"{what} row skipped (not locked): {row}")
            continue
        locked.append((channel_id, cell))
    return locked


def parse_downstream(table: HtmlTable, text: str) -> ParseResult[Lanes]:
    """Parse "Downstream Bonded Channels": modulation "Other" marks the OFDM channel."""
    result: ParseResult[Lanes] = ParseResult(([], []))
    qam, ofdm = result.value
    for channel_id, cell in _locked_rows(table, _DS_ALIASES, text, "downstream", result):
        if cell["modulation"].strip().lower() in ("other", "ofdm", "ofdm plc"):
            ofdm.append(ofdm_downstream(channel_id, cell, _KEYS))
        else:
            qam.append(qam_downstream(channel_id, cell, _KEYS))
    return result


def parse_upstream(table: HtmlTable, text: str) -> ParseResult[Lanes]:
    """Parse "Upstream Bonded Channels": "OFDM Upstream" is OFDMA; no QAM order is shown."""
    result: ParseResult[Lanes] = ParseResult(([], []))
    qam, ofdma = result.value
    for channel_id, cell in _locked_rows(table, _US_ALIASES, text, "upstream", result):
        if "ofdm" in cell["type"].lower():
            ofdma.append(ofdma_upstream(channel_id, cell))
        else:
            qam.append(
                {
                    **base_record(channel_id, cell),
                    "modulation": stated_modulation("", cell["type"]),
                    "multiplex": "ATDMA",
                }
            )
    return result


def parse_status(text: str) -> ParseResult[dict[str, Any]]:
    """Parse /cmconnectionstatus.html into the split raw form."""
    tables = html_tables(text)
    ds_table = _titled(tables, "Downstream Bonded Channels")
    us_table = _titled(tables, "Upstream Bonded Channels")
    if ds_table is None or us_table is None:
        raise unexpected("The status page has no bonded channel tables", text)
    return split_result(parse_downstream(ds_table, text), parse_upstream(us_table, text))


def label_values(text: str) -> dict[str, str]:
    """Return every two-cell "label | value" row of a page's tables, labels lower-cased."""
    found: dict[str, str] = {}
    for table in html_tables(text):
        for row in table.rows:
            if len(row) == 2 and row[0].strip():
                found.setdefault(row[0].strip().rstrip(":").lower(), row[1].strip())
    return found


def model_marker(text: str) -> str | None:
    """Return the model the Arris pages name in their `thisModelNumberIs` span, if any."""
    match = re.search(r"id=['\"]thisModelNumberIs['\"][^>]*>\s*([^<\s]+)", text)
    return match.group(1) if match else None


def uptime_and_access(values: dict[str, str], uptime: str | None) -> dict[str, Any]:
    """Return uptime_seconds and docsis_status (from "Network Access") of an info page."""
    info: dict[str, Any] = {}
    if uptime and (seconds := parse_uptime(uptime)) is not None:
        info["uptime_seconds"] = seconds
    access = values.get("network access")
    if access:
        info["docsis_status"] = "online" if access.lower() in ("allowed", "permitted") else access
    return info


def parse_swinfo(text: str, fallback_model: str) -> ParseResult[dict[str, Any]]:
    """Parse /cmswinfo.html: versions, uptime, network access; model from the page marker."""
    values = label_values(text)
    if "software version" not in values and "hardware version" not in values:
        raise unexpected("The software information page has no version table", text)
    info: dict[str, Any] = {
        "manufacturer": "ARRIS",
        "model": model_marker(text) or fallback_model,
    }
    for label, key in (("hardware version", "hw_version"), ("software version", "sw_version")):
        if values.get(label):
            info[key] = values[label]
    uptime = values.get("up time") or values.get("system up time") or values.get("system uptime")
    return ParseResult({**info, **uptime_and_access(values, uptime)})
