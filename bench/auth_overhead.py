"""What a bearer token costs per request compared with an open (unauthenticated) server."""

from __future__ import annotations

import statistics
import time
import timeit
from pathlib import Path

import aiohttp

from docsight_server.auth.tokens import TokenIndex, new_token

from .server_process import ServerProcess, server_process

ROUTE = "/api/collectors/status"


async def _interleaved_requests(
    servers: list[tuple[ServerProcess, dict[str, str]]], count: int
) -> list[tuple[list[float], float]]:
    """Alternate requests between servers so machine noise hits both alike.

    Returns per server: wall-clock ms of each request and server CPU ms per request.
    """
    sessions = [aiohttp.ClientSession(headers=headers) for _, headers in servers]
    timings: list[list[float]] = [[] for _ in servers]
    try:
        for _ in range(50):  # warm-up
            for (server, _), session in zip(servers, sessions, strict=True):
                async with session.get(server.url + ROUTE) as response:
                    assert response.status == 200, response.status
        cpu_before = [server.cpu_seconds() for server, _ in servers]
        for _ in range(count):
            for index, ((server, _), session) in enumerate(zip(servers, sessions, strict=True)):
                started = time.perf_counter()
                async with session.get(server.url + ROUTE) as response:
                    await response.read()
                    assert response.status == 200
                timings[index].append((time.perf_counter() - started) * 1000)
        cpu_after = [server.cpu_seconds() for server, _ in servers]
    finally:
        for session in sessions:
            await session.close()
    return [
        (timings[index], (cpu_after[index] - cpu_before[index]) * 1000 / count)
        for index in range(len(servers))
    ]


async def _token_for(server: ServerProcess) -> str:
    """Create a token on an open server, then close it with an admin password."""
    async with aiohttp.ClientSession() as session:
        async with session.post(server.url + "/api/tokens", json={"name": "bench"}) as response:
            token = str((await response.json())["token"])
        async with session.post(
            server.url + "/api/config", json={"admin_password": "bench password"}
        ) as response:
            assert response.status == 200
        async with session.get(server.url + ROUTE) as response:
            assert response.status == 401
    return token


def verify_microseconds(token_count: int = 100, rounds: int = 20000) -> float:
    """Return the in-process cost of checking one bearer token among token_count, in µs."""
    index = TokenIndex()
    tokens = [new_token() for _ in range(token_count)]
    for number, token in enumerate(tokens):
        index.add(number, token, "user")
    probe = tokens[-1]
    seconds = timeit.timeit(lambda: index.verify(probe, 0), number=rounds)
    return seconds / rounds * 1e6


def _summary(label: str, timings: list[float], cpu_ms: float) -> str:
    ordered = sorted(timings)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return (
        f"  {label:<24} median {statistics.median(timings):6.3f} ms   p95 {p95:6.3f} ms   "
        f"server CPU {cpu_ms:6.3f} ms/request"
    )


async def measure(work_dir: Path, count: int) -> list[str]:
    """Return the report lines of this section."""
    async with (
        server_process(work_dir / "open", {}) as open_server,
        server_process(work_dir / "closed", {}) as closed_server,
    ):
        startup = open_server.startup_seconds
        token = await _token_for(closed_server)
        (open_times, open_cpu), (bearer_times, bearer_cpu) = await _interleaved_requests(
            [(open_server, {}), (closed_server, {"Authorization": f"Bearer {token}"})], count
        )
    extra_wall = statistics.median(bearer_times) - statistics.median(open_times)
    extra_cpu = bearer_cpu - open_cpu
    verdict = "PASS" if extra_wall < 1.0 and extra_cpu < 1.0 else "FAIL"
    return [
        f"Bearer authentication overhead ({count} GET {ROUTE} each, interleaved)",
        _summary("open (no credential)", open_times, open_cpu),
        _summary("bearer token", bearer_times, bearer_cpu),
        f"  extra per bearer request: {extra_wall:+.3f} ms wall (median), "
        f"{extra_cpu:+.3f} ms server CPU   target < 1 ms: {verdict}",
        f"  in-process token check (100 active tokens): {verify_microseconds():.2f} µs",
        f"Cold start to first /health answer (fresh data dir, migrations): {startup:.2f} s",
    ]
