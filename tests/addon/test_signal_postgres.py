"""The signal pipeline on PostgreSQL: demo seeding through COPY, reads through asyncpg."""

from __future__ import annotations

from pathlib import Path

from .conftest import ServerFactory
from .harness import wait_for_snapshot

SEEDING_LIMIT = 240  # seconds; COPY of ~830,000 rows on a busy test machine


async def test_demo_history_and_routes_on_postgresql(
    server_factory: ServerFactory, postgres_url: str, tmp_path: Path
) -> None:
    """Seeding, trends, channel history, snapshots and events work the same on PostgreSQL."""
    env = {"DEMO_MODE": "true", "DATABASE_URL": postgres_url}
    async with server_factory(env, data_dir=tmp_path / "data") as server:
        assert server.context.database.dialect == "postgresql"
        await wait_for_snapshot(server.context, SEEDING_LIMIT)
        status, trends, _ = await server.request("GET", "/api/trends?range=7d")
        assert status == 200
        assert 7 * 96 - 2 <= len(trends) <= 7 * 96 + 2
        assert isinstance(trends[0]["errors_supported"], bool)
        assert trends[0]["timestamp"].endswith("Z")
        _, channels, _ = await server.request("GET", "/api/channels")
        selector = channels["ds_channels"][0]["selector"]
        status, history, _ = await server.request(
            "GET", f"/api/channel-history?selector={selector}&days=2"
        )
        assert status == 200
        assert len(history) >= 2 * 96 - 2
        assert history[-1]["power"] == channels["ds_channels"][0]["power"]
        _, stamps, _ = await server.request("GET", "/api/snapshots")
        assert len(stamps) > 25_900
        status, snapshot, _ = await server.request("GET", f"/api/snapshots/{stamps[0]}")
        assert status == 200
        assert len(snapshot["ds_channels"]) == 26
        _, events, _ = await server.request("GET", "/api/events?event_type=device_reboot")
        assert len(events["events"]) == 1
        status, body, _ = await server.request("POST", "/api/poll")
        assert status == 200
        assert body["analysis"]["summary"]["ds_total"] == 26
        _, newer, _ = await server.request("GET", "/api/snapshots")
        assert len(newer) == len(stamps) + 1
