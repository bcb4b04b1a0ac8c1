"""What GET /api/evidence/checklist answers: the window, capabilities, counts and items."""

from __future__ import annotations

from ..http.schema import (
    BOOLEAN,
    INTEGER,
    STRING,
    TIMESTAMP,
    JsonSchema,
    array,
    enum,
    mapping,
    nullable,
    obj,
)
from .checklist import ITEM_KEYS, STATUSES

STATUS = enum(list(STATUSES))
LAST = nullable(
    {
        **TIMESTAMP,
        "description": "The newest record's time (journal: the local start of the newest "
        "entry's date); null when there is none",
    }
)
SOURCE: JsonSchema = obj({"key": STRING, "status": STATUS, "count": INTEGER, "last_ts": LAST})
ITEM: JsonSchema = obj(
    {
        "key": enum(list(ITEM_KEYS)),
        "status": STATUS,
        "count": INTEGER,
        "last_ts": LAST,
        "action": {**mapping(STRING), "description": "Where the UI sends the user: view/action"},
        "label_key": STRING,
        "hint_key": STRING,
        "demo": BOOLEAN,
    },
    {"sources": {**array(SOURCE), "description": "Latency only: each source's own status"}},
)
WINDOW: JsonSchema = obj(
    {"kind": enum(["incident", "range"]), "label": STRING, "from": TIMESTAMP, "to": TIMESTAMP},
    {
        "incident_id": INTEGER,
        "start_date": {**STRING, "format": "date"},
        "end_date": {**STRING, "format": "date", "description": "Today while the incident is open"},
        "truncated": {
            **BOOLEAN,
            "description": "True when the incident is longer than 90 days and the window is "
            "its newest 90",
        },
    },
)
CAPABILITY_NAMES = (
    "docsis_supported",
    "speedtest_configured",
    "bqm_configured",
    "connection_monitor_configured",
    "demo_mode",
)
CAPABILITIES: JsonSchema = obj(dict.fromkeys(CAPABILITY_NAMES, BOOLEAN))
CHECKLIST: JsonSchema = obj(
    {
        "window": WINDOW,
        "capabilities": CAPABILITIES,
        "summary": obj(dict.fromkeys(STATUSES, INTEGER)),
        "items": array(ITEM),
    }
)
