"""Journal entries: list, create, read, change, delete, batch delete and unassign."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncConnection

from ...api.routing import inputs
from ...http.errors import ApiError
from ...http.responses import json_bytes
from ...http.schema import SUCCESS, Reply, error
from ...timeutil import now_epoch
from ..repository import entries as store
from ..repository.incidents import incident_exists
from ..schemas import CREATED, DELETED, ENTRIES, ENTRY_DETAIL, UPDATED
from ..validation import (
    BATCH_DELETE,
    DELETE_ALL_CONFIRMATION,
    ENTRY_CHANGES,
    ENTRY_ID,
    ENTRY_IDS,
    LIST_QUERY,
    NEW_ENTRY,
)
from .common import BAD_INPUT, NO_ENTRY, context_of, files_of, path_id, route

_ENTRY = r"/journal/{entry_id:\d+}"
_ENTRY_ID = {"entry_id": ENTRY_ID}


async def check_incident(connection: AsyncConnection, values: dict[str, Any]) -> None:
    """Refuse (400) an incident_id that names no incident."""
    incident_id = values.get("incident_id")
    if incident_id is not None and not await incident_exists(connection, incident_id):
        raise ApiError(400, f"incident_id {incident_id} names no incident")


async def list_entries(request: web.Request) -> web.Response:
    """Return a page of entries, newest date first, with their attachment counts."""
    query = inputs(request).query
    entry_filter = store.EntryFilter(
        search=query.get("search"), incident_id=query.get("incident_id")
    )
    async with context_of(request).database.read() as connection:
        entries = await store.list_entries(
            connection, entry_filter, query["limit"], query["offset"]
        )
    return json_bytes(entries)


async def create_entry(request: web.Request) -> web.Response:
    """Store a new entry; 201 with its id."""
    body = inputs(request).body
    async with context_of(request).database.transaction() as connection:
        await check_incident(connection, body)
        entry_id = await store.insert_entry(connection, body, now_epoch())
    return json_bytes({"id": entry_id}, status=201)


async def get_entry(request: web.Request) -> web.Response:
    """Return one entry with its attachments."""
    async with context_of(request).database.read() as connection:
        entry = await store.get_entry(connection, path_id(request, "entry_id"))
    if entry is None:
        raise ApiError(404, "Journal entry not found")
    return json_bytes(entry)


async def update_entry(request: web.Request) -> web.Response:
    """Change the fields given (the others stay as they are)."""
    body = inputs(request).body
    async with context_of(request).database.transaction() as connection:
        await check_incident(connection, body)
        if not await store.update_entry(
            connection, path_id(request, "entry_id"), body, now_epoch()
        ):
            raise ApiError(404, "Journal entry not found")
    return json_bytes({"success": True})


async def _delete(request: web.Request, entry_ids: list[int] | None) -> int:
    """Delete entries (None: all) with their attachment files; return how many went."""
    async with context_of(request).database.transaction() as connection:
        deleted, stored = await store.delete_entries(connection, entry_ids)
    await files_of(request).remove(stored)
    return deleted


async def delete_entry(request: web.Request) -> web.Response:
    """Delete an entry and its attachments."""
    if not await _delete(request, [path_id(request, "entry_id")]):
        raise ApiError(404, "Journal entry not found")
    return json_bytes({"success": True})


async def delete_batch(request: web.Request) -> web.Response:
    """Delete the listed entries, or every entry with all: true and the confirmation."""
    body = inputs(request).body
    if body.get("all"):
        if "ids" in body:
            raise ApiError(400, "Send either ids or all, not both")
        if body.get("confirm") != DELETE_ALL_CONFIRMATION:
            raise ApiError(400, f'Deleting all entries needs confirm: "{DELETE_ALL_CONFIRMATION}"')
        return json_bytes({"deleted": await _delete(request, None)})
    if "ids" not in body:
        raise ApiError(400, "ids is required (or all: true with confirm)")
    return json_bytes({"deleted": await _delete(request, body["ids"])})


async def unassign_entries(request: web.Request) -> web.Response:
    """Take entries out of their incidents; unknown ids and unassigned entries count 0."""
    entry_ids = inputs(request).body["entry_ids"]
    async with context_of(request).database.transaction() as connection:
        updated = await store.set_incident(connection, entry_ids, None, now_epoch())
    return json_bytes({"updated": updated})


ROUTES = (
    route(
        "GET",
        "/journal",
        list_entries,
        "Journal entries, newest date first (then newest id), with attachment counts",
        {200: Reply("A page of entries", ENTRIES), 400: BAD_INPUT},
        query=LIST_QUERY,
    ),
    route(
        "POST",
        "/journal",
        create_entry,
        "Add a journal entry",
        {
            201: Reply("The new entry's id", CREATED),
            400: error("Invalid field, or incident_id names no incident"),
        },
        body=NEW_ENTRY,
        operation_id="create_journal_entry",
    ),
    route(
        "DELETE",
        "/journal/batch",
        delete_batch,
        "Delete listed entries ({ids}) or every entry ({all: true, confirm: DELETE_ALL}), "
        "with their attachments; unknown ids are not counted",
        {200: Reply("How many entries went", DELETED), 400: BAD_INPUT},
        body=BATCH_DELETE,
    ),
    route(
        "POST",
        "/journal/unassign",
        unassign_entries,
        "Take entries out of their incidents; updated counts the entries that were in one",
        {200: Reply("How many entries changed", UPDATED), 400: BAD_INPUT},
        body=ENTRY_IDS,
    ),
    route(
        "GET",
        _ENTRY,
        get_entry,
        "One journal entry with its attachments",
        {200: Reply("The entry", ENTRY_DETAIL), 404: NO_ENTRY},
        path_params=_ENTRY_ID,
        operation_id="get_journal_entry",
    ),
    route(
        "PUT",
        _ENTRY,
        update_entry,
        "Change a journal entry: the fields given change, the others stay",
        {
            200: Reply("Changed", SUCCESS),
            400: error("Invalid field, or incident_id names no incident"),
            404: NO_ENTRY,
        },
        body=ENTRY_CHANGES,
        path_params=_ENTRY_ID,
        operation_id="update_journal_entry",
    ),
    route(
        "DELETE",
        _ENTRY,
        delete_entry,
        "Delete a journal entry with its attachments",
        {200: Reply("Deleted", SUCCESS), 404: NO_ENTRY},
        path_params=_ENTRY_ID,
        operation_id="delete_journal_entry",
    ),
)
