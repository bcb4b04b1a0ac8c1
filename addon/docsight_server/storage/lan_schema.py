"""LAN device tables (inventory, addresses, status history, RTD samples)."""

from __future__ import annotations

from sqlalchemy import Table

from .schema import metadata  # noqa: F401 - the tables below join the shared metadata

TABLES: tuple[Table, ...] = ()
