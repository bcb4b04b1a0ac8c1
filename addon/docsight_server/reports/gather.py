"""Collects what a report shows (cheap async reads on the event loop) as plain data.

The result is a dict of lists, numbers and strings: it is pickled to the rendering worker
process, which lays out the PDF without touching the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..analysis.period_compare import compare_aggregates
from ..analysis.thresholds import public_profile
from ..context import ServerContext
from ..storage.device_repo import load_device_state
from ..storage.period_reads import aggregate_snapshot_period
from ..timeutil import now_epoch, parse_timestamp
from .formatting import Formatter
from .letter import Customer, LetterFacts, PeriodFacts, compose_letter, resolve_customer
from .strings import texts
from .window import Window

DS_FIELDS = (
    "channel_id",
    "frequency",
    "power",
    "snr",
    "modulation",
    "correctable_errors",
    "uncorrectable_errors",
    "health",
)
US_FIELDS = ("channel_id", "frequency", "power", "modulation", "multiplex", "health")


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """What a report or letter request asks for."""

    window: Window | None
    lang: str
    given_customer: dict[str, str]
    comparison: tuple[Window, Window] | None = None


def stored_customer(context: ServerContext) -> dict[str, str]:
    """Return the customer details from the report_customer_* settings."""
    return {
        key: str(context.settings.get(f"report_customer_{key}") or "")
        for key in ("name", "number", "address")
    }


def formatter(context: ServerContext, lang: str) -> Formatter:
    """Return the formatter for a language in the server's local time zone."""
    return Formatter(lang, context.local_zone())


async def comparison_facts(
    context: ServerContext, windows: tuple[Window, Window]
) -> tuple[PeriodFacts, PeriodFacts, dict[str, Any]]:
    """Return both periods of a before/after comparison and their deltas and verdict."""
    periods = []
    for label, window in zip(("A", "B"), windows, strict=True):
        aggregate = await aggregate_snapshot_period(
            context, window.start, window.end, channels=False
        )
        periods.append(PeriodFacts(label, window, aggregate))
    before, after = periods
    return before, after, compare_aggregates(before.aggregate, after.aggregate)


async def letter_parts(
    context: ServerContext, request: ReportRequest
) -> tuple[str, dict[str, Any] | None, LetterFacts]:
    """Return the letter text, the window's aggregation and the facts the letter used."""
    words = texts(request.lang)
    aggregate = None
    if request.window is not None:
        window = request.window
        aggregate = await aggregate_snapshot_period(context, window.start, window.end)
    comparison = None
    if request.comparison is not None:
        comparison = await comparison_facts(context, request.comparison)
    facts = LetterFacts(
        isp=str(context.settings.get("isp_name") or "").strip(),
        customer=resolve_customer(request.given_customer, stored_customer(context), words),
        window=request.window,
        aggregate=aggregate,
        comparison=comparison,
    )
    return compose_letter(facts, words, formatter(context, request.lang)), aggregate, facts


async def _device_state(context: ServerContext) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the device info and connection info (live, else as last stored)."""
    device = dict(context.state.device_info or {})
    connection = dict(context.state.connection_info or {})
    if not device or not connection:
        async with context.database.read() as db:
            stored = await load_device_state(db)
        if stored:
            device = device or stored["device_info"]
            connection = connection or stored["connection_info"]
    return device, connection


def _tariff(context: ServerContext, connection: dict[str, Any]) -> tuple[Any, Any]:
    """Return the booked speeds in Mbit/s: the settings, else what the modem reports."""
    down, up = context.settings.get("booked_download"), context.settings.get("booked_upload")
    if down and up:
        return down, up
    kbps_down, kbps_up = connection.get("max_downstream_kbps"), connection.get("max_upstream_kbps")
    if kbps_down and kbps_up:
        return round(kbps_down / 1000), round(kbps_up / 1000)
    return None, None


async def connection_facts(context: ServerContext, customer: Customer) -> dict[str, Any]:
    """Return the connection section: provider, modem, tariff and customer."""
    device, connection = await _device_state(context)
    model = " ".join(str(device[key]) for key in ("manufacturer", "model") if device.get(key))
    down, up = _tariff(context, connection)
    return {
        "isp": str(context.settings.get("isp_name") or ""),
        "modem_type": str(context.settings.get("modem_type") or ""),
        "modem": model,
        "firmware": str(device.get("sw_version") or ""),
        "connection_type": str(connection.get("connection_type") or ""),
        "tariff": None if down is None else [down, up],
        "customer": {
            "name": customer.name,
            "number": customer.number,
            "address": customer.address,
        },
    }


async def latest_status(
    context: ServerContext, aggregate: dict[str, Any] | None
) -> dict[str, Any] | None:
    """Return the newest snapshot of the window: time, health, issues and channel rows."""
    last = (aggregate or {}).get("last_observed_at")
    if not last:
        return None
    snapshot = await context.signal.at(parse_timestamp(last))
    if snapshot is None:  # retention removed it meanwhile
        return None
    summary = snapshot["summary"]
    return {
        "ts": snapshot["ts"],
        "health": summary.get("health"),
        "issues": list(summary.get("health_issues") or []),
        "ds": [[channel.get(name) for name in DS_FIELDS] for channel in snapshot["ds_channels"]],
        "us": [[channel.get(name) for name in US_FIELDS] for channel in snapshot["us_channels"]],
    }


def _without_samples(aggregate: dict[str, Any] | None) -> dict[str, Any] | None:
    if aggregate is None:
        return None
    return {key: value for key, value in aggregate.items() if key != "samples"}


def _comparison_json(facts: LetterFacts) -> dict[str, Any] | None:
    if facts.comparison is None:
        return None
    before, after, delta = facts.comparison
    periods: list[dict[str, Any]] = [
        {"start": period.window.start, "end": period.window.end, "aggregate": period.aggregate}
        for period in (before, after)
    ]
    for period in periods:
        period["aggregate"] = _without_samples(period["aggregate"])
    return {"a": periods[0], "b": periods[1], "delta": delta}


async def report_document(context: ServerContext, request: ReportRequest) -> dict[str, Any]:
    """Return everything the report PDF shows, as plain data for the rendering worker."""
    letter, aggregate, facts = await letter_parts(context, request)
    samples = (aggregate or {}).get("samples") or []
    window = request.window
    return {
        "lang": request.lang,
        "zone": str(context.local_zone()),
        "generated": now_epoch(),
        "window": None if window is None else {"start": window.start, "end": window.end},
        "connection": await connection_facts(context, facts.customer),
        "status": await latest_status(context, aggregate),
        "aggregate": _without_samples(aggregate),
        # bucketed for the charts in the worker: that loop would hold the event loop for ms
        "samples": samples,
        "comparison": _comparison_json(facts),
        "thresholds": public_profile(),
        "letter": letter,
    }
