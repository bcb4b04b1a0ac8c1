"""The journal export as CSV (with BOM, formula cells defused), JSON or Markdown text.

Pure and CPU-bound for long journals: the route runs it in an executor.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import orjson

CSV_COLUMNS = (
    "ID",
    "Date",
    "Title",
    "Description",
    "Icon",
    "Incident ID",
    "Attachments",
    "Created",
    "Updated",
)
#: Spreadsheet programs evaluate cells that start with these as formulas; the export puts an
#: apostrophe before them and the import (importing/preview.py) takes it off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CONTENT_TYPES = {"csv": "text/csv", "json": "application/json", "md": "text/markdown"}


def defused(text: str) -> str:
    """Return a cell that spreadsheets show as text: a leading apostrophe before formulas."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_row(entry: dict[str, Any]) -> list[str]:
    return [
        str(entry["id"]),
        entry["date"],
        defused(entry["title"]),
        defused(entry["description"]),
        defused(entry["icon"] or ""),
        "" if entry["incident_id"] is None else str(entry["incident_id"]),
        str(entry["attachment_count"]),
        entry["created_at"],
        entry["updated_at"],
    ]


def export_csv(entries: Sequence[dict[str, Any]]) -> bytes:
    """Return the CSV file: UTF-8 with BOM (spreadsheets then read umlauts right), CRLF lines."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_row(entry) for entry in entries)
    return buffer.getvalue().encode("utf-8")


def export_json(entries: Sequence[dict[str, Any]]) -> bytes:
    """Return the entries as a JSON list (indented: it is a file people open)."""
    return orjson.dumps(list(entries), option=orjson.OPT_INDENT_2)


def _markdown_entry(entry: dict[str, Any]) -> list[str]:
    icon = f"{entry['icon']} " if entry["icon"] else ""
    facts = [f"Entry {entry['id']}"]
    if entry["incident_id"] is not None:
        facts.append(f"incident {entry['incident_id']}")
    if entry["attachment_count"]:
        facts.append(f"{entry['attachment_count']} attachment(s)")
    lines = [f"## {entry['date']} · {icon}{entry['title']}", "", f"*{', '.join(facts)}*", ""]
    if entry["description"]:
        lines += [entry["description"], ""]
    return lines


def export_markdown(entries: Sequence[dict[str, Any]], generated_at: str) -> bytes:
    """Return a readable Markdown document: one section per entry, oldest date first."""
    lines = ["# DOCSight journal", "", f"Exported {generated_at}, {len(entries)} entries.", ""]
    for entry in sorted(entries, key=lambda item: (item["date"], item["id"])):
        lines += _markdown_entry(entry)
    return "\n".join(lines).encode("utf-8")


def render(fmt: str, entries: Sequence[dict[str, Any]], generated_at: str) -> bytes:
    """Return the export file in a format (csv, json or md)."""
    if fmt == "json":
        return export_json(entries)
    if fmt == "md":
        return export_markdown(entries, generated_at)
    return export_csv(entries)
