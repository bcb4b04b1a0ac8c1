"""Technicolor TC4400 HTML: /cmconnectionstatus.html channel tables and /cmswinfo.html.

The status page holds the startup procedure, then the downstream and the upstream channel
tables (tables[1] and tables[2]); columns are found by their header names, which changed
spelling between firmware releases ("Receive Level"/"Received Level", "Center"/"Centre").
"""

from __future__ import annotations

from typing import Any

from .cm8200 import label_values, uptime_and_access
from .common import (
    HtmlTable,
    Lanes,
    ParseResult,
    html_tables,
    integer,
    number,
    split_result,
    unexpected,
)
from .records import (
    OFDMA,
    RowKeys,
    base_record,
    ofdm_downstream,
    qam_downstream,
    stated_modulation,
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
_KEYS = RowKeys(uncorrected="uncorrectable")
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


def parse_downstream(table: HtmlTable, text: str) -> ParseResult[Lanes]:
    """Parse the downstream table; "OFDM"/"OFDM Downstream" rows are DOCSIS 3.1 channels."""
    rows, skipped = _cells(table, _DS_ALIASES, _REQUIRED_DS, text)
    result: ParseResult[Lanes] = ParseResult(([], []), skipped)
    qam, ofdm = result.value
    for cell in rows:
        # Upstream's parser loses the counters through misspelt keys; the modem does report them.
        if "ofdm" in cell["type"].lower():
            ofdm.append(ofdm_downstream(integer(cell["channel_id"]), cell, _KEYS))
        else:
            qam.append(qam_downstream(integer(cell["channel_id"]), cell, _KEYS))
    return result


def parse_upstream(table: HtmlTable, text: str) -> ParseResult[Lanes]:
    """Parse the upstream table; "OFDMA" rows are DOCSIS 3.1 channels."""
    rows, skipped = _cells(table, _US_ALIASES, _REQUIRED_US, text)
    result: ParseResult[Lanes] = ParseResult(([], []), skipped)
    qam, ofdma = result.value
    for cell in rows:
        record = base_record(integer(cell["channel_id"]), cell)
        if "ofdm" in cell["type"].lower():
            ofdma.append({**record, **OFDMA})
            continue
        rate = number(cell.get("symbol_rate"))
        qam.append(
            {
                **record,
                # Some firmware writes the access method (ATDMA) here instead of the QAM order.
                "modulation": stated_modulation(cell.get("modulation"), cell["type"]),
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
    return split_result(parse_downstream(ds_table, text), parse_upstream(us_table, text))


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
    return ParseResult({**info, **uptime_and_access(values, values.get("system up time"))})
