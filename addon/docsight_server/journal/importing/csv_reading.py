"""Reading a CSV file into rows of cell texts."""

from __future__ import annotations

import csv
import io

from .errors import MAX_CELL_CHARS, ImportFileError
from .sniffing import decode_text, sniff_delimiter
from .table import RowCollector


def read_csv(data: bytes) -> list[list[str]]:
    """Rows of cell texts from CSV bytes (encoding and delimiter sniffed, quotes respected)."""
    if not data.strip():
        raise ImportFileError("The file is empty")
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    collector = RowCollector("CSV file")
    try:
        for record in reader:
            collector.add(record)
    except csv.Error as error:
        raise ImportFileError(_csv_error_message(error, collector.position + 1)) from None
    return collector.finish("The file holds no data")


def _csv_error_message(error: csv.Error, row_number: int) -> str:
    """Plain words for what the csv module could not read."""
    if "field larger than field limit" in str(error):
        return f"A cell in row {row_number} is longer than {MAX_CELL_CHARS:,} characters"
    return f"Row {row_number} of the CSV file cannot be read ({error})"
