"""One full poll per modem driver against its simulator: read, analyze and store."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from devtools.modem_sim import all_simulators, run_simulator
from docsight_server.app import build_context
from docsight_server.collectors.modem import ModemCollector
from docsight_server.drivers import create_driver
from docsight_server.runtime import load_runtime

WARM_UP = 2
POLLS = 15
TARGET_MS = 20.0


def _ms(seconds: float) -> float:
    return seconds * 1000


async def _measure_key(key: str, work: Path) -> tuple[float, float, int, int]:
    """Return (median read ms, median analyze+store ms, DS channels, US channels) for a key."""
    env = {"DATA_DIR": str(work / key), "WEB_HOST": "127.0.0.1"}
    context, _, _ = await build_context(load_runtime(env), env)
    try:
        async with run_simulator(key) as sim:
            driver = create_driver(key, sim.url, sim.state.user, sim.state.password)
            collector = ModemCollector(context, driver)
            reads: list[float] = []
            stores: list[float] = []
            analysis: dict[str, object] = {}
            try:
                for index in range(WARM_UP + POLLS):
                    started = time.perf_counter()
                    poll = await collector.read_modem()
                    read_done = time.perf_counter()
                    analysis = await collector.pipeline.process(poll)
                    if index >= WARM_UP:
                        reads.append(read_done - started)
                        stores.append(time.perf_counter() - read_done)
            finally:
                await driver.close()
    finally:
        await context.database.close()
    summary = analysis["summary"]
    assert isinstance(summary, dict)
    return (
        _ms(statistics.median(reads)),
        _ms(statistics.median(stores)),
        int(summary["ds_total"]),
        int(summary["us_total"]),
    )


async def measure(work: Path) -> list[str]:
    """Poll every simulated family POLLS times after a warm-up and report the medians."""
    lines = [
        f"Driver polls against the simulators (median of {POLLS} polls after {WARM_UP} "
        "warm-up polls; read = loopback HTTP to the in-process simulator + parse;",
        f"store = analyze + baseline + one transaction; target parse+analyze+store "
        f"<= {TARGET_MS:.0f} ms)",
        f"{'driver':<18}{'DS':>4}{'US':>4}{'read ms':>10}{'store ms':>10}{'total ms':>10}",
    ]
    worst = 0.0
    for key in all_simulators():
        read_ms, store_ms, ds, us = await _measure_key(key, work)
        total = read_ms + store_ms
        worst = max(worst, total)
        verdict = "ok" if total <= TARGET_MS else "over"
        lines.append(
            f"{key:<18}{ds:>4}{us:>4}{read_ms:>10.2f}{store_ms:>10.2f}{total:>10.2f}  {verdict}"
        )
    lines.append(f"slowest full poll: {worst:.2f} ms (target {TARGET_MS:.0f} ms)")
    return lines
