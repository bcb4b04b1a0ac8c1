"""The connection monitor's routes (/api/connection-monitor/...), one module per resource."""

from __future__ import annotations

from ...api.routing import RouteDef
from . import measurements, pins, targets, traces

ROUTES: tuple[RouteDef, ...] = (
    *targets.ROUTES,
    *measurements.ROUTES,
    *pins.ROUTES,
    *traces.ROUTES,
)
