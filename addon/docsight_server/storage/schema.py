"""Table definitions (SQLAlchemy Core). Migrations in migrations/versions create them."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

config_entries = Table(
    "config_entries",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", Integer, nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False),
    Column("token_prefix", String(8), nullable=False),
    Column("kind", String(16), nullable=False, server_default="user"),
    Column("created_at", Integer, nullable=False),
    Column("last_used_at", Integer, nullable=True),
    Column("revoked", Boolean, nullable=False, server_default="0"),
    Index("ix_api_tokens_prefix", "token_prefix"),
)

instance_meta = Table(
    "instance_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
