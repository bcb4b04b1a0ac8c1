"""Schema migrations on SQLite and on a real PostgreSQL, and the server running on PostgreSQL."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from docsight_server.storage import open_database
from docsight_server.storage.migrate import (
    current_revision,
    file_head,
    head_revision,
    script_directory,
    upgrade_to_head,
)
from docsight_server.storage.schema import metadata

from . import postgres
from .conftest import ServerFactory

PREVIOUS_REVISION = "0001"

#: The tables each migration creates, written out so the tests do not trust the schema modules.
TABLES_BY_REVISION: dict[str, frozenset[str]] = {
    "0001": frozenset({"config_entries", "api_tokens"}),
    "0002": frozenset({"instance_meta"}),
    "0003": frozenset(
        {
            "snapshots",
            "channel_series",
            "channel_samples",
            "modulation_names",
            "events",
            "device_state",
        }
    ),
    "0004": frozenset(
        {"cm_targets", "cm_samples", "cm_rollups", "cm_pinned_days", "cm_traces", "cm_trace_hops"}
    ),
    "0005": frozenset({"lan_devices", "lan_device_history", "lan_rtd_samples"}),
    "0006": frozenset(),  # an index of the connection monitor's timeouts
    "0007": frozenset(),  # data only: Hitron/Sercom OFDM/OFDMA series keep the modem's ids
    "0008": frozenset(),  # data only: DOCSIS 3.1 series sharing an SC-QAM id take base + id
    "0009": frozenset({"incidents", "journal_entries", "journal_attachments"}),
}

# Alembic reflects SQLite's DEFAULT '' as the expression ('') and its comparison unquotes only
# non-empty literals, so it never equals the metadata's "": the same default, reported as a
# difference (Alembic 1.15). These are the columns with an empty-string server default.
SQLITE_EMPTY_STRING_DEFAULTS = frozenset({("cm_targets", "host"), ("snapshots", "health_issues")})


def sqlite_url(tmp_path: Path) -> str:
    """Return the URL of a new SQLite database file in tmp_path."""
    return f"sqlite+aiosqlite:///{tmp_path / 'migrate.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return the URL of an empty database: a SQLite file, or the emptied PostgreSQL test DB."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return str(request.getfixturevalue("postgres_url"))


@asynccontextmanager
async def engine_for(url: str) -> AsyncIterator[AsyncEngine]:
    """Yield an engine for url and dispose of it afterwards."""
    engine = create_async_engine(url)
    try:
        yield engine
    finally:
        await engine.dispose()


def _columns_by_table(connection: Connection) -> dict[str, set[str]]:
    inspector = inspect(connection)
    return {
        table: {column["name"] for column in inspector.get_columns(table)}
        for table in inspector.get_table_names()
    }


async def columns_by_table(engine: AsyncEngine) -> dict[str, set[str]]:
    """Return each table in the database with its column names."""
    async with engine.connect() as connection:
        return await connection.run_sync(_columns_by_table)


def _downgrade(connection: Connection, script: ScriptDirectory, target: str) -> None:
    """Run the downgrades down to target on a sync connection (storage.migrate._upgrade's twin)."""

    def steps(rev: object, _context: MigrationContext) -> list[object]:
        """Return the downgrade steps from rev to target, as `alembic downgrade` does."""
        return script._downgrade_revs(target, rev)

    with EnvironmentContext(Config(), script, fn=steps, destination_rev=target) as env:
        env.configure(connection=connection, target_metadata=None)
        with env.begin_transaction():
            env.run_migrations()


async def downgrade_to(engine: AsyncEngine, target: str) -> None:
    """Run the downgrades from the database's revision down to target."""
    script = await asyncio.get_running_loop().run_in_executor(None, script_directory)
    async with engine.begin() as connection:
        await connection.run_sync(_downgrade, script, target)


def is_known_noise(dialect: str, difference: tuple[Any, ...]) -> bool:
    """Return whether a compare_metadata difference is in the SQLite empty-default allow-list."""
    if dialect != "sqlite" or difference[0] != "modify_default":
        return False
    _, _schema, table, column, _existing, reflected, wanted = difference
    return (
        (table, column) in SQLITE_EMPTY_STRING_DEFAULTS
        and reflected is not None
        and str(reflected.arg.text) == "('')"
        and wanted is not None
        and wanted.arg == ""
    )


def _schema_differences(connection: Connection) -> list[tuple[Any, ...]]:
    """Return compare_metadata's differences on a sync connection, without allow-listed noise."""
    options = {"compare_type": True, "compare_server_default": True}
    context = MigrationContext.configure(connection, opts=options)
    found: list[tuple[Any, ...]] = []
    for entry in compare_metadata(context, metadata):
        # Column modifications come grouped in a list per column.
        found.extend(entry if isinstance(entry, list) else [entry])
    return [item for item in found if not is_known_noise(connection.dialect.name, item)]


async def schema_differences(engine: AsyncEngine) -> list[tuple[Any, ...]]:
    """Return what Alembic's autogenerate finds between the database and metadata."""
    async with engine.connect() as connection:
        return await connection.run_sync(_schema_differences)


def _keys_and_storage(connection: Connection) -> dict[str, dict[str, object]]:
    """Return each table's primary key, foreign keys and serial columns or WITHOUT ROWID."""
    inspector = inspect(connection)
    found: dict[str, dict[str, object]] = {}
    for name in inspector.get_table_names():
        if name == "alembic_version":
            continue
        columns = inspector.get_columns(name)
        found[name] = {
            "primary_key": inspector.get_pk_constraint(name)["constrained_columns"],
            "foreign_keys": sorted(
                (
                    tuple(key["constrained_columns"]),
                    key["referred_table"],
                    tuple(key["referred_columns"]),
                    key["options"].get("ondelete"),
                )
                for key in inspector.get_foreign_keys(name)
            ),
        }
        if connection.dialect.name == "postgresql":
            found[name]["serial"] = [c["name"] for c in columns if c.get("autoincrement")]
    if connection.dialect.name == "sqlite":
        rows = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
        for name, sql in rows:
            if name in found:
                found[name]["with_rowid"] = not sql.rstrip().upper().endswith("WITHOUT ROWID")
    return found


def metadata_keys_and_storage(dialect: str) -> dict[str, dict[str, object]]:
    """Return what _keys_and_storage should find for metadata's tables on dialect."""
    expected: dict[str, dict[str, object]] = {}
    for table in metadata.sorted_tables:
        entry: dict[str, object] = {
            "primary_key": [column.name for column in table.primary_key.columns],
            "foreign_keys": sorted(
                (
                    tuple(key.column_keys),
                    key.referred_table.name,
                    tuple(element.column.name for element in key.elements),
                    key.ondelete,
                )
                for key in table.foreign_key_constraints
            ),
        }
        if dialect == "postgresql":
            serial = table.autoincrement_column
            entry["serial"] = [] if serial is None else [serial.name]
        else:
            entry["with_rowid"] = table.dialect_options["sqlite"]["with_rowid"]
        expected[table.name] = entry
    return expected


def _schema_description(connection: Connection) -> dict[str, object]:
    """Return the reflected schema of a sync connection's database (see schema_description)."""
    inspector = inspect(connection)
    described: dict[str, object] = {
        name: {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], c["default"], c.get("autoincrement"))
                for c in inspector.get_columns(name)
            ],
            "indexes": sorted(
                (index["name"], tuple(index["column_names"]), bool(index["unique"]))
                for index in inspector.get_indexes(name)
            ),
            "unique": sorted(
                tuple(unique["column_names"]) for unique in inspector.get_unique_constraints(name)
            ),
        }
        for name in inspector.get_table_names()
    }
    described["keys_and_storage"] = _keys_and_storage(connection)
    if connection.dialect.name == "sqlite":
        rows = connection.execute(text("SELECT type, name, sql FROM sqlite_master ORDER BY name"))
        described["sqlite_master"] = [tuple(row) for row in rows]
    return described


async def schema_description(engine: AsyncEngine) -> dict[str, object]:
    """Return the database's tables, columns, keys and indexes as reflected, for equality."""
    async with engine.connect() as connection:
        return await connection.run_sync(_schema_description)


async def test_head_revision_is_newer_than_previous() -> None:
    """The head is a later revision than 0001 (so the upgrade tests below do real work)."""
    head = await head_revision()
    assert head
    assert head != PREVIOUS_REVISION


async def test_empty_database_migrates_to_head_with_every_table(database_url: str) -> None:
    """An empty database gains every table of the schema with all of its columns."""
    async with engine_for(database_url) as engine:
        assert await current_revision(engine) is None
        await upgrade_to_head(engine)
        assert await current_revision(engine) == await head_revision()
        found = await columns_by_table(engine)
    for table in metadata.sorted_tables:
        assert table.name in found, f"missing table {table.name}"
        assert found[table.name] == {column.name for column in table.columns}, table.name
    assert "alembic_version" in found


async def test_upgrade_from_previous_revision_keeps_rows(database_url: str) -> None:
    """Rows written at revision 0001 survive the upgrade; old tokens become user tokens."""
    async with engine_for(database_url) as engine:
        await upgrade_to_head(engine, PREVIOUS_REVISION)
        assert await current_revision(engine) == PREVIOUS_REVISION
        before = await columns_by_table(engine)
        assert "kind" not in before["api_tokens"]
        assert "instance_meta" not in before
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO api_tokens"
                    " (name, token_hash, token_prefix, created_at, last_used_at, revoked)"
                    " VALUES (:name, :hash, :prefix, :created, NULL, :revoked)"
                ),
                {
                    "name": "old script",
                    "hash": "a" * 64,
                    "prefix": "dsk_abcd",
                    "created": 1_700_000_000,
                    "revoked": False,
                },
            )
            await connection.execute(
                text(
                    "INSERT INTO config_entries (key, value, updated_at)"
                    " VALUES (:key, :value, :updated)"
                ),
                {"key": "modem_type", "value": '"cm1000"', "updated": 1_700_000_001},
            )

    database = await open_database(database_url)
    try:
        assert await current_revision(database.engine) == await head_revision()
        async with database.read() as connection:
            tokens = (
                await connection.execute(
                    text("SELECT name, token_hash, token_prefix, kind, revoked FROM api_tokens")
                )
            ).all()
            config = (
                await connection.execute(text("SELECT key, value, updated_at FROM config_entries"))
            ).all()
            meta_count = (
                await connection.execute(text("SELECT count(*) FROM instance_meta"))
            ).scalar_one()
    finally:
        await database.close()
    assert [tuple(row) for row in tokens] == [("old script", "a" * 64, "dsk_abcd", "user", False)]
    assert [tuple(row) for row in config] == [("modem_type", '"cm1000"', 1_700_000_001)]
    assert meta_count == 0


async def test_migrating_twice_is_a_no_op(database_url: str) -> None:
    """A second upgrade changes neither the revision, the tables nor the rows."""
    async with engine_for(database_url) as engine:
        await upgrade_to_head(engine)
        async with engine.begin() as connection:
            await connection.execute(
                text("INSERT INTO instance_meta (key, value) VALUES ('instance_id', 'abc')")
            )
        tables = await columns_by_table(engine)
        await upgrade_to_head(engine)
        assert await current_revision(engine) == await head_revision()
        assert await columns_by_table(engine) == tables
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT key, value FROM instance_meta"))).all()
            versions = (
                await connection.execute(text("SELECT version_num FROM alembic_version"))
            ).all()
    assert [tuple(row) for row in rows] == [("instance_id", "abc")]
    assert [row[0] for row in versions] == [await head_revision()]


async def test_migrated_database_matches_metadata(database_url: str) -> None:
    """Autogenerate finds no difference (types and server defaults included) at head."""
    async with engine_for(database_url) as engine:
        await upgrade_to_head(engine)
        differences = await schema_differences(engine)
    assert differences == []


async def test_schema_comparison_sees_a_missing_index_and_table(database_url: str) -> None:
    """Control: the comparison above reports a dropped index and a dropped table."""
    async with engine_for(database_url) as engine:
        await upgrade_to_head(engine)
        async with engine.begin() as connection:
            await connection.execute(text("DROP INDEX ix_events_type_ts"))
            await connection.execute(text("DROP TABLE cm_pinned_days"))
        differences = await schema_differences(engine)
    assert sorted((item[0], getattr(item[1], "name", None)) for item in differences) == [
        ("add_index", "ix_events_type_ts"),
        ("add_table", "cm_pinned_days"),
    ]


async def test_migrated_database_has_metadata_keys_and_storage(database_url: str) -> None:
    """Primary keys, foreign-key actions, serial columns and WITHOUT ROWID match metadata.

    Alembic's autogenerate compares none of these.
    """
    async with engine_for(database_url) as engine:
        await upgrade_to_head(engine)
        async with engine.connect() as connection:
            found = await connection.run_sync(_keys_and_storage)
        dialect = engine.dialect.name
    assert found == metadata_keys_and_storage(dialect)


def test_tables_by_revision_cover_metadata() -> None:
    """TABLES_BY_REVISION names every table of metadata once (update it with each migration)."""
    listed = [name for names in TABLES_BY_REVISION.values() for name in names]
    assert sorted(listed) == sorted(table.name for table in metadata.sorted_tables)


@pytest.mark.parametrize("revision", ["0003", "0004", "0005", "0006", "0007", "0008", "0009"])
async def test_downgrade_then_upgrade_round_trips(database_url: str, revision: str) -> None:
    """Downgrading below revision drops its tables and later ones; upgrading restores the schema."""
    script = await asyncio.get_running_loop().run_in_executor(None, script_directory)
    previous = script.get_revision(revision).down_revision
    assert isinstance(previous, str)
    # Revision ids are zero-padded, so their string order is the migration order.
    kept = {name for rev, names in TABLES_BY_REVISION.items() if rev <= previous for name in names}
    async with engine_for(database_url) as engine:
        await upgrade_to_head(engine)
        at_head = await schema_description(engine)
        async with engine.begin() as connection:
            await connection.execute(
                text("INSERT INTO instance_meta (key, value) VALUES ('instance_id', 'abc')")
            )

        await downgrade_to(engine, previous)
        assert await current_revision(engine) == previous
        assert set(await columns_by_table(engine)) == kept | {"alembic_version"}

        await upgrade_to_head(engine, revision)
        assert await current_revision(engine) == revision
        assert set(await columns_by_table(engine)) == kept | TABLES_BY_REVISION[revision] | {
            "alembic_version"
        }

        await upgrade_to_head(engine)
        assert await current_revision(engine) == await head_revision()
        assert await schema_description(engine) == at_head
        assert await schema_differences(engine) == []
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT key, value FROM instance_meta"))).all()
    assert [tuple(row) for row in rows] == [("instance_id", "abc")]


async def test_open_database_twice_keeps_data(database_url: str) -> None:
    """Reopening a migrated database (as every server start does) keeps its rows."""
    first = await open_database(database_url)
    try:
        async with first.transaction() as connection:
            await connection.execute(
                text("INSERT INTO instance_meta (key, value) VALUES ('k', 'v')")
            )
    finally:
        await first.close()
    second = await open_database(database_url)
    try:
        async with second.read() as connection:
            value = (
                await connection.execute(text("SELECT value FROM instance_meta WHERE key = 'k'"))
            ).scalar_one()
    finally:
        await second.close()
    assert value == "v"


async def test_file_head_is_alembics_head() -> None:
    """The head read from the migration files is the one Alembic computes."""
    assert file_head() == await head_revision()


OPEN_AND_LIST_MODULES = """
import asyncio, sys
from docsight_server.storage import open_database

async def main(url):
    database = await open_database(url)
    await database.close()

asyncio.run(main(sys.argv[1]))
print(sorted(name for name in sys.modules if name.split(".")[0] in ("alembic", "mako")))
"""


async def test_start_at_head_leaves_alembic_unloaded(tmp_path: Path) -> None:
    """A start on a database at head does not load Alembic (~4 MB resident); an upgrade does."""

    async def loaded_modules() -> str:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            OPEN_AND_LIST_MODULES,
            sqlite_url(tmp_path),
            stdout=asyncio.subprocess.PIPE,
        )
        output, _ = await process.communicate()
        assert process.returncode == 0
        return output.decode().strip().splitlines()[-1]

    assert "'alembic" in await loaded_modules()  # a new database is migrated by Alembic
    assert await loaded_modules() == "[]"
    async with engine_for(sqlite_url(tmp_path)) as engine:
        assert await current_revision(engine) == await head_revision()


async def test_sqlite_uses_wal_journal_mode(tmp_path: Path) -> None:
    """open_database switches SQLite to write-ahead logging with foreign keys on."""
    database = await open_database(sqlite_url(tmp_path))
    try:
        assert database.dialect == "sqlite"
        async with database.read() as connection:
            mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar_one()
            foreign_keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar_one()
    finally:
        await database.close()
    assert str(mode).lower() == "wal"
    assert foreign_keys == 1


async def test_plain_sqlite_engine_is_not_wal(tmp_path: Path) -> None:
    """Control: a bare engine on a new file is not in WAL mode, so the check above means it."""
    async with engine_for(sqlite_url(tmp_path)) as engine, engine.connect() as connection:
        mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar_one()
    assert str(mode).lower() != "wal"


async def test_postgres_database_reports_its_dialect(postgres_url: str) -> None:
    """open_database on a PostgreSQL URL uses the postgresql dialect."""
    database = await open_database(postgres_url)
    try:
        assert database.dialect == "postgresql"
    finally:
        await database.close()


async def test_server_runs_on_postgres(server_factory: ServerFactory, postgres_url: str) -> None:
    """The full server stores config and tokens in PostgreSQL when DATABASE_URL says so."""
    async with server_factory({"DATABASE_URL": postgres_url}) as server:
        assert server.context.database.dialect == "postgresql"
        status, body, _ = await server.request(
            "POST",
            "/api/config",
            json={"modem_type": "cm1000", "modem_password": "pg-secret", "poll_interval": 300},
        )
        assert status == 200, body
        assert body["success"] is True
        status, created, _ = await server.request("POST", "/api/tokens", json={"name": "pg"})
        assert status == 201, created
        status, listed, _ = await server.request("GET", "/api/tokens")
        assert status == 200
        assert [(t["id"], t["name"], t["kind"]) for t in listed["tokens"]] == [
            (created["id"], "pg", "user")
        ]
        status, token_view, _ = await server.request("GET", "/api/tokens", token=created["token"])
        assert status == 200
        assert token_view == listed
        data_dir = server.context.runtime.data_dir

    assert not (data_dir / "docsight.db").exists()
    async with engine_for(postgres_url) as engine, engine.connect() as connection:
        rows = dict((await connection.execute(text("SELECT key, value FROM config_entries"))).all())
        token_names = (await connection.execute(text("SELECT name FROM api_tokens"))).all()
    assert rows["modem_type"] == '"cm1000"'
    assert rows["poll_interval"] == "300"
    assert rows["modem_password"].startswith('"enc:v1:')
    assert "pg-secret" not in rows["modem_password"]
    assert [row[0] for row in token_names] == ["pg"]

    async with server_factory({"DATABASE_URL": postgres_url}) as server:
        status, body, _ = await server.request("GET", "/api/config")
        assert status == 200
        assert body["config"]["modem_type"] == "cm1000"
        assert body["config"]["poll_interval"] == 300
        assert server.context.settings.get("modem_password") == "pg-secret"


def test_missing_postgres_binaries_fail_with_setup_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without PostgreSQL binaries the fixture fails (never skips) and names scripts/setup."""
    monkeypatch.setattr(postgres, "PG_BIN_GLOB", "/nonexistent-docsight/*/bin")
    with pytest.raises(pytest.fail.Exception) as caught:
        postgres.find_pg_bin()
    assert "scripts/setup" in str(caught.value)
    assert "postgresql" in str(caught.value)
