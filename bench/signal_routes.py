"""Signal routes on the 270-day demo history: latency, throughput, memory, database size."""

from __future__ import annotations

import asyncio
import re
import statistics
import time
from pathlib import Path
from typing import Any

import aiohttp

from .fresh_requests import fresh_p50
from .route_list import ROUTES, UPSTREAM_ONLY, Route
from .server_process import ServerProcess, server_process

SEQUENTIAL = 30
CONCURRENT_CLIENTS = 8
CONCURRENT_REQUESTS = 240
MIB = 1024 * 1024
#: first request ms, p50 ms, p95 ms, requests/s with 8 clients, last HTTP status
RouteFigures = tuple[float, float, float, float, int]
TEST_MODEM_BODY = {"modem_type": "generic"}
#: The answers big enough to be compressed (http/compression.py), as the UI asks for them.
COMPRESSED_ROUTES = (
    "/api/trends?range=month",
    "/api/trends?range=30d",
    "/api/connection-monitor/samples/{target}?start={day_ago}&end={now}",
)
SEED_LINE = re.compile(r"signal seeded (\d+) rows in ([\d.]+) s")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _request(session: aiohttp.ClientSession, method: str, url: str) -> int:
    body = TEST_MODEM_BODY if url.endswith("/api/test-modem") else None
    async with session.request(method, url, json=body) as response:
        await response.read()
        return response.status


async def _measure_route(session: aiohttp.ClientSession, method: str, url: str) -> RouteFigures:
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


async def wait_for_analysis(server: ServerProcess, limit: float = 120) -> float:
    """Wait until the server has analysed its first poll; return the seconds waited."""
    started = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        while time.perf_counter() - started < limit:
            async with session.get(server.url + "/health") as response:
                if (await response.json())["docsis_health"] != "waiting":
                    return time.perf_counter() - started
            await asyncio.sleep(0.1)
    raise RuntimeError("the demo never produced an analysis")


def _disk_text(data_dir: Path) -> str:
    """Return the size of the database file and of its write-ahead log beside it."""
    sizes = {}
    for suffix in ("", "-wal"):
        path = data_dir / f"docsight.db{suffix}"
        sizes[suffix] = path.stat().st_size / MIB if path.exists() else 0.0
    return f"database {sizes['']:.1f} MiB, WAL {sizes['-wal']:.1f} MiB"


async def _seed(data_dir: Path, log: Path) -> list[str]:
    env = {"DEMO_MODE": "true", "LOG_LEVEL": "info"}
    async with server_process(data_dir, env, log) as server:
        wait = await wait_for_analysis(server)
        await asyncio.sleep(2)  # let the writes after the first analysis settle
        rss_after_seed = server.rss_mb()
        peak_while_seeding = server.peak_rss_mb()
        running = _disk_text(data_dir)
    match = SEED_LINE.search(log.read_text(errors="replace"))
    seeded = f"{float(match.group(2)):.1f} s ({int(match.group(1)):,} rows)" if match else "?"
    return [
        f"  demo seeding (270 days, 15-minute snapshots): {seeded}; first analysis "
        f"{server.startup_seconds + wait:.1f} s after start  [target <= 10 s; upstream ~15 s]",
        f"  RSS of the process that seeded: {rss_after_seed:.0f} MiB right after seeding, "
        f"peak {peak_while_seeding:.0f} MiB",
        f"  disk after seeding, server still running: {running}  [target <= 50 MB; upstream "
        "241 MB + 10 MB]",
        f"  disk after seeding, server stopped: {_disk_text(data_dir)}",
    ]


async def _route_values(session: aiohttp.ClientSession, server: ServerProcess) -> dict[str, Any]:
    """Return what the route templates need: a selector, the newest snapshot, a target."""
    async with session.get(server.url + "/api/channels") as response:
        selector = (await response.json())["ds_channels"][0]["selector"]
    async with session.get(server.url + "/api/snapshots") as response:
        latest = (await response.json())[0]
    async with session.get(server.url + "/api/connection-monitor/targets") as response:
        target = (await response.json())[0]
    now = int(time.time())
    return {
        "selector": selector,
        "latest": latest,
        "target": target["id"],
        "target_label": target["label"],
        "now": now,
        "day_ago": now - 86400,
    }


def _route_line(
    route: Route, values: dict[str, Any], figures: RouteFigures, fresh: float | None
) -> str:
    first, p50, p95, rate, status = figures
    # Judged by what users mostly see: the fresh answer where answers are reused.
    judged = p50 if fresh is None else max(p50, fresh)
    note = route.upstream_text()
    if route.target_ms is not None:
        verdict = "ok" if judged <= route.target_ms else "MISSED"
        note = f"<= {route.target_ms:g} ms {verdict}  {note}"
    if route.upstream_ms is not None and judged > route.upstream_ms:
        note += "  SLOWER THAN UPSTREAM"
    label = route.title(values)
    fresh_text = "-" if fresh is None else f"{fresh:.2f}"
    return (
        f"  {label[:58]:58s} {first:7.2f} {fresh_text:>9s} {p50:10.2f} {p95:10.2f} {rate:9.0f}"
        f"  {note}" + ("" if status < 400 else f"  (HTTP {status})")
    )


async def _compressed(server: ServerProcess, values: dict[str, Any]) -> list[str]:
    """Time the largest answers as a browser gets them (gzip) against plain, with their sizes."""
    lines = ["  large answers, gzip (as browsers ask) against plain: p50 ms, bytes on the wire"]
    for template in COMPRESSED_ROUTES:
        url = server.url + template.format(**values)
        figures = {}
        for coding in ("identity", "gzip"):
            async with aiohttp.ClientSession(
                headers={"Accept-Encoding": coding}, auto_decompress=False
            ) as session:
                timings, size = [], 0
                for _ in range(SEQUENTIAL // 2):
                    started = time.perf_counter()
                    async with session.get(url) as response:
                        size = len(await response.read())
                    timings.append((time.perf_counter() - started) * 1000)
                figures[coding] = (statistics.median(timings), size)
        (plain_ms, plain_size), (gzip_ms, gzip_size) = figures["identity"], figures["gzip"]
        path = template.replace("?start={day_ago}&end={now}", " (24 h)")
        lines.append(
            f"    GET {path:50s} plain {plain_ms:6.2f} ms {plain_size / 1024:7.0f} KiB"
            f" | gzip {gzip_ms:6.2f} ms {gzip_size / 1024:6.0f} KiB"
        )
    return lines


async def _measure_routes(server: ServerProcess) -> list[str]:
    lines = [
        f"  {'route (ms)':58s} {'first':>7s} {'p50 fresh':>9s} {'p50 reused':>10s}"
        f" {'p95 reused':>10s} {'req/s x8':>9s}  target [upstream p50, req/s x8]"
    ]
    # The targets are the server's own work, as upstream (which never compresses) was timed;
    # what gzip adds for the large answers is reported on its own below.
    async with aiohttp.ClientSession(headers={"Accept-Encoding": "identity"}) as session:
        values = await _route_values(session, server)
        for route in ROUTES:
            url = server.url + route.template.format(**values)
            figures = await _measure_route(session, route.method, url)
            fresh = await fresh_p50(session, server.url, route, values)
            lines.append(_route_line(route, values, figures, fresh))
        lines.append(await _poll_and_stream(session, server))
    lines += await _compressed(server, values)
    if UPSTREAM_ONLY:
        lines.append(
            "  upstream routes without a counterpart here: "
            + "; ".join(f"{path} [upstream {ms:,} ms]" for path, ms in UPSTREAM_ONLY)
        )
    return lines


async def measure(work: Path) -> list[str]:
    """Seed a fresh data dir, restart on it, and measure every signal route."""
    data_dir = work / "signal-data"
    lines = [
        "Signal routes on the 270-day demo history ('first' is the first request after start,",
        "before any answer is cached; 'p50 fresh': 15 requests no reused answer fits, each for",
        "another window or after a write that makes kept answers stale, as while samples keep",
        "arriving; 'reused': 30 sequential requests of the same URL; req/s with 8 clients; the",
        "target is judged on the slower of the two p50s)",
    ]
    lines += await _seed(data_dir, work / "seed.log")
    async with server_process(data_dir, {"DEMO_MODE": "true"}) as server:
        await wait_for_analysis(server)
        await asyncio.sleep(2)  # let the startup poll's writes settle before measuring idle
        idle = server.rss_mb()
        lines += await _measure_routes(server)
        loaded = server.rss_mb()
        peak = server.peak_rss_mb()
    lines += [
        f"  server RSS idle (restarted on the seeded data): {idle:.0f} MiB  [target <= 80 MB; "
        "upstream 253 MB]",
        f"  server RSS peak under the load above: {peak:.0f} MiB (after it: {loaded:.0f} MiB)  "
        "[target <= 150 MB; upstream 979 MB]",
        f"  disk after the run: {_disk_text(data_dir)}",
    ]
    return lines
