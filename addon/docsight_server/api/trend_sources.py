"""Extra row sources for /api/trends (speed tests, connection monitor) register here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..context import ServerContext

TrendSource = Callable[["ServerContext", int, int], Awaitable[list[dict[str, Any]]]]

#: Each source returns rows {"timestamp", "source", ...} for [start, end] (rolling ranges only).
TREND_SOURCES: list[TrendSource] = []


def register_trend_source(source: TrendSource) -> TrendSource:
    """Add a row source to /api/trends."""
    TREND_SOURCES.append(source)
    return source
