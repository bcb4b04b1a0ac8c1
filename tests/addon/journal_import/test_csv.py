"""CSV import: encodings, delimiters, quoting and the limits, on files built in the test."""

from __future__ import annotations

import random

import pytest

from docsight_server.journal.importing import ImportFileError, read_import_file
from tests.addon.journal_import.files import csv_bytes


def read_csv(data: bytes) -> list[list[str]]:
    """The rows read from data uploaded as journal.csv."""
    return read_import_file(data, "journal.csv")


@pytest.mark.parametrize(
    ("data", "title"),
    [
        ("Datum;Titel\n03.01.2025;Störung – Ausfall\n".encode("cp1252"), "Störung – Ausfall"),
        ("Datum;Titel\n03.01.2025;Störung – Ausfall\n".encode(), "Störung – Ausfall"),
    ],
)
def test_encodings(data: bytes, title: str) -> None:
    """UTF-8 and cp1252 (whose en dash is 0x96, a control code in latin-1) both read right."""
    rows = read_csv(data)
    assert rows[1][1] == title


def test_latin1_keeps_bytes_cp1252_cannot_decode() -> None:
    """0x81 is undefined in cp1252, so the file falls through to latin-1."""
    rows = read_csv(b"Datum;Titel\n03.01.2025;St\xf6rung\x81\n")
    assert rows[1][1] == "Störung\x81"


def test_utf8_bom_is_removed() -> None:
    """A UTF-8 BOM does not end up in the first header cell."""
    rows = read_csv(b"\xef\xbb\xbf" + "Datum,Titel\n03.01.2025,Störung\n".encode())
    assert rows == [["Datum", "Titel"], ["03.01.2025", "Störung"]]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiters(delimiter: str) -> None:
    """Each delimiter is found; cells keep the other delimiters as text."""
    rows = [["Datum", "Titel", "Beschreibung"], ["03.01.2025", "Ausfall", "Abends; kurz, weg"]]
    assert read_csv(csv_bytes(rows, delimiter=delimiter)) == rows


def test_quoted_delimiters_do_not_fool_the_vote() -> None:
    """Semicolons inside quoted cells of a comma file outnumber its commas, yet ',' wins."""
    data = b'Datum,Titel,Text\n03.01.2025,"A;B;C;D","x;y;z;w"\n04.01.2025,"E;F","u;v"\n'
    assert read_csv(data) == [
        ["Datum", "Titel", "Text"],
        ["03.01.2025", "A;B;C;D", "x;y;z;w"],
        ["04.01.2025", "E;F", "u;v"],
    ]


def test_unquoted_commas_in_a_semicolon_file() -> None:
    """German exports: ';' separates, commas inside descriptions are plain text."""
    data = b"Datum;Titel;Beschreibung\n03.01.2025;Ausfall;weg, dann langsam, dann ok\n"
    assert read_csv(data)[1] == ["03.01.2025", "Ausfall", "weg, dann langsam, dann ok"]


def test_quoted_newlines_and_quotes_stay_in_the_cell() -> None:
    """A quoted cell may hold line breaks and doubled quotes."""
    data = b'Datum,Titel\r\n03.01.2025,"Er sagte ""Neustart""\r\nund ging"\r\n'
    assert read_csv(data) == [["Datum", "Titel"], ["03.01.2025", 'Er sagte "Neustart"\r\nund ging']]


def test_blank_rows_inside_are_kept_and_trailing_ones_dropped() -> None:
    """Row positions match the file; blank lines and ';;;' lines at the end disappear."""
    data = b"Datum;Titel\n\n03.01.2025;Ausfall\n;;;\n\n"
    assert read_csv(data) == [["Datum", "Titel"], [], ["03.01.2025", "Ausfall"]]


def test_row_limit_edges() -> None:
    """5,000 rows are read; a 5,001st row with data is refused."""
    assert len(read_csv(csv_bytes([["a", "b"]] * 5_000))) == 5_000
    with pytest.raises(ImportFileError, match=r"^The CSV file has more than 5,000 rows$"):
        read_csv(csv_bytes([["a", "b"]] * 5_001))


def test_blank_lines_beyond_a_spreadsheet_are_refused() -> None:
    """5 MB of line breaks stop at the spreadsheet height instead of being read to the end."""
    with pytest.raises(ImportFileError, match="more rows than a spreadsheet can hold"):
        read_csv(b"a,b\n" + b"\n" * 5_000_000)


def test_column_limit_edges() -> None:
    """50 columns are read (empty trailing ones do not count); 51 are refused."""
    assert len(read_csv(b",".join([b"x"] * 50) + b",,,,\n")[0]) == 50
    with pytest.raises(ImportFileError, match=r"^The CSV file has more than 50 columns$"):
        read_csv(b",".join([b"x"] * 51))


def test_cell_length_edges() -> None:
    """10,000 characters fit; 10,001 are refused naming the cell; 200,000 too."""
    assert len(read_csv(b"Datum,Titel\n03.01.2025," + b"x" * 10_000)[1][1]) == 10_000
    with pytest.raises(ImportFileError, match=r"^Cell B2 is longer than 10,000 characters$"):
        read_csv(b"Datum,Titel\n03.01.2025," + b"x" * 10_001)
    with pytest.raises(ImportFileError, match="row 2 is longer than 10,000 characters"):
        read_csv(b'Datum,Titel\n03.01.2025,"' + b"x" * 200_000 + b'"\n')


def test_random_bytes_with_nul_are_refused() -> None:
    """Binary data named .csv is refused because of its NUL bytes."""
    data = random.Random(16).randbytes(4096) + b"\x00"
    with pytest.raises(ImportFileError, match="contains NUL bytes"):
        read_csv(data)


def test_utf16_is_refused_with_advice() -> None:
    """Excel's 'Unicode text' (UTF-16) gets a message saying how to save instead."""
    with pytest.raises(ImportFileError, match="UTF-16 encoded; save it as CSV UTF-8"):
        read_csv("Datum\tTitel\n".encode("utf-16"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b" \r\n\r\n", "The file is empty"),
        (b"\xef\xbb\xbf", "The file holds no data"),
        (b";;;\n;;\n", "The file holds no data"),
    ],
)
def test_empty_files(data: bytes, message: str) -> None:
    """Empty, blank or BOM-only files get a clear message."""
    with pytest.raises(ImportFileError, match=f"^{message}$"):
        read_csv(data)
