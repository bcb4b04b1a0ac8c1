"""Demo mode: start on an unconfigured instance, leave it keeping user data."""

from __future__ import annotations

import sqlalchemy as sa

from .conftest import ServerFactory
from .harness import RunningServer

demo_table = sa.Table(
    "test_demo_rows",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("is_demo", sa.Boolean, nullable=False),
)


async def test_start_demo_on_an_unconfigured_instance(open_server: RunningServer) -> None:
    """Demo start needs JSON, turns demo mode on and is idempotent."""
    status, body, _ = await open_server.request("POST", "/api/demo/start", data="x")
    assert (status, body["error"]) == (415, "Content-Type must be application/json")
    for _ in range(2):
        status, body, _ = await open_server.request("POST", "/api/demo/start", json={})
        assert (status, body) == (200, {"success": True, "demo_mode": True, "status": "active"})
    _, config, _ = await open_server.request("GET", "/api/config")
    assert config["demo_mode"] is True
    assert config["configured"] is True


async def test_start_demo_refused_when_live_configured(open_server: RunningServer) -> None:
    """An instance with a modem chosen answers 409 and stays live."""
    status, _, _ = await open_server.request("POST", "/api/config", json={"modem_type": "cm1000"})
    assert status == 200
    status, body, _ = await open_server.request("POST", "/api/demo/start", json={})
    assert status == 409
    assert body == {"success": False, "demo_mode": False, "status": "live_configured"}
    assert open_server.context.settings.demo_mode is False


async def test_migrate_purges_demo_rows_and_keeps_user_rows(open_server: RunningServer) -> None:
    """Leaving demo mode deletes is_demo rows of registered tables only, then turns demo off."""
    status, body, _ = await open_server.request("POST", "/api/demo/migrate", json={})
    assert (status, body["error"]) == (400, "Not in demo mode")
    await open_server.request("POST", "/api/demo/start", json={})
    async with open_server.context.database.transaction() as connection:
        await connection.run_sync(demo_table.create)
        await connection.execute(
            demo_table.insert(), [{"is_demo": True}, {"is_demo": True}, {"is_demo": False}]
        )
    # a feature's demo table, added to this server's registries only
    open_server.context.registries.demo_tables.append(demo_table)
    status, body, _ = await open_server.request("POST", "/api/demo/migrate", json={"next": "bogus"})
    assert status == 400
    status, body, _ = await open_server.request(
        "POST", "/api/demo/migrate", json={"next": "connect"}
    )
    assert (status, body) == (200, {"success": True, "purged": 2, "next": "/setup?connect=1"})
    async with open_server.context.database.read() as connection:
        left = (await connection.execute(sa.select(demo_table.c.is_demo))).scalars().all()
    assert left == [False]
    assert open_server.context.settings.demo_mode is False


async def test_migrate_refused_when_demo_is_forced(server_factory: ServerFactory) -> None:
    """DEMO_MODE from the environment cannot be left through the API (409, locked)."""
    async with server_factory({"DEMO_MODE": "true"}) as server:
        status, body, _ = await server.request("POST", "/api/demo/migrate", json={})
        assert status == 409
        assert body == {"error": "demo_mode_forced", "success": False, "locked": True}
        assert server.context.settings.demo_mode is True
