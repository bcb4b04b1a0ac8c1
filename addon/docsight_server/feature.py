"""What a feature declares: everything it contributes to the server, in one place.

A feature is a folder (`connmon/`, `lan/`, ...) whose `feature.py` holds one `Feature`. The
server is built from the ordered list in `features.py`; nothing registers itself on import.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from .api.routing import RouteDef
from .config.schema import Setting

if TYPE_CHECKING:
    from .collectors.base import Collector
    from .context import ServerContext
    from .demo.seeders import DemoPlan
    from .drivers.catalog import DriverEntry
    from .storage.bulk import BatchWriter

#: Returns a collector for the current settings, or None when the feature is off.
CollectorBuilder = Callable[["ServerContext"], "Collector | None"]
#: Writes a feature's demo history in short batches; returns the number of rows written.
Seeder = Callable[["BatchWriter", "ServerContext", "DemoPlan"], Awaitable[int]]
#: Deletes dependent demo rows before the demo tables are emptied; returns how many.
DemoPurger = Callable[[AsyncConnection], Awaitable[int]]
#: Returns [start, end] epoch windows that retention keeps.
KeepWindows = Callable[[AsyncConnection], Awaitable[list[tuple[int, int]]]]
#: Returns rows {"timestamp", "source", ...} for a window (trends, correlation).
RowSource = Callable[["ServerContext", int, int], Awaitable[list[dict[str, Any]]]]
#: Returns a markdown section of the /api/export report (None: nothing to say), or awaits it.
SectionProvider = Callable[["ServerContext", str], "str | None | Awaitable[str | None]"]
#: Returns metric families in the Prometheus text format ("" when there is nothing).
MetricsProvider = Callable[["ServerContext"], str]


class FeatureService(Protocol):
    """A long-running part of a feature (a monitor beside the scheduler)."""

    async def start(self) -> None:
        """Start when its settings enable it."""

    async def stop(self) -> None:
        """Stop and write what is buffered."""

    async def reload(self) -> None:
        """Apply changed settings."""


class ServiceKey[T]:
    """A typed name for a feature's service on the context (like aiohttp's AppKey)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        """Name the key."""
        self.name = name

    def __repr__(self) -> str:
        """Return the key's name."""
        return f"ServiceKey({self.name!r})"


@dataclass(frozen=True, slots=True)
class ServiceDef[T: FeatureService]:
    """A service: its key, how it is built, and the settings prefixes that reload it."""

    key: ServiceKey[T]
    factory: Callable[[ServerContext], T]
    settings_prefixes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Page:
    """A page of the web UI that a feature brings (the web UI builds its navigation from these).

    `directory` holds the page's `page.js` and `strings.js` (and any other module or stylesheet
    of its own); they are served under `static/pages/<slug>/`. Pages placed "end" follow the
    others in the navigation (settings, help).
    """

    slug: str
    title: str
    directory: Path
    placement: Literal["main", "end"] = "main"


@dataclass(frozen=True, slots=True)
class Feature:
    """Everything one feature contributes; the order of features is the order of contributions."""

    name: str
    title: str
    routes: tuple[RouteDef, ...] = ()
    collectors: tuple[CollectorBuilder, ...] = ()
    services: tuple[ServiceDef[Any], ...] = ()
    settings: tuple[Setting, ...] = ()
    tables: tuple[Table, ...] = ()
    demo_tables: tuple[Table, ...] = ()
    demo_purgers: tuple[DemoPurger, ...] = ()
    demo_seeders: tuple[tuple[str, Seeder], ...] = ()
    trend_sources: tuple[RowSource, ...] = ()
    correlation_sources: Mapping[str, RowSource] = field(default_factory=dict)
    keep_windows: tuple[KeepWindows, ...] = ()
    export_sections: tuple[tuple[str, SectionProvider], ...] = ()
    metrics: tuple[MetricsProvider, ...] = ()
    pages: tuple[Page, ...] = ()
    drivers: tuple[DriverEntry, ...] = ()
