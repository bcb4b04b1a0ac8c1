"""The signal core's routes, one module per resource, in the order the API document lists them."""

from __future__ import annotations

from ...api.routing import RouteDef
from . import analysis, capture, channels, device, drivers, events, llm_export, metrics, polling

ROUTES: tuple[RouteDef, ...] = (
    *polling.ROUTES,
    *drivers.ROUTES,
    *capture.ROUTES,
    *device.ROUTES,
    *channels.ROUTES,
    *analysis.ROUTES,
    *events.ROUTES,
    *llm_export.ROUTES,
    *metrics.ROUTES,
)
