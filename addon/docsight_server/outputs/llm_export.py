"""The markdown report of GET /api/export: the line's state, written for a language model."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..storage.event_repo import EventFilter
from ..timeutil import iso_utc, now_epoch
from .export_limits import render_thresholds
from .export_line import render_ds_channels, render_overview, render_summary, render_us_channels
from .markdown import table, value_text

if TYPE_CHECKING:
    from ..context import ServerContext

_LOGGER = logging.getLogger(__name__)

MODES = ("full", "update")
EVENT_WINDOW_HOURS = {"full": 48, "update": 6}
#: The report is pasted into a chat; a flapping line must not bury the rest of it.
EVENT_LIMIT = 100


def no_speedtests_section(context: ServerContext, mode: str) -> str:
    """Return the speed-test section shown until a speed-test feature declares its own."""
    return "## Speed tests\n\nNo speed test results are recorded yet."


async def build_export(context: ServerContext, mode: str, now: int | None = None) -> str | None:
    """Return the report for the live state, or None when there is no analysis yet."""
    analysis = context.state.analysis
    if analysis is None:
        return None
    now = now_epoch() if now is None else now
    hours = EVENT_WINDOW_HOURS[mode]
    since = now - hours * 3600
    events = await context.events.list(EventFilter(start=since), limit=EVENT_LIMIT + 1)
    state = context.state
    summary = analysis.get("summary") or {}
    parts = [
        render_header(mode, now),
        render_overview(
            summary,
            state.device_info,
            state.connection_info,
            context.settings.get("isp_name"),
            state.last_poll or None,
        ),
        render_summary(summary),
        render_ds_channels(analysis.get("ds_channels") or []),
        render_us_channels(analysis.get("us_channels") or []),
        render_events(events, hours, since),
        *await _extra_sections(context, mode),
        render_thresholds(),
        render_questions(mode),
    ]
    return "\n\n".join(parts) + "\n"


async def _extra_sections(context: ServerContext, mode: str) -> list[str]:
    texts = []
    for name, provider in list(context.registries.export_sections.items()):
        try:
            text = provider(context, mode)
            if inspect.isawaitable(text):
                text = await text
        except Exception:  # one broken feature must not take the whole report down
            _LOGGER.exception("Export section %r failed", name)
            continue
        if text:
            texts.append(text.strip())
    return texts


def render_header(mode: str, now: int) -> str:
    """Return the title and a short explanation of what the report is."""
    if mode == "update":
        purpose = (
            "This is an **update** to an earlier report: it shows the current values and the "
            f"events of the last {EVENT_WINDOW_HOURS['update']} hours."
        )
    else:
        purpose = (
            "This is a **full** report: it shows the current values, the events of the last "
            f"{EVENT_WINDOW_HOURS['full']} hours and the limits the values are judged against."
        )
    return (
        "# DOCSight report: cable internet connection (DOCSIS)\n\n"
        f"Created {iso_utc(now)}. All times are UTC (ISO 8601).\n\n"
        "DOCSight reads the signal values of a cable modem at regular intervals and judges "
        "them against the operator's limits. " + purpose
    )


def render_events(events: Sequence[Mapping[str, Any]], hours: int, since: int) -> str:
    """Return the events of the window, newest first (at most EVENT_LIMIT of them)."""
    lines = [
        f"## Events of the last {hours} hours",
        "",
        f"Since {iso_utc(since)}, newest first.",
        "",
    ]
    if not events:
        return "\n".join([*lines, "No events were recorded in this period."])
    rows = [
        (
            value_text(event.get("timestamp")),
            value_text(event.get("severity")),
            value_text(event.get("event_type")),
            value_text(event.get("message")),
        )
        for event in events[:EVENT_LIMIT]
    ]
    lines += table(("Time", "Severity", "Type", "Message"), rows)
    if len(events) > EVENT_LIMIT:
        lines += ["", f"Only the newest {EVENT_LIMIT} events are shown; older ones were left out."]
    return "\n".join(lines)


def render_questions(mode: str) -> str:
    """Return the closing questions for the language model."""
    if mode == "update":
        questions = [
            "What has changed compared with the earlier report, and is it better or worse?",
            "Do the new events point to a problem that is still going on?",
            "Is there anything new I should tell my internet provider or add to a complaint?",
        ]
    else:
        questions = [
            "Is this connection healthy? Explain the most important values in plain words.",
            "Which channels or values should I keep an eye on, and why?",
            "Do the events show a pattern (time of day, reboots, error bursts) that hints at a "
            "cause, such as a cable, splitter or amplifier fault, in my home or in the network?",
            "What can I check or change in my own home installation first?",
            "If I contact my internet provider, which facts from this report should I give "
            "them, and what should I ask them to do?",
        ]
    lines = ["## Questions", "", "Please answer these questions based on the data above:", ""]
    lines += [f"{number}. {question}" for number, question in enumerate(questions, start=1)]
    return "\n".join(lines)


__all__ = [
    "EVENT_WINDOW_HOURS",
    "MODES",
    "build_export",
    "no_speedtests_section",
    "render_ds_channels",
    "render_events",
    "render_header",
    "render_overview",
    "render_questions",
    "render_summary",
    "render_thresholds",
    "render_us_channels",
]
