"""The modulation counts on PostgreSQL: the same SQL, the same hand-computed answers."""

from __future__ import annotations

from pathlib import Path

from ..conftest import ServerFactory
from .support import get_ok, group_of
from .test_modulation_routes import store_upstream_days


async def test_distribution_and_intraday_on_postgresql(
    server_factory: ServerFactory, postgres_url: str, tmp_path: Path
) -> None:
    """Groups, counts, coverage and the timeline come out as on SQLite."""
    env = {"DATABASE_URL": postgres_url}
    async with server_factory(env, data_dir=tmp_path / "data") as server:
        assert server.context.database.dialect == "postgresql"
        day_a, _day_b = await store_upstream_days(server)
        body = await get_ok(server, "/api/modulation/distribution?direction=us")
        scqam = group_of(body, "3.0")
        assert (scqam["health_index"], scqam["low_qam_pct"], scqam["sample_count"]) == (
            85.0,
            20.0,
            10,
        )
        assert group_of(body, "3.1")["health_index"] == 71.9
        assert (body["sample_count"], body["expected_samples"]) == (5, 6)
        upstream = body["capacity_history"]["upstream"]
        assert (upstream["calculated_channel_samples"], upstream["total_channel_samples"]) == (
            10,
            15,
        )
        intraday = await get_ok(server, f"/api/modulation/intraday?date={day_a}")
        first = group_of(intraday, "3.0")["channels"][0]
        assert first["summary"] == "0.2h (50%) at 16QAM around 12:15"
        assert first["timeline"] == [
            {"time": "12:00", "modulation": "64QAM"},
            {"time": "12:15", "modulation": "16QAM"},
        ]
