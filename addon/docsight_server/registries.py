"""The registries of one server, built at start-up from its features (no global state)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table

from .api.openapi import openapi_path
from .api.routing import RouteDef
from .config.schema import SettingsSchema
from .drivers.catalog import DriverCatalog, entry_key
from .feature import (
    CollectorBuilder,
    DemoPurger,
    Feature,
    FeatureService,
    KeepWindows,
    MetricsProvider,
    Page,
    RowSource,
    SectionProvider,
    Seeder,
    ServiceDef,
    ServiceKey,
)

if TYPE_CHECKING:
    from .context import ServerContext


class FeatureConflictError(ValueError):
    """Two features declare the same route, operation, source or table."""


@dataclass(slots=True)
class Registries:
    """What the enabled features contribute, in feature order."""

    features: tuple[Feature, ...] = ()
    routes: list[RouteDef] = field(default_factory=list)
    collectors: list[CollectorBuilder] = field(default_factory=list)
    service_defs: list[ServiceDef[Any]] = field(default_factory=list)
    settings: SettingsSchema = field(default_factory=SettingsSchema)
    tables: list[Table] = field(default_factory=list)
    demo_tables: list[Table] = field(default_factory=list)
    demo_purgers: list[DemoPurger] = field(default_factory=list)
    demo_seeders: list[tuple[str, Seeder]] = field(default_factory=list)
    trend_sources: list[RowSource] = field(default_factory=list)
    correlation_sources: dict[str, RowSource] = field(default_factory=dict)
    keep_windows: list[KeepWindows] = field(default_factory=list)
    export_sections: dict[str, SectionProvider] = field(default_factory=dict)
    metrics: list[MetricsProvider] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    drivers: DriverCatalog = field(default_factory=DriverCatalog)


def _unique(seen: dict[Any, str], key: Any, owner: str, what: str) -> None:
    if key in seen:
        name = key[-1] if isinstance(key, tuple) else key
        raise FeatureConflictError(f"{what} {name!r} is declared by {seen[key]} and {owner}")
    seen[key] = owner


def build_registries(features: Iterable[Feature]) -> Registries:
    """Collect every enabled feature's contributions; FeatureConflictError on a clash."""
    registries = Registries(features=tuple(features))
    paths: dict[Any, str] = {}
    operations: dict[Any, str] = {}
    owners: dict[Any, str] = {}
    for feature in registries.features:
        for route in feature.routes:
            _unique(paths, (route.method, openapi_path(route.path)), feature.name, "Route")
            _unique(operations, route.op_id, feature.name, "operationId")
        registries.routes.extend(feature.routes)
        registries.collectors.extend(feature.collectors)
        registries.service_defs.extend(feature.services)
        for setting in feature.settings:
            _unique(owners, ("setting", setting.key), feature.name, "Setting")
        registries.tables.extend(feature.tables)
        registries.demo_tables.extend(feature.demo_tables)
        registries.demo_purgers.extend(feature.demo_purgers)
        registries.demo_seeders.extend(feature.demo_seeders)
        registries.trend_sources.extend(feature.trend_sources)
        for name, source in feature.correlation_sources.items():
            _unique(owners, ("correlation", name), feature.name, "Correlation source")
            registries.correlation_sources[name] = source
        registries.keep_windows.extend(feature.keep_windows)
        for name, provider in feature.export_sections:
            registries.export_sections[name] = provider
        registries.metrics.extend(feature.metrics)
        registries.pages.extend(feature.pages)
        for driver in feature.drivers:
            _unique(owners, ("driver", entry_key(driver)), feature.name, "Driver")
            registries.drivers.add(driver)
    registries.settings = SettingsSchema(
        setting for feature in registries.features for setting in feature.settings
    )
    for table in registries.demo_tables:
        if "is_demo" not in table.c:
            raise FeatureConflictError(f"{table.name} has no is_demo column")
    return registries


class Services:
    """The running services of one server, looked up by their typed keys."""

    def __init__(self) -> None:
        """Start empty."""
        self._by_key: dict[ServiceKey[Any], FeatureService] = {}
        self._defs: list[ServiceDef[Any]] = []

    def build(self, context: ServerContext, defs: Iterable[ServiceDef[Any]]) -> None:
        """Create each declared service once, in declaration order."""
        for service_def in defs:
            self._by_key[service_def.key] = service_def.factory(context)
            self._defs.append(service_def)

    def get[T](self, key: ServiceKey[T]) -> T | None:
        """Return the service for a key, or None when its feature is not enabled."""
        return cast("T | None", self._by_key.get(key))

    def __getitem__[T](self, key: ServiceKey[T]) -> T:
        """Return the service for a key; KeyError when its feature is not enabled."""
        return cast("T", self._by_key[key])

    def running(self) -> list[tuple[tuple[str, ...], FeatureService]]:
        """Return (settings prefixes, service) in declaration order."""
        return [(item.settings_prefixes, self._by_key[item.key]) for item in self._defs]
