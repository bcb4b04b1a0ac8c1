"""Signal routes on the 270-day demo history: latency, throughput, memory, database size."""

from __future__ import annotations

import asyncio
import re
import statistics
import time
from pathlib import Path

import aiohttp

from .server_process import ServerProcess, server_process

SEQUENTIAL = 30
CONCURRENT_CLIENTS = 8
CONCURRENT_REQUESTS = 240
#: (route, target p50 ms, upstream p50 ms measured on this machine) — None where the issue
#: names no figure.
ROUTES: list[tuple[str, str, float | None, float | None]] = [
    ("GET", "/api/trends?range=month", 40, 759),
    ("GET", "/api/channel-history?selector={selector}&days=30", 15, 219),
    ("GET", "/api/correlation?hours=168", 30, 581),
    ("GET", "/api/snapshots", 10, 20),
    ("GET", "/api/channels", 2, 1.9),
    ("GET", "/api/trends?range=7d", None, None),
    ("GET", "/api/trends?range=day", None, None),
    ("GET", "/api/snapshots/{latest}", None, None),
    ("GET", "/api/channel-compare?channels=1,2,3,4,5,6&days=7", None, None),
    ("GET", "/api/thresholds", None, None),
    ("GET", "/api/device", None, None),
    ("GET", "/api/connection", None, None),
    ("GET", "/api/collectors/status", None, None),
    ("GET", "/api/gaming-score", None, None),
    ("GET", "/api/events?limit=200", None, None),
    ("GET", "/api/events?page=1&per_page=50", None, None),
    ("GET", "/api/events/count", None, None),
    ("GET", "/api/events/export.csv", None, None),
    ("POST", "/api/events/acknowledge-all", None, None),
    ("GET", "/api/export?mode=full", None, None),
    ("POST", "/api/test-modem", None, None),
    ("GET", "/metrics", None, None),
    ("GET", "/health", None, None),
]
TEST_MODEM_BODY = {"modem_type": "generic"}
SEED_LINE = re.compile(r"signal seeded (\d+) rows in ([\d.]+) s")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _request(session: aiohttp.ClientSession, method: str, url: str) -> int:
    body = TEST_MODEM_BODY if url.endswith("/api/test-modem") else None
    async with session.request(method, url, json=body) as response:
        await response.read()
        return response.status


async def _measure_route(
    session: aiohttp.ClientSession, method: str, url: str
) -> tuple[float, float, float, float, int]:
    """Return the first request's ms, p50 ms, p95 ms, requests/s x8 and the status."""
    started = time.perf_counter()
    status = await _request(session, method, url)
    first = (time.perf_counter() - started) * 1000
    for _ in range(2):
        status = await _request(session, method, url)
    timings = []
    for _ in range(SEQUENTIAL):
        started = time.perf_counter()
        await _request(session, method, url)
        timings.append((time.perf_counter() - started) * 1000)
    per_client = CONCURRENT_REQUESTS // CONCURRENT_CLIENTS

    async def client() -> None:
        for _ in range(per_client):
            await _request(session, method, url)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(CONCURRENT_CLIENTS)))
    rate = per_client * CONCURRENT_CLIENTS / (time.perf_counter() - started)
    return first, statistics.median(timings), _percentile(timings, 0.95), rate, status


async def _poll_and_stream(session: aiohttp.ClientSession, server: ServerProcess) -> str:
    """Time one manual poll and how long its snapshot takes to reach a stream subscriber."""
    async with session.get(server.url + "/api/stream") as stream:
        async for line in stream.content:
            if line.startswith(b"event: hello"):
                break
        started = time.perf_counter()
        async with session.post(server.url + "/api/poll") as response:
            await response.read()
            status = response.status
        polled = time.perf_counter() - started
        async for line in stream.content:
            if line.startswith(b"event: snapshot"):
                break
        pushed = time.perf_counter() - started
    return (
        f"  POST /api/poll (one demo poll, HTTP {status}): {polled * 1000:.1f} ms; its snapshot "
        f"reached a GET /api/stream subscriber after {pushed * 1000:.1f} ms"
    )


async def _wait_for_analysis(server: ServerProcess, limit: float = 120) -> float:
    started = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        while time.perf_counter() - started < limit:
            async with session.get(server.url + "/health") as response:
                if (await response.json())["docsis_health"] != "waiting":
                    return time.perf_counter() - started
            await asyncio.sleep(0.1)
    raise RuntimeError("the demo never produced an analysis")


def _database_mb(data_dir: Path) -> float:
    return sum(path.stat().st_size for path in data_dir.glob("docsight.db*")) / 1024 / 1024


async def _seed(data_dir: Path, log: Path) -> list[str]:
    env = {"DEMO_MODE": "true", "LOG_LEVEL": "info"}
    async with server_process(data_dir, env, log) as server:
        wait = await _wait_for_analysis(server)
        rss_after_seed = server.rss_mb()
    match = SEED_LINE.search(log.read_text(errors="replace"))
    seeded = f"{float(match.group(2)):.1f} s ({int(match.group(1)):,} rows)" if match else "?"
    return [
        f"  demo seeding (270 days, 15-minute snapshots): {seeded}; first analysis "
        f"{server.startup_seconds + wait:.1f} s after start  [target <= 10 s; upstream ~15 s]",
        f"  RSS of the process that seeded, right after seeding: {rss_after_seed:.0f} MiB",
        f"  database after seeding: {_database_mb(data_dir):.1f} MiB  [target <= 50 MB; "
        "upstream 241 MB]",
    ]


async def measure(work: Path) -> list[str]:
    """Seed a fresh data dir, restart on it, and measure every signal route."""
    data_dir = work / "signal-data"
    lines = [
        "Signal routes on the 270-day demo history ('first' is the first request after start,",
        "before any answer is cached; p50/p95 over 30 sequential requests)",
    ]
    lines += await _seed(data_dir, work / "seed.log")
    async with server_process(data_dir, {"DEMO_MODE": "true"}) as server:
        await _wait_for_analysis(server)
        await asyncio.sleep(2)  # let the startup poll's writes settle before measuring idle
        idle = server.rss_mb()
        async with aiohttp.ClientSession() as session:
            async with session.get(server.url + "/api/channels") as response:
                selector = (await response.json())["ds_channels"][0]["selector"]
            async with session.get(server.url + "/api/snapshots") as response:
                latest = (await response.json())[0]
            lines.append(
                f"  {'route':52s} {'first':>7s} {'p50 ms':>8s} {'p95 ms':>8s} {'req/s x8':>9s}"
                "  target [upstream]"
            )
            for method, template, target, upstream in ROUTES:
                path = template.format(selector=selector, latest=latest)
                first, p50, p95, rate, status = await _measure_route(
                    session, method, server.url + path
                )
                note = f"<= {target} ms [{upstream} ms]" if target is not None else ""
                if target is not None:
                    note += "  ok" if p50 <= target else "  MISSED"
                label = f"{method} {template.split('?')[0] if '{' in template else template}"
                lines.append(
                    f"  {label[:52]:52s} {first:7.2f} {p50:8.2f} {p95:8.2f} {rate:9.0f}  {note}"
                    + ("" if status < 400 else f"  (HTTP {status})")
                )
            lines.append(await _poll_and_stream(session, server))
        loaded = server.rss_mb()
    lines.append(
        f"  server RSS idle (restarted on the seeded data): {idle:.0f} MiB  [target <= 80 MB; "
        "upstream 252 MB]"
    )
    lines.append(
        f"  server RSS after the load: {loaded:.0f} MiB  [target <= 150 MB; upstream 927 MB]"
    )
    lines.append(f"  database after the run: {_database_mb(data_dir):.1f} MiB")
    return lines
