"""One full poll per modem driver against its simulator: HTTP, parse, analyze and store."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

from devtools.modem_sim import all_simulators, run_simulator
from docsight_server.app import build_context
from docsight_server.collectors.modem import ModemCollector
from docsight_server.drivers import create_driver
from docsight_server.drivers.http_driver import HttpDriver
from docsight_server.runtime import load_runtime

WARM_UP = 2
POLLS = 15
TARGET_MS = 20.0


class _HttpClock:
    """Adds up the time a driver spends waiting for HTTP answers (network and simulator)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap[**P, R](
        self, request: Callable[P, Awaitable[R]]
    ) -> Callable[P, Coroutine[Any, Any, R]]:
        """Return request, timed."""

        async def timed(*args: P.args, **kwargs: P.kwargs) -> R:
            started = time.perf_counter()
            try:
                return await request(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        return timed


async def _measure_key(key: str, work: Path) -> dict[str, float]:
    """Return median milliseconds of http, parse, store and the channel counts for one key."""
    env = {"DATA_DIR": str(work / key), "WEB_HOST": "127.0.0.1"}
    context, _, _ = await build_context(load_runtime(env), env)
    clock = _HttpClock()
    samples: dict[str, list[float]] = {"http": [], "parse": [], "store": []}
    try:
        async with run_simulator(key) as sim:
            driver = create_driver(key, sim.url, sim.state.user, sim.state.password)
            if isinstance(driver, HttpDriver):
                # Times this one transport; mypy refuses any assignment to a method.
                driver.http.request = clock.wrap(driver.http.request)  # type: ignore[method-assign]
            collector = ModemCollector(context, driver)
            analysis: dict[str, Any] = {}
            try:
                for index in range(WARM_UP + POLLS):
                    clock.seconds = 0.0
                    started = time.perf_counter()
                    poll = await collector.read_modem()
                    read_done = time.perf_counter()
                    analysis = await collector.pipeline.process(poll)
                    if index >= WARM_UP:
                        samples["http"].append(clock.seconds)
                        samples["parse"].append(read_done - started - clock.seconds)
                        samples["store"].append(time.perf_counter() - read_done)
            finally:
                await driver.close()
    finally:
        await context.database.close()
    figures = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    figures["ds"] = analysis["summary"]["ds_total"]
    figures["us"] = analysis["summary"]["us_total"]
    return figures


async def measure(work: Path) -> list[str]:
    """Poll every simulated family POLLS times after a warm-up and report the medians."""
    lines = [
        f"Driver polls against the simulators (median of {POLLS} polls after {WARM_UP} warm-up "
        "polls; http = waiting for the in-process simulator over loopback,",
        "parse = the driver's own work (login crypto, parsing); store = analyze + baseline + one "
        f"transaction; target parse + store <= {TARGET_MS:.0f} ms)",
        f"{'driver':<18}{'DS':>4}{'US':>4}{'http ms':>10}{'parse ms':>10}{'store ms':>10}"
        f"{'parse+store':>13}",
    ]
    worst = 0.0
    for key in all_simulators():
        figures = await _measure_key(key, work)
        total = figures["parse"] + figures["store"]
        worst = max(worst, total)
        verdict = "ok" if total <= TARGET_MS else "over"
        lines.append(
            f"{key:<18}{figures['ds']:>4.0f}{figures['us']:>4.0f}{figures['http']:>10.2f}"
            f"{figures['parse']:>10.2f}{figures['store']:>10.2f}{total:>13.2f}  {verdict}"
        )
    lines.append(f"slowest parse + store: {worst:.2f} ms (target {TARGET_MS:.0f} ms)")
    return lines
