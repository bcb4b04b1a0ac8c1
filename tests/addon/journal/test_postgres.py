"""The journal's SQL on PostgreSQL: the same routes, the same answers."""

from __future__ import annotations

from pathlib import Path

from docsight_server.journal.windows import incident_keep_windows

from ..conftest import ServerFactory
from .support import new_entry, new_incident, stored_files, upload


async def test_journal_on_postgresql(
    server_factory: ServerFactory, postgres_url: str, tmp_path: Path
) -> None:
    """Entries, search (any case of any letter), attachments, incidents, import and deletes
    work on PostgreSQL."""
    async with server_factory({"DATABASE_URL": postgres_url}, data_dir=tmp_path / "data") as server:
        assert server.context.database.dialect == "postgresql"
        incident = await new_incident(server, start_date="2025-01-05", end_date="2025-01-06")
        first = await new_entry(server, title="Modem 100% offline", incident_id=incident)
        second = await new_entry(server, date="2025-03-02", title="Technician", description="ok")
        _, found, _ = await server.request("GET", "/api/journal?search=100%25")
        assert [entry["id"] for entry in found] == [first]
        _, found, _ = await server.request("GET", "/api/journal?search=TECHN")
        assert [entry["id"] for entry in found] == [second]
        third = await new_entry(server, date="2025-03-04", title="ÜBERTRAGUNG gestört")
        for search in ("übertragung", "GESTÖRT", "Übertragung%20Gestört"):
            _, found, _ = await server.request("GET", f"/api/journal?search={search}")
            assert [entry["id"] for entry in found] == [third], search
        status, _ = await upload(server, first, b"notes", "n.txt")
        assert status == 201
        _, entry, _ = await server.request("GET", f"/api/journal/{first}")
        assert entry["attachment_count"] == 1
        status, body, _ = await server.request(
            "POST", f"/api/incidents/{incident}/assign", json={"entry_ids": [second]}
        )
        assert (status, body) == (200, {"updated": 1})
        _, listed, _ = await server.request("GET", "/api/incidents")
        assert listed[0]["entry_count"] == 2
        async with server.context.database.read() as connection:
            windows = await incident_keep_windows(connection)
        assert windows == [(1736035200 - 14 * 3600, 1736208000 + 12 * 3600 - 1)]
        status, body, _ = await server.request(
            "POST",
            "/api/journal/import/confirm",
            json={
                "rows": [
                    {"date": "2025-03-02", "title": "Technician"},
                    {"date": "2025-03-03", "title": "New"},
                ]
            },
        )
        assert (status, body) == (200, {"imported": 1, "duplicates": 1})
        await server.request("DELETE", f"/api/incidents/{incident}")
        _, found, _ = await server.request("GET", "/api/journal?incident_id=0")
        assert len(found) == 4
        status, body, _ = await server.request(
            "DELETE", "/api/journal/batch", json={"ids": [first, second]}
        )
        assert (status, body) == (200, {"deleted": 2})
        assert stored_files(server) == []
