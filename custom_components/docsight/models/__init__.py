"""Typed models of what the DOCSight add-on answers (no Home Assistant imports).

Each model parses its JSON once with `from_json`, most by their fields' types (`parse.JsonModel`):
optional fields may be missing or null and become None (or a neutral default); a missing
required field or a part of the wrong kind raises KeyError, TypeError or ValueError, which the
client reports as an unexpected answer.
"""

from __future__ import annotations

from . import parse
from .capture import ModemCapture
from .events import (
    STREAM_MESSAGES,
    Event,
    EventsPage,
    StreamCollectors,
    StreamEvent,
    StreamEventsAcknowledged,
    StreamHello,
    StreamMessage,
    StreamSnapshot,
)
from .evidence import (
    UNRESOLVED_STATUSES,
    Comparison,
    ComparisonAverages,
    ComparisonDelta,
    ComparisonPeriod,
    ComparisonSample,
    ComparisonTotals,
    Incident,
    JournalEntry,
    Outage,
)
from .line import (
    Analysis,
    Channel,
    ChannelHistoryPoint,
    CollectorStatus,
    ConnectionInfo,
    DriverInfo,
    GamingScore,
    Instance,
    ModemInfo,
    Summary,
)
from .network import LanDevice, LanDevices, MonitorTarget, TargetStats

__all__ = [
    "STREAM_MESSAGES",
    "UNRESOLVED_STATUSES",
    "Analysis",
    "Channel",
    "ChannelHistoryPoint",
    "CollectorStatus",
    "Comparison",
    "ComparisonAverages",
    "ComparisonDelta",
    "ComparisonPeriod",
    "ComparisonSample",
    "ComparisonTotals",
    "ConnectionInfo",
    "DriverInfo",
    "Event",
    "EventsPage",
    "GamingScore",
    "Incident",
    "Instance",
    "JournalEntry",
    "LanDevice",
    "LanDevices",
    "ModemCapture",
    "ModemInfo",
    "MonitorTarget",
    "Outage",
    "StreamCollectors",
    "StreamEvent",
    "StreamEventsAcknowledged",
    "StreamHello",
    "StreamMessage",
    "StreamSnapshot",
    "Summary",
    "TargetStats",
    "parse",
]
