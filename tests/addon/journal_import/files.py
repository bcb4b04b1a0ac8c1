"""Builders for the workbooks and CSV files the import tests feed in, made in memory."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
WORKBOOK = "xl/workbook.xml"
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xlsx_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """A real workbook (written by openpyxl, shared strings as Excel writes them) holding rows."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Journal"
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def empty_xlsx() -> bytes:
    """A workbook whose only sheet has no cells."""
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def with_member(xlsx: bytes, name: str, content: bytes) -> bytes:
    """A copy of the workbook with one part replaced (or added) by content."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info.filename))
        target.writestr(name, content)
    return buffer.getvalue()


def sheet_xml(rows_xml: str, prolog: str = "") -> bytes:
    """A worksheet part holding the given <row> elements, with an optional DOCTYPE prolog."""
    text = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<worksheet xmlns="{SHEET_NS}"><sheetData>{rows_xml}</sheetData></worksheet>'
    )
    return text.encode()


def inline_cell(reference: str, text: str) -> str:
    """One <c> element holding an inline string."""
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def zip_of(members: dict[str, bytes]) -> bytes:
    """A deflated zip holding the members as given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zeros_zip(name: str, megabytes: int) -> bytes:
    """A zip with one member of that many MB of zeros, written in 1 MB chunks at level 9."""
    buffer = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(chunk)
    return buffer.getvalue()


def csv_bytes(
    rows: Iterable[Sequence[str]], delimiter: str = ",", encoding: str = "utf-8"
) -> bytes:
    """CSV text written by the csv module (minimal quoting), encoded as asked."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)
