"""Netgear cable modems (CM1000, CM3000): DocsisStatus pages as tagValueList JS or HTML tables.

The JavaScript variant holds one `var tagValueList = '...'` per Init*TagValue() function:
pipe-separated, the first value is the row count, then a fixed number of fields per row.
The table variant has <table id="dsTable|usTable|d31dsTable|d31usTable"> with a header row.
Both are turned into rows of named fields, then into raw channel records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from . import records
from .common import Channel, HtmlTable, ParseResult, html_tables, integer, number, unexpected
from .records import base_record, qam_downstream

Row = dict[str, str]

# Field order per row inside each function's tagValueList.
DS_FIELDS = (
    "index",
    "lock",
    "modulation",
    "channel_id",
    "frequency",
    "power",
    "snr",
    "corrected",
    "uncorrected",
)
US_FIELDS = ("index", "lock", "type", "channel_id", "symbol_rate", "frequency", "power")
OFDM_DS_FIELDS = (
    "index",
    "lock",
    "profile",
    "channel_id",
    "frequency",
    "power",
    "snr",
    "subcarriers",
    "unerrored",
    "corrected",
    "uncorrected",
)
OFDMA_US_FIELDS = ("index", "lock", "profile", "channel_id", "frequency", "power")
# InitTagValue() is a flat list; these are the positions the parser reads.
INFO_CONNECTIVITY_STATE = 2
INFO_CONNECTIVITY_COMMENT = 3
INFO_SYSTEM_TIME = 10
INFO_UPTIME = 14

DS_FUNCTION = "InitDsTableTagValue"
US_FUNCTION = "InitUsTableTagValue"
OFDM_DS_FUNCTION = "InitDsOfdmTableTagValue"
OFDMA_US_FUNCTION = "InitUsOfdmaTableTagValue"
INFO_FUNCTION = "InitTagValue"

# Header spellings of the table variant, matched case- and punctuation-insensitively.
_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "index": ("Channel",),
    "lock": ("Lock Status", "Status"),
    "modulation": ("Modulation",),
    "profile": ("Modulation / Profile ID", "Profile ID", "Profile"),
    "type": ("US Channel Type", "Channel Type", "Type"),
    "channel_id": ("Channel ID", "ChannelID"),
    "frequency": ("Frequency", "Center Frequency"),
    "power": ("Power", "Power Level"),
    "snr": ("SNR", "SNR / MER", "MER"),
    "symbol_rate": ("Symbol Rate", "Symbol rate"),
    "subcarriers": ("Active Subcarrier Number Range",),
    "unerrored": ("Unerrored Codewords", "Unerrored"),
    "corrected": ("Correctables", "Correctable Codewords", "Correctable"),
    "uncorrected": ("Uncorrectables", "Uncorrectable Codewords", "Uncorrectable"),
}
DS_TABLE, US_TABLE, OFDM_DS_TABLE, OFDMA_US_TABLE = "dsTable", "usTable", "d31dsTable", "d31usTable"

_UPTIME_DAYS = re.compile(r"(\d+)\s*days?", re.IGNORECASE)
_UPTIME_CLOCK = re.compile(r"(\d+)\s*h?\s*:\s*(\d+)\s*m?\s*:\s*(\d+)(?:\.\d+)?\s*s?", re.IGNORECASE)
_LOGIN_FIELDS = re.compile(r"name\s*=\s*['\"]?(loginPassword|loginName|loginUsername)\b", re.I)


@dataclass(slots=True)
class DocsisStatus:
    """The four channel tables of a DocsisStatus page as rows of named fields."""

    ds: list[Row]
    us: list[Row]
    ofdm_ds: list[Row]
    ofdma_us: list[Row]
    info: list[str]


def is_login_page(text: str) -> bool:
    """Return whether a page is one of the Netgear login forms (the session is gone)."""
    return bool(_LOGIN_FIELDS.search(text))


def tag_value_list(text: str, function: str) -> list[str] | None:
    """Return the pipe-split tagValueList inside `function <name>()`, None if absent."""
    start = re.search(r"function\s+" + re.escape(function) + r"\s*\(", text)
    if start is None:
        return None
    following = re.search(r"function\s+\w+\s*\(", text[start.end() :])
    body = text[start.end() : start.end() + following.start() if following else len(text)]
    match = re.search(r"tagValueList\s*=\s*(['\"])(.*?)\1", body, re.DOTALL)
    return match.group(2).split("|") if match else None


def tag_rows(values: Sequence[str], fields: Sequence[str], what: str, text: str) -> list[Row]:
    """Split a counted tagValueList into rows of named fields."""
    count = integer(values[0]) if values else None
    if count is None or count < 0:
        raise unexpected(f"The {what} tagValueList has no row count", text)
    width = len(fields)
    cells = [value.strip() for value in values[1:]]
    if len(cells) < count * width:
        raise unexpected(f"The {what} tagValueList is shorter than its row count", text)
    return [
        dict(zip(fields, cells[row * width : (row + 1) * width], strict=True))
        for row in range(count)
    ]


def table_rows(table: HtmlTable) -> list[Row]:
    """Turn a table with a header row into rows of named fields."""
    columns = table.header_map(_HEADER_ALIASES)
    rows: list[Row] = []
    for cells in table.rows[1:]:
        rows.append({name: cells[index] for name, index in columns.items() if index < len(cells)})
    return rows


def parse_status_page(text: str) -> ParseResult[DocsisStatus]:
    """Read a DocsisStatus page in either firmware format."""
    if INFO_FUNCTION in text or DS_FUNCTION in text:
        return _parse_tag_page(text)
    tables = {table.attrs.get("id", ""): table for table in html_tables(text)}
    if DS_TABLE in tables and US_TABLE in tables:
        status = DocsisStatus(
            table_rows(tables[DS_TABLE]),
            table_rows(tables[US_TABLE]),
            table_rows(tables[OFDM_DS_TABLE]) if OFDM_DS_TABLE in tables else [],
            table_rows(tables[OFDMA_US_TABLE]) if OFDMA_US_TABLE in tables else [],
            [],
        )
        return ParseResult(status)
    raise unexpected(
        "The DOCSIS status page has neither tagValueList data nor channel tables", text
    )


def _parse_tag_page(text: str) -> ParseResult[DocsisStatus]:
    result: ParseResult[DocsisStatus] = ParseResult(DocsisStatus([], [], [], [], []))
    tables = (
        (DS_FUNCTION, DS_FIELDS, "ds"),
        (US_FUNCTION, US_FIELDS, "us"),
        (OFDM_DS_FUNCTION, OFDM_DS_FIELDS, "ofdm_ds"),
        (OFDMA_US_FUNCTION, OFDMA_US_FIELDS, "ofdma_us"),
    )
    for function, fields, attr in tables:
        values = tag_value_list(text, function)
        if values is None:
            if function in (DS_FUNCTION, US_FUNCTION):
                raise unexpected(f"The status page has no {function} data", text)
            result.diagnostics.append(f"{function} missing: no DOCSIS 3.1 channels")
            continue
        setattr(result.value, attr, tag_rows(values, fields, function, text))
    result.value.info = [value.strip() for value in tag_value_list(text, INFO_FUNCTION) or []]
    return result


def _locked(row: Mapping[str, str]) -> bool:
    return row.get("lock", "").strip().lower() == "locked"


def _records(
    rows: Iterable[Row], what: str, record: Callable[[int, Row], Channel]
) -> ParseResult[list[Channel]]:
    """Return a record of each locked row with a channel id; the others are noted."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in rows:
        channel_id = integer(row.get("channel_id"))
        if not _locked(row) or not channel_id:
            result.diagnostics.append(f"{what} row {row.get('index', '?')} not locked: skipped")
            continue
        result.value.append(record(channel_id, row))
    return result


def downstream(rows: Iterable[Row]) -> ParseResult[list[Channel]]:
    """Return DOCSIS 3.0 downstream records of the locked SC-QAM rows."""
    return _records(rows, "downstream", qam_downstream)


def ofdm_downstream(rows: Iterable[Row]) -> ParseResult[list[Channel]]:
    """Return DOCSIS 3.1 downstream records of the locked OFDM rows."""
    return _records(rows, "OFDM downstream", records.ofdm_downstream)


def _sc_qam_upstream(channel_id: int, row: Row) -> Channel:
    # The page names the channel type, not a QAM order.
    kind = row.get("type", "").strip() or "ATDMA"
    return {
        **base_record(channel_id, row),
        "type": kind,
        "multiplex": kind,
        "symbolRate": number(row.get("symbol_rate")),
    }


def upstream(rows: Iterable[Row]) -> ParseResult[list[Channel]]:
    """Return DOCSIS 3.0 upstream records; the page names the channel type, not a QAM order."""
    return _records(rows, "upstream", _sc_qam_upstream)


def ofdma_upstream(rows: Iterable[Row]) -> ParseResult[list[Channel]]:
    """Return DOCSIS 3.1 upstream records of the locked OFDMA rows."""
    return _records(rows, "OFDMA upstream", records.ofdma_upstream)


def uptime_seconds(text: str) -> int | None:
    """Return seconds from "1 days 10:17:36" or "1 days 10h:17m:36s"; None when unreadable."""
    clock = _UPTIME_CLOCK.search(text)
    if clock is None:
        return None
    days = _UPTIME_DAYS.search(text[: clock.start()])
    hours, minutes, seconds = (int(part) for part in clock.groups())
    return (int(days.group(1)) if days else 0) * 86400 + hours * 3600 + minutes * 60 + seconds


def device_info(status: DocsisStatus, text: str) -> dict[str, object]:
    """Return uptime and provisioning state from InitTagValue or the system-info table."""
    info: dict[str, object] = {}
    values = status.info
    uptime_text = values[INFO_UPTIME] if len(values) > INFO_UPTIME else _labelled(text, "up time")
    if uptime_text:
        uptime = uptime_seconds(uptime_text)
        if uptime is not None:
            info["uptime_seconds"] = uptime
    if len(values) > INFO_CONNECTIVITY_COMMENT:
        state = values[INFO_CONNECTIVITY_STATE].lower()
        comment = values[INFO_CONNECTIVITY_COMMENT]
        online = state == "ok" and comment.lower() == "operational"
        info["docsis_status"] = "online" if online else (comment or state or "unknown")
    else:
        comment = _labelled(text, "connectivity state")
        if comment:
            info["docsis_status"] = "online" if comment.lower() == "operational" else comment
    return info


def _labelled(text: str, label: str) -> str:
    """Return the cell after a label cell ("System Up Time" -> "1 days ...") in any table."""
    for table in html_tables(text):
        for cells in table.rows:
            for index, cell in enumerate(cells[:-1]):
                if label in cell.lower():
                    return cells[index + 1]
    return ""


def page_model(text: str, known: Iterable[str]) -> str | None:
    """Return the first known model name in the page's title or description."""
    pairs = re.findall(r"<title>(.*?)</title>|content\s*=\s*['\"]([^'\"]*)['\"]", text, re.I | re.S)
    head = " ".join(f"{title} {content}" for title, content in pairs).lower()
    for model in known:
        if model.lower() in head:
            return model
    return None


def hidden_inputs(text: str) -> dict[str, str]:
    """Return the name/value pairs of a form's hidden inputs (webToken and friends)."""
    found: dict[str, str] = {}
    for tag in re.findall(r"<input\b[^>]*>", text, re.I):
        if not re.search(r"type\s*=\s*['\"]?hidden", tag, re.I):
            continue
        name = re.search(r"name\s*=\s*['\"]?([^'\"\s>]+)", tag, re.I)
        value = re.search(r"value\s*=\s*(['\"])(.*?)\1", tag, re.I | re.S)
        if name:
            found[name.group(1)] = value.group(2) if value else ""
    return found


def form_action(text: str) -> str | None:
    """Return the action of the first form (it may carry the per-page id query)."""
    match = re.search(r"<form\b[^>]*action\s*=\s*(['\"])(.*?)\1", text, re.I | re.S)
    return match.group(2).replace("&amp;", "&") if match else None
