"""Journal tables: incidents, journal entries and their attachments (files under the data dir)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, Table, Text

from ..storage.schema import demo_flag, id_column, metadata

#: An incident groups journal entries; start_date/end_date are local calendar dates (YYYY-MM-DD).
incidents = Table(
    "incidents",
    metadata,
    id_column(),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("status", String(16), nullable=False, server_default="open"),
    Column("start_date", String(10), nullable=True),
    Column("end_date", String(10), nullable=True),
    Column("icon", String(32), nullable=True),
    Column("created_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    demo_flag(),
    Index("ix_incidents_status", "status"),
)

#: One thing that happened on a local calendar date; deleting its incident unassigns it.
journal_entries = Table(
    "journal_entries",
    metadata,
    id_column(),
    Column("date", String(10), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("icon", String(32), nullable=True),
    Column(
        "incident_id",
        Integer,
        ForeignKey("incidents.id", ondelete="SET NULL"),
        nullable=True,
    ),
    Column("created_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    demo_flag(),
    Index("ix_journal_entries_date", "date"),
    Index("ix_journal_entries_incident", "incident_id"),
)

#: A file attached to an entry; the bytes live in <data dir>/attachments/<stored_name>.
journal_attachments = Table(
    "journal_attachments",
    metadata,
    id_column(),
    Column(
        "entry_id",
        Integer,
        ForeignKey("journal_entries.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("filename", String(255), nullable=False),
    Column("mime_type", String(64), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("stored_name", String(64), nullable=False, unique=True),
    Column("created_at", BigInteger, nullable=False),
    demo_flag(),
    Index("ix_journal_attachments_entry", "entry_id"),
)
