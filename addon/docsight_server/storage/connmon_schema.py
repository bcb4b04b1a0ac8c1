"""Connection-monitor tables (targets, samples, rollups, pinned days, traceroutes)."""

from __future__ import annotations

from sqlalchemy import Table

from .schema import metadata  # noqa: F401 - the tables below join the shared metadata

TABLES: tuple[Table, ...] = ()
