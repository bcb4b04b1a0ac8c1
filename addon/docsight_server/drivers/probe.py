"""Finds which supported modem family answers at a URL, without sending credentials."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from .base import DriverError, ModemDriver
from .registry import all_drivers
from .transport import ModemHttp, TlsMode

PROBE_TIMEOUT_SECONDS = 10.0
#: Detectors asking at once: modem web servers are small and some fall over under a burst.
PROBE_CONCURRENCY = 4
_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ProbeMatch:
    """A family that answered, and how sure its detector is (0-100)."""

    key: str
    name: str
    confidence: int


async def _detect(cls: type[ModemDriver], url: str, gate: asyncio.Semaphore) -> int:
    http = ModemHttp(url, tls=getattr(cls, "tls_mode", TlsMode.UNVERIFIED))
    try:
        async with gate:
            return await cls.detect(http)
    except DriverError:
        return 0
    except Exception:  # a detector tripping over an odd page must not end the probe
        _LOGGER.debug("Detector of %s failed", cls.key, exc_info=True)
        return 0
    finally:
        await http.close()


async def probe_url(
    url: str,
    *,
    limit: float = PROBE_TIMEOUT_SECONDS,
    candidates: Iterable[type[ModemDriver]] | None = None,
) -> list[ProbeMatch]:
    """Run every family's detector (built-in ones by default) against url; surest first."""
    chosen = all_drivers() if candidates is None else candidates
    drivers = [cls for cls in chosen if cls.key != "generic"]
    gate = asyncio.Semaphore(PROBE_CONCURRENCY)
    tasks = [asyncio.create_task(_detect(cls, url.rstrip("/"), gate)) for cls in drivers]
    done, pending = await asyncio.wait(tasks, timeout=limit)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    matches = [
        ProbeMatch(cls.key, cls.display_name, task.result())
        for cls, task in zip(drivers, tasks, strict=True)
        if task in done and task.result() > 0
    ]
    return sorted(matches, key=lambda match: (-match.confidence, match.key))
