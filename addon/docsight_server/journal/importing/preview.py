"""Turning imported rows into the preview the import wizard shows before anything is stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..export import FORMULA_STARTS
from .dates import YearContext, month_header, read_date_pattern
from .mapping import fill_by_content, find_header, letters, map_by_keywords
from .table import column_letter

MAX_TITLE_CHARS = 200
MAX_DESCRIPTION_CHARS = 10_000


def build_preview(rows: list[list[str]], existing: set[tuple[str, str]]) -> dict[str, Any]:
    """The preview of an import: column mapping, one entry per data row, and the counts.

    Titles longer than 200 characters are cut to 200 and descriptions to 10,000; the apostrophe
    an export puts before formula-like text ("'=…", "'-…") is removed again. Rows without
    a title or a usable date are skipped (with a reason; an impossible date such as 31.02.2025
    keeps its text in raw_date). A row is a duplicate when its (date, title) is in existing or
    appears earlier in the same file. Month header rows and blank rows are not entries.
    Each entry's idx is its 1-based row number in the file; raw_date is the date cell's text
    whenever it differs from the date read. sample_headers is the header row or, in a file
    without one, its first data row.
    """
    width = max((len(row) for row in rows), default=0)
    header_index, data_start = find_header(rows)
    data_rows = [
        row for row in rows[data_start:] if any(c.strip() for c in row) and not month_header(row)
    ]
    mapping = map_by_keywords(rows[header_index] if header_index is not None else [])
    mapping = fill_by_content(mapping, data_rows, width)
    entries = _entries(rows, data_start, mapping, width, existing)
    sample = rows[header_index] if header_index is not None else (data_rows or [[]])[0]
    return {
        "columns": [column_letter(c) for c in range(width)],
        "sample_headers": _padded(sample, width),
        "mapping": letters(mapping),
        "rows": entries,
        "total": len(entries),
        "skipped": sum(1 for entry in entries if entry["skipped"]),
        "duplicates": sum(1 for entry in entries if entry["duplicate"]),
    }


def _entries(
    rows: Sequence[list[str]],
    data_start: int,
    mapping: dict[str, int | None],
    width: int,
    existing: set[tuple[str, str]],
) -> list[dict[str, Any]]:
    """One preview entry per data row, with the year context carried down the file."""
    context = YearContext(dt.date.today().year)
    seen = set(existing)
    entries = []
    for index, row in enumerate(rows):
        if (header := month_header(row)) is not None:
            context.enter_month(*header)
            continue
        if index < data_start or not any(cell.strip() for cell in row):
            continue
        entry = _entry(index + 1, row, mapping, width, context)
        key = (entry["date"], entry["title"])
        if not entry["skipped"]:
            entry["duplicate"] = key in seen
            seen.add(key)
        entries.append(entry)
    return entries


def _entry(
    row_number: int,
    row: list[str],
    mapping: dict[str, int | None],
    width: int,
    context: YearContext,
) -> dict[str, Any]:
    """The preview entry for one data row (duplicate is decided by the caller)."""
    date_text = _cell(row, mapping["date"])
    date, reason = _resolve_date(date_text, context)
    title = _unquoted(_cell(row, mapping["title"]))[:MAX_TITLE_CHARS]
    if not title and reason is None:
        reason = "no title"
    entry: dict[str, Any] = {
        "idx": row_number,
        "date": date,
        "title": title,
        "description": _unquoted(_cell(row, mapping["description"]))[:MAX_DESCRIPTION_CHARS],
        "raw": _padded(row, width),
        "duplicate": False,
        "skipped": reason is not None,
    }
    if reason is not None:
        entry["reason"] = reason
    if date_text and date_text != date:
        entry["raw_date"] = date_text
    return entry


def _resolve_date(text: str, context: YearContext) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD or None, reason the row is skipped or None) for a date cell's text."""
    if not text:
        return None, "no date"
    pattern = read_date_pattern(text)
    if pattern is None:
        return None, "unrecognised date"
    date = context.date_for(pattern)
    if date is None:
        return None, "invalid date"
    return date.isoformat(), None


def _cell(row: list[str], column: int | None) -> str:
    """The stripped text of a row's cell, or "" when the column is unmapped or missing."""
    if column is None or column >= len(row):
        return ""
    return row[column].strip()


def _unquoted(text: str) -> str:
    """The text without the apostrophe an export adds before formula-like text."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _padded(row: Sequence[str], width: int) -> list[str]:
    """The row's cells, padded with "" to the sheet's width."""
    return [*row, *([""] * (width - len(row)))]
