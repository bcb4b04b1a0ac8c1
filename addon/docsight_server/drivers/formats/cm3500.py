"""Arris CM3500B /cgi-bin/status_cgi: channel tables found by the <h4> heading before each."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .common import (
    Channel,
    HtmlTable,
    ParseResult,
    clock_seconds,
    html_tables,
    integer,
    modulation,
    number,
    split_form,
    unexpected,
)
from .records import PLAIN_MHZ, base_record, ofdm_downstream, ofdma_upstream, qam_downstream

DS_QAM, DS_OFDM, US_QAM, US_OFDM = (
    "Downstream QAM",
    "Downstream OFDM",
    "Upstream QAM",
    "Upstream OFDM",
)
_ALIASES: dict[str, tuple[str, ...]] = {
    "channel_id": ("DCID", "UCID", "Channel ID"),
    "frequency": ("Freq", "Frequency", "First Active Subcarrier(MHz)"),
    "power": ("Power",),
    "snr": ("SNR", "Average RxMER(dB) Data", "RxMER Data"),
    "modulation": ("Modulation",),
    "channel_type": ("Channel Type",),
    "symbol_rate": ("Symbol Rate",),
    "corrected": ("Correcteds", "Corrected"),
    "uncorrected": ("Uncorrectables", "Uncorrectable"),
}
_UPTIME = re.compile(
    r"(\d+)\s*d\s*:\s*(\d+)\s*h\s*:\s*(\d+)\s*m(?:\s*:\s*(\d+)\s*s)?", re.IGNORECASE
)
_LOGIN_FORM = re.compile(r"action\s*=\s*['\"][^'\"]*login_cgi", re.IGNORECASE)

_MULTIPLEX = ("ATDMA", "SCDMA", "TDMA")

Row = dict[str, str]


def is_login_page(text: str) -> bool:
    """Return whether a page is the login form (the IP-bound session is gone)."""
    return bool(_LOGIN_FORM.search(text)) and 'type="password"' in text.replace("'", '"')


def _tables_by_heading(text: str) -> dict[str, HtmlTable]:
    found: dict[str, HtmlTable] = {}
    for table in html_tables(text):
        heading = table.heading.lower()
        # The nearest heading wins: the text before a table may hold more than one title.
        spots = {name: heading.rfind(name.lower()) for name in (DS_QAM, DS_OFDM, US_QAM, US_OFDM)}
        name, spot = max(spots.items(), key=lambda item: item[1])
        if spot >= 0 and name not in found:
            found[name] = table
    return found


def _rows(table: HtmlTable | None) -> list[Row]:
    if table is None:
        return []
    columns = table.header_map(_ALIASES)
    return [
        {name: cells[index] for name, index in columns.items() if index < len(cells)}
        for cells in table.rows[1:]
    ]


def _active(rows: Iterable[Row], what: str, diagnostics: list[str]) -> list[tuple[Row, int]]:
    # Idle receivers are listed with channel ID 0 and frequency 0.
    active: list[tuple[Row, int]] = []
    for row in rows:
        channel_id = integer(row.get("channel_id"))
        if not channel_id or not number(row.get("frequency")):
            diagnostics.append(f"{what} receiver without channel skipped: {row}")
            continue
        active.append((row, channel_id))
    return active


def _ds_qam(rows: list[Row], diagnostics: list[str]) -> list[Channel]:
    active = _active(rows, "downstream QAM", diagnostics)
    return [qam_downstream(channel_id, row) for row, channel_id in active]


def _ds_ofdm(rows: list[Row], diagnostics: list[str]) -> list[Channel]:
    active = _active(rows, "downstream OFDM", diagnostics)
    return [ofdm_downstream(channel_id, row, PLAIN_MHZ) for row, channel_id in active]


def _us_qam(rows: list[Row], diagnostics: list[str]) -> list[Channel]:
    channels: list[Channel] = []
    for row, channel_id in _active(rows, "upstream QAM", diagnostics):
        kind = row.get("channel_type", "").upper()
        channels.append(
            {
                **base_record(channel_id, row),
                "modulation": modulation(row.get("modulation")),
                "multiplex": next((name for name in _MULTIPLEX if name in kind), "ATDMA"),
                "symbolRate": number(row.get("symbol_rate")),
            }
        )
    return channels


def _us_ofdm(rows: list[Row], diagnostics: list[str]) -> list[Channel]:
    active = _active(rows, "upstream OFDM", diagnostics)
    return [ofdma_upstream(channel_id, row, PLAIN_MHZ) for row, channel_id in active]


def parse_status(text: str) -> ParseResult[dict[str, Any]]:
    """Parse status_cgi into the split raw form."""
    tables = _tables_by_heading(text)
    if DS_QAM not in tables or US_QAM not in tables:
        raise unexpected("The status page has no Downstream QAM / Upstream QAM tables", text)
    diagnostics: list[str] = []
    value = split_form(
        _ds_qam(_rows(tables[DS_QAM]), diagnostics),
        _ds_ofdm(_rows(tables.get(DS_OFDM)), diagnostics),
        _us_qam(_rows(tables[US_QAM]), diagnostics),
        _us_ofdm(_rows(tables.get(US_OFDM)), diagnostics),
    )
    return ParseResult(value, diagnostics)


def uptime_seconds(text: str) -> int | None:
    """Return seconds from "1 d: 10 h: 17 m" (seconds optional); None when unreadable."""
    return clock_seconds(_UPTIME, text)


def _labels(text: str) -> Mapping[str, str]:
    values: dict[str, str] = {}
    for table in html_tables(text):
        for cells in table.rows:
            if len(cells) >= 2 and cells[0].endswith(":"):
                values.setdefault(cells[0].rstrip(":").strip().lower(), cells[1])
    return values


def parse_device(text: str) -> ParseResult[dict[str, Any]]:
    """Return uptime and cable-modem state from the status page's system section."""
    labels = _labels(text)
    info: dict[str, Any] = {}
    uptime = uptime_seconds(labels.get("system uptime", ""))
    if uptime is not None:
        info["uptime_seconds"] = uptime
    state = labels.get("cm status", "")
    if state:
        info["docsis_status"] = "online" if state.strip().upper() == "OPERATIONAL" else state
    return ParseResult(info)
