"""The signal core's correlation sources (modem, events); other features declare their own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..storage.event_repo import EventFilter
from ..timeutil import iso_utc_many
from .history import unwrapped_counters

if TYPE_CHECKING:
    from ..context import ServerContext

#: Upstream's source names; the ones without a feature yet return nothing.
SOURCE_NAMES = (
    "modem",
    "speedtest",
    "events",
    "bnetz",
    "capture",
    "segment",
    "connection_monitor",
)
MODEM_FIELDS = (
    "health",
    "ds_power_avg",
    "ds_power_max",
    "ds_snr_min",
    "ds_snr_avg",
    "us_power_avg",
)


async def modem_entries(context: ServerContext, start: int, end: int) -> list[dict[str, Any]]:
    """Return one entry per snapshot with the headline values (counters unwrapped)."""
    summaries, first, last = await context.signal.summary_window(start, end)
    columns = {name: summaries.column(name, first, last) for name in MODEM_FIELDS}
    columns.update(unwrapped_counters(summaries, start, first, last))
    stamps = iso_utc_many(summaries.ts[first:last].tolist())
    keys = ("timestamp", "source", *columns)
    sources = ["modem"] * len(stamps)
    return [
        dict(zip(keys, values, strict=True))
        for values in zip(stamps, sources, *columns.values(), strict=True)
    ]


async def event_entries(context: ServerContext, start: int, end: int) -> list[dict[str, Any]]:
    """Return the events of the window (source "event", as upstream names it)."""
    events = await context.events.list(EventFilter(start=start, end=end), limit=None)
    entries = []
    for event in events:
        entry = {
            "timestamp": event["timestamp"],
            "source": "event",
            "severity": event["severity"],
            "event_type": event["event_type"],
            "message": event["message"],
        }
        if event["details"] is not None:
            entry["details"] = event["details"]
        entries.append(entry)
    return entries
