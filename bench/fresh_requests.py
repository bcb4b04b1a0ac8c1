"""Requests no reused answer fits: what a user sees while new samples keep arriving.

Connection-monitor answers are reused while the samples in their window stay the same, so
repeating one request measures the reuse. A fresh request either asks about a window no
earlier request asked about (each one a minute further back, so it holds other samples), or
follows a write through the API that makes every kept answer stale (the label of a target
set to what it is, which counts as a change of the targets).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import aiohttp

from .route_list import WINDOW, WRITE, Route

FRESH_REQUESTS = 15
WINDOW_STEP_S = 60
CONNMON_TARGETS = "/api/connection-monitor/targets"


def _moved(values: dict[str, Any], index: int) -> dict[str, Any]:
    """Return the values with the {day_ago}..{now} window moved back `index` minutes."""
    shift = index * WINDOW_STEP_S
    return {**values, "now": values["now"] - shift, "day_ago": values["day_ago"] - shift}


async def _touch_target(session: aiohttp.ClientSession, base: str, values: dict[str, Any]) -> None:
    """Write a target's label unchanged: kept connection-monitor answers become stale."""
    url = f"{base}{CONNMON_TARGETS}/{values['target']}"
    async with session.put(url, json={"label": values["target_label"]}) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"PUT {url} answered HTTP {response.status}")


async def fresh_p50(
    session: aiohttp.ClientSession, base: str, route: Route, values: dict[str, Any]
) -> float | None:
    """Return the p50 ms of FRESH_REQUESTS fresh requests (None for routes without reuse)."""
    if route.fresh is None:
        return None
    timings = []
    for index in range(1, FRESH_REQUESTS + 1):
        asked = values
        if route.fresh == WINDOW:
            asked = _moved(values, index)
        elif route.fresh == WRITE:
            await _touch_target(session, base, values)
        else:
            raise ValueError(f"unknown fresh kind {route.fresh!r}")
        url = base + route.template.format(**asked)
        started = time.perf_counter()
        async with session.request(route.method, url) as response:
            await response.read()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)
