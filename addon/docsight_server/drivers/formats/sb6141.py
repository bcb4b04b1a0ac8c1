"""Arris/Motorola SB6141: transposed tables of /cmSignalData.htm and the /cmHelpData.htm text."""

from __future__ import annotations

import html
import re

from ...analysis.qam import qam_order
from .common import (
    Channel,
    HtmlTable,
    ParseResult,
    html_tables,
    integer,
    mhz_label,
    modulation,
    number,
    unexpected,
)

# Row labels of the transposed tables, squashed to lower-case letters and digits.
_CHANNEL_ID = "channelid"
_FREQUENCY = "frequency"
_SNR = "signaltonoiseratio"
_DS_MODULATION = "downstreammodulation"
_POWER = "powerlevel"
_SYMBOL_RATE = "symbolrate"
_US_MODULATION = "upstreammodulation"
_RANGING_STATUS = "rangingstatus"
_CORRECTABLE = "totalcorrectablecodewords"
_UNCORRECTABLE = "totaluncorrectablecodewords"
_LABELS = (
    _CHANNEL_ID,
    _FREQUENCY,
    _SNR,
    _DS_MODULATION,
    _POWER,
    _SYMBOL_RATE,
    _US_MODULATION,
    _RANGING_STATUS,
    _CORRECTABLE,
    _UNCORRECTABLE,
)
_US_MOD_ENTRY = re.compile(r"\[\s*\d+\s*\]\s*([A-Za-z0-9-]+)")
_HELP_FIELD = re.compile(r"^\s*([A-Za-z][A-Za-z /]*?)\s*:\s*(.+?)\s*$")


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _label(cell: str) -> str | None:
    # The power label cell may carry the firmware's "snapshot" note after the label text.
    squashed = _squash(cell)
    for label in _LABELS:
        if squashed.startswith(label):
            return label
    return None


def transposed(table: HtmlTable) -> dict[str, list[str]]:
    """Return a transposed table as {row label: cells of the channel columns}."""
    rows: dict[str, list[str]] = {}
    for row in table.rows:
        if len(row) < 2:
            continue
        label = _label(row[0])
        if label is not None and label not in rows:
            rows[label] = row[1:]
    return rows


def _find(text: str, marker: str) -> dict[str, list[str]] | None:
    for table in html_tables(text):
        rows = transposed(table)
        if marker in rows and _CHANNEL_ID in rows:
            return rows
    return None


def _cell(rows: dict[str, list[str]], label: str, column: int) -> str:
    cells = rows.get(label, [])
    return cells[column] if column < len(cells) else ""


def parse_codewords(text: str) -> dict[int, tuple[int | None, int | None]]:
    """Return {channel id: (correctable, uncorrectable)} from the codeword table, {} if absent."""
    rows = _find(text, _CORRECTABLE)
    if rows is None:
        return {}
    counters: dict[int, tuple[int | None, int | None]] = {}
    for column, cell in enumerate(rows[_CHANNEL_ID]):
        channel_id = integer(cell)
        if channel_id:
            counters[channel_id] = (
                integer(_cell(rows, _CORRECTABLE, column)),
                integer(_cell(rows, _UNCORRECTABLE, column)),
            )
    return counters


def parse_downstream(text: str) -> ParseResult[list[Channel]]:
    """Parse the downstream table; a receiver without a channel or a frequency is skipped."""
    rows = _find(text, _DS_MODULATION)
    if rows is None:
        raise unexpected("cmSignalData.htm has no downstream table", text)
    counters = parse_codewords(text)
    result: ParseResult[list[Channel]] = ParseResult([])
    if not counters:
        result.diagnostics.append("no codeword table: error counters unsupported")
    for column, cell in enumerate(rows[_CHANNEL_ID]):
        channel_id = integer(cell)
        frequency = number(_cell(rows, _FREQUENCY, column))
        if not channel_id or not frequency:
            result.diagnostics.append(f"downstream column {column + 1} not locked: skipped")
            continue
        snr = number(_cell(rows, _SNR, column))
        corrected, uncorrectable = counters.get(channel_id, (None, None))
        result.value.append(
            {
                "channelID": channel_id,
                "frequency": mhz_label(_cell(rows, _FREQUENCY, column)),
                "powerLevel": number(_cell(rows, _POWER, column)),
                "modulation": modulation(_cell(rows, _DS_MODULATION, column)),
                "mse": None if snr is None else -snr,
                "corrErrors": corrected,
                "nonCorrErrors": uncorrectable,
            }
        )
    return result


def best_modulation(cell: str) -> str | None:
    """Return the highest order of an upstream burst list ("[3] QPSK [3] 64QAM" -> "64QAM")."""
    names = _US_MOD_ENTRY.findall(cell) or cell.split()
    ranked = [(qam_order(name) or 0, modulation(name)) for name in names]
    ranked = [entry for entry in ranked if entry[0]]
    return max(ranked)[1] if ranked else None


def symbol_rate_ksym(cell: str) -> int | None:
    """Return a symbol rate in kSym/s ("5.120 Msym/sec" -> 5120)."""
    value = number(cell)
    if value is None:
        return None
    return round(value * 1000) if "msym" in cell.lower() else round(value)


def parse_upstream(text: str) -> ParseResult[list[Channel]]:
    """Parse the upstream table; channels whose ranging did not succeed are skipped."""
    rows = _find(text, _US_MODULATION)
    if rows is None:
        raise unexpected("cmSignalData.htm has no upstream table", text)
    result: ParseResult[list[Channel]] = ParseResult([])
    for column, cell in enumerate(rows[_CHANNEL_ID]):
        channel_id = integer(cell)
        status = _cell(rows, _RANGING_STATUS, column).strip().lower()
        frequency = number(_cell(rows, _FREQUENCY, column))
        if not channel_id or not frequency or status not in ("", "success"):
            result.diagnostics.append(f"upstream column {column + 1} not ranged: skipped")
            continue
        result.value.append(
            {
                "channelID": channel_id,
                "frequency": mhz_label(_cell(rows, _FREQUENCY, column)),
                "powerLevel": number(_cell(rows, _POWER, column)),
                "modulation": best_modulation(_cell(rows, _US_MODULATION, column)),
                "multiplex": "ATDMA",
                "symbolRate": symbol_rate_ksym(_cell(rows, _SYMBOL_RATE, column)),
            }
        )
    return result


def help_fields(text: str) -> dict[str, str]:
    """Return the "Name: value" lines of the help page, keyed by squashed name."""
    plain = re.sub(r"<[^>]*>", "\n", re.sub(r"(?is)<(script|style)\b.*?</\1>", "", text))
    fields: dict[str, str] = {}
    for line in html.unescape(plain).splitlines():
        match = _HELP_FIELD.match(line.replace("\xa0", " "))
        if match:
            fields.setdefault(_squash(match.group(1)), match.group(2))
    return fields


def parse_help(text: str) -> ParseResult[dict[str, str]]:
    """Parse /cmHelpData.htm into device info (model, firmware, hardware, vendor)."""
    fields = help_fields(text)
    model = fields.get("modelname", "")
    if not model:
        raise unexpected("cmHelpData.htm has no model name", text)
    info = {"model": model, "manufacturer": fields.get("vendorname") or "ARRIS"}
    for key, name in (("sw_version", "firmwarename"), ("hw_version", "hardwareversion")):
        if fields.get(name):
            info[key] = fields[name]
    return ParseResult(info)
