"""xlsx import: cell values as text, the first sheet only, and the row, column and cell limits."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from docsight_server.journal.importing import ImportFileError, build_preview, read_import_file
from tests.addon.journal_import.files import (
    SHEET,
    WORKBOOK,
    empty_xlsx,
    inline_cell,
    sheet_xml,
    with_member,
    xlsx_bytes,
)


def read_xlsx(data: bytes) -> list[list[str]]:
    """The rows read from data uploaded as Journal.XLSX (the extension in any case)."""
    return read_import_file(data, "Journal.XLSX")


def test_values_become_texts() -> None:
    """Date cells give YYYY-MM-DD (times dropped), whole numbers lose their '.0'."""
    row = [dt.datetime(2025, 1, 3, 18, 30), dt.date(2025, 1, 4), 5, 2.5, 3.0, True, dt.time(18, 30)]
    rows = read_xlsx(xlsx_bytes([[*row, None, "Störung"]]))
    assert rows == [
        ["2025-01-03", "2025-01-04", "5", "2.5", "3", "TRUE", "18:30:00", "", "Störung"]
    ]


def test_only_the_first_sheet_is_read() -> None:
    """A second sheet's rows are ignored."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.append(["Datum", "Titel"])
    workbook.create_sheet("Archiv").append(["nicht", "lesen"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_xlsx(buffer.getvalue()) == [["Datum", "Titel"]]


def test_blank_rows_keep_positions() -> None:
    """A gap in the sheet stays as [] so preview row numbers match Excel's."""
    rows = read_xlsx(xlsx_bytes([["Datum", "Titel"], [], [None, None], ["03.01.2025", "Aus"]]))
    assert rows == [["Datum", "Titel"], [], [], ["03.01.2025", "Aus"]]
    assert build_preview(rows, set())["rows"][0]["idx"] == 4


def test_workbook_to_preview() -> None:
    """German sheet with month headers and date cells maps and dates as expected."""
    rows = [
        ["Störungstagebuch"],
        ["Datum", "Ereignis", "Notiz"],
        ["Dezember 2024"],
        ["30.12.", "Ausfall", "ganzer Abend"],
        ["03.01.", "Langsam", None],
        [dt.date(2025, 1, 7), "Techniker", "Verstärker getauscht"],
    ]
    preview = build_preview(read_xlsx(xlsx_bytes(rows)), {("2025-01-07", "Techniker")})
    got = [(e["idx"], e["date"], e["title"], e["duplicate"]) for e in preview["rows"]]
    assert got == [
        (4, "2024-12-30", "Ausfall", False),
        (5, "2025-01-03", "Langsam", False),
        (6, "2025-01-07", "Techniker", True),
    ]


def test_formula_cells_are_refused() -> None:
    """A formula anywhere is refused, naming its cell."""
    data = xlsx_bytes([["Datum", "Titel"], ["03.01.2025", "=CONCAT(A1,A2)"]])
    with pytest.raises(ImportFileError, match=r"^Cell B2 holds a formula; save the sheet"):
        read_xlsx(data)


def test_text_starting_with_equals_is_text() -> None:
    """A text cell that merely starts with '=' is no formula and is read as written."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "=kein Formel"
    sheet["A1"].data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_xlsx(buffer.getvalue()) == [["=kein Formel"]]


def test_row_limit_edges() -> None:
    """5,000 rows are read; 5,001 are refused."""
    assert len(read_xlsx(xlsx_bytes([["a", "b"]] * 5_000))) == 5_000
    with pytest.raises(ImportFileError, match=r"^The sheet has more than 5,000 rows$"):
        read_xlsx(xlsx_bytes([["a", "b"]] * 5_001))


def test_data_below_row_5000_is_refused_and_blank_rows_there_are_not() -> None:
    """A value in row 20,000 is refused; an empty row there is only formatting."""
    head = '<row r="1">' + inline_cell("A1", "a") + inline_cell("B1", "b") + "</row>"
    far_value = head + '<row r="20000">' + inline_cell("A20000", "x") + "</row>"
    with pytest.raises(ImportFileError, match="more than 5,000 rows"):
        read_xlsx(with_member(xlsx_bytes([["a"]]), SHEET, sheet_xml(far_value)))
    far_blank = head + '<row r="20000"><c r="A20000" s="0"/></row>'
    assert read_xlsx(with_member(xlsx_bytes([["a"]]), SHEET, sheet_xml(far_blank))) == [["a", "b"]]


def test_row_number_beyond_excel_is_refused() -> None:
    """A crafted row number past 1,048,576 stops the scan instead of running on."""
    rows = '<row r="1">' + inline_cell("A1", "a") + '</row><row r="99999999999"/>'
    with pytest.raises(ImportFileError, match="more rows than a spreadsheet can hold"):
        read_xlsx(with_member(xlsx_bytes([["a"]]), SHEET, sheet_xml(rows)))


def test_column_limit_edges() -> None:
    """50 columns are read, 51 are refused, and so is one cell out in column XFD."""
    assert len(read_xlsx(xlsx_bytes([["x"] * 50]))[0]) == 50
    with pytest.raises(ImportFileError, match=r"^The sheet has more than 50 columns$"):
        read_xlsx(xlsx_bytes([["x"] * 51]))
    far = '<row r="1">' + inline_cell("A1", "a") + inline_cell("XFD1", "b") + "</row>"
    with pytest.raises(ImportFileError, match="more than 50 columns"):
        read_xlsx(with_member(xlsx_bytes([["a"]]), SHEET, sheet_xml(far)))


def test_cell_length_edges() -> None:
    """A cell of 10,000 characters fits; 10,001 are refused naming the cell."""
    assert len(read_xlsx(xlsx_bytes([["a", "x" * 10_000]]))[0][1]) == 10_000
    with pytest.raises(ImportFileError, match=r"^Cell B1 is longer than 10,000 characters$"):
        read_xlsx(xlsx_bytes([["a", "x" * 10_001]]))


def test_empty_sheet() -> None:
    """A workbook whose sheet has no cells says so."""
    with pytest.raises(ImportFileError, match=r"^The sheet is empty$"):
        read_xlsx(empty_xlsx())


def test_workbook_without_sheets() -> None:
    """A workbook listing no sheets says so."""
    base = xlsx_bytes([["a"]])
    text = zipfile.ZipFile(io.BytesIO(base)).read(WORKBOOK).decode()
    start, end = text.index("<sheets>"), text.index("</sheets>") + len("</sheets>")
    data = with_member(base, WORKBOOK, (text[:start] + "<sheets/>" + text[end:]).encode())
    with pytest.raises(ImportFileError, match=r"^The Excel workbook has no sheets$"):
        read_xlsx(data)
