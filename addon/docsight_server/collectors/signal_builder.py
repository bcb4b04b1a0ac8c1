"""Builds the primary collector: the demo modem in demo mode, else the configured driver."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from .base import Collector
from .modem import ModemCollector

if TYPE_CHECKING:
    from ..context import ServerContext

_LOGGER = logging.getLogger(__name__)


def build_signal_collector(context: ServerContext) -> Collector | None:
    """Return the demo or modem collector the settings call for (None when unconfigured)."""
    settings = context.settings
    if settings.demo_mode:
        from ..demo.collector import DemoCollector

        return DemoCollector(context)
    if not settings.configured:
        return None
    key = str(settings.get("modem_type"))
    cls = context.registries.drivers.get(key)
    if cls is None:
        _LOGGER.error("Unknown modem type %r: the modem is not polled", key)
        return None
    driver = cls(
        str(settings.get("modem_url") or ""),
        str(settings.get("modem_user") or ""),
        str(settings.get("modem_password") or ""),
    )
    return ModemCollector(context, driver)
