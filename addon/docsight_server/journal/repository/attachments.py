"""Attachment rows: the files' display names, detected types and server-chosen names."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from ...timeutil import iso_utc
from ..schema import journal_attachments


def attachment_count(entry_id: ColumnElement[Any]) -> Any:
    """Return the scalar subquery counting the attachments of an entry."""
    return (
        select(func.count())
        .select_from(journal_attachments)
        .where(journal_attachments.c.entry_id == entry_id)
        .scalar_subquery()
    )


async def attachments_of(connection: AsyncConnection, entry_id: int) -> list[dict[str, Any]]:
    """Return an entry's attachments, oldest first, as the API shows them."""
    table = journal_attachments.c
    statement = (
        select(table.id, table.filename, table.mime_type, table.size, table.created_at)
        .where(table.entry_id == entry_id)
        .order_by(table.id)
    )
    return [
        {
            "id": row.id,
            "filename": row.filename,
            "mime_type": row.mime_type,
            "size": row.size,
            "created_at": iso_utc(row.created_at),
        }
        for row in await connection.execute(statement)
    ]


async def count_for_entry(connection: AsyncConnection, entry_id: int) -> int:
    """Return how many attachments an entry has."""
    statement = select(func.count()).where(journal_attachments.c.entry_id == entry_id)
    return int((await connection.execute(statement)).scalar_one())


async def insert_attachment(
    connection: AsyncConnection,
    entry_id: int,
    filename: str,
    mime_type: str,
    size: int,
    stored_name: str,
    now: int,
) -> int:
    """Insert an attachment row; return its id."""
    result = await connection.execute(
        journal_attachments.insert().values(
            entry_id=entry_id,
            filename=filename,
            mime_type=mime_type,
            size=size,
            stored_name=stored_name,
            created_at=now,
        )
    )
    return int(result.inserted_primary_key[0])


async def attachment_file(
    connection: AsyncConnection, attachment_id: int
) -> tuple[str, str, str] | None:
    """Return (display name, MIME type, stored name) of an attachment, or None."""
    table = journal_attachments.c
    statement = select(table.filename, table.mime_type, table.stored_name).where(
        table.id == attachment_id
    )
    row = (await connection.execute(statement)).first()
    return None if row is None else (str(row[0]), str(row[1]), str(row[2]))


async def delete_attachment(connection: AsyncConnection, attachment_id: int) -> str | None:
    """Delete an attachment row; return its stored file name, None when there was none."""
    found = await attachment_file(connection, attachment_id)
    if found is None:
        return None
    await connection.execute(
        delete(journal_attachments).where(journal_attachments.c.id == attachment_id)
    )
    return found[2]


async def stored_names(connection: AsyncConnection) -> set[str]:
    """Return the stored file name of every attachment row."""
    statement = select(journal_attachments.c.stored_name)
    return {str(name) for name in (await connection.execute(statement)).scalars()}
