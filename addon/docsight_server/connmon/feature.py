"""The connection monitor: latency and loss to chosen targets, outages and traceroutes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..feature import Feature, Page, ServiceDef
from . import demo, sources
from .demo_feed import DemoFeed
from .keys import CONNECTION_MONITOR, DEMO_FEED
from .repository import ConnMonStore
from .routes import ROUTES
from .schema import (
    cm_pinned_days,
    cm_rollups,
    cm_samples,
    cm_targets,
    cm_trace_hops,
    cm_traces,
    purge_demo_children,
)
from .service import ConnectionMonitor
from .settings import SETTINGS

if TYPE_CHECKING:
    from ..context import ServerContext


def _monitor(context: ServerContext) -> ConnectionMonitor:
    # Pinned days follow the timezone setting (TZ, else UTC), read when a day is pinned.
    return ConnectionMonitor(context, ConnMonStore(context.database, zone=context.local_zone))


def _demo_feed(context: ServerContext) -> DemoFeed:
    return DemoFeed(context, context.services[CONNECTION_MONITOR].store)


WEB = Path(__file__).parent / "web"

FEATURE = Feature(
    name="connection_monitor",
    title="Connection monitor",
    routes=ROUTES,
    services=(
        ServiceDef(CONNECTION_MONITOR, _monitor, ("connection_monitor_",)),
        # The demo feed writes through the monitor's store; services stop in reverse order.
        ServiceDef(DEMO_FEED, _demo_feed, ("demo_mode",)),
    ),
    settings=SETTINGS,
    tables=(cm_targets, cm_samples, cm_rollups, cm_pinned_days, cm_traces, cm_trace_hops),
    demo_tables=(cm_targets, cm_traces),
    demo_purgers=(purge_demo_children,),
    demo_seeders=(("connection_monitor", demo.seed_connection_monitor),),
    trend_sources=(sources.trend_rows,),
    correlation_sources={sources.SOURCE: sources.correlation_entries},
    export_sections=((sources.SOURCE, sources.export_section),),
    pages=(Page("connection-monitor", "Connection monitor", WEB / "connection-monitor"),),
)
