"""Column mapping of the journal import: header keywords first, then the columns' content."""

from __future__ import annotations

import pytest

from docsight_server.journal.importing import build_preview
from docsight_server.journal.importing.mapping import find_header, header_field


def mapping_of(rows: list[list[str]]) -> dict[str, str | None]:
    """The preview's mapping for these rows."""
    mapping: dict[str, str | None] = build_preview(rows, set())["mapping"]
    return mapping


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Datum", "Ereignis", "Beschreibung"], ("A", "B", "C")),
        (["Date", "Title", "Description"], ("A", "B", "C")),
        (["DATUM", "betreff", "NoTiZ"], ("A", "B", "C")),
        (["Beschreibung", "Tag", "Was"], ("B", "C", "A")),
        (["When", "What", "Notes"], ("A", "B", "C")),
        (["Ereignisdatum", "Kurztitel", "Störungsbeschreibung"], ("A", "B", "C")),
        (["Event date", "Subject", "Event description"], ("A", "B", "C")),
        (["Zeit", "Datum", "Titel", "Inhalt"], ("B", "C", "D")),
        (["Nr.", "Datum/Uhrzeit", "Events", "Text"], ("B", "C", "D")),
    ],
)
def test_keyword_mapping(headers: list[str], expected: tuple[str, str, str]) -> None:
    """German and English headers in any case map to date, title and description."""
    rows = [headers, ["x"] * len(headers)]
    mapping = mapping_of(rows)
    assert (mapping["date"], mapping["title"], mapping["description"]) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Datum", ("date", 0)),
        ("Uhrzeit", None),
        ("Eintrag", None),
        ("Tags", None),
        ("Tag", ("date", 2)),
        ("Dates", ("date", 1)),
        ("Kurzbeschreibung", ("description", 0)),
        ("Was ist passiert?", ("title", 6)),
        ("Date of event", ("date", 1)),
        ("Beschreibung des Ereignisses", ("description", 0)),
        ("Event Date", ("date", 1)),
        ("ID", None),
    ],
)
def test_header_words(header: str, expected: tuple[str, int] | None) -> None:
    """Short keywords match whole words; long ones end compounds; the head noun decides."""
    assert header_field(header) == expected


def test_higher_ranked_keyword_wins() -> None:
    """ "Zeit" comes before "Datum" in the sheet, but datum outranks zeit for the date."""
    rows = [["Zeit", "Datum", "Titel"], ["18:30", "03.01.2025", "Ausfall"]]
    assert mapping_of(rows)["date"] == "B"


def test_content_mapping_without_headers() -> None:
    """No keywords: the date-like column is the date, shorter text the title, longer the note."""
    rows = [
        ["Internet war den ganzen Abend weg, Router neu gestartet", "03.01.2025", "Ausfall", "7"],
        ["Ab 18 Uhr nur noch 5 Mbit/s statt 250 Mbit/s gemessen", "04.01.2025", "Langsam", "8"],
        ["Techniker war da und hat den Verstärker getauscht", "10.01.2025", "Techniker", "9"],
    ]
    preview = build_preview(rows, set())
    assert preview["mapping"] == {"date": "B", "title": "C", "description": "A"}
    assert preview["sample_headers"] == rows[0]
    assert [entry["idx"] for entry in preview["rows"]] == [1, 2, 3]
    assert preview["rows"][2]["title"] == "Techniker"


def test_content_fills_only_what_keywords_left_open() -> None:
    """A keyword header for the date; title and description come from the content."""
    rows = [
        ["Datum", "Spalte 2", "Spalte 3"],
        ["03.01.2025", "Ausfall", "Internet war den ganzen Abend weg"],
        ["04.01.2025", "Langsam", "Nur 5 Mbit/s statt 250 Mbit/s"],
    ]
    assert mapping_of(rows) == {"date": "A", "title": "B", "description": "C"}


def test_content_date_column_needs_half_its_cells_as_dates() -> None:
    """A column with one date among three texts is not the date column."""
    rows = [
        ["Ausfall am Abend", "03.01.2025"],
        ["01.01.2025", "04.01.2025"],
        ["Langsam", "05.01.2025"],
        ["Techniker", "06.01.2025"],
    ]
    assert mapping_of(rows)["date"] == "B"
    assert mapping_of(rows)["title"] == "A"


def test_month_header_is_not_the_header_row() -> None:
    """ "Januar 2025" with a second cell is skipped when looking for the header row."""
    rows = [["Januar 2025", "Notizen"], ["Datum", "Ereignis"], ["03.01.", "Ausfall"]]
    assert find_header(rows) == (1, 2)


def test_single_cell_title_lines_are_not_headers() -> None:
    """Rows with one filled cell above the header are a preamble."""
    rows = [["Störungsprotokoll"], [], ["Datum", "Was"], ["03.01.2025", "Ausfall"]]
    assert find_header(rows) == (2, 3)
    assert build_preview(rows, set())["sample_headers"] == ["Datum", "Was"]


def test_no_usable_row() -> None:
    """Rows with a single cell each: no header, data from the first row, nothing mapped to text."""
    preview = build_preview([["03.01.2025"], ["04.01.2025"]], set())
    assert preview["mapping"] == {"date": "A", "title": None, "description": None}
    assert preview["skipped"] == 2
    assert {entry["reason"] for entry in preview["rows"]} == {"no title"}
