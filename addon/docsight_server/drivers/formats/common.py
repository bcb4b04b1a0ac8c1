"""Helpers shared by the parsers: numbers, frequencies, modulations, HTML tables, raw forms."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from ...analysis.qam import canonical_modulation
from ..base import ParseResult, UnexpectedPageError

Channel = dict[str, Any]
#: Modems that number OFDM receivers and OFDMA channels from 0 get DOCSIS 3.1 channel ids from
#: these bases in our records, clear of the SC-QAM ids.
OFDM_ID_BASE = 33
OFDMA_ID_BASE = 41
__all__ = [
    "OFDMA_ID_BASE",
    "OFDM_ID_BASE",
    "Channel",
    "HtmlTable",
    "ParseResult",
    "html_tables",
    "integer",
    "js_string",
    "mhz_label",
    "modulation",
    "number",
    "split_form",
    "unexpected",
]

_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_MISSING = frozenset(("", "-", "--", "---", "n/a", "na", "none", "null", "unknown"))


def number(value: object) -> float | None:
    """Return the first number in a cell ("-3.2 dBmV" -> -3.2; "N/A" -> None)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace("\u2212", "-")
    if text.lower() in _MISSING:
        return None
    match = _NUMBER.search(text)
    return float(match.group()) if match else None


def integer(value: object) -> int | None:
    """Return a whole number from a cell (counters, IDs); None when there is none."""
    parsed = number(value)
    return None if parsed is None else int(parsed)


def mhz_label(value: object, *, unit: str | None = None) -> str:
    """Return a frequency as "<n> MHz"; bare numbers >= 1e5 are Hz, unit forces one."""
    parsed = number(value)
    if parsed is None:
        return ""
    text = "" if unit is None else unit.lower()
    if not text and isinstance(value, str):
        text = value.lower()
    if "khz" in text:
        mhz = parsed / 1e3
    elif "mhz" in text:
        mhz = parsed
    elif "ghz" in text:
        mhz = parsed * 1e3
    elif "hz" in text or parsed >= 1e5:
        mhz = parsed / 1e6
    else:
        mhz = parsed
    return f"{round(mhz, 4):g} MHz"


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


def unexpected(message: str, text: str) -> UnexpectedPageError:
    """Return the error for a page the parser cannot read, with a whitespace-squeezed excerpt."""
    return UnexpectedPageError(message, " ".join(text.split()))


def js_string(text: str, name: str) -> str | None:
    """Return the value of `var name = '...'` (or "...") in a page's script, None if absent."""
    match = re.search(
        r"(?:var\s+)?" + re.escape(name) + r"\s*=\s*(['\"])(.*?)\1\s*;", text, re.DOTALL
    )
    return match.group(2) if match else None


@dataclass(slots=True)
class HtmlTable:
    """One <table>: its rows of cell texts, its attributes and the text just before it."""

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


class _TableCollector(HTMLParser):
    """Collects every table, nested tables included, with the text seen before each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[HtmlTable] = []
        self._stack: list[HtmlTable] = []
        self._row: list[list[str]] = []
        self._cell: list[list[str] | None] = []
        self._recent_text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            outside = not self._stack
            heading = " ".join(" ".join(self._recent_text).split())[-120:] if outside else ""
            table = HtmlTable([], {key: value or "" for key, value in attrs}, heading)
            self.tables.append(table)
            self._stack.append(table)
            self._row.append([])
            self._cell.append(None)
        elif not self._stack:
            return
        elif tag == "tr":
            self._close_cell()
            self._close_row()
        elif tag in ("td", "th"):
            self._close_cell()
            self._cell[-1] = []
        elif tag == "br" and self._cell and self._cell[-1] is not None:
            self._cell[-1].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "table" and self._stack:
            self._close_cell()
            self._close_row()
            self._stack.pop()
            self._row.pop()
            self._cell.pop()
            self._recent_text = []
        elif not self._stack:
            return
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_cell()
            self._close_row()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._stack and self._cell[-1] is not None:
            self._cell[-1].append(data)
        elif data.strip():
            self._recent_text.append(data.strip())
            del self._recent_text[:-8]

    def _close_cell(self) -> None:
        if self._cell and self._cell[-1] is not None:
            self._row[-1].append(" ".join("".join(self._cell[-1]).split()))
            self._cell[-1] = None

    def _close_row(self) -> None:
        if self._row and self._row[-1]:
            self._stack[-1].rows.append(self._row[-1])
            self._row[-1] = []


def html_tables(text: str) -> list[HtmlTable]:
    """Return every table of an HTML page in document order (tolerates unclosed tags)."""
    collector = _TableCollector()
    collector.feed(text)
    collector.close()
    collector._close_cell()
    while collector._stack:
        collector._close_row()
        collector._stack.pop()
        collector._row.pop()
        collector._cell.pop()
    return collector.tables
