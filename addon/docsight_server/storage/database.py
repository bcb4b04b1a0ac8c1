"""The database handle: engine creation, SQLite pragmas, migrations and clean close."""

from __future__ import annotations

import asyncio
import logging
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from .migrate import upgrade_to_head
from .sqlite_driver import is_busy, sqlite_checkpoint
from .write_turns import WriteTurns

_LOGGER = logging.getLogger(__name__)
THREAD_JOIN_SECONDS = 5.0
AFTER_COMMIT = "docsight.after_commit"
#: Execution option naming how a SQLite transaction begins (DEFERRED or IMMEDIATE).
SQLITE_BEGIN = "docsight_sqlite_begin"
#: How long SQLite retries a locked database before giving up (then: DatabaseBusyError).
#: In-process writers never wait this long: bulk work yields to them between short batches.
BUSY_TIMEOUT_MS = 5000
# The driver logs two DEBUG lines per statement (millions while the demo is seeded).
logging.getLogger("aiosqlite").setLevel(logging.INFO)


class DatabaseBusyError(Exception):
    """The database stayed locked by another writer for longer than the busy timeout."""

    retry_after = 2


@contextmanager
def _busy_as_error() -> Iterator[None]:
    """Turn the driver's "database is locked" into DatabaseBusyError (callers answer 503)."""
    try:
        yield
    except DatabaseBusyError:
        raise
    except Exception as err:
        if is_busy(err):
            raise DatabaseBusyError(str(err)) from err
        raise


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite starts a transaction only before an INSERT/UPDATE/DELETE, so the reads that
    # open a read-modify-write transaction ran outside it; SQLAlchemy's BEGIN (_sqlite_begin)
    # takes over instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # A write transaction takes the write lock at BEGIN (waiting up to the busy timeout):
    # its reads then see the rows it changes, and no other writer commits in between.
    mode = connection.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def after_commit(connection: AsyncConnection, callback: Callable[[], None]) -> None:
    """Run `callback` after the transaction of `connection` commits (never on rollback)."""
    pending = connection.info.get(AFTER_COMMIT)
    if pending is None:  # not inside Database.transaction(): nothing to wait for
        callback()
    else:
        pending.append(callback)


class Database:
    """One engine for the whole server; every write goes through `transaction()`.

    Bulk work (demo seeding) writes through `background_transaction()` in short batches that
    start only while no `transaction()` waits: a request never waits for more than one batch.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        """Wrap an engine created by `open_database`."""
        self.engine = engine
        self._driver_threads: weakref.WeakSet[threading.Thread] = weakref.WeakSet()
        self._turns = WriteTurns()
        if engine.dialect.name == "sqlite":
            event.listen(engine.sync_engine, "connect", self._remember_thread)

    def _remember_thread(self, dbapi_connection: Any, _record: Any) -> None:
        # aiosqlite runs each connection in its own thread, which ends shortly after close
        thread = getattr(dbapi_connection, "driver_connection", None)
        if isinstance(thread, threading.Thread):
            self._driver_threads.add(thread)

    @property
    def dialect(self) -> str:
        """Return the SQL dialect name (sqlite or postgresql)."""
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """Yield a connection in a transaction that commits on success, else rolls back.

        Callbacks registered with `after_commit` run once the commit has succeeded. A database
        locked for longer than the busy timeout raises DatabaseBusyError.
        """
        async with self._turns.foreground(), self._transaction() as connection:
            yield connection

    @asynccontextmanager
    async def background_transaction(self) -> AsyncIterator[AsyncConnection]:
        """Yield a transaction for one batch of bulk work, begun once no transaction() waits.

        Keep each batch short (tens of milliseconds): writers that arrive meanwhile wait for it.
        """
        async with self._turns.background(), self._transaction() as connection:
            yield connection

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncConnection]:
        callbacks: list[Callable[[], None]] = []
        with _busy_as_error():
            async with self._write_connection() as connection, connection.begin():
                connection.info[AFTER_COMMIT] = callbacks
                try:
                    yield connection
                finally:
                    connection.info.pop(AFTER_COMMIT, None)
        for callback in callbacks:  # reached only when the commit succeeded
            callback()

    @asynccontextmanager
    async def _write_connection(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as connection:
            if self.dialect == "sqlite":
                await connection.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
            yield connection

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """Yield a connection for reads (DatabaseBusyError when the database stays locked)."""
        with _busy_as_error():
            async with self.engine.connect() as connection:
                yield connection

    async def checkpoint(self) -> None:
        """Fold SQLite's write-ahead log back into the database file (after bulk writes).

        Without it the log stays as large as the biggest write burst until the last
        connection closes. Runs on the driver's thread, never on the event loop.
        """
        if self.dialect != "sqlite":
            return
        try:
            # a batch's turn: a request that arrives meanwhile waits for this, not for SQLite
            with _busy_as_error():
                async with self._turns.background(), self.engine.connect() as connection:
                    busy, log, done = await sqlite_checkpoint(connection)
        except DatabaseBusyError as err:  # only housekeeping: SQLite checkpoints on its own too
            _LOGGER.warning("WAL checkpoint skipped: %s", err)
            return
        _LOGGER.debug("WAL checkpoint: busy=%d, %d of %d pages copied", busy, done, log)

    async def close(self) -> None:
        """Close every pooled connection and wait for the driver's threads to end."""
        await self.engine.dispose()
        threads = [thread for thread in self._driver_threads if thread.is_alive()]
        if threads:
            await asyncio.get_running_loop().run_in_executor(None, _join_all, threads)


def _join_all(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.join(THREAD_JOIN_SECONDS)


async def open_database(url: str, *, migrate: bool = True) -> Database:
    """Create the engine for a URL and bring the schema up to date."""
    engine = create_async_engine(url, pool_pre_ping=url.startswith("postgresql"))
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
    database = Database(engine)
    if migrate:
        try:
            await upgrade_to_head(engine)
        except Exception:
            await engine.dispose()
            raise
    return database
