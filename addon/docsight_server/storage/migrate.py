"""Alembic migrations applied at start, without blocking the event loop on script loading."""

from __future__ import annotations

import asyncio
from functools import cache
from pathlib import Path

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext, RevisionStep
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


@cache
def script_directory() -> ScriptDirectory:
    """Load the migration scripts once (file I/O; call from an executor)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    script.revision_map.get_revisions("heads")
    return script


def _upgrade(connection: Connection, script: ScriptDirectory, target: str) -> None:
    def steps(heads: tuple[str, ...], _context: MigrationContext) -> list[RevisionStep]:
        # What `alembic upgrade` does, without an env.py: it lets us pass our own connection.
        # Alembic passes the current heads as a tuple although `_upgrade_revs` annotates str.
        return script._upgrade_revs(target, heads)  # type: ignore[arg-type]

    with EnvironmentContext(Config(), script, fn=steps, destination_rev=target) as env:
        env.configure(connection=connection, target_metadata=None)
        with env.begin_transaction():
            env.run_migrations()


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def upgrade_to_head(engine: AsyncEngine, target: str = "heads") -> None:
    """Apply every pending migration up to target (default: the newest)."""
    script = await asyncio.get_running_loop().run_in_executor(None, script_directory)
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, script, target)


async def current_revision(engine: AsyncEngine) -> str | None:
    """Return the schema revision stamped in the database (None when empty)."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current)


async def head_revision() -> str:
    """Return the newest migration's revision id."""
    script = await asyncio.get_running_loop().run_in_executor(None, script_directory)
    head = script.get_current_head()
    assert head is not None
    return head
