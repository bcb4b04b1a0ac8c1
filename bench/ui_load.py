"""The web UI in Debian's chromium on the 270-day demo: time to data drawn, first-load bytes."""

from __future__ import annotations

import asyncio
import statistics
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, async_playwright

from devtools.chromium import CHROMIUM, CHROMIUM_ARGS

from .server_process import server_process
from .signal_routes import wait_for_analysis

RUNS = 7
KIB = 1024
#: (label, hash route, ready mark's page, budget ms)
VIEWS = (
    ("dashboard: navigation to its charts drawn", "#/dashboard", "dashboard", 1000),
    ("month trends: navigation to the chart drawn", "#/trends?view=month", "trends", 800),
)
FIRST_LOAD_BUDGET_KIB = 300


async def _load(browser: Browser, url: str, slug: str) -> dict[str, Any]:
    """Open `url` in a fresh context (cold cache); return the ready time and bytes moved."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = await context.new_page()
        await page.goto(url)
        await page.wait_for_selector(f'#page[data-ready="{slug}"]', timeout=30_000)
        if await page.locator("#page .notice.error").count():
            raise RuntimeError(f"{url} shows an error: {await page.inner_text('#page')}")
        result: dict[str, Any] = await page.evaluate(
            """(slug) => {
                const ready = performance.getEntriesByName(`docsight:ready:${slug}`)[0];
                const entries = [...performance.getEntriesByType("navigation"),
                                 ...performance.getEntriesByType("resource")];
                return {
                    ready_ms: ready ? ready.startTime : null,
                    transferred: entries.reduce((sum, e) => sum + (e.transferSize || 0), 0),
                    decoded: entries.reduce((sum, e) => sum + (e.decodedBodySize || 0), 0),
                    requests: entries.length,
                    points: [...document.querySelectorAll("svg.chart-svg")]
                        .reduce((sum, svg) => sum + Number(svg.dataset.points || 0), 0),
                };
            }""",
            slug,
        )
        if result["ready_ms"] is None:
            raise RuntimeError(f"{url} set no docsight:ready:{slug} mark")
        return result
    finally:
        await context.close()


def _verdict(value: float, budget: float) -> str:
    return "ok" if value <= budget else "OVER"


async def measure(work: Path) -> list[str]:
    """Seed the demo, then time each view over RUNS cold loads and report the first load's size."""
    data_dir = work / "ui-data"
    lines = [
        f"Web UI in Debian's chromium on the 270-day demo ({RUNS} loads each, every one in a",
        "fresh browser context: nothing cached; time from navigation start to the page's data",
        "drawn, read from the page's own performance mark)",
    ]
    async with server_process(data_dir, {"DEMO_MODE": "true"}) as server:
        await wait_for_analysis(server)
        await asyncio.sleep(2)  # let the writes after the first analysis settle
        async with async_playwright() as driver:
            browser = await driver.chromium.launch(
                executable_path=CHROMIUM, args=list(CHROMIUM_ARGS)
            )
            try:
                await _load(browser, f"{server.url}/#/dashboard", "dashboard")  # warm the server
                first: dict[str, Any] = {}
                for label, route, slug, budget in VIEWS:
                    url = f"{server.url}/{route}"
                    loads = [await _load(browser, url, slug) for _ in range(RUNS)]
                    first = first or loads[0]
                    times = [load["ready_ms"] for load in loads]
                    median = statistics.median(times)
                    lines.append(
                        f"  {label}: median {median:.0f} ms, best {min(times):.0f}, worst "
                        f"{max(times):.0f} ({loads[0]['points']} chart points)  "
                        f"[budget <= {budget} ms: {_verdict(median, budget)}]"
                    )
            finally:
                await browser.close()
    transferred = first["transferred"] / KIB
    lines.append(
        f"  first load of the dashboard: {transferred:.1f} KiB transferred (compressed, headers "
        f"included) in {first['requests']} requests; {first['decoded'] / KIB:.1f} KiB "
        f"uncompressed  [budget <= {FIRST_LOAD_BUDGET_KIB} kB: "
        f"{_verdict(transferred, FIRST_LOAD_BUDGET_KIB)}]"
    )
    return lines
