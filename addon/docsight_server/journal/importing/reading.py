"""Deciding whether an upload is an .xlsx or a .csv file, by its name and its bytes."""

from __future__ import annotations

from pathlib import PurePath

from .csv_reading import read_csv
from .errors import ImportFileError
from .xlsx_reading import read_xlsx
from .zip_guard import OLE2_MAGIC, ZIP_MAGIC

SUPPORTED_MESSAGE = "The file is not an Excel workbook (.xlsx) or a CSV file"


def read_import_file(data: bytes, filename: str) -> list[list[str]]:
    """Rows of cell texts from an .xlsx or .csv upload; anything else raises ImportFileError.

    xlsx date cells come back as YYYY-MM-DD, numbers as text; only the first sheet is read.
    Blank rows inside the data are kept as [] so row positions match the file.
    """
    suffix = PurePath(filename).suffix.lower()
    if suffix not in {".xlsx", ".csv"}:
        raise ImportFileError(_unsupported_message(suffix))
    if not data:
        raise ImportFileError("The file is empty")
    if suffix == ".xlsx":
        return read_xlsx(data)
    if data.startswith((ZIP_MAGIC, OLE2_MAGIC)):
        raise ImportFileError("The file is an Excel workbook, not a CSV file; name it .xlsx")
    return read_csv(data)


def _unsupported_message(suffix: str) -> str:
    """The message for a file name that is neither .xlsx nor .csv."""
    if suffix == ".xls":
        return "Old Excel 97-2003 files (.xls) are not supported; save the sheet as .xlsx"
    return SUPPORTED_MESSAGE
