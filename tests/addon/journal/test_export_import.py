"""Export (CSV, JSON, Markdown) and import (preview, confirm) over the real server."""

from __future__ import annotations

import csv
import io

import aiohttp
import pytest

from ..harness import RunningServer
from .support import download, new_entry, new_incident, upload

TRICKY = [
    ("2025-01-05", "Störung am Abend", 'Modem "online", aber kein Internet;\nzweite Zeile'),
    ("2025-01-06", '=HYPERLINK("http://x")', "+49 hotline called"),
    ("2025-01-07", "-10 dB SNR", "@everyone\ttab"),
    ("2025-01-08", "Plain title", ""),
]


async def _seed(server: RunningServer) -> list[int]:
    return [
        await new_entry(server, date=date, title=title, description=description)
        for date, title, description in TRICKY
    ]


async def test_csv_export(open_server: RunningServer) -> None:
    """CSV with BOM and upstream's columns; formula-like cells start with an apostrophe."""
    incident = await new_incident(open_server)
    ids = await _seed(open_server)
    await open_server.request(
        "POST", f"/api/incidents/{incident}/assign", json={"entry_ids": [ids[0]]}
    )
    await upload(open_server, ids[0], b"notes", "n.txt")
    status, data, response = await download(open_server, "/api/journal/export?format=csv")
    assert status == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="journal_export_')
    assert disposition.endswith('Z.csv"')
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [
        "ID",
        "Date",
        "Title",
        "Description",
        "Icon",
        "Incident ID",
        "Attachments",
        "Created",
        "Updated",
    ]
    by_date = {row[1]: row for row in rows[1:]}
    assert by_date["2025-01-05"][2:4] == [TRICKY[0][1], TRICKY[0][2]]
    assert by_date["2025-01-05"][5:7] == [str(incident), "1"]
    assert by_date["2025-01-06"][2:4] == ['\'=HYPERLINK("http://x")', "'+49 hotline called"]
    assert by_date["2025-01-07"][2:4] == ["'-10 dB SNR", "'@everyone\ttab"]
    assert by_date["2025-01-08"][3:7] == ["", "", "", "0"]
    assert all(row[7].endswith("Z") and row[8].endswith("Z") for row in rows[1:])


async def test_json_and_markdown_exports_with_filters(open_server: RunningServer) -> None:
    """JSON is the list of entries; from/to and incident_id filter; Markdown is readable."""
    incident = await new_incident(open_server)
    ids = await _seed(open_server)
    await open_server.request(
        "POST", f"/api/incidents/{incident}/assign", json={"entry_ids": ids[1:3]}
    )
    status, entries, response = await open_server.request(
        "GET", "/api/journal/export?format=json&from=2025-01-06&to=2025-01-07"
    )
    assert status == 200
    assert response.headers["Content-Disposition"].endswith('Z.json"')
    assert [entry["title"] for entry in entries] == [TRICKY[2][1], TRICKY[1][1]]
    _, entries, _ = await open_server.request(
        "GET", "/api/journal/export?format=json&incident_id=0"
    )
    assert [entry["date"] for entry in entries] == ["2025-01-08", "2025-01-05"]
    status, data, response = await download(
        open_server, f"/api/journal/export?format=md&incident_id={incident}"
    )
    assert status == 200
    assert response.content_type == "text/markdown"
    text = data.decode()
    assert text.startswith("# DOCSight journal\n")
    assert "2 entries" in text
    assert text.index("## 2025-01-06 · =HYPERLINK") < text.index("## 2025-01-07 · -10 dB SNR")
    assert f"incident {incident}" in text
    assert "Störung" not in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("format=xml", "format must be one of csv, json, md"),
        ("from=2025-02-30", "from must be a valid calendar date"),
        ("from=2025-02-02&to=2025-02-01", "from must not be after to"),
        ("incident_id=-1", "incident_id must be between 0"),
    ],
)
async def test_bad_export_parameters(open_server: RunningServer, query: str, message: str) -> None:
    """Bad formats, dates and filters are a 400 with a message."""
    status, body, _ = await open_server.request("GET", f"/api/journal/export?{query}")
    assert status == 400
    assert message in body["error"]


async def test_empty_export(open_server: RunningServer) -> None:
    """An empty journal exports as a header-only CSV and an empty JSON list."""
    _, data, _ = await download(open_server, "/api/journal/export")
    assert data.decode("utf-8-sig").splitlines() == [
        "ID,Date,Title,Description,Icon,Incident ID,Attachments,Created,Updated"
    ]
    assert (await open_server.request("GET", "/api/journal/export?format=json"))[1] == []


async def _preview(server: RunningServer, data: bytes, filename: str) -> tuple[int, dict]:
    form = aiohttp.FormData()
    form.add_field("file", data, filename=filename, content_type="application/octet-stream")
    status, body, _ = await server.request("POST", "/api/journal/import/preview", data=form)
    return status, body


async def test_export_then_import_gives_the_same_entries(open_server: RunningServer) -> None:
    """CSV export, delete everything, preview and confirm the file: the same entries again."""
    await _seed(open_server)
    _, before, _ = await open_server.request("GET", "/api/journal")
    _, data, _ = await download(open_server, "/api/journal/export?format=csv")
    await open_server.request(
        "DELETE", "/api/journal/batch", json={"all": True, "confirm": "DELETE_ALL"}
    )
    status, preview = await _preview(open_server, data, "journal_export.csv")
    assert status == 200, preview
    assert preview["mapping"] == {"date": "B", "title": "C", "description": "D"}
    assert (preview["total"], preview["skipped"], preview["duplicates"]) == (4, 0, 0)
    rows = [{key: row[key] for key in ("date", "title", "description")} for row in preview["rows"]]
    status, body, _ = await open_server.request(
        "POST", "/api/journal/import/confirm", json={"rows": rows}
    )
    assert (status, body) == (200, {"imported": 4, "duplicates": 0})
    _, after, _ = await open_server.request("GET", "/api/journal")

    def texts(entries: list[dict]) -> list[tuple[str, str, str]]:
        return [(e["date"], e["title"], e["description"]) for e in entries]

    assert texts(after) == texts(before)
    status, preview = await _preview(open_server, data, "journal_export.csv")
    assert preview["duplicates"] == 4  # now stored: the preview flags every row


async def test_confirm_skips_duplicates_and_refuses_bad_rows(open_server: RunningServer) -> None:
    """Stored or repeated (date, title) rows are skipped; one bad row stores nothing."""
    await new_entry(open_server, date="2025-01-05", title="Stored")
    rows = [
        {"date": "2025-01-05", "title": "Stored", "description": ""},
        {"date": "2025-01-06", "title": "New", "description": "d", "idx": 2, "raw": ["x"]},
        {"date": "2025-01-06", "title": "New", "description": "again"},
    ]
    status, body, _ = await open_server.request(
        "POST", "/api/journal/import/confirm", json={"rows": rows}
    )
    assert (status, body) == (200, {"imported": 1, "duplicates": 2})
    bad = [{"date": "2025-01-07", "title": "Fine"}, {"date": "2025-02-30", "title": "Bad"}]
    status, body, _ = await open_server.request(
        "POST", "/api/journal/import/confirm", json={"rows": bad}
    )
    assert status == 400
    assert body["error"] == "Row 2: date must be a valid calendar date (YYYY-MM-DD)"
    for payload, message in (
        ({"rows": []}, "rows must be a non-empty list"),
        ({"rows": ["x"]}, "Row 1: must be an object"),
        ({"rows": [{"date": "2025-01-01", "title": ""}]}, "Row 1: title is required"),
        ({}, "rows is required"),
    ):
        status, body, _ = await open_server.request(
            "POST", "/api/journal/import/confirm", json=payload
        )
        assert status == 400
        assert message in body["error"]
    _, entries, _ = await open_server.request("GET", "/api/journal")
    assert sorted(entry["title"] for entry in entries) == ["New", "Stored"]


async def test_preview_refusals(open_server: RunningServer) -> None:
    """No file 400, an unreadable file 400 with the parser's message, over 5 MB 413."""
    status, body, _ = await open_server.request(
        "POST", "/api/journal/import/preview", json={"file": "x"}
    )
    assert status == 400
    status, body = await _preview(open_server, b"%PDF-1.4 not a table", "journal.pdf")
    assert status == 400
    assert body["error"]
    status, body = await _preview(open_server, b"a;b\n" * (5 * 1024 * 1024 // 4 + 1), "big.csv")
    assert (status, body["error"]) == (413, "The file is larger than 5 MB")
    status, body = await _preview(open_server, b"x" * (6 * 1024 * 1024), "bigger.csv")
    assert status == 413
    assert (await open_server.request("GET", "/api/journal"))[1] == []


async def test_preview_of_a_german_csv(open_server: RunningServer) -> None:
    """A semicolon CSV with German headers maps by keywords and stores nothing."""
    data = "Datum;Ereignis;Notiz\n05.01.2025;Ausfall;Kein Sync\n".encode("cp1252")
    status, preview = await _preview(open_server, data, "notizen.csv")
    assert status == 200, preview
    assert preview["rows"][0]["date"] == "2025-01-05"
    assert preview["rows"][0]["title"] == "Ausfall"
    assert (await open_server.request("GET", "/api/journal"))[1] == []
