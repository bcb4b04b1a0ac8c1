"""The actions' names, fields and schemas (voluptuous), apart from what they do."""

from __future__ import annotations

from typing import Any, Final

import voluptuous as vol
from homeassistant.helpers import config_validation as cv

ATTR_CONFIG_ENTRY_ID: Final = "config_entry_id"
ATTR_EVENT_ID: Final = "event_id"
ATTR_SELECTOR: Final = "selector"
ATTR_CHANNEL_ID: Final = "channel_id"
ATTR_DIRECTION: Final = "direction"
ATTR_DAYS: Final = "days"
ATTR_RANGE: Final = "range"
ATTR_FROM: Final = "from"
ATTR_TO: Final = "to"
ATTR_FROM_A: Final = "from_a"
ATTR_TO_A: Final = "to_a"
ATTR_FROM_B: Final = "from_b"
ATTR_TO_B: Final = "to_b"
ATTR_DATE: Final = "date"
ATTR_TITLE: Final = "title"
ATTR_DESCRIPTION: Final = "description"
ATTR_ICON: Final = "icon"

SERVICE_POLL: Final = "poll"
SERVICE_ACKNOWLEDGE_EVENTS: Final = "acknowledge_events"
SERVICE_GET_CHANNEL_HISTORY: Final = "get_channel_history"
SERVICE_COMPARE_PERIODS: Final = "compare_periods"
SERVICE_ADD_JOURNAL_ENTRY: Final = "add_journal_entry"
SERVICE_GENERATE_REPORT: Final = "generate_report"
SERVICE_CAPTURE_MODEM_PAGES: Final = "capture_modem_pages"

HISTORY_RANGES: Final = ("1h", "6h", "1d", "2d", "3d", "7d", "30d", "90d")
MAX_DAYS: Final = 90
#: What docsight.poll answers with: the overall verdict and the figures people automate on.
POLL_SUMMARY_KEYS: Final = (
    "health",
    "health_issues",
    "ds_total",
    "us_total",
    "ds_power_min",
    "ds_power_max",
    "ds_power_avg",
    "us_power_min",
    "us_power_max",
    "us_power_avg",
    "ds_snr_min",
    "ds_snr_max",
    "ds_snr_avg",
    "ds_correctable_errors",
    "ds_uncorrectable_errors",
    "ds_uncorr_pct",
)
REPORT_FOLDER: Final = "docsight"
#: The media folder reports are saved in when it exists (Home Assistant's default one).
MEDIA_SOURCE_DIR: Final = "local"
#: Followed by `<media folder id>/<path in it>`, a file's address in the media sources.
MEDIA_SOURCE_PREFIX: Final = "media-source://media_source"

#: Optional: without it an action uses the only DOCSight entry (see `async_get_entry`).
_ENTRY: dict[vol.Marker, Any] = {vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string}
_DAYS = vol.All(vol.Coerce(int), vol.Range(min=1, max=MAX_DAYS))

POLL_SCHEMA: Final = vol.Schema(_ENTRY)
CAPTURE_SCHEMA: Final = vol.Schema(_ENTRY)
ACKNOWLEDGE_SCHEMA: Final = vol.Schema(
    {**_ENTRY, vol.Optional(ATTR_EVENT_ID): vol.All(vol.Coerce(int), vol.Range(min=1))}
)
HISTORY_SCHEMA: Final = vol.All(
    vol.Schema(
        {
            **_ENTRY,
            vol.Exclusive(ATTR_SELECTOR, "channel"): cv.string,
            vol.Exclusive(ATTR_CHANNEL_ID, "channel"): vol.Coerce(int),
            vol.Optional(ATTR_DIRECTION, default="ds"): vol.In(("ds", "us")),
            vol.Exclusive(ATTR_DAYS, "window"): _DAYS,
            vol.Exclusive(ATTR_RANGE, "window"): vol.In(HISTORY_RANGES),
        }
    ),
    cv.has_at_least_one_key(ATTR_SELECTOR, ATTR_CHANNEL_ID),
)
COMPARE_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Required(ATTR_FROM_A): cv.datetime,
        vol.Required(ATTR_TO_A): cv.datetime,
        vol.Required(ATTR_FROM_B): cv.datetime,
        vol.Required(ATTR_TO_B): cv.datetime,
    }
)
JOURNAL_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Required(ATTR_DATE): cv.date,
        vol.Required(ATTR_TITLE): vol.All(cv.string, vol.Length(min=1, max=200)),
        vol.Required(ATTR_DESCRIPTION): vol.All(cv.string, vol.Length(max=10000)),
        vol.Optional(ATTR_ICON): cv.string,
    }
)
REPORT_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Optional(ATTR_DAYS): _DAYS,
        vol.Optional(ATTR_FROM): cv.datetime,
        vol.Optional(ATTR_TO): cv.datetime,
    }
)
