"""Helpers for the journal tests: entries and incidents through the API, files and uploads."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from typing import Any

import aiohttp

from ..harness import RunningServer

BOUNDARY = "journal-test-boundary"


def png_bytes() -> bytes:
    """Return a real 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf_bytes(text: str = "Technician report") -> bytes:
    """Return a one-page PDF made with reportlab."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def zip_bytes() -> bytes:
    """Return a small zip archive."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    return buffer.getvalue()


def raw_multipart(data: bytes, disposition: str, content_type: str = "text/plain") -> bytes:
    """Return a multipart body with one part whose Content-Disposition is written as given."""
    head = (
        f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n"
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode()


MULTIPART = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}


async def upload(
    server: RunningServer,
    entry_id: int,
    data: bytes,
    filename: str = "file.bin",
    content_type: str = "application/octet-stream",
) -> tuple[int, Any]:
    """Upload a file to an entry through the API; return (status, body)."""
    form = aiohttp.FormData()
    form.add_field("file", data, filename=filename, content_type=content_type)
    status, body, _ = await server.request(
        "POST", f"/api/journal/{entry_id}/attachments", data=form
    )
    return status, body


async def new_entry(server: RunningServer, **fields: Any) -> int:
    """Create an entry (date and title defaulted) and return its id."""
    body = {"date": "2025-03-01", "title": "Dropout", **fields}
    status, answer, _ = await server.request("POST", "/api/journal", json=body)
    assert status == 201, answer
    return int(answer["id"])


async def new_incident(server: RunningServer, **fields: Any) -> int:
    """Create an incident (name defaulted) and return its id."""
    status, answer, _ = await server.request(
        "POST", "/api/incidents", json={"name": "Evening dropouts", **fields}
    )
    assert status == 201, answer
    return int(answer["id"])


def stored_files(server: RunningServer) -> list[Path]:
    """Return the files in the server's attachments folder."""
    folder = server.context.runtime.data_dir / "attachments"
    return sorted(folder.iterdir()) if folder.exists() else []


async def download(server: RunningServer, path: str) -> tuple[int, bytes, aiohttp.ClientResponse]:
    """GET a download without the JSON contract check; return (status, bytes, response)."""
    async with server.session.get(server.url + path) as response:
        return response.status, await response.read(), response
