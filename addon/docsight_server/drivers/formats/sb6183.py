"""Arris SB6183 (and SB6190) bonded-channel row tables and the software-information page."""

from __future__ import annotations

import re

from .common import (
    Channel,
    HtmlTable,
    ParseResult,
    clock_seconds,
    html_tables,
    integer,
    number,
    unexpected,
)
from .records import RowKeys, base_record, qam_downstream, stated_modulation

DS_TITLE = "Downstream Bonded Channels"
US_TITLE = "Upstream Bonded Channels"
_DS_ALIASES = {
    "lock": ("Lock Status",),
    "modulation": ("Modulation",),
    "channel_id": ("Channel ID",),
    "frequency": ("Frequency",),
    "power": ("Power",),
    "snr": ("SNR", "SNR/MER"),
    "corrected": ("Corrected", "Correctables"),
    "uncorrectable": ("Uncorrectables", "Uncorrected"),
}
_US_ALIASES = {
    "lock": ("Lock Status",),
    "type": ("US Channel Type", "Channel Type"),
    "channel_id": ("Channel ID",),
    "symbol_rate": ("Symbol Rate",),
    "frequency": ("Frequency",),
    "power": ("Power",),
    "modulation": ("Modulation",),
}
_KEYS = RowKeys(uncorrected="uncorrectable")
_UPTIME = re.compile(r"(?:(\d+)\s*days?\s*)?(\d+)\s*h?\s*:\s*(\d+)\s*m?\s*:\s*(\d+)", re.I)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _bonded_table(text: str, title: str) -> tuple[HtmlTable, int, dict[str, int]] | None:
    """Return the table titled `title`, the index of its header row and the header map."""
    wanted = _squash(title)
    aliases = _DS_ALIASES if title == DS_TITLE else _US_ALIASES
    for table in html_tables(text):
        titled = wanted in _squash(table.heading) or any(
            wanted in _squash(" ".join(row)) for row in table.rows[:2]
        )
        if not titled:
            continue
        for index, row in enumerate(table.rows[:3]):
            if any(_squash(cell) == "lockstatus" for cell in row):
                return table, index, table.header_map(aliases, row=index)
    return None


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return row[index] if index is not None and index < len(row) else ""


def _locked(row: list[str], columns: dict[str, int]) -> bool:
    return _squash(_cell(row, columns, "lock")) == "locked"


def _locked_rows(
    text: str, page: str, title: str, what: str, result: ParseResult[list[Channel]]
) -> list[tuple[int, dict[str, str]]]:
    """Return (channel id, cells by field name) of each locked row of a bonded table."""
    found = _bonded_table(text, title)
    if found is None:
        raise unexpected(f"{page} has no {what} bonded channel table", text)
    table, header, columns = found
    if "channel_id" not in columns or "frequency" not in columns:
        raise unexpected(f"{page}: {what} table lacks Channel ID or Frequency", text)
    rows: list[tuple[int, dict[str, str]]] = []
    for row in table.rows[header + 1 :]:
        channel_id = integer(_cell(row, columns, "channel_id"))
        if not _locked(row, columns) or not channel_id:
            result.diagnostics.append(f"{what} row {row[:2]} not locked: skipped")
            continue
        rows.append((channel_id, {name: _cell(row, columns, name) for name in columns}))
    return rows


def parse_downstream(text: str, page: str = "RgConnect.asp") -> ParseResult[list[Channel]]:
    """Parse "Downstream Bonded Channels"; rows not "Locked" are skipped."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for channel_id, cells in _locked_rows(text, page, DS_TITLE, "downstream", result):
        result.value.append(qam_downstream(channel_id, cells, _KEYS))
    return result


def symbol_rate_ksym(cell: str) -> int | None:
    """Return a symbol rate in kSym/s ("5120 Ksym/sec" -> 5120, "5.12 Msym/s" -> 5120)."""
    value = number(cell)
    if value is None:
        return None
    return round(value * 1000) if "msym" in cell.lower() else round(value)


def parse_upstream(text: str, page: str = "RgConnect.asp") -> ParseResult[list[Channel]]:
    """Parse "Upstream Bonded Channels"; the table has no modulation column on these models."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for channel_id, cells in _locked_rows(text, page, US_TITLE, "upstream", result):
        result.value.append(
            {
                **base_record(channel_id, cells),
                "modulation": stated_modulation(cells.get("modulation"), cells.get("type")) or None,
                "multiplex": cells.get("type", "").strip() or "ATDMA",
                "symbolRate": symbol_rate_ksym(cells.get("symbol_rate", "")),
            }
        )
    return result


def uptime_seconds(text: str) -> int | None:
    """Return seconds from "2 days 03h:04m:05s" (also "03:04:05"), None when unreadable."""
    return clock_seconds(_UPTIME, text)


def info_fields(text: str) -> dict[str, str]:
    """Return the two-cell "name | value" rows of an information page, keyed by squashed name."""
    fields: dict[str, str] = {}
    for table in html_tables(text):
        for row in table.rows:
            if len(row) == 2 and row[0]:
                fields.setdefault(_squash(row[0]), row[1])
    return fields


def parse_swinfo(text: str, page: str = "RgSwInfo.asp") -> ParseResult[dict[str, object]]:
    """Parse the software-information page: versions, DOCSIS compliance, uptime, access."""
    fields = info_fields(text)
    if not fields.get("softwareversion") and not fields.get("systemuptime"):
        raise unexpected(f"{page} has no software information", text)
    info: dict[str, object] = {}
    for key, name in (("sw_version", "softwareversion"), ("hw_version", "hardwareversion")):
        if fields.get(name):
            info[key] = fields[name]
    uptime = fields.get("systemuptime") or fields.get("uptime")
    if uptime and (seconds := uptime_seconds(uptime)) is not None:
        info["uptime_seconds"] = seconds
    access = fields.get("networkaccess", "").strip().lower()
    if access:
        info["docsis_status"] = "online" if access in ("allowed", "permitted") else access
    return ParseResult(info)


_MODEL_SPAN = re.compile(r"id\s*=\s*[\"']?thisModelNumberIs[\"']?[^>]*>\s*([^<\s]+)", re.I)


def page_model(text: str) -> str | None:
    """Return the model every SURFboard page names in its header span, None if absent."""
    match = _MODEL_SPAN.search(text)
    return match.group(1) if match else None
