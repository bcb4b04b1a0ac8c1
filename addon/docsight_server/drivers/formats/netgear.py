"""Netgear cable modems (CM1000, CM3000): DocsisStatus pages as tagValueList JS or HTML tables.

The JavaScript variant holds one `var tagValueList = '...'` per Init*TagValue() function:
pipe-separated, the first value is the row count, then a fixed number of fields per row (the
CM1000v2 firmware leaves the codeword counters out of its downstream rows). Some firmware
keeps a commented-out placeholder of a function before the real one: only live script counts.
The table variant has <table id="dsTable|usTable|d31dsTable|d31usTable"> with a header row.
Both are turned into rows of named fields, then into raw channel records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass

from ..base import UnexpectedPageError
from . import records
from .common import Channel, HtmlTable, ParseResult, html_tables, integer, unexpected
from .netgear_scripts import tag_value_lists
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
# The CM1000v2 firmware's downstream rows: no codeword counters.
DS_FIELDS_V2 = DS_FIELDS[:7]
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

# Cells the firmware writes where it has no value.
_NO_VALUE = frozenset(("unknown", "n/a", "na", "-", "--", "---"))
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


def _cell(value: str) -> str:
    text = value.strip()
    return "" if text.lower() in _NO_VALUE else text


def _known_widths(layouts: Sequence[Sequence[str]]) -> str:
    widths = sorted({len(fields) for fields in layouts})
    if len(widths) == 1:
        return f"the layout with {widths[0]}"
    return "layouts with " + ", ".join(map(str, widths[:-1])) + f" and {widths[-1]}"


def _rows_look_right(cells: Sequence[str], count: int, width: int) -> bool:
    """Return whether every row starts with its number and a lock status, as rows do."""
    for row in range(count):
        index, lock = cells[row * width], cells[row * width + 1]
        if not index.isdigit() or "lock" not in lock.lower():
            return False
    return True


def _layout_complaint(
    label: str, cells: Sequence[str], count: int, layouts: Sequence[Sequence[str]]
) -> str:
    known = _known_widths(layouts)
    if len(cells) % count == 0:
        return (
            f"The {label} table has {len(cells) // count} fields per channel; "
            f"this driver knows {known}"
        )
    return (
        f"The {label} tagValueList does not fit its row count ({len(cells)} values for {count} "
        f"rows); this driver knows {known} fields per channel"
    )


def tag_rows(
    values: Sequence[str], layouts: Sequence[Sequence[str]], label: str, text: str
) -> tuple[list[Row], Sequence[str]]:
    """Split a counted tagValueList into rows of named fields; return them and the layout.

    The layout is the known one whose width times the row count is the number of values;
    with values left over, the widest whose rows start with their number and lock status.
    """
    count = integer(values[0]) if values else None
    if count is None or count < 0:
        raise unexpected(f"The {label} tagValueList has no row count", text)
    if count == 0:
        return [], layouts[0]
    # The firmware ends the list with a separator: the empty value after it is none.
    ending = -1 if len(values) > 1 and not values[-1].strip() else len(values)
    cells = [_cell(value) for value in values[1:ending]]
    fitting = [fields for fields in layouts if len(cells) == count * len(fields)] or [
        fields
        for fields in layouts
        if len(cells) >= count * len(fields) and _rows_look_right(cells, count, len(fields))
    ]
    if not fitting:
        raise unexpected(_layout_complaint(label, cells, count, layouts), text)
    fields = max(fitting, key=len)
    width = len(fields)
    rows = [
        dict(zip(fields, cells[row * width : (row + 1) * width], strict=True))
        for row in range(count)
    ]
    return rows, fields


def table_rows(table: HtmlTable) -> list[Row]:
    """Turn a table with a header row into rows of named fields."""
    columns = table.header_map(_HEADER_ALIASES)
    rows: list[Row] = []
    for cells in table.rows[1:]:
        rows.append(
            {name: _cell(cells[index]) for name, index in columns.items() if index < len(cells)}
        )
    return rows


def parse_status_page(text: str) -> ParseResult[DocsisStatus]:
    """Read a DocsisStatus page in either firmware format."""
    lists = tag_value_lists(text) if "TagValue" in text else {}
    if INFO_FUNCTION in lists or DS_FUNCTION in lists:
        return _parse_tag_page(text, lists)
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


# Per function: its layouts (the first is the full one), where its rows go, what it holds.
_TAG_TABLES: tuple[tuple[str, tuple[tuple[str, ...], ...], str, str], ...] = (
    (DS_FUNCTION, (DS_FIELDS, DS_FIELDS_V2), "ds", "downstream"),
    (US_FUNCTION, (US_FIELDS,), "us", "upstream"),
    (OFDM_DS_FUNCTION, (OFDM_DS_FIELDS,), "ofdm_ds", "OFDM downstream"),
    (OFDMA_US_FUNCTION, (OFDMA_US_FIELDS,), "ofdma_us", "OFDMA upstream"),
)


def _live_rows(
    candidates: Sequence[Sequence[str]], layouts: Sequence[Sequence[str]], label: str, text: str
) -> tuple[list[Row], Sequence[str]]:
    """Return the rows of the last list that reads (the browser runs the last definition).

    A placeholder with a dummy count or dummy values does not read and is passed over; when
    none reads, the last one's complaint is raised.
    """
    try:
        return tag_rows(candidates[-1], layouts, label, text)
    except UnexpectedPageError:
        for values in reversed(candidates[:-1]):
            with suppress(UnexpectedPageError):
                return tag_rows(values, layouts, label, text)
        raise


def _parse_tag_page(text: str, lists: Mapping[str, list[list[str]]]) -> ParseResult[DocsisStatus]:
    result: ParseResult[DocsisStatus] = ParseResult(DocsisStatus([], [], [], [], []))
    for function, layouts, attr, label in _TAG_TABLES:
        candidates = lists.get(function)
        if not candidates:
            if function in (DS_FUNCTION, US_FUNCTION):
                raise unexpected(f"The status page has no {function} data", text)
            result.diagnostics.append(f"{function} missing: no DOCSIS 3.1 channels")
            continue
        rows, fields = _live_rows(candidates, layouts, f"{label} ({function})", text)
        if len(candidates) > 1:
            result.diagnostics.append(
                f"{function} is defined {len(candidates)} times: read the last one that reads"
            )
        if fields is not layouts[0]:
            missing = ", ".join(name for name in layouts[0] if name not in fields)
            result.diagnostics.append(
                f"The {label} rows have {len(fields)} fields per channel: no {missing}"
            )
        setattr(result.value, attr, rows)
    info = [values for values in lists.get(INFO_FUNCTION, []) if len(values) > INFO_UPTIME]
    chosen = info[-1] if info else (lists.get(INFO_FUNCTION) or [[]])[-1]
    result.value.info = [value.strip() for value in chosen]
    return result


def _locked(row: Mapping[str, str]) -> bool:
    # A table without a lock column lists its channels only.
    lock = row.get("lock")
    return lock is None or lock.lower() == "locked"


def _records(
    rows: Iterable[Row], what: str, record: Callable[[int, Row], Channel]
) -> ParseResult[list[Channel]]:
    """Return a record of each locked row; the unlocked ones and rows without id are noted.

    Channel id 0 is the modem's own id of a locked channel, not a missing one.
    """
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in rows:
        if not _locked(row):
            result.diagnostics.append(f"{what} row {row.get('index', '?')} not locked: skipped")
            continue
        channel_id = integer(row.get("channel_id"))
        if channel_id is None:
            result.diagnostics.append(f"{what} row {row.get('index', '?')} has no channel id")
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
    # The page names the channel type (ATDMA, TDMA, SC-QAM), not a QAM order: like upstream
    # DOCSIS, the stated type is the record's modulation. Unstated, the table still says SC-QAM.
    kind = row.get("type", "")
    return {
        **base_record(channel_id, row),
        "type": kind or "SC-QAM",
        "modulation": kind,
        "multiplex": kind or "SC-QAM",
        # Ksym/sec is a whole number ("5,120" is thousands); 0 is the firmware's "none".
        "symbolRate": integer(row.get("symbol_rate")) or None,
    }


def upstream(rows: Iterable[Row]) -> ParseResult[list[Channel]]:
    """Return DOCSIS 3.0 upstream records; the modulation is the channel type the page states."""
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
