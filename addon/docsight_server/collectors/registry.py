"""Which collectors run for the current settings; feature modules add their builders here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .base import Collector

if TYPE_CHECKING:
    from ..context import ServerContext

CollectorBuilder = Callable[["ServerContext"], Collector | None]

BUILDERS: list[CollectorBuilder] = []


def register_builder(builder: CollectorBuilder) -> CollectorBuilder:
    """Add a function that returns a collector for the settings (or None when off)."""
    BUILDERS.append(builder)
    return builder


def build_collectors(context: ServerContext) -> list[Collector]:
    """Return the collectors the current settings call for."""
    collectors = []
    for builder in BUILDERS:
        collector = builder(context)
        if collector is not None:
            collectors.append(collector)
    return collectors
