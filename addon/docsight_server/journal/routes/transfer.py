"""Export (CSV, JSON, Markdown) and import (an .xlsx or .csv file: preview, then confirm)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiohttp import web

from ...api.routing import RequestDoc, RouteDef, inputs
from ...auth import Access
from ...http.errors import ApiError
from ...http.responses import json_bytes
from ...http.schema import Reply, error
from ...timeutil import iso_utc, now_epoch
from ..export import CONTENT_TYPES, render
from ..importing import ImportFileError, build_preview, read_import_file
from ..repository import entries as store
from ..schemas import ENTRIES, IMPORT_PREVIEW, IMPORTED, UPLOAD_FORM
from ..uploads import FRAMING_BYTES, read_upload
from ..validation import EXPORT_QUERY, IMPORT_CONFIRM
from .common import BAD_INPUT, TAG, context_of, route

MAX_IMPORT_BYTES = 5 * 1024 * 1024
#: An import of MAX_IMPORT_ROWS rows with long descriptions still fits.
MAX_CONFIRM_BYTES = 8 * 1024 * 1024


async def export_entries(request: web.Request) -> web.Response:
    """Return the matching entries as a file download (csv, json or md)."""
    query = inputs(request).query
    date_from, date_to = query.get("from"), query.get("to")
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ApiError(400, "from must not be after to")
    entry_filter = store.EntryFilter(
        incident_id=query.get("incident_id"), date_from=date_from, date_to=date_to
    )
    async with context_of(request).database.read() as connection:
        entries = await store.list_entries(connection, entry_filter, None)
    fmt = query["format"]
    now = now_epoch()
    body = await asyncio.get_running_loop().run_in_executor(
        None, render, fmt, entries, iso_utc(now) or ""
    )
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
    response = web.Response(
        body=body,
        content_type=CONTENT_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="journal_export_{stamp}.{fmt}"'},
    )
    if fmt != "json":
        response.charset = "utf-8"
    return response


def _preview(data: bytes, filename: str, existing: set[tuple[str, str]]) -> dict[str, Any]:
    """Read and map an import file (CPU-bound: runs in an executor)."""
    return build_preview(read_import_file(data, filename), existing)


async def preview_import(request: web.Request) -> web.Response:
    """Read an .xlsx or .csv file and return how its rows would be imported (nothing stored)."""
    upload = await read_upload(request, MAX_IMPORT_BYTES)
    async with context_of(request).database.read() as connection:
        existing = await store.stored_pairs(connection)
    loop = asyncio.get_running_loop()
    try:
        preview = await loop.run_in_executor(
            None, _preview, upload.data, upload.filename or "", existing
        )
    except ImportFileError as err:
        raise ApiError(400, str(err)) from err
    return json_bytes(preview)


async def confirm_import(request: web.Request) -> web.Response:
    """Store the rows (one transaction); rows whose date and title exist already are skipped."""
    rows = inputs(request).body["rows"]
    async with context_of(request).database.transaction() as connection:
        seen = await store.stored_pairs(connection)
        new_rows = []
        for row in rows:
            key = (row["date"], row["title"])
            if key not in seen:
                seen.add(key)
                new_rows.append(row)
        await store.insert_entries(connection, new_rows, now_epoch())
    return json_bytes({"imported": len(new_rows), "duplicates": len(rows) - len(new_rows)})


_FILE_NAME = 'attachment; filename="journal_export_<UTC time>.<csv|json|md>"'

ROUTES = (
    route(
        "GET",
        "/journal/export",
        export_entries,
        "Export entries as CSV (UTF-8 with BOM; columns ID, Date, Title, Description, Icon, "
        "Incident ID, Attachments, Created, Updated; formula-like cells start with '), "
        "a JSON list, or Markdown",
        {
            200: Reply(
                "The export file (a download)",
                ENTRIES,
                "application/json",
                headers={"Content-Disposition": _FILE_NAME},
                other_types=("text/csv", "text/markdown"),
            ),
            400: BAD_INPUT,
        },
        query=EXPORT_QUERY,
    ),
    RouteDef(
        "POST",
        "/api/journal/import/preview",
        preview_import,
        Access.AUTH,
        "Preview an import: an .xlsx or .csv file (multipart field file, at most "
        f"{MAX_IMPORT_BYTES // 1_048_576} MB) mapped to date, title and description; "
        "nothing is stored",
        TAG,
        responses={
            200: Reply("Columns, mapping, rows and counts", IMPORT_PREVIEW),
            400: error("No file, or a file that cannot be read (the message says why)"),
            413: error("The file is too large"),
        },
        request_doc=RequestDoc("multipart/form-data", UPLOAD_FORM),
        max_body=MAX_IMPORT_BYTES + FRAMING_BYTES,
    ),
    route(
        "POST",
        "/journal/import/confirm",
        confirm_import,
        "Import rows {date, title, description} in one transaction; a row whose date and "
        "title are stored already (or came earlier in the request) is skipped as a duplicate; "
        "one invalid row refuses all (the message names it)",
        {200: Reply("How many were imported and skipped", IMPORTED), 400: BAD_INPUT},
        body=IMPORT_CONFIRM,
        max_body=MAX_CONFIRM_BYTES,
    ),
)
