"""Arris CM3500B /cgi-bin/status_cgi: channel tables found by the <h4> heading before each.

Columns are found by what their header means ("Freq", "Frequency (MHz)" and "First Active
Subcarrier(MHz)" are all the frequency), not by position. Channel ids follow
records.distinct_channel_ids: a table without a channel-id column (the Downstream OFDM table of
some firmware) numbers its rows from the base by their place, idle rows included, so the same
lineup gives the same ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from .common import (
    OFDM_ID_BASE,
    OFDMA_ID_BASE,
    Channel,
    HtmlTable,
    ParseResult,
    clock_seconds,
    html_tables,
    integer,
    number,
    split_form,
    unexpected,
)
from .records import (
    PLAIN_MHZ,
    RowKeys,
    distinct_channel_ids,
    ofdm_downstream,
    ofdma_upstream,
    qam_downstream,
    qam_upstream,
)

STATUS_PATH = "/cgi-bin/status_cgi"
DS_QAM, DS_OFDM, US_QAM, US_OFDM = (
    "Downstream QAM",
    "Downstream OFDM",
    "Upstream QAM",
    "Upstream OFDM",
)
_UPTIME = re.compile(
    r"(\d+)\s*d\s*:\s*(\d+)\s*h\s*:\s*(\d+)\s*m(?:\s*:\s*(\d+)\s*s)?", re.IGNORECASE
)
_LOGIN_FORM = re.compile(r"action\s*=\s*['\"][^'\"]*login_cgi", re.IGNORECASE)
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_ID_HEADERS = frozenset(("dcid", "ucid", "channelid", "chid", "channel", "id"))
#: Upstream channel types as the page states them, the longer name first (ATDMA holds TDMA).
_CHANNEL_TYPES = ("ATDMA", "SCDMA", "TDMA", "SC-QAM")
_MULTIPLEX = ("ATDMA", "SCDMA", "TDMA")

Row = dict[str, str]


class Active(NamedTuple):
    """A table row that carries a channel: its place in the table and the modem's id, if any."""

    place: int
    row: Row
    channel_id: int | None


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


def _is_frequency(header: str) -> bool:
    return (
        header.startswith("freq")
        or "firstactivesubcarrier" in header
        or "startfrequency" in header
        or "centerfrequency" in header
    )


# Field -> does a squashed header mean it. The first matching column wins (SNR: see _columns).
_MEANINGS: dict[str, Callable[[str], bool]] = {
    "channel_id": lambda header: header in _ID_HEADERS,
    "frequency": _is_frequency,
    "power": lambda header: "power" in header,
    "snr": lambda header: "snr" in header or "rxmer" in header,
    "modulation": lambda header: "modulation" in header,
    "channel_type": lambda header: "channeltype" in header or header == "type",
    "symbol_rate": lambda header: "symbolrate" in header,
    "corrected": lambda header: header.startswith("correct"),
    "uncorrected": lambda header: header.startswith("uncorrect"),
}


def _columns(header_cells: list[str]) -> dict[str, int]:
    """Map each field to the index of the header cell that means it."""
    headers = [_NOT_ALNUM.sub("", cell.lower()) for cell in header_cells]
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        for name, means in _MEANINGS.items():
            if name not in found and means(header):
                found[name] = index
                break
    # OFDM tables give RxMER of pilots, PLC and data subcarriers: the data figure is the MER.
    data_mer = [i for i, header in enumerate(headers) if "rxmer" in header and "data" in header]
    if data_mer:
        found["snr"] = data_mer[0]
    return found


def _rows(table: HtmlTable | None) -> tuple[list[Row], bool]:
    """Return the data rows as {field: cell} and whether the table has a channel-id column."""
    if table is None or not table.rows:
        return [], False
    header = table.rows[0]
    columns = _columns(header)
    rows: list[Row] = []
    for cells in table.rows[1:]:
        # A header row without the cell over the row names is that much shorter than the rows.
        shift = max(len(cells) - len(header), 0)
        rows.append(
            {
                name: cells[index + shift]
                for name, index in columns.items()
                if index + shift < len(cells)
            }
        )
    return rows, "channel_id" in columns


def _active(table: HtmlTable | None, what: str, diagnostics: list[str]) -> list[Active]:
    """Return the rows that carry a channel: place in the table, row, the modem's id if any."""
    rows, has_ids = _rows(table)
    active: list[Active] = []
    for place, row in enumerate(rows):
        # Idle receivers are listed with channel ID 0 and frequency 0.
        channel_id = integer(row.get("channel_id")) if has_ids else None
        if (has_ids and not channel_id) or not number(row.get("frequency")):
            diagnostics.append(f"{what} receiver without channel skipped: {row}")
            continue
        active.append(Active(place, row, channel_id))
    return active


def _stated_type(row: Row, names: tuple[str, ...]) -> str:
    upper = row.get("channel_type", "").upper()
    return next((name for name in names if name in upper), "")


def _docsis31(
    qam: list[Channel],
    rows: list[Active],
    build: Callable[[int | None, Row, RowKeys], Channel],
    base: int,
    notes: list[str],
) -> list[Channel]:
    records = [build(item.channel_id, item.row, PLAIN_MHZ) for item in rows]
    distinct_channel_ids(qam, records, base, notes, [item.place for item in rows])
    return records


def _missing_tables(tables: Mapping[str, HtmlTable]) -> list[str]:
    return [f'no table after a "{name}" heading' for name in (DS_QAM, US_QAM) if name not in tables]


def parse_status(text: str) -> ParseResult[dict[str, Any]]:
    """Parse status_cgi into the split raw form."""
    tables = _tables_by_heading(text)
    missing = _missing_tables(tables)
    if missing:
        raise unexpected(f"The status page ({STATUS_PATH}) has {' and '.join(missing)}", text)
    notes: list[str] = []
    ds_qam = [
        qam_downstream(item.channel_id, item.row)
        for item in _active(tables[DS_QAM], "downstream QAM", notes)
    ]
    us_qam = [
        qam_upstream(
            item.channel_id,
            item.row,
            stated_type=_stated_type(item.row, _CHANNEL_TYPES),
            multiplex=_stated_type(item.row, _MULTIPLEX) or "ATDMA",
            symbol_rate=number(item.row.get("symbol_rate")),
        )
        for item in _active(tables[US_QAM], "upstream QAM", notes)
    ]
    ds_ofdm = _active(tables.get(DS_OFDM), "downstream OFDM", notes)
    us_ofdm = _active(tables.get(US_OFDM), "upstream OFDM", notes)
    value = split_form(
        ds_qam,
        _docsis31(ds_qam, ds_ofdm, ofdm_downstream, OFDM_ID_BASE, notes),
        us_qam,
        _docsis31(us_qam, us_ofdm, ofdma_upstream, OFDMA_ID_BASE, notes),
    )
    return ParseResult(value, notes)


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
