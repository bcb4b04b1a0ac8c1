"""Evidence workflow: incidents, journal entries, attachments; full snapshot summaries.

`snapshots.summary_json` holds the summary parts that have no column of their own
(signal_families, error_counter_coverage, capacity_coverage, error_baseline,
spike_suppression) as JSON bytes, so trend rows can be served without encoding them again.
Rows written before this revision have NULL there and are filled in by the server.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the journal tables and add snapshots.summary_json."""
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="open"),
        sa.Column("start_date", sa.String(10), nullable=True),
        sa.Column("end_date", sa.String(10), nullable=True),
        sa.Column("icon", sa.String(32), nullable=True),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.BigInteger, nullable=False),
        sa.Column("is_demo", sa.Boolean, nullable=False, server_default="0"),
    )
    op.create_index("ix_incidents_status", "incidents", ["status"])
    op.create_table(
        "journal_entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("icon", sa.String(32), nullable=True),
        sa.Column(
            "incident_id",
            sa.Integer,
            sa.ForeignKey("incidents.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.BigInteger, nullable=False),
        sa.Column("is_demo", sa.Boolean, nullable=False, server_default="0"),
    )
    op.create_index("ix_journal_entries_date", "journal_entries", ["date"])
    op.create_index("ix_journal_entries_incident", "journal_entries", ["incident_id"])
    op.create_table(
        "journal_attachments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "entry_id",
            sa.Integer,
            sa.ForeignKey("journal_entries.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("mime_type", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("stored_name", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("is_demo", sa.Boolean, nullable=False, server_default="0"),
    )
    op.create_index("ix_journal_attachments_entry", "journal_attachments", ["entry_id"])
    op.add_column("snapshots", sa.Column("summary_json", sa.LargeBinary, nullable=True))


def downgrade() -> None:
    """Drop the journal tables and snapshots.summary_json."""
    # SQLite 3.35+ drops a column in place (a batch copy would rewrite the table's DDL text)
    op.drop_column("snapshots", "summary_json")
    op.drop_index("ix_journal_attachments_entry", table_name="journal_attachments")
    op.drop_table("journal_attachments")
    op.drop_index("ix_journal_entries_incident", table_name="journal_entries")
    op.drop_index("ix_journal_entries_date", table_name="journal_entries")
    op.drop_table("journal_entries")
    op.drop_index("ix_incidents_status", table_name="incidents")
    op.drop_table("incidents")
