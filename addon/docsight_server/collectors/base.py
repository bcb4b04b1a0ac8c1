"""The collector contract: something fetched on a schedule."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any


class CollectorError(Exception):
    """A collection failed for a reason worth showing to the user."""


class Collector(ABC):
    """One data source polled by the scheduler."""

    name: str = ""
    #: True for the collector that POST /api/poll triggers (modem or demo).
    primary: bool = False

    @property
    @abstractmethod
    def poll_interval(self) -> int:
        """Return the seconds between two automatic polls."""

    @property
    def enabled(self) -> bool:
        """Return False to keep the collector listed but never polled."""
        return True

    @abstractmethod
    async def collect(self) -> Any:
        """Fetch, process and store one round of data; raise on failure."""

    def status_details(self) -> dict[str, Any]:
        """Return extra keys for this collector's entry in /api/collectors/status."""
        return {}

    async def close(self) -> None:  # noqa: B027 - optional hook, most collectors hold nothing
        """Release what the collector holds (called once when it is retired or at shutdown)."""
