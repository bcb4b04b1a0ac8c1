"""The demo journal, leaving demo mode, and retention keeping incident windows."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

from docsight_server.demo.episodes import episode_at
from docsight_server.storage.retention import apply_retention
from docsight_server.timeutil import now_epoch

from ..conftest import ServerFactory
from ..harness import RunningServer
from .support import new_entry, new_incident, stored_files, upload

DAY = 86400


def _bad_evening(day: str, server: RunningServer) -> bool:
    """Return True when the demo line had an episode on that local date."""
    zone = server.context.local_zone()
    midnight = int(datetime.combine(date.fromisoformat(day), datetime.min.time(), zone).timestamp())
    return any(episode_at(ts) is not None for ts in range(midnight, midnight + DAY, 900))


async def test_demo_journal(demo_server: RunningServer) -> None:
    """Twelve entries and three incidents (open, resolved, escalated) with their entries,
    each incident starting on a bad evening of the demo line."""
    _, entries, _ = await demo_server.request("GET", "/api/journal?limit=1000")
    _, incidents, _ = await demo_server.request("GET", "/api/incidents")
    assert len(entries) == 12
    assert sorted(incident["status"] for incident in incidents) == ["escalated", "open", "resolved"]
    counts = {incident["status"]: incident["entry_count"] for incident in incidents}
    assert counts == {"resolved": 4, "escalated": 4, "open": 3}
    assert sum(1 for entry in entries if entry["incident_id"] is None) == 1
    titles = {entry["title"] for entry in entries}
    assert {
        "Internet dropped during video call",
        "Technician visit",
        "Called ISP hotline",
    } <= titles
    today = datetime.now(demo_server.context.local_zone()).date().isoformat()
    for incident in incidents:
        assert _bad_evening(incident["start_date"], demo_server), incident
        assert incident["end_date"] is None or incident["start_date"] <= incident["end_date"]
        assert incident["start_date"] <= today
    loose = next(entry for entry in entries if entry["incident_id"] is None)
    assert _bad_evening(loose["date"], demo_server)
    assert max(entry["date"] for entry in entries) <= today
    resolved = next(incident for incident in incidents if incident["status"] == "resolved")
    status, body, _ = await demo_server.request("GET", f"/api/incidents/{resolved['id']}/timeline")
    assert status == 200
    assert body["entries"][0]["title"] == "Internet dropped during video call"
    sources = {row["source"] for row in body["timeline"]}
    assert "modem" in sources
    # 13 days of 15-minute snapshots, and nothing outside the window
    modem = [row for row in body["timeline"] if row["source"] == "modem"]
    assert 12 * 96 <= len(modem) <= 13 * 96
    assert body["window"]["from"] <= modem[0]["timestamp"]
    assert modem[-1]["timestamp"] <= body["window"]["to"]


async def test_leaving_demo_mode_purges_the_demo_journal(
    server_factory: ServerFactory, seeded_demo_dir: Path, tmp_path: Path
) -> None:
    """Demo entries and incidents go (with files a user attached to them); user rows stay."""
    data_dir = tmp_path / "data"
    shutil.copytree(seeded_demo_dir, data_dir)
    async with server_factory(data_dir=data_dir) as server:
        status, _, _ = await server.request("POST", "/api/demo/start", json={})
        assert status == 200
        _, demo_entries, _ = await server.request("GET", "/api/journal?limit=1000")
        assert len(demo_entries) == 12
        mine = await new_entry(server, title="My own entry")
        assert (await upload(server, mine, b"mine", "mine.txt"))[0] == 201
        assert (await upload(server, demo_entries[0]["id"], b"demo", "demo.txt"))[0] == 201
        assert len(stored_files(server)) == 2
        status, body, _ = await server.request("POST", "/api/demo/migrate", json={})
        assert status == 200, body
        _, left, _ = await server.request("GET", "/api/journal?limit=1000")
        assert [entry["id"] for entry in left] == [mine]
        assert (await server.request("GET", "/api/incidents"))[1] == []
        [kept] = stored_files(server)
        _, entry, _ = await server.request("GET", f"/api/journal/{mine}")
        assert entry["attachment_count"] == 1
        assert kept.read_bytes() == b"mine"


async def test_retention_keeps_snapshots_inside_incidents(demo_server: RunningServer) -> None:
    """With a short history, snapshots in an incident's dates stay and older others go."""
    context = demo_server.context
    _, incidents, _ = await demo_server.request("GET", "/api/incidents")
    for incident in incidents:
        await demo_server.request("DELETE", f"/api/incidents/{incident['id']}")
    now = now_epoch()
    zone = context.local_zone()
    first = datetime.fromtimestamp(now - 100 * DAY, zone).date()
    last = datetime.fromtimestamp(now - 99 * DAY, zone).date()
    await new_incident(demo_server, start_date=first.isoformat(), end_date=last.isoformat())
    start = int(datetime.combine(first, datetime.min.time(), zone).timestamp())
    end = int(datetime.combine(last, datetime.min.time(), zone).timestamp()) + DAY - 1
    before = await context.signal.timestamps()
    inside = [ts for ts in before if start <= ts <= end]
    assert len(inside) >= 2 * 96 - 1
    async with context.database.transaction() as connection:
        removed, _ = await apply_retention(
            connection, context.signal, context.events, 30, now, context.registries.keep_windows
        )
    after = await context.signal.timestamps()
    assert removed > 0
    old = [ts for ts in after if ts < now - 30 * DAY]
    assert set(inside) <= set(old)
    # only the incident's dates as seen from any zone (at most 14 h before, 12 h after) stay
    assert all(start - 14 * 3600 <= ts <= end + 12 * 3600 for ts in old)
    assert [ts for ts in after if ts >= now - 30 * DAY] == [
        ts for ts in before if ts >= now - 30 * DAY
    ]
