"""Which collectors run for the current settings: each enabled feature's builders, in order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Collector

if TYPE_CHECKING:
    from ..context import ServerContext


def build_collectors(context: ServerContext) -> list[Collector]:
    """Return the collectors the current settings call for."""
    collectors = []
    for builder in context.registries.collectors:
        collector = builder(context)
        if collector is not None:
            collectors.append(collector)
    return collectors
