"""Reading the first sheet of an .xlsx workbook into rows of cell texts (openpyxl, read-only).

openpyxl (and the numpy and Pillow it pulls in) is imported on the first import, not when the
server starts: most servers never read a workbook, and it costs ~20 MB of memory.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from .errors import ImportFileError
from .table import RowCollector, cell_name
from .zip_guard import check_xlsx_container


def read_xlsx(data: bytes) -> list[list[str]]:
    """Rows of cell texts from the first sheet; a hostile workbook raises ImportFileError."""
    check_xlsx_container(data)
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise ImportFileError("Excel import is unavailable: the safe XML parser is not installed")
    try:
        return _read_first_sheet(data)
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(_load_error_message(error)) from None


def _read_first_sheet(data: bytes) -> list[list[str]]:
    """Open the workbook read-only and collect its first worksheet's rows."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        if not workbook.worksheets:
            raise ImportFileError("The Excel workbook has no sheets")
        sheet = workbook.worksheets[0]
        # The stored dimension is the file's claim, not a fact; without it rows are only as
        # wide as their last real cell instead of padded to a width a crafted file chose.
        sheet.reset_dimensions()
        return _collect_rows(sheet.iter_rows())
    finally:
        workbook.close()


def _collect_rows(rows: Iterable[tuple[Any, ...]]) -> list[list[str]]:
    """Cell texts for every row, refusing formulas and stopping at the first limit broken."""
    collector = RowCollector("sheet")
    for cells in rows:
        row_number = collector.position + 1
        collector.add([_cell_text(cell, row_number, column) for column, cell in enumerate(cells)])
    return collector.finish("The sheet is empty")


def _cell_text(cell: Any, row_number: int, column: int) -> str:
    """One cell's value as text; a formula cell raises ImportFileError."""
    if getattr(cell, "data_type", None) == "f":
        where = cell_name(row_number, column)
        raise ImportFileError(f"Cell {where} holds a formula; save the sheet with values only")
    return value_text(cell.value)


def value_text(value: object) -> str:
    """Text for a cell value: dates as YYYY-MM-DD, whole numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _load_error_message(error: Exception) -> str:
    """Plain words for an error openpyxl or the XML parser raised."""
    from defusedxml import DefusedXmlException
    from openpyxl.utils.exceptions import InvalidFileException

    if any(isinstance(cause, DefusedXmlException) for cause in _causes(error)):
        return "The Excel workbook contains XML entity declarations, which are refused"
    if isinstance(error, InvalidFileException):
        return "The file is not an Excel workbook (.xlsx)"
    return "The Excel workbook is damaged or not a real .xlsx file and cannot be read"


def _causes(error: BaseException) -> list[BaseException]:
    """The error and the errors it was raised from (openpyxl wraps parser errors)."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain
