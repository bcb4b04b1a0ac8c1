"""Hostile and wrong uploads: each gets an ImportFileError with a clear message, quickly."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from docsight_server.journal.importing import ImportFileError, read_import_file
from tests.addon.journal_import.files import (
    SHEET,
    WORKBOOK,
    inline_cell,
    sheet_xml,
    with_member,
    xlsx_bytes,
    zeros_zip,
    zip_of,
)

LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def refused(data: bytes, filename: str = "journal.xlsx") -> str:
    """The message of the ImportFileError the upload raises."""
    with pytest.raises(ImportFileError) as caught:
        read_import_file(data, filename)
    return str(caught.value)


@pytest.fixture(scope="module")
def workbook() -> bytes:
    """A small valid workbook to plant hostile parts in."""
    return xlsx_bytes([["Datum", "Titel"], ["03.01.2025", "Ausfall"]])


def test_zip_bomb_is_refused_before_unpacking() -> None:
    """A sheet part of 200 MB of zeros (about 200 kB packed) is refused by its declared size."""
    bomb = zeros_zip(SHEET, megabytes=200)
    assert len(bomb) < 1_000_000
    assert refused(bomb) == "The Excel workbook unpacks to more than 50 MB"


def test_extreme_compression_ratio_is_refused(workbook: bytes) -> None:
    """10 MB of zeros fit the size budget but compress about 1000:1."""
    data = with_member(workbook, SHEET, bytes(10 * 1024 * 1024))
    assert "compressed suspiciously well" in refused(data)


def test_size_lie_in_the_directory_is_caught(workbook: bytes) -> None:
    """A part whose directory entry claims fewer bytes than it holds fails its checksum."""
    data = bytearray(with_member(workbook, SHEET, sheet_xml(inline_cell("A1", "x" * 5_000))))
    entry = data.find(b"PK\x01\x02")
    while entry != -1:
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46 : entry + 46 + name_length] == SHEET.encode():
            struct.pack_into("<I", data, entry + 24, 100)
        entry = data.find(b"PK\x01\x02", entry + 4)
    assert refused(bytes(data)) == "The Excel workbook is damaged (the zip container is unreadable)"


@pytest.mark.parametrize("part", [SHEET, WORKBOOK])
def test_billion_laughs_is_refused(workbook: bytes, part: str) -> None:
    """Entity declarations in the sheet or the workbook part are refused, not expanded."""
    original = zipfile.ZipFile(io.BytesIO(workbook)).read(part).decode()
    body = original.split("?>", 1)[-1]
    hostile = f'<?xml version="1.0" encoding="UTF-8"?>{LAUGHS}{body}'.replace("Ausfall", "&lol3;")
    if part == WORKBOOK:
        hostile = hostile.replace('name="Journal"', 'name="&lol3;"')
    data = with_member(workbook, part, hostile.encode())
    assert refused(data) == "The Excel workbook contains XML entity declarations, which are refused"


def test_too_many_parts() -> None:
    """More than 1,000 zip members are refused without opening any."""
    data = zip_of({f"xl/part{n}.xml": b"<a/>" for n in range(1_001)})
    assert refused(data) == "The Excel workbook holds more than 1,000 parts"


@pytest.mark.parametrize("name", ["../evil.xml", "xl/../../evil.xml", "/etc/evil.xml", "C:/evil"])
def test_unsafe_member_names(workbook: bytes, name: str) -> None:
    """Absolute paths, drive letters and '..' parts are refused."""
    data = with_member(workbook, name, b"<a/>")
    assert refused(data) == "The Excel workbook holds a part with an unsafe name"


def test_too_many_cell_elements(workbook: bytes) -> None:
    """300,001 empty cells (harmless-looking, slow to parse) are refused by counting first."""
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{col}{r}"/>' for col in "ABCDEFGHIJ") + "</row>"
        for r in range(1, 30_002)
    )
    data = with_member(workbook, SHEET, sheet_xml(rows))
    assert "too many cells (more than 300,000" in refused(data)


def test_too_many_xml_elements(workbook: bytes) -> None:
    """1.5 million elements spread over parts too small for the ratio check are still refused."""
    part = b"<m/>" * 15_000
    parts = {f"xl/extra{n}.xml": part for n in range(101)}
    source = zipfile.ZipFile(io.BytesIO(workbook))
    data = zip_of({name: source.read(name) for name in source.namelist()} | parts)
    assert "too complex to import (more than 1,500,000 XML elements)" in refused(data)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "journal.xlsx", "(.xls); save it"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(512), "journal.xlsx", "not an Excel workbook"),
        (b"PK\x03\x04" + b"garbage" * 20, "journal.xlsx", "damaged (the zip container"),
        (zip_of({"readme.txt": b"hello"}), "journal.xlsx", "damaged or not a real .xlsx"),
        (b"Datum;Titel\n", "journal.xls", "(.xls) are not supported"),
        (b"Datum;Titel\n", "journal.txt", "not an Excel workbook (.xlsx) or a CSV file"),
        (b"Datum;Titel\n", "journal", "not an Excel workbook (.xlsx) or a CSV file"),
        (b"MZ\x90\x00", "setup.exe", "not an Excel workbook (.xlsx) or a CSV file"),
        (b"PK\x03\x04" + bytes(64), "journal.csv", "an Excel workbook, not a CSV file"),
        (b"", "journal.xlsx", "The file is empty"),
        (b"", "journal.csv", "The file is empty"),
    ],
)
def test_wrong_files(data: bytes, filename: str, message: str) -> None:
    """Wrong extensions and bytes that do not match theirs get a message saying what is wrong."""
    assert message in refused(data, filename)


def test_damaged_sheet_xml(workbook: bytes) -> None:
    """Malformed XML in the sheet is refused as a damaged workbook."""
    data = with_member(workbook, SHEET, b"<worksheet><sheetData><row")
    assert "damaged or not a real .xlsx" in refused(data)


def test_cell_reference_beyond_excel_columns(workbook: bytes) -> None:
    """A cell address past column XFD is refused as damaged, not as a crash."""
    rows = '<row r="1">' + inline_cell("A1", "a") + inline_cell("ZZZZ1", "b") + "</row>"
    assert "damaged or not a real .xlsx" in refused(with_member(workbook, SHEET, sheet_xml(rows)))
