"""Attachments over the real server: types from bytes, caps, safe downloads, files on disk."""

from __future__ import annotations

from typing import Any
from unittest import mock
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from docsight_server.journal.repository import attachments as attachment_rows
from docsight_server.journal.schema import journal_attachments

from ..harness import RunningServer
from .support import (
    MULTIPART,
    download,
    new_entry,
    pdf_bytes,
    png_bytes,
    raw_multipart,
    stored_files,
    upload,
    zip_bytes,
)

MB = 1024 * 1024


async def test_upload_detects_the_type_from_the_bytes(open_server: RunningServer) -> None:
    """A PDF named .png and sent as image/png is stored and served as a PDF."""
    entry_id = await new_entry(open_server)
    pdf = pdf_bytes()
    status, body = await upload(open_server, entry_id, pdf, "scan.png", "image/png")
    assert status == 201, body
    _, entry, _ = await open_server.request("GET", f"/api/journal/{entry_id}")
    [attachment] = entry["attachments"]
    assert attachment["id"] == body["id"]
    assert (attachment["filename"], attachment["mime_type"], attachment["size"]) == (
        "scan.png",
        "application/pdf",
        len(pdf),
    )
    assert entry["attachment_count"] == 1
    [path] = stored_files(open_server)
    assert path.suffix == ".pdf"
    assert "scan" not in path.name  # the server chose the name
    status, data, response = await download(open_server, f"/api/attachments/{body['id']}")
    assert status == 200
    assert data == pdf
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("data", "mime_type"),
    [
        (png_bytes(), "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg"),
        (b"GIF89a" + b"\x00" * 10, "image/gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8, "image/webp"),
        ("Störung seit 18 Uhr\n".encode(), "text/plain"),
    ],
)
async def test_accepted_types(open_server: RunningServer, data: bytes, mime_type: str) -> None:
    """Each accepted kind is recognised by its magic number (text: UTF-8, no control bytes)."""
    entry_id = await new_entry(open_server)
    status, body = await upload(open_server, entry_id, data, "upload")
    assert status == 201, body
    status, served, response = await download(open_server, f"/api/attachments/{body['id']}")
    assert (status, served) == (200, data)
    assert response.content_type == mime_type


@pytest.mark.parametrize(
    "data",
    [
        zip_bytes(),
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",  # a Windows executable
        b"\xc3\x28 invalid UTF-8",
        b"text with a NUL\x00 byte",
        b"PK\x03\x04",  # a zip's first bytes, valid UTF-8 but control characters
        b"escape \x1b[31m and bell \x07",
        b"",
    ],
)
async def test_refused_types(open_server: RunningServer, data: bytes) -> None:
    """Archives, executables, broken text and empty files are a 400; nothing is stored."""
    entry_id = await new_entry(open_server)
    status, body = await upload(open_server, entry_id, data, "report.pdf", "application/pdf")
    assert status == 400
    assert "Unsupported file" in body["error"]
    assert stored_files(open_server) == []
    _, entry, _ = await open_server.request("GET", f"/api/journal/{entry_id}")
    assert entry["attachments"] == []


async def test_missing_or_malformed_upload(open_server: RunningServer) -> None:
    """No file field, no multipart body, or a broken one: 400 with a message."""
    entry_id = await new_entry(open_server)
    path = f"/api/journal/{entry_id}/attachments"
    form = raw_multipart(b"no file here", 'form-data; name="note"')
    status, body, _ = await open_server.request("POST", path, data=form, headers=MULTIPART)
    assert (status, body["error"]) == (400, "No file: send it in the multipart field named file")
    status, body, _ = await open_server.request("POST", path, json={"file": "x"})
    assert status == 400
    assert "multipart/form-data" in body["error"]
    status, body, _ = await open_server.request(
        "POST", path, data=b"--nothing--", headers={"Content-Type": "multipart/form-data"}
    )
    assert (status, body["error"]) == (400, "The multipart form could not be read")
    assert stored_files(open_server) == []


async def test_unknown_entry_is_404(open_server: RunningServer) -> None:
    """Uploading to an entry that does not exist stores nothing."""
    status, body = await upload(open_server, 77, png_bytes(), "a.png")
    assert (status, body["error"]) == (404, "Journal entry not found")
    assert stored_files(open_server) == []


async def test_oversized_upload_is_413(open_server: RunningServer) -> None:
    """A file over 10 MB inside the body cap, and a body over the cap: 413, nothing stored."""
    entry_id = await new_entry(open_server)
    status, body = await upload(open_server, entry_id, b"a" * (10 * MB + 1), "big.txt")
    assert status == 413
    assert body["error"] == "The file is larger than 10 MB"
    status, body = await upload(open_server, entry_id, b"a" * (11 * MB), "bigger.txt")
    assert status == 413
    assert "too large" in body["error"]
    assert stored_files(open_server) == []
    status, body = await upload(open_server, entry_id, b"a" * (10 * MB), "exactly.txt")
    assert status == 201, body


async def test_at_most_ten_attachments(open_server: RunningServer) -> None:
    """The 11th upload is refused with 409 and leaves no file."""
    entry_id = await new_entry(open_server)
    for number in range(10):
        status, _ = await upload(open_server, entry_id, f"note {number}".encode(), "n.txt")
        assert status == 201
    status, body = await upload(open_server, entry_id, b"one more", "n.txt")
    assert (status, body["error"]) == (409, "An entry holds at most 10 attachments")
    assert len(stored_files(open_server)) == 10


@pytest.mark.parametrize(
    ("disposition", "display", "ascii_name"),
    [
        (
            "form-data; name=\"file\"; filename*=UTF-8''..%2F..%2Fevil%22%0D%0ASet-Cookie%3A%20x"
            "%C3%BC.txt",
            'evil"Set-Cookie: xü.txt',
            "evil_Set-Cookie: xu.txt",
        ),
        (
            'form-data; name="file"; filename="C:\\\\Users\\\\me\\\\Störung \\"1\\".txt"',
            'Störung "1".txt',
            "Storung _1_.txt",
        ),
        ('form-data; name="file"; filename="../../.."', "attachment", "attachment"),
        ('form-data; name="file"', "attachment", "attachment"),
    ],
)
async def test_hostile_file_names_give_safe_headers(
    open_server: RunningServer, disposition: str, display: str, ascii_name: str
) -> None:
    """Folders, quotes, CR/LF and unicode in a name: kept as display text only, and the
    download header carries an ASCII fallback and the exact name percent-encoded."""
    entry_id = await new_entry(open_server)
    body = raw_multipart(b"technician notes", disposition)
    status, answer, _ = await open_server.request(
        "POST", f"/api/journal/{entry_id}/attachments", data=body, headers=MULTIPART
    )
    assert status == 201, answer
    _, entry, _ = await open_server.request("GET", f"/api/journal/{entry_id}")
    assert entry["attachments"][0]["filename"] == display
    [path] = stored_files(open_server)
    assert path.parent == open_server.context.runtime.data_dir / "attachments"
    _, data, response = await download(open_server, f"/api/attachments/{answer['id']}")
    assert data == b"technician notes"
    header = response.headers["Content-Disposition"]
    assert "\r" not in header
    assert "\n" not in header
    fallback, encoded = header.split("; filename*=UTF-8''")
    assert fallback == f'attachment; filename="{ascii_name}"'
    assert unquote(encoded) == display
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


async def test_stored_names_cannot_reach_outside_the_folder(open_server: RunningServer) -> None:
    """A row whose stored name was changed behind the API is never opened: 404."""
    entry_id = await new_entry(open_server)
    status, answer = await upload(open_server, entry_id, b"secret", "a.txt")
    assert status == 201
    (open_server.context.runtime.data_dir / "outside.txt").write_text("not yours")
    async with open_server.context.database.transaction() as connection:
        await connection.execute(journal_attachments.update().values(stored_name="../outside.txt"))
    status, body, _ = await download(open_server, f"/api/attachments/{answer['id']}")
    assert status == 404
    assert b"not yours" not in body


async def test_delete_attachment_and_entry_remove_files(open_server: RunningServer) -> None:
    """Deleting an attachment removes its file; deleting an entry removes the rest."""
    entry_id = await new_entry(open_server)
    _, first = await upload(open_server, entry_id, png_bytes(), "a.png")
    await upload(open_server, entry_id, b"notes", "b.txt")
    assert len(stored_files(open_server)) == 2
    status, body, _ = await open_server.request("DELETE", f"/api/attachments/{first['id']}")
    assert (status, body) == (200, {"success": True})
    assert [path.suffix for path in stored_files(open_server)] == [".txt"]
    status, _, _ = await open_server.request("DELETE", f"/api/attachments/{first['id']}")
    assert status == 404
    assert (await download(open_server, f"/api/attachments/{first['id']}"))[0] == 404
    await open_server.request("DELETE", f"/api/journal/{entry_id}")
    assert stored_files(open_server) == []
    async with open_server.context.database.read() as connection:
        assert (await connection.execute(select(journal_attachments))).all() == []


async def test_batch_delete_removes_files(open_server: RunningServer) -> None:
    """Entries deleted in a batch take their files with them."""
    entry_id = await new_entry(open_server)
    await upload(open_server, entry_id, b"notes", "b.txt")
    status, body, _ = await open_server.request(
        "DELETE", "/api/journal/batch", json={"all": True, "confirm": "DELETE_ALL"}
    )
    assert (status, body) == (200, {"deleted": 1})
    assert stored_files(open_server) == []


async def test_failed_insert_leaves_no_file(open_server: RunningServer) -> None:
    """When the row cannot be stored, the file written before it is removed again."""
    entry_id = await new_entry(open_server)

    async def broken(*_args: Any, **_kwargs: Any) -> int:
        raise RuntimeError("disk full")

    with mock.patch.object(attachment_rows, "insert_attachment", broken):
        status, _ = await upload(open_server, entry_id, b"notes", "b.txt")
    assert status == 500
    assert stored_files(open_server) == []


async def test_missing_file_on_disk_is_404(open_server: RunningServer) -> None:
    """A row whose file was removed by hand answers 404, not an error."""
    entry_id = await new_entry(open_server)
    _, answer = await upload(open_server, entry_id, b"notes", "b.txt")
    stored_files(open_server)[0].unlink()
    status, body, _ = await download(open_server, f"/api/attachments/{answer['id']}")
    assert status == 404
    assert b"Attachment file not found" in body


async def test_orphan_files_are_swept_at_start(server_factory: Any, tmp_path: Any) -> None:
    """Files without a row (a crash between file and row) are removed at the next start;
    other files in the folder are left alone."""
    folder = tmp_path / "data" / "attachments"
    folder.mkdir(parents=True)
    orphan = folder / ("ab" * 16 + ".pdf")
    orphan.write_bytes(b"%PDF-1.4")
    foreign = folder / "README"
    foreign.write_text("kept")
    async with server_factory() as server:
        assert stored_files(server) == [foreign]
