"""Probing a LAN device: helper A's connection-monitor probe when present, else icmplib."""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Executor
from typing import Any

from icmplib import ping
from icmplib.exceptions import ICMPLibError

_LOGGER = logging.getLogger(__name__)

#: A prober returns the round-trip delay in milliseconds, or None when nothing answered.
Prober = Callable[[str], Awaitable[float | None]]
#: One probe of a round: device id, the address probed, the delay in ms (None: no answer).
Probe = tuple[int, str, float | None]
PROBE_TIMEOUT_S = 1.0
PROBE_CONCURRENCY = 32


class IcmpProber:
    """One echo request through icmplib's blocking API, run in an executor.

    The executor decides the network namespace (a thread that called setns probes from there).
    """

    def __init__(
        self,
        executor: Executor | None = None,
        *,
        timeout: float = PROBE_TIMEOUT_S,
        privileged: bool | None = None,
    ) -> None:
        """Probe through `executor` (None: the loop's default); root sends raw ICMP."""
        self.executor = executor
        self.timeout = timeout
        self.privileged = os.geteuid() == 0 if privileged is None else privileged

    def ping_blocking(self, host: str) -> float | None:
        """Send one echo request and wait for the answer (blocking)."""
        try:
            result = ping(host, count=1, timeout=self.timeout, privileged=self.privileged)
        except (ICMPLibError, OSError) as err:
            _LOGGER.debug("Probe of %s failed: %s", host, err)
            return None
        return float(result.avg_rtt) if result.is_alive else None

    async def __call__(self, host: str) -> float | None:
        """Probe a host once."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, self.ping_blocking, host)


class ConnMonProber:
    """Probes through docsight_server.connmon.probe (ICMP, unprivileged ICMP or TCP connect)."""

    def __init__(self, module: Any, capability: Any, *, timeout: float = PROBE_TIMEOUT_S) -> None:
        """Use the probe module and a detected capability."""
        self.module = module
        self.capability = capability
        self.timeout = timeout

    async def __call__(self, host: str) -> float | None:
        """Probe a host once."""
        result = await self.module.probe(host, self.capability, timeout=self.timeout)
        return None if result.timeout or result.latency_ms is None else float(result.latency_ms)


def default_prober(method: str = "auto") -> Prober:
    """Return the connection monitor's prober when that module exists, else icmplib's."""
    try:
        module = importlib.import_module("docsight_server.connmon.probe")
        capability = module.detect_capability(method)
    except (ImportError, AttributeError) as err:
        _LOGGER.debug("Connection-monitor probe unavailable (%s); using icmplib", err)
        return IcmpProber()
    return ConnMonProber(module, capability)


async def probe_all(
    prober: Prober, targets: Sequence[tuple[int, str]], *, concurrency: int = PROBE_CONCURRENCY
) -> list[Probe]:
    """Probe (device id, address) targets, `concurrency` at a time."""
    gate = asyncio.Semaphore(concurrency)

    async def one(host: str) -> float | None:
        async with gate:
            return await prober(host)

    results = await asyncio.gather(*(one(host) for _id, host in targets))
    return [
        (device_id, host, value) for (device_id, host), value in zip(targets, results, strict=True)
    ]
