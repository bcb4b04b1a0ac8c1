"""Technicolor CGM4981COM /network_setup.jst: columnar channel tables (one column per channel,
one row per metric), a separate "CM Error Codewords" table and label/value device fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .common import (
    Channel,
    HtmlTable,
    ParseResult,
    clock_seconds,
    html_tables,
    integer,
    mhz_label,
    modulation,
    number,
    unexpected,
)
from .records import stated_modulation

_LOGIN_FORM = re.compile(r"<form[^>]+action=[\"']?/?check\.jst", re.IGNORECASE)
_LABEL_VALUE = re.compile(
    r"<span[^>]*class=\"readonlyLabel\"[^>]*>\s*([^<]+?)\s*</span>\s*"
    r"<span[^>]*class=\"value\"[^>]*>\s*([^<]*?)\s*</span>",
    re.IGNORECASE,
)
_UPTIME = re.compile(r"(\d+)\s*days?\s*(\d+)\s*h\s*:?\s*(\d+)\s*m\s*:?\s*(\d+)\s*s", re.I)
DOWNSTREAM, UPSTREAM, ERRORS = "downstream", "upstream", "cm error codewords"


def is_login_page(text: str) -> bool:
    """Return whether a page is the gateway's login form (what a dead session is shown)."""
    return bool(_LOGIN_FORM.search(text)) and 'name="password"' in text.lower()


@dataclass(slots=True)
class ColumnTable:
    """A columnar table: row label -> one value per channel column."""

    rows: dict[str, list[str]] = field(default_factory=dict)

    def row(self, label: str) -> list[str]:
        """Return the values of a metric row ([] when the row is absent)."""
        return self.rows.get(label.lower(), [])

    def cell(self, label: str, column: int) -> str:
        """Return one cell ("" past the end of a short row)."""
        values = self.row(label)
        return values[column] if column < len(values) else ""


def _column_table(table: HtmlTable) -> ColumnTable:
    result = ColumnTable()
    for cells in table.rows[1:]:
        if cells:
            result.rows[cells[0].strip().rstrip(":").lower()] = cells[1:]
    return result


def column_tables(text: str) -> dict[str, ColumnTable]:
    """Find the Downstream, Upstream and CM Error Codewords tables by their title cell."""
    found: dict[str, ColumnTable] = {}
    for table in html_tables(text):
        if not table.rows or not table.rows[0]:
            continue
        title = table.rows[0][0].strip().lower()
        if title in (DOWNSTREAM, UPSTREAM, ERRORS) and title not in found:
            found[title] = _column_table(table)
    return found


def _required(tables: dict[str, ColumnTable], title: str, text: str) -> ColumnTable:
    table = tables.get(title)
    if table is None or not table.row("Channel ID"):
        raise unexpected(f"network_setup.jst has no {title} table with channel IDs", text)
    return table


def _counters(
    tables: dict[str, ColumnTable], result: ParseResult[tuple[list[Channel], list[Channel]]]
) -> dict[int, tuple[int | None, int | None]]:
    """Map downstream channel ID -> (correctable, uncorrectable) from the codeword table."""
    errors = tables.get(ERRORS)
    if errors is None:
        result.diagnostics.append("no CM Error Codewords table: counters unknown")
        return {}
    # The codeword table lists the downstream channels in the same column order; newer firmware
    # also labels the columns with a Channel ID row, which wins when present.
    ids = errors.row("Channel ID") or tables[DOWNSTREAM].row("Channel ID")
    counters: dict[int, tuple[int | None, int | None]] = {}
    for column, raw_id in enumerate(ids):
        channel_id = integer(raw_id)
        if channel_id is not None:
            counters[channel_id] = (
                integer(errors.cell("Correctable Codewords", column)),
                integer(errors.cell("Uncorrectable Codewords", column)),
            )
    return counters


def parse_downstream(text: str) -> ParseResult[tuple[list[Channel], list[Channel]]]:
    """Parse the Downstream table (+ codewords) into (SC-QAM records, OFDM records)."""
    tables = column_tables(text)
    table = _required(tables, DOWNSTREAM, text)
    result: ParseResult[tuple[list[Channel], list[Channel]]] = ParseResult(([], []))
    counters = _counters(tables, result)
    for column, raw_id in enumerate(table.row("Channel ID")):
        channel_id = integer(raw_id)
        if table.cell("Lock Status", column).strip().lower() != "locked" or not channel_id:
            result.diagnostics.append(f"downstream column {column + 1} not locked: skipped")
            continue
        snr = number(table.cell("SNR", column))
        corrected, uncorrectable = counters.get(channel_id, (None, None))
        qam = modulation(table.cell("Modulation", column))
        record: Channel = {
            "channelID": channel_id,
            "frequency": mhz_label(table.cell("Frequency", column)),
            "powerLevel": number(table.cell("Power Level", column)),
            "corrErrors": corrected,
            "nonCorrErrors": uncorrectable,
        }
        if "OFDM" in qam.upper():
            record.update(type="OFDM", modulation="OFDM", mer=snr)
            result.value[1].append(record)
        else:
            record.update(modulation=qam, mse=None if snr is None else -snr)
            result.value[0].append(record)
    return result


def parse_upstream(text: str) -> ParseResult[tuple[list[Channel], list[Channel]]]:
    """Parse the Upstream table into (SC-QAM records, OFDMA records)."""
    table = _required(column_tables(text), UPSTREAM, text)
    result: ParseResult[tuple[list[Channel], list[Channel]]] = ParseResult(([], []))
    for column, raw_id in enumerate(table.row("Channel ID")):
        channel_id = integer(raw_id)
        if table.cell("Lock Status", column).strip().lower() != "locked" or not channel_id:
            result.diagnostics.append(f"upstream column {column + 1} not locked: skipped")
            continue
        qam = modulation(table.cell("Modulation", column))
        kind = table.cell("Channel Type", column).strip().upper()
        record: Channel = {
            "channelID": channel_id,
            "frequency": mhz_label(table.cell("Frequency", column)),
            "powerLevel": number(table.cell("Power Level", column)),
        }
        if "OFDMA" in kind or "OFDMA" in qam.upper():
            record.update(type="OFDMA", modulation="OFDMA", multiplex="OFDMA")
            result.value[1].append(record)
        else:
            rate = integer(table.cell("Symbol Rate", column))
            record.update(
                modulation=stated_modulation(qam, kind),
                multiplex=kind or "ATDMA",
                symbolRate=rate if rate else None,
            )
            result.value[0].append(record)
    return result


def labels(text: str) -> dict[str, str]:
    """Return the page's readonlyLabel/value pairs, label without its colon."""
    return {label.rstrip(":").strip(): value for label, value in _LABEL_VALUE.findall(text)}


def uptime_seconds(value: str) -> int | None:
    """Parse "1 days 10h: 17m: 36s" into seconds."""
    return clock_seconds(_UPTIME, value)


def parse_device(text: str) -> dict[str, object]:
    """Return model, vendor, versions, uptime and WAN addresses from network_setup.jst."""
    if DOWNSTREAM not in column_tables(text):
        raise unexpected("This is not the network_setup.jst status page", text)
    fields = labels(text)
    info: dict[str, object] = {
        "manufacturer": fields.get("Vendor") or "Technicolor",
        "model": fields.get("Model") or "CGM4981COM",
    }
    for key, label in (
        ("hw_version", "HW Version"),
        ("sw_version", "Download Version"),
        ("wan_ipv4", "WAN IP Address (IPv4)"),
        ("wan_ipv6", "WAN IP Address (IPv6)"),
    ):
        if fields.get(label):
            info[key] = fields[label]
    uptime = uptime_seconds(fields.get("System Uptime", ""))
    if uptime is not None:
        info["uptime_seconds"] = uptime
    return info
