"""The connection monitor's services on the server context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..feature import ServiceKey

if TYPE_CHECKING:
    from .demo_feed import DemoFeed
    from .service import ConnectionMonitor

CONNECTION_MONITOR: ServiceKey[ConnectionMonitor] = ServiceKey("connection_monitor")
DEMO_FEED: ServiceKey[DemoFeed] = ServiceKey("connection_monitor_demo_feed")
