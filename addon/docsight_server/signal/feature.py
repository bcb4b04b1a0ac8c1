"""The signal core's declaration: the modem collector, channel routes, history and events."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..collectors.signal_builder import build_signal_collector
from ..demo.signal_history import seed_signal_history
from ..drivers import BUILTIN_DRIVERS
from ..feature import Feature, Page
from ..outputs.llm_export import no_speedtests_section
from ..outputs.prometheus import format_metrics
from ..storage.schema import (
    channel_samples,
    channel_series,
    device_state,
    events,
    modulation_names,
    snapshots,
)
from ..storage.signal_repo import purge_demo_samples
from .backfill import BACKFILL_SERVICE
from .correlation import event_entries, modem_entries
from .routes import ROUTES
from .settings import SETTINGS

if TYPE_CHECKING:
    from ..context import ServerContext


def signal_metrics(context: ServerContext) -> str:
    """Return the live signal state's metric families."""
    state = context.state
    return format_metrics(state.analysis, state.device_info, state.connection_info, state.last_poll)


WEB = Path(__file__).parent / "web"

FEATURE = Feature(
    name="signal",
    title="Cable signal",
    routes=ROUTES,
    collectors=(build_signal_collector,),
    services=(BACKFILL_SERVICE,),
    settings=SETTINGS,
    drivers=BUILTIN_DRIVERS,
    tables=(snapshots, channel_series, channel_samples, modulation_names, events, device_state),
    demo_tables=(snapshots, events),
    demo_purgers=(purge_demo_samples,),
    demo_seeders=(("signal", seed_signal_history),),
    correlation_sources={"modem": modem_entries, "events": event_entries},
    export_sections=(("speedtests", no_speedtests_section),),
    metrics=(signal_metrics,),
    pages=(
        Page("dashboard", "Dashboard", WEB / "dashboard"),
        Page("channels", "Channels", WEB / "channels"),
        Page("trends", "Trends", WEB / "trends"),
        Page("events", "Events", WEB / "events"),
        Page("glossary", "Glossary", WEB / "glossary", placement="end"),
    ),
)
