"""Alembic migrations applied at start, without blocking the event loop on script loading.

Alembic (with Mako and every dialect's DDL support, ~4 MB resident) is imported only when the
database is not already at the newest revision the migration files name.
"""

from __future__ import annotations

import asyncio
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.runtime.migration import MigrationContext, RevisionStep
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_ASSIGNMENT = re.compile(r'^(revision|down_revision)\s*=\s*(?:"([^"]+)"|None)\s*$', re.MULTILINE)


@cache
def script_directory() -> ScriptDirectory:
    """Load the migration scripts once (file I/O; call from an executor)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    script.revision_map.get_revisions("heads")
    return script


@cache
def file_head() -> str | None:
    """Return the one head revision the migration files name, None when that is not plain.

    Reads `revision = "…"` and `down_revision = "…"` lines; anything else (a merge, a missing
    line) gives None, and Alembic decides.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found = {match[1]: match[2] for match in _ASSIGNMENT.finditer(path.read_text("utf-8"))}
        if not found.get("revision") or "down_revision" not in found:
            return None
        revisions.add(found["revision"])
        if found["down_revision"]:
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


async def _at_file_head(engine: AsyncEngine) -> bool:
    """Return whether the database is stamped with the head the files name."""
    head = await asyncio.get_running_loop().run_in_executor(None, file_head)
    if head is None:
        return False
    try:
        async with engine.connect() as connection:
            stamped = await connection.execute(text("SELECT version_num FROM alembic_version"))
            return list(stamped.scalars()) == [head]
    except DBAPIError:  # no alembic_version table yet
        return False


def _upgrade(connection: Connection, script: ScriptDirectory, target: str) -> None:
    from alembic.config import Config
    from alembic.runtime.environment import EnvironmentContext

    def steps(heads: tuple[str, ...], _context: MigrationContext) -> list[RevisionStep]:
        # What `alembic upgrade` does, without an env.py: it lets us pass our own connection.
        # Alembic passes the current heads as a tuple although `_upgrade_revs` annotates str.
        return script._upgrade_revs(target, heads)  # type: ignore[arg-type]

    with EnvironmentContext(Config(), script, fn=steps, destination_rev=target) as env:
        env.configure(connection=connection, target_metadata=None)
        with env.begin_transaction():
            env.run_migrations()


def _current(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


async def upgrade_to_head(engine: AsyncEngine, target: str = "heads") -> None:
    """Apply every pending migration up to target (default: the newest)."""
    if target == "heads" and await _at_file_head(engine):
        return
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
