"""The import preview: dates in context, skipped rows, duplicates, limits and the export format."""

from __future__ import annotations

import datetime as dt
from typing import Any

from docsight_server.journal import export
from docsight_server.journal.importing import build_preview, read_import_file
from docsight_server.journal.importing import preview as preview_module
from tests.addon.journal_import.files import csv_bytes


def dated(preview: dict[str, Any]) -> list[tuple[int, str | None, str]]:
    """(row number, date, title) of every preview row."""
    return [(entry["idx"], entry["date"], entry["title"]) for entry in preview["rows"]]


def test_month_headers_and_year_roll_over() -> None:
    """Dezember 2024 → 30.12. is 2024-12-30 and 03.01. is 2025-01-03; Februar 2025 resets."""
    rows = [
        ["Datum", "Was", "Details"],
        ["Dezember 2024"],
        ["30.12.", "Ausfall", "Abends weg"],
        ["03.01.", "Langsam", ""],
        [],
        ["Februar 2025"],
        ["01.02. – 05.02.", "Störung", "fünf Tage"],
        ["28.02.", "Techniker", ""],
    ]
    preview = build_preview(rows, set())
    assert dated(preview) == [
        (3, "2024-12-30", "Ausfall"),
        (4, "2025-01-03", "Langsam"),
        (7, "2025-02-01", "Störung"),
        (8, "2025-02-28", "Techniker"),
    ]
    assert preview["rows"][2]["raw_date"] == "01.02. – 05.02."
    assert preview["total"] == 4
    assert preview["skipped"] == 0


def test_previous_row_gives_the_year_without_month_headers() -> None:
    """28.12.2024, then 02.01. rolls to 2025; a range ending 2025 starting in December is 2024."""
    rows = [
        ["Datum", "Titel"],
        ["28.12.2024", "Erster"],
        ["02.01.", "Zweiter"],
        ["20.12.–03.01.2026", "Dritter"],
        ["3.1.26", "Vierter"],
    ]
    assert dated(build_preview(rows, set())) == [
        (2, "2024-12-28", "Erster"),
        (3, "2025-01-02", "Zweiter"),
        (4, "2025-12-20", "Dritter"),
        (5, "2026-01-03", "Vierter"),
    ]


def test_day_month_without_any_context_uses_this_year() -> None:
    """The first DD.MM. with no year anywhere above takes the current year."""
    preview = build_preview([["Datum", "Titel"], ["15.06.", "Ausfall"]], set())
    assert preview["rows"][0]["date"] == f"{dt.date.today().year}-06-15"


def test_skipped_rows_and_their_reasons() -> None:
    """Impossible, unreadable or missing dates and missing titles are skipped and counted."""
    rows = [
        ["Datum", "Titel", "Beschreibung"],
        ["31.02.2025", "Kein Tag", "x"],
        ["irgendwann", "Unlesbar", ""],
        ["", "Ohne Datum", ""],
        ["03.01.2025", "", "ohne Titel"],
        ["29.02.2024", "Schalttag", ""],
    ]
    preview = build_preview(rows, set())
    skipped = [(e["idx"], e["reason"], e.get("raw_date")) for e in preview["rows"] if e["skipped"]]
    assert skipped == [
        (2, "invalid date", "31.02.2025"),
        (3, "unrecognised date", "irgendwann"),
        (4, "no date", None),
        (5, "no title", "03.01.2025"),
    ]
    assert preview["rows"][1]["date"] is None
    assert preview["rows"][4]["date"] == "2024-02-29"
    assert (preview["total"], preview["skipped"], preview["duplicates"]) == (5, 4, 0)


def test_duplicates_against_stored_entries_and_within_the_file() -> None:
    """(date, title) already stored, or met earlier in the file, marks the row as a duplicate."""
    rows = [
        ["Datum", "Titel"],
        ["03.01.2025", "Ausfall"],
        ["2025-01-03", "Ausfall"],
        ["03.01.2025", "ausfall"],
        ["04.01.2025", "Langsam"],
        ["04.01.2025", ""],
    ]
    preview = build_preview(rows, {("2025-01-04", "Langsam")})
    flags = [(entry["idx"], entry["duplicate"]) for entry in preview["rows"]]
    assert flags == [(2, False), (3, True), (4, False), (5, True), (6, False)]
    assert (preview["total"], preview["skipped"], preview["duplicates"]) == (5, 1, 2)


def test_long_titles_and_descriptions_are_cut() -> None:
    """A 250-character title keeps 200 characters, a 12,000-character description 10,000."""
    title, description = "T" * 199 + "Xyz" + "T" * 48, "D" * 12_000
    preview = build_preview([["Datum", "Titel", "Text"], ["03.01.2025", title, description]], set())
    entry = preview["rows"][0]
    assert entry["title"] == "T" * 199 + "X"
    assert len(entry["description"]) == 10_000
    assert entry["raw"][1] == title


def test_columns_and_raw_rows_are_padded_to_the_widest_row() -> None:
    """Columns are lettered over the widest row; short rows are padded with empty texts."""
    rows = [["Datum", "Titel"], ["03.01.2025", "Ausfall", "", "Nachtrag"]]
    preview = build_preview(rows, set())
    assert preview["columns"] == ["A", "B", "C", "D"]
    assert preview["sample_headers"] == ["Datum", "Titel", "", ""]
    assert preview["rows"][0]["raw"] == ["03.01.2025", "Ausfall", "", "Nachtrag"]


def test_empty_rows_give_an_empty_preview() -> None:
    """No rows: nothing mapped, nothing listed."""
    preview = build_preview([], set())
    assert preview["columns"] == []
    assert preview["mapping"] == {"date": None, "title": None, "description": None}
    assert (preview["total"], preview["skipped"], preview["duplicates"]) == (0, 0, 0)


def test_journal_export_csv_maps_back() -> None:
    """The journal's own CSV export (BOM, comma, quoted apostrophe cells) imports as it was."""
    header = ["ID", "Date", "Title", "Description", "Icon", "Incident ID", "Attachments"]
    header += ["Created", "Updated"]
    entries = [
        ["7", "2025-01-03", "Ausfall, abends", 'Er sagte "Neustart"\r\nzweite Zeile', "wifi-off"],
        ["8", "2025-01-04", "'-3 dB Pegel", "'=HYPERLINK(1)", ""],
    ]
    stamps = ["", "1", "2025-01-03T18:00:00Z", "2025-01-03T18:00:00Z"]
    data = b"\xef\xbb\xbf" + csv_bytes([header, *(row + stamps for row in entries)])
    preview = build_preview(read_import_file(data, "journal_export_20250105.csv"), set())
    assert preview["mapping"] == {"date": "B", "title": "C", "description": "D"}
    assert preview["sample_headers"] == header
    got = [(e["date"], e["title"], e["description"]) for e in preview["rows"]]
    assert got == [
        ("2025-01-03", "Ausfall, abends", 'Er sagte "Neustart"\r\nzweite Zeile'),
        ("2025-01-04", "-3 dB Pegel", "=HYPERLINK(1)"),
    ]
    assert "raw_date" not in preview["rows"][0]


def test_every_defused_start_maps_back() -> None:
    """Import undoes exactly what export guards: one list of formula starts serves both, so a
    title starting with any of them survives export and import."""
    assert preview_module.FORMULA_STARTS is export.FORMULA_STARTS
    titles = [f"{start}x Pegel" for start in export.FORMULA_STARTS if start.strip()]
    rows = [["Datum", "Titel"], *(["2025-01-04", export.defused(title)] for title in titles)]
    preview = build_preview(rows, set())
    assert [entry["title"] for entry in preview["rows"]] == titles
