"""Evidence routes on the 270-day demo: reports, complaint, comparison, modulation, trends.

Also how long the event loop stalls while reports render (the latency of /health during five
concurrent report requests) and the memory after that load, the server's own and its render
workers'.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

from .server_process import ServerProcess, server_process
from .signal_routes import wait_for_analysis

SEQUENTIAL = 15
REPORT_REQUESTS = 7
CONCURRENT_REPORTS = 5
HEALTH_GAP_S = 0.002
MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Target:
    """One measured request with its target p50 and upstream's p50 measured here."""

    path: str
    target_ms: float
    upstream_ms: float | None
    requests: int = SEQUENTIAL

    def line(self, p50: float, status: int, size: int) -> str:
        """Return the report line for the measured p50."""
        verdict = "ok" if p50 <= self.target_ms else "MISSED"
        upstream = "n/a" if self.upstream_ms is None else f"{self.upstream_ms:,g} ms"
        failed = "" if status < 400 else f"  (HTTP {status})"
        return (
            f"  GET {self.path[:62]:62s} {p50:8.1f} ms {size / 1024:8.0f} KiB  "
            f"<= {self.target_ms:g} ms {verdict}  [upstream {upstream}]{failed}"
        )


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _targets() -> tuple[Target, ...]:
    """Return the measured requests (the comparison's windows end now, a week apart)."""
    now = datetime.now(UTC).replace(microsecond=0)
    week = timedelta(days=7)
    comparison = (
        f"/api/comparison?from_a={_iso(now - 2 * week)}&to_a={_iso(now - week)}"
        f"&from_b={_iso(now - week)}&to_b={_iso(now)}"
    )
    return (
        Target("/api/report?days=30", 400, 1893, REPORT_REQUESTS),
        Target("/api/complaint?days=30", 50, None),
        Target("/api/modulation/distribution?days=30&direction=ds", 50, 3056),
        Target("/api/modulation/distribution?days=30&direction=us", 50, 1593),
        Target("/api/modulation/intraday?direction=ds", 50, None),
        Target(comparison, 30, None),
        Target("/api/trends?range=month", 40, 759),
        Target("/api/evidence/checklist?from={from_30d}&to={now}", 50, None),
    )


async def _timed(session: aiohttp.ClientSession, url: str) -> tuple[float, int, int]:
    """Return ms, status and body size of one request."""
    started = time.perf_counter()
    async with session.get(url) as response:
        body = await response.read()
    return (time.perf_counter() - started) * 1000, response.status, len(body)


async def _p50(session: aiohttp.ClientSession, url: str, count: int) -> tuple[float, int, int]:
    """Return the median of `count` sequential requests after one warm-up, status and size."""
    _, status, size = await _timed(session, url)
    timings = []
    for _ in range(count):
        elapsed, status, size = await _timed(session, url)
        timings.append(elapsed)
    return statistics.median(timings), status, size


async def _stall(session: aiohttp.ClientSession, base: str) -> tuple[float, float, int, float]:
    """Return /health's median and worst ms while 5 reports render, their count and seconds."""
    report = base + "/api/report?days=30"
    done = asyncio.Event()
    latencies: list[float] = []

    async def watch() -> None:
        while not done.is_set():
            elapsed, _status, _size = await _timed(session, base + "/health")
            latencies.append(elapsed)
            await asyncio.sleep(HEALTH_GAP_S)

    async def reports() -> list[int]:
        try:
            results = await asyncio.gather(
                *(_timed(session, report) for _ in range(CONCURRENT_REPORTS))
            )
        finally:
            done.set()
        return [status for _elapsed, status, _size in results]

    started = time.perf_counter()
    watcher = asyncio.create_task(watch())
    statuses = await reports()
    seconds = time.perf_counter() - started
    await watcher
    ok = sum(1 for status in statuses if status == 200)
    return statistics.median(latencies), max(latencies), ok, seconds


def _children_rss_mb(pid: int) -> float:
    """Return the summed resident memory of a process's children (the render workers), MiB."""
    total = 0.0
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                status = Path(f"/proc/{child}/status").read_text()
            except FileNotFoundError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
    return total


async def _seed(data_dir: Path) -> None:
    """Seed the demo history into data_dir (the server stops once the first poll is analysed)."""
    async with server_process(data_dir, {"DEMO_MODE": "true"}) as server:
        await wait_for_analysis(server)
        await asyncio.sleep(2)


async def _measure(server: ServerProcess) -> list[str]:
    now = datetime.now(UTC).replace(microsecond=0)
    values = {"now": _iso(now), "from_30d": _iso(now - timedelta(days=30))}
    lines = [f"  {'route':66s} {'p50':>11s} {'size':>12s}  target [upstream p50]"]
    async with aiohttp.ClientSession(headers={"Accept-Encoding": "identity"}) as session:
        for target in _targets():
            url = server.url + target.path.format(**values)
            p50, status, size = await _p50(session, url, target.requests)
            lines.append(target.line(p50, status, size))
        median, worst, ok, seconds = await _stall(session, server.url)
    verdict = "ok" if worst <= 20 else "MISSED"
    lines.append(
        f"  /health while {CONCURRENT_REPORTS} reports render ({ok} answered 200 in"
        f" {seconds:.1f} s): median {median:.1f} ms, worst {worst:.1f} ms"
        f"  [target worst <= 20 ms {verdict}]"
    )
    return lines


async def measure(work: Path) -> list[str]:
    """Seed a fresh demo, restart on it and measure the evidence routes."""
    data_dir = work / "evidence-data"
    await _seed(data_dir)
    lines = [
        "Evidence routes on the 270-day demo history (p50 of sequential requests after one",
        "warm-up; report: 7 requests, the others 15; plain answers, no gzip)",
    ]
    async with server_process(data_dir, {"DEMO_MODE": "true"}) as server:
        await wait_for_analysis(server)
        await asyncio.sleep(2)
        idle = server.rss_mb()
        lines += await _measure(server)
        loaded = server.rss_mb()
        workers = _children_rss_mb(server.process.pid)
        peak = server.peak_rss_mb()
    verdict = "ok" if loaded <= 200 else "MISSED"
    lines.append(
        f"  server RSS idle {idle:.0f} MiB; after the load {loaded:.0f} MiB (peak {peak:.0f} MiB)"
        f"  [target <= 200 MB {verdict}]; render workers {workers:.0f} MiB more"
    )
    return lines
