"""Collects the rows a reader produces and enforces the row, column and cell limits as it goes."""

from __future__ import annotations

from collections.abc import Sequence

from .errors import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, MAX_SCANNED_ROWS, ImportFileError


def column_letter(index: int) -> str:
    """Spreadsheet letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def cell_name(row_number: int, column_index: int) -> str:
    """The address a user sees for a cell, such as B7 (row_number is 1-based)."""
    return f"{column_letter(column_index)}{row_number}"


class RowCollector:
    """Keeps rows in file order (blank rows as []) and stops at the first limit a file breaks.

    Blank rows at the end of the file are dropped, so a sheet whose formatting reaches far
    down but whose data stops early still fits; data after row 5,000 does not. noun names
    the thing in messages ("sheet", "CSV file").
    """

    def __init__(self, noun: str) -> None:
        self._noun = noun
        self.rows: list[list[str]] = []
        self._pending_blank = 0
        self._position = 0

    @property
    def position(self) -> int:
        """How many rows (blank ones included) have been offered so far."""
        return self._position

    def add(self, cells: Sequence[str]) -> None:
        """Take the next row's cell texts; raise ImportFileError when a limit is broken."""
        self._position += 1
        if self._position > MAX_SCANNED_ROWS:
            raise ImportFileError(f"The {self._noun} has more rows than a spreadsheet can hold")
        width = _used_width(cells)
        if width == 0:
            self._pending_blank += 1
            return
        if self._position > MAX_ROWS:
            raise ImportFileError(f"The {self._noun} has more than {MAX_ROWS:,} rows")
        if width > MAX_COLUMNS:
            raise ImportFileError(f"The {self._noun} has more than {MAX_COLUMNS} columns")
        for column, text in enumerate(cells[:width]):
            if len(text) > MAX_CELL_CHARS:
                where = cell_name(self._position, column)
                raise ImportFileError(f"Cell {where} is longer than {MAX_CELL_CHARS:,} characters")
        self.rows.extend([] for _ in range(self._pending_blank))
        self._pending_blank = 0
        self.rows.append(list(cells[:width]))

    def finish(self, empty_message: str) -> list[list[str]]:
        """The collected rows; raise ImportFileError with empty_message when none hold data."""
        if not self.rows:
            raise ImportFileError(empty_message)
        return self.rows


def _used_width(cells: Sequence[str]) -> int:
    """Columns up to and including the last cell that is not blank."""
    for index in range(len(cells) - 1, -1, -1):
        if cells[index].strip():
            return index + 1
    return 0
