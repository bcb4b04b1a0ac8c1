"""Helpers shared by the parsers: numbers, frequencies, modulations, HTML tables, raw forms."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ...analysis.qam import canonical_modulation
from ..base import ParseResult, UnexpectedPageError

Channel = dict[str, Any]
#: One direction's records: (DOCSIS 3.0 SC-QAM, DOCSIS 3.1 OFDM or OFDMA).
Lanes = tuple[list[Channel], ...]
#: Records keep the modem's OFDM/OFDMA ids; one that an SC-QAM channel of the same direction
#: also has becomes base + id (see records.distinct_channel_ids).
OFDM_ID_BASE = 33
OFDMA_ID_BASE = 41
__all__ = [
    "OFDMA_ID_BASE",
    "OFDM_ID_BASE",
    "Channel",
    "HtmlTable",
    "Lanes",
    "ParseResult",
    "clock_seconds",
    "dict_rows",
    "forget_parsed_pages",
    "html_tables",
    "integer",
    "js_string",
    "mhz_label",
    "modulation",
    "number",
    "split_form",
    "split_result",
    "unexpected",
]

_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
# The first number of a measurement in either separator convention; each group names what it
# holds. A single separator group is read as a decimal separator: "38,983 dB" is 38.983 dB.
_SEPARATED_NUMBER = re.compile(
    r"(?P<sign>[-+]?)(?:"
    # 1,234,567 / 1,234.5: comma thousands, only with several groups or a decimal point after.
    r"(?P<comma_int>[1-9]\d{0,2}(?:,\d{3}){2,}|[1-9]\d{0,2},\d{3}(?=\.\d))"
    r"(?:\.(?P<comma_frac>\d+))?(?![\d,])"
    # 1.234,5 / 1.234.567,89: dot thousands before a decimal comma.
    r"|(?P<dot_int>[1-9]\d{0,2}(?:\.\d{3})+),(?P<dot_frac>\d+)(?![,.]\d)"
    # 1.234.567: two or more dot groups are thousands ("1.234" alone is a decimal point).
    r"|(?P<dots>[1-9]\d{0,2}(?:\.\d{3}){2,})(?![.\d])"
    # 12,5 / 0,123 / 1,234: a decimal comma (a comma between numbers of a list is none).
    r"|(?P<int>\d+),(?P<frac>\d+)(?![,.]\d)"
    # 42 / -3.2 / 1.234 / 2e3: the plain spelling.
    r"|(?P<plain>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
    r")"
)
# A whole number with thousands groups: one or more ",ddd" or ".ddd" groups of one separator,
# optionally followed by a fraction after the other separator ("1,037", "1.234,5").
_GROUPED_WHOLE = re.compile(
    r"(?P<sign>[-+]?)(?P<digits>[1-9]\d{0,2}(?P<sep>[,.])\d{3}(?:(?P=sep)\d{3})*)"
    r"(?:(?!(?P=sep))[,.]\d+)?(?![\d]|[,.]\d)"
)
# A whole cell of space-grouped digits ("1 234 567"; normal, no-break, thin or narrow space).
_GROUP_SPACES = " \u00a0\u2009\u202f"
_SPACED_WHOLE = re.compile(rf"[-+]?[1-9]\d{{0,2}}(?:[{_GROUP_SPACES}]\d{{3}})+")
_WITHOUT_GROUP_SPACES = str.maketrans("", "", _GROUP_SPACES)
_MISSING = frozenset(("", "-", "--", "---", "n/a", "na", "none", "null", "unknown"))


def _matched_number(match: re.Match[str]) -> float:
    plain = match.group("plain")
    if plain is not None:
        digits = plain
    elif match.group("comma_int") is not None:
        digits = match.group("comma_int").replace(",", "") + "." + (match.group("comma_frac") or "")
    elif match.group("dot_int") is not None:
        digits = match.group("dot_int").replace(".", "") + "." + match.group("dot_frac")
    elif match.group("dots") is not None:
        digits = match.group("dots").replace(".", "")
    else:
        digits = match.group("int") + "." + match.group("frac")
    return float(match.group("sign") + digits.rstrip("."))


def _cell_text(value: object) -> str | None:
    """Return a cell's text with a unicode minus as "-", None for a placeholder."""
    text = str(value).strip().replace("\u2212", "-")
    return None if text.lower() in _MISSING else text


def number(value: object) -> float | None:
    """Return the first number of a level or frequency ("-3.2 dBmV" -> -3.2; "N/A" -> None).

    A single separator group is decimal ("12,5" -> 12.5, "38,983" -> 38.983, "1.234" ->
    1.234); several groups ("1,234,567", "1.234.567") or both separators ("1.234,5",
    "1,234.5") are thousands. In a list ("1,2,3") the first number is read.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = _cell_text(value)
    if text is None:
        return None
    match = _PLAIN_NUMBER.search(text)
    return None if match is None else _read_number(text, match)


def _read_number(text: str, match: re.Match[str]) -> float:
    """Return the number whose plain spelling starts at match (see number)."""
    end = match.end()
    # Only a separator right after the plain number needs the slower separated reading.
    if end < len(text) and text[end] in ",.":
        separated = _SEPARATED_NUMBER.match(text, match.start())
        if separated:
            return _matched_number(separated)
    return float(match.group())


def integer(value: object) -> int | None:
    """Return a whole number from a counter or id cell ("1,037" and "1.037" -> 1037).

    Unlike number(), one group of exactly three digits after a separator is thousands, and so
    are spaces between such groups when they are the whole cell ("1 234"). Any other fraction
    is cut off ("7.0" -> 7, "1,5" -> 1); None when there is no number.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else None
    text = _cell_text(value)
    if text is None:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    match = _PLAIN_NUMBER.search(text)
    if match is None:
        return None
    if "," in text or "." in text:
        grouped = _GROUPED_WHOLE.match(text, match.start())
        if grouped:
            digits = grouped.group("digits").replace(grouped.group("sep"), "")
            return int(grouped.group("sign") + digits)
    elif match.end() < len(text) and text[match.end()] in _GROUP_SPACES:
        if _SPACED_WHOLE.fullmatch(text):
            return int(text.translate(_WITHOUT_GROUP_SPACES))
    parsed = _read_number(text, match)
    return int(parsed) if math.isfinite(parsed) else None


def mhz_label(value: object, *, unit: str | None = None) -> str:
    """Return a frequency as "<n> MHz" with the modem's digits; bare numbers >= 1e5 are Hz."""
    parsed = number(value)
    if parsed is None or not math.isfinite(parsed):
        return ""
    parsed += 0.0  # -0.0 reads as 0
    text = "" if unit is None else unit.lower()
    if not text and isinstance(value, str):
        text = value.lower()
    if "khz" in text:
        shift = -3
    elif "mhz" in text:
        shift = 0
    elif "ghz" in text:
        shift = 3
    elif "hz" in text or parsed >= 1e5:
        shift = -6
    else:
        shift = 0
    return _label_of(parsed, shift)


# A modem's frequencies repeat every poll: each label is worked out once.
@lru_cache(maxsize=4096)
def _label_of(parsed: float, shift: int) -> str:
    # repr() gives back the digits the page printed; Decimal moves the point without rounding.
    mhz = Decimal(repr(parsed)).scaleb(shift).normalize()
    return f"{mhz:f} MHz"


def clock_seconds(pattern: re.Pattern[str], text: str) -> int | None:
    """Return the seconds of the first days/hours/minutes/seconds match (missing parts are 0)."""
    match = pattern.search(text)
    if match is None:
        return None
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def modulation(value: object) -> str:
    """Return the canonical modulation name ("qam_256", "QAM256", "256-QAM" -> "256QAM")."""
    if isinstance(value, str):
        value = "".join(value.split())
    return canonical_modulation(value) or ""


def split_form(
    ds30: Iterable[Channel] = (),
    ds31: Iterable[Channel] = (),
    us30: Iterable[Channel] = (),
    us31: Iterable[Channel] = (),
) -> dict[str, Any]:
    """Return the split raw form the analyzer takes."""
    return {
        "channelDs": {"docsis30": list(ds30), "docsis31": list(ds31)},
        "channelUs": {"docsis30": list(us30), "docsis31": list(us31)},
    }


def split_result(
    downstream: ParseResult[Lanes], upstream: ParseResult[Lanes]
) -> ParseResult[dict[str, Any]]:
    """Return the split raw form of both directions' records, with the notes of both."""
    return ParseResult(
        split_form(downstream.value[0], downstream.value[1], upstream.value[0], upstream.value[1]),
        downstream.diagnostics + upstream.diagnostics,
    )


def unexpected(message: str, text: str) -> UnexpectedPageError:
    """Return the error for a page the parser cannot read, with a whitespace-squeezed excerpt."""
    return UnexpectedPageError(message, " ".join(text.split()))


def dict_rows(rows: object, text: str, complaint: str) -> list[dict[str, Any]]:
    """Return rows that are a list of JSON objects; else raise the complaint with the page."""
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise unexpected(complaint, text)
    return rows


def js_string(text: str, name: str) -> str | None:
    """Return the value of `var name = '...'` (or "...") in a page's script, None if absent."""
    match = re.search(
        r"(?:var\s+)?" + re.escape(name) + r"\s*=\s*(['\"])(.*?)\1\s*;", text, re.DOTALL
    )
    return match.group(2) if match else None


@dataclass(frozen=True, slots=True)
class HtmlTable:
    """One <table>: its rows of cell texts, its attributes and the text just before it.

    Tables are shared between parsers of the same page: read them, never change them.
    """

    rows: list[list[str]]
    attrs: dict[str, str]
    heading: str

    def header_map(self, aliases: Mapping[str, Iterable[str]], row: int = 0) -> dict[str, int]:
        """Map field names to column indexes by matching header cells against aliases."""
        if len(self.rows) <= row:
            return {}
        headers = [_squash(cell) for cell in self.rows[row]]
        found: dict[str, int] = {}
        for name, spellings in aliases.items():
            wanted = [_squash(spelling) for spelling in spellings]
            for index, header in enumerate(headers):
                if header in wanted:
                    found[name] = index
                    break
        return found


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


# One pass of a compiled pattern over the page finds the table structure; modem status pages
# are large and the stdlib HTMLParser takes tens of milliseconds on them.
_TOKENS = re.compile(
    r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<(/?)(table|tr|td|th|br)\b([^>]*)>",
    re.IGNORECASE | re.DOTALL,
)
_OTHER_TAG = re.compile(r"<[^>]*>")
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def _text(fragment: str, tag_gap: str) -> str:
    return " ".join(html.unescape(_OTHER_TAG.sub(tag_gap, fragment)).split())


def _attributes(text: str) -> dict[str, str]:
    return {
        match.group(1).lower(): html.unescape(
            match.group(2) or match.group(3) or match.group(4) or ""
        )
        for match in _ATTRIBUTE.finditer(text)
    }


class _OpenTable:
    """A table being read: its rows so far, the open row and the open cell."""

    def __init__(self, table: HtmlTable) -> None:
        self.table = table
        self.row: list[str] = []
        self.cell: list[str] | None = None

    def close_cell(self) -> None:
        if self.cell is not None:
            self.row.append(_text("".join(self.cell), ""))
            self.cell = None

    def close_row(self) -> None:
        self.close_cell()
        if self.row:
            self.table.rows.append(self.row)
            self.row = []


def html_tables(text: str) -> list[HtmlTable]:
    """Return every table of an HTML page in document order (tolerates unclosed tags)."""
    return list(_parsed_tables(text))


def forget_parsed_pages() -> None:
    """Drop the pages parsed during a poll (the next poll reads new pages anyway)."""
    _parsed_tables.cache_clear()


# A poll reads device info, downstream and upstream from one page through separate parsers.
@lru_cache(maxsize=8)
def _parsed_tables(text: str) -> tuple[HtmlTable, ...]:
    tables: list[HtmlTable] = []
    stack: list[_OpenTable] = []
    before: list[str] = []
    position = 0
    for token in _TOKENS.finditer(text):
        fragment = text[position : token.start()]
        position = token.end()
        if stack and stack[-1].cell is not None:
            stack[-1].cell.append(fragment)
        elif not stack:
            before.append(fragment)
            del before[:-8]
        if token.group(3) is None:
            continue  # a comment, script or style
        closing, tag = token.group(2) == "/", token.group(3).lower()
        if tag == "table" and not closing:
            heading = "" if stack else _text("".join(before), " ")[-120:]
            table = HtmlTable([], _attributes(token.group(4)), heading)
            tables.append(table)
            stack.append(_OpenTable(table))
        elif not stack:
            continue
        elif tag == "table":
            stack.pop().close_row()
            before = []
        elif tag == "tr":
            stack[-1].close_row()
        elif tag in ("td", "th"):
            stack[-1].close_cell()
            if not closing:
                stack[-1].cell = []
        elif tag == "br" and stack[-1].cell is not None:
            stack[-1].cell.append(" ")
    if stack and stack[-1].cell is not None:
        stack[-1].cell.append(text[position:])
    while stack:
        stack.pop().close_row()
    return tuple(tables)
