"""What the checklist counts: stored snapshots, events and journal entries of the window, and
the rows other features offer as correlation sources (connection monitor, later speed tests
and BNetzA), without reaching into any feature's internals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..timeutil import parse_timestamp
from . import repository
from .checklist import Capabilities, Evidence, Found
from .window import Window, local_midnight

if TYPE_CHECKING:
    from ..context import ServerContext

#: Modem types without DOCSIS data (upstream's list): the signal item does not apply.
GENERIC_MODEM_TYPES = frozenset({"generic", "generic_router", "none"})
MONITOR_SOURCE = "connection_monitor"


def _setting(context: ServerContext, key: str) -> Any:
    """Return a setting, or None when no feature of this server declares it."""
    settings = context.settings
    return settings.get(key) if key in settings.schema.defaults else None


def capabilities(context: ServerContext) -> Capabilities:
    """Return what this installation collects."""
    demo = context.settings.demo_mode
    modem_type = str(_setting(context, "modem_type") or "").strip().lower()
    monitor = MONITOR_SOURCE in context.registries.correlation_sources
    return Capabilities(
        docsis_supported=modem_type not in GENERIC_MODEM_TYPES,
        speedtest_configured=bool(_setting(context, "speedtest_tracker_url")),
        bqm_configured=bool(_setting(context, "bqm_url")),
        # the monitor shows data while enabled, and always in demo mode
        connection_monitor_configured=monitor
        and (bool(_setting(context, "connection_monitor_enabled")) or demo),
        demo_mode=demo,
    )


async def _source(context: ServerContext, name: str, window: Window) -> Found | None:
    """Return what a correlation source holds in the window; None when no feature offers it.

    A row counts its `sample_count` when it has one (the monitor's buckets), else one.
    """
    source = context.registries.correlation_sources.get(name)
    if source is None:
        return None
    rows = await source(context, window.start, window.end)
    count = sum(int(row.get("sample_count") or 1) for row in rows)
    stamps = [parse_timestamp(row["timestamp"]) for row in rows if row.get("timestamp")]
    return Found(count, max(stamps) if stamps else None)


async def _signal(context: ServerContext, window: Window) -> Found:
    summaries, first, last = await context.signal.summary_window(window.start, window.end)
    return Found(last - first, summaries.ts[last - 1] if last > first else None)


async def gather(context: ServerContext, window: Window, incident_id: int | None) -> Evidence:
    """Return what is stored for the window; an incident's journal is its assigned entries,
    a range's journal the entries dated within its local days."""
    async with context.database.read() as connection:
        if incident_id is not None:
            entries, newest = await repository.incident_entries(connection, incident_id)
        else:
            entries, newest = await repository.entries_between(
                connection, window.first_day, window.last_day
            )
        event_count, last_event = await repository.events_between(
            connection, window.start, window.end
        )
    monitor = await _source(context, MONITOR_SOURCE, window)
    return Evidence(
        signal=await _signal(context, window),
        speedtest=await _source(context, "speedtest", window),
        connection_monitor=monitor or Found(),
        bqm=await _source(context, "bqm", window),
        events=Found(event_count, last_event),
        journal=Found(entries, local_midnight(newest, context.local_zone()) if entries else None),
        bnetz=await _source(context, "bnetz", window),
    )
