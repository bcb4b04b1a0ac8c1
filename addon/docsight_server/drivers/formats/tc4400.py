"""Technicolor TC4400 HTML: /cmconnectionstatus.html channel tables and /cmswinfo.html.

The status page holds the startup procedure, then the downstream and the upstream channel
tables (tables[1] and tables[2]); columns are found by their header names, which changed
spelling between firmware releases ("Receive Level"/"Received Level", "Center"/"Centre").
"""

from __future__ import annotations

from typing import Any

from .cm8200 import label_values, parse_uptime
from .common import (
    Channel,
    HtmlTable,
    ParseResult,
    html_tables,
    integer,
    mhz_label,
    modulation,
    number,
    split_form,
    unexpected,
)

_DS_ALIASES = {
    "channel_id": ("Channel ID",),
    "lock": ("Lock Status",),
    "type": ("Channel Type",),
    "frequency": ("Center Frequency", "Centre Frequency"),
    "snr": ("SNR/MER Threshold Value", "SNR/MER Threshold", "SNR/MER", "SNR"),
    "power": ("Receive Level", "Received Level", "Power Level"),
    "modulation": ("Modulation/Profile ID", "Modulation"),
    "corrected": ("Corrected Codewords", "Corrected"),
    "uncorrectable": ("Uncorrectable Codewords", "Uncorrected Codewords", "Uncorrectables"),
}
_US_ALIASES = {
    "channel_id": ("Channel ID",),
    "lock": ("Lock Status",),
    "type": ("Channel Type",),
    "frequency": ("Center Frequency", "Centre Frequency"),
    "symbol_rate": ("Symbol rate", "Symbol Rate"),
    "power": ("Transmit Level", "Power Level"),
    "modulation": ("Modulation/Profile ID", "Modulation"),
}
_REQUIRED_DS = ("channel_id", "lock", "type", "frequency", "snr", "power")
_REQUIRED_US = ("channel_id", "lock", "type", "frequency", "power")


def _header_row(table: HtmlTable) -> int:
    for index, row in enumerate(table.rows):
        cells = {cell.strip().lower() for cell in row}
        if "channel id" in cells and "lock status" in cells:
            return index
    return -1


def _channel_tables(text: str) -> tuple[HtmlTable, HtmlTable]:
    found = [table for table in html_tables(text) if _header_row(table) >= 0]
    if len(found) < 2:
        raise unexpected("The status page has no downstream and upstream channel tables", text)
    # Downstream comes first; it is the one with a receive level column.
    return found[0], found[1]


def _cells(
    table: HtmlTable, aliases: dict[str, tuple[str, ...]], required: tuple[str, ...], text: str
) -> tuple[list[dict[str, str]], list[str]]:
    header = _header_row(table)
    columns = table.header_map(aliases, row=header)
    missing = [name for name in required if name not in columns]
    if missing:
        raise unexpected(f"A channel table lacks the columns {', '.join(missing)}", text)
    rows: list[dict[str, str]] = []
    skipped: list[str] = []
    for row in table.rows[header + 1 :]:
        cell = {name: row[index] if index < len(row) else "" for name, index in columns.items()}
        if integer(cell["channel_id"]) is None or cell["lock"].strip().lower() != "locked":
            skipped.append(f"row skipped (not locked): {row}")
            continue
        rows.append(cell)
    return rows, skipped


def parse_downstream(table: HtmlTable, text: str) -> ParseResult[tuple[list[Channel], ...]]:
    """Parse the downstream table; "OFDM"/"OFDM Downstream" rows are DOCSIS 3.1 channels."""
    rows, skipped = _cells(table, _DS_ALIASES, _REQUIRED_DS, text)
    result: ParseResult[tuple[list[Channel], ...]] = ParseResult(([], []), skipped)
    qam, ofdm = result.value
    for cell in rows:
        snr = number(cell["snr"])
        record: Channel = {
            "channelID": integer(cell["channel_id"]),
            "frequency": mhz_label(cell["frequency"]),
            "powerLevel": number(cell["power"]),
            # Upstream's parser loses these through misspelt keys; the modem does report them.
            "corrErrors": integer(cell.get("corrected")),
            "nonCorrErrors": integer(cell.get("uncorrectable")),
        }
        if "ofdm" in cell["type"].lower():
            ofdm.append({**record, "type": "OFDM", "modulation": "OFDM", "mer": snr})
        else:
            spelled = modulation(cell.get("modulation", ""))
            qam.append({**record, "modulation": spelled, "mse": None if snr is None else -snr})
    return result


def parse_upstream(table: HtmlTable, text: str) -> ParseResult[tuple[list[Channel], ...]]:
    """Parse the upstream table; "OFDMA" rows are DOCSIS 3.1 channels."""
    rows, skipped = _cells(table, _US_ALIASES, _REQUIRED_US, text)
    result: ParseResult[tuple[list[Channel], ...]] = ParseResult(([], []), skipped)
    qam, ofdma = result.value
    for cell in rows:
        record: Channel = {
            "channelID": integer(cell["channel_id"]),
            "frequency": mhz_label(cell["frequency"]),
            "powerLevel": number(cell["power"]),
        }
        if "ofdm" in cell["type"].lower():
            ofdma.append({**record, "type": "OFDMA", "modulation": "OFDMA", "multiplex": "OFDMA"})
            continue
        spelled = modulation(cell.get("modulation", ""))
        rate = number(cell.get("symbol_rate"))
        qam.append(
            {
                **record,
                # Some firmware writes the access method (ATDMA) here instead of the QAM order.
                "modulation": spelled if "QAM" in spelled or spelled == "QPSK" else "",
                "multiplex": "ATDMA",
                "symbolRate": None if rate is None else _ksym(rate),
            }
        )
    return result


def _ksym(rate: float) -> float:
    # The page shows the rate in kSym/s; a few releases print Sym/s.
    return rate / 1000 if rate >= 100_000 else rate


def parse_status(text: str) -> ParseResult[dict[str, Any]]:
    """Parse /cmconnectionstatus.html into the split raw form."""
    ds_table, us_table = _channel_tables(text)
    ds = parse_downstream(ds_table, text)
    us = parse_upstream(us_table, text)
    return ParseResult(
        split_form(ds.value[0], ds.value[1], us.value[0], us.value[1]),
        ds.diagnostics + us.diagnostics,
    )


def parse_swinfo(text: str) -> ParseResult[dict[str, Any]]:
    """Parse /cmswinfo.html: "TC4400 Rev:3.6.0" hardware, software version, uptime."""
    values = label_values(text)
    hardware = values.get("hardware version", "")
    if not hardware and "software version" not in values:
        raise unexpected("The software information page has no version table", text)
    model, _, revision = hardware.partition(" ")
    info: dict[str, Any] = {"manufacturer": "Technicolor", "model": model or "TC4400"}
    if revision:
        info["hw_version"] = revision.removeprefix("Rev:").strip()
    if values.get("software version"):
        info["sw_version"] = values["software version"]
    uptime = values.get("system up time", "")
    if uptime and (seconds := parse_uptime(uptime)) is not None:
        info["uptime_seconds"] = seconds
    access = values.get("network access")
    if access:
        info["docsis_status"] = "online" if access.lower() in ("allowed", "permitted") else access
    return ParseResult(info)
