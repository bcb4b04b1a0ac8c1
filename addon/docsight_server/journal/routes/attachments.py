"""Attachments: upload to an entry, download, delete.

The type comes from the file's bytes; the file is stored under a server-chosen name; the
client's name is kept only as display text and goes back in a header that cannot break out.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from ...api.routing import RequestDoc, RouteDef
from ...auth import Access
from ...http.errors import ApiError
from ...http.responses import json_bytes
from ...http.schema import SUCCESS, Reply, error
from ...timeutil import now_epoch
from ..filenames import content_disposition, display_filename
from ..repository import attachments as store
from ..repository.entries import entry_exists
from ..schemas import CREATED, FILE, UPLOAD_FORM
from ..sniff import ACCEPTED, by_extension, detect_type
from ..uploads import FRAMING_BYTES, read_upload
from ..validation import ATTACHMENT_ID, ENTRY_ID
from .common import NO_ATTACHMENT, NO_ENTRY, TAG, context_of, files_of, path_id, route

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS_PER_ENTRY = 10
_TOO_MANY = f"An entry holds at most {MAX_ATTACHMENTS_PER_ENTRY} attachments"
_KINDS = "PNG, JPEG, GIF, WebP, PDF or plain text (UTF-8)"
_ATTACHMENT = r"/attachments/{attachment_id:\d+}"
_ATTACHMENT_ID = {"attachment_id": ATTACHMENT_ID}


async def _entry_with_room(request: web.Request, entry_id: int) -> None:
    """Refuse an unknown entry (404) or one that holds the most attachments already (409)."""
    async with context_of(request).database.read() as connection:
        if not await entry_exists(connection, entry_id):
            raise ApiError(404, "Journal entry not found")
        if await store.count_for_entry(connection, entry_id) >= MAX_ATTACHMENTS_PER_ENTRY:
            raise ApiError(409, _TOO_MANY)


async def upload_attachment(request: web.Request) -> web.Response:
    """Store a file for an entry; 201 with the attachment's id."""
    entry_id = path_id(request, "entry_id")
    await _entry_with_room(request, entry_id)
    upload = await read_upload(request, MAX_ATTACHMENT_BYTES)
    loop = asyncio.get_running_loop()
    file_type = await loop.run_in_executor(None, detect_type, upload.data)
    if file_type is None:
        raise ApiError(400, f"Unsupported file: attachments are {_KINDS} (judged by content)")
    filename = display_filename(upload.filename)
    files = files_of(request)
    async with (
        files.new_file(upload.data, file_type.extension) as stored_name,
        context_of(request).database.transaction() as connection,
    ):
        # checked again inside the write transaction: another upload may have come first
        if not await entry_exists(connection, entry_id):
            raise ApiError(404, "Journal entry not found")
        if await store.count_for_entry(connection, entry_id) >= MAX_ATTACHMENTS_PER_ENTRY:
            raise ApiError(409, _TOO_MANY)
        attachment_id = await store.insert_attachment(
            connection,
            entry_id,
            filename,
            file_type.mime_type,
            len(upload.data),
            stored_name,
            now_epoch(),
        )
    return json_bytes({"id": attachment_id}, status=201)


async def download_attachment(request: web.Request) -> web.StreamResponse:
    """Stream a stored file as a download, with its detected type."""
    async with context_of(request).database.read() as connection:
        found = await store.attachment_file(connection, path_id(request, "attachment_id"))
    if found is None:
        raise ApiError(404, "Attachment not found")
    filename, mime_type, stored_name = found
    path = files_of(request).path_of(stored_name)
    kind = by_extension(stored_name.rsplit(".", 1)[-1])
    if path is None or kind is None or kind.mime_type != mime_type:
        raise ApiError(404, "Attachment file not found")
    exists = await asyncio.get_running_loop().run_in_executor(None, path.is_file)
    if not exists:
        raise ApiError(404, "Attachment file not found")
    content_type = "text/plain; charset=utf-8" if mime_type == "text/plain" else mime_type
    headers = {
        "Content-Type": content_type,
        "Content-Disposition": content_disposition(filename),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    return web.FileResponse(path, headers=headers)


async def delete_attachment(request: web.Request) -> web.Response:
    """Delete an attachment's row and file."""
    async with context_of(request).database.transaction() as connection:
        stored_name = await store.delete_attachment(connection, path_id(request, "attachment_id"))
    if stored_name is None:
        raise ApiError(404, "Attachment not found")
    await files_of(request).remove([stored_name])
    return json_bytes({"success": True})


ROUTES = (
    RouteDef(
        "POST",
        r"/api/journal/{entry_id:\d+}/attachments",
        upload_attachment,
        Access.AUTH,
        f"Attach a file to an entry (multipart field file): {_KINDS}, judged by its bytes; "
        f"at most {MAX_ATTACHMENT_BYTES // 1_048_576} MB and {MAX_ATTACHMENTS_PER_ENTRY} files "
        "per entry",
        TAG,
        responses={
            201: Reply("The attachment's id", CREATED),
            400: error("No file, a malformed form, or an unsupported type"),
            404: NO_ENTRY,
            409: error(_TOO_MANY),
            413: error("The file is too large"),
        },
        path_params={"entry_id": ENTRY_ID},
        request_doc=RequestDoc("multipart/form-data", UPLOAD_FORM),
        max_body=MAX_ATTACHMENT_BYTES + FRAMING_BYTES,
    ),
    route(
        "GET",
        _ATTACHMENT,
        download_attachment,
        "Download an attachment (Content-Type as detected; always as a file, never inline)",
        {
            200: Reply(
                "The file",
                FILE,
                ACCEPTED[0].mime_type,
                headers={"Content-Disposition": 'attachment; filename="..."; filename*=...'},
                other_types=tuple(kind.mime_type for kind in ACCEPTED[1:]),
            ),
            404: NO_ATTACHMENT,
        },
        path_params=_ATTACHMENT_ID,
    ),
    route(
        "DELETE",
        _ATTACHMENT,
        delete_attachment,
        "Delete an attachment and its file",
        {200: Reply("Deleted", SUCCESS), 404: NO_ATTACHMENT},
        path_params=_ATTACHMENT_ID,
    ),
)
