"""The server starts, answers /health publicly and stops cleanly."""

from __future__ import annotations

from .harness import RunningServer


async def test_health_is_public_and_waiting(password_server: RunningServer) -> None:
    """/health needs no credential and says "waiting" before the first analysis."""
    status, body, _ = await password_server.request("GET", "/health")
    assert status == 200
    assert body["status"] == "ok"
    assert body["docsis_health"] == "waiting"
    assert body["version"]
