"""The evidence checklist (upstream §3.19): what a complaint over a window has and still lacks.

Pure: the route gathers what is stored (`Found` per source) and the capabilities; this module
turns them into items with a status each. Statuses: present, stale (the newest evidence is too
long before the window's end), missing, optional, not_applicable and unavailable (configured,
but this add-on has no reader for that source yet).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..timeutil import iso_utc

PRESENT = "present"
STALE = "stale"
MISSING = "missing"
OPTIONAL = "optional"
NOT_APPLICABLE = "not_applicable"
UNAVAILABLE = "unavailable"
STATUSES = (PRESENT, STALE, MISSING, OPTIONAL, NOT_APPLICABLE, UNAVAILABLE)
#: Evidence older than this before the window's end (or now, if earlier) is stale.
STALE_AFTER_S = {"signal": 2 * 3600, "speedtest": 4 * 3600, "latency": 4 * 3600}
ITEM_KEYS = (
    "signal",
    "speedtest",
    "latency",
    "events",
    "journal",
    "bnetz",
    "comparison",
    "review",
    "report",
)


@dataclass(frozen=True, slots=True)
class Found:
    """What one source holds in the window: how many records and the newest one's time."""

    count: int = 0
    last: int | None = None


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What this installation can collect (upstream's capability flags)."""

    docsis_supported: bool
    speedtest_configured: bool
    bqm_configured: bool
    connection_monitor_configured: bool
    demo_mode: bool

    def json(self) -> dict[str, bool]:
        """Return the flags as the API shows them."""
        return {
            "docsis_supported": self.docsis_supported,
            "speedtest_configured": self.speedtest_configured,
            "bqm_configured": self.bqm_configured,
            "connection_monitor_configured": self.connection_monitor_configured,
            "demo_mode": self.demo_mode,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything the checklist is built from. None for a source means this add-on has no
    reader for it (speed tests, BQM and BNetzA are not features of this server yet)."""

    signal: Found
    speedtest: Found | None
    connection_monitor: Found
    bqm: Found | None
    events: Found
    journal: Found
    bnetz: Found | None


def status_of(
    found: Found,
    *,
    reference: int,
    stale_after: int | None = None,
    configured: bool = True,
    applicable: bool = True,
) -> str:
    """Return a source's status: records beat configuration; without them, an unconfigured
    source is optional and a configured one missing."""
    if not applicable:
        return NOT_APPLICABLE
    if not found.count:
        return MISSING if configured else OPTIONAL
    if stale_after is not None and found.last is not None and reference - found.last > stale_after:
        return STALE
    return PRESENT


def _unread_status(configured: bool) -> str:
    """Return the status of a source this add-on cannot read: unavailable once configured."""
    return UNAVAILABLE if configured else OPTIONAL


def item(
    key: str,
    status: str,
    found: Found | None = None,
    action: dict[str, str] | None = None,
    *,
    demo: bool,
    hint: str | None = None,
) -> dict[str, Any]:
    """Return one checklist item as the API shows it."""
    found = found or Found()
    return {
        "key": key,
        "status": status,
        "count": found.count,
        "last_ts": iso_utc(found.last),
        "action": action or {},
        "label_key": f"docsight.evidence.item.{key}.label",
        "hint_key": f"docsight.evidence.item.{key}.{hint or status}",
        "demo": demo,
    }


def _newest(*found: Found) -> int | None:
    times = [entry.last for entry in found if entry.last is not None]
    return max(times) if times else None


def latency_item(evidence: Evidence, caps: Capabilities, reference: int) -> dict[str, Any]:
    """Return the latency item: the connection monitor and BQM, each with its own status."""
    monitor = evidence.connection_monitor
    monitor_status = status_of(
        monitor,
        reference=reference,
        stale_after=STALE_AFTER_S["latency"],
        configured=caps.connection_monitor_configured,
    )
    bqm = evidence.bqm
    if bqm is None:
        bqm, bqm_status = Found(), _unread_status(caps.bqm_configured)
    else:
        bqm_status = status_of(
            bqm,
            reference=reference,
            stale_after=STALE_AFTER_S["latency"],
            configured=caps.bqm_configured,
        )
    statuses = (monitor_status, bqm_status)
    if PRESENT in statuses:
        status = PRESENT
    elif STALE in statuses:
        status = STALE
    elif MISSING in statuses or UNAVAILABLE in statuses:
        status = MISSING
    else:
        status = OPTIONAL
    hint = None
    if status in (PRESENT, STALE) and monitor.count and bqm.count:
        hint = "present_both"
    elif status in (PRESENT, STALE):
        hint = "present_cm_only" if monitor.count else "present_bqm_only"
    view = "bqm" if bqm.count and not monitor.count else "connection-monitor"
    if not monitor.count and not bqm.count and not caps.connection_monitor_configured:
        view = "bqm" if caps.bqm_configured else "connection-monitor"
    together = Found(monitor.count + bqm.count, _newest(monitor, bqm))
    entry = item("latency", status, together, {"view": view}, demo=caps.demo_mode, hint=hint)
    entry["sources"] = [
        {"key": "connection_monitor", "status": monitor_status, **_counted(monitor)},
        {"key": "bqm", "status": bqm_status, **_counted(bqm)},
    ]
    return entry


def _counted(found: Found) -> dict[str, Any]:
    return {"count": found.count, "last_ts": iso_utc(found.last)}


def build_items(evidence: Evidence, caps: Capabilities, reference: int) -> list[dict[str, Any]]:
    """Return the checklist items in upstream's order.

    `reference` is the moment staleness is measured from: the window's end, or now when the
    window reaches into the future (an open incident's window ends tonight).
    """
    demo = caps.demo_mode
    signal = status_of(
        evidence.signal,
        reference=reference,
        stale_after=STALE_AFTER_S["signal"],
        applicable=caps.docsis_supported,
    )
    if evidence.speedtest is None:
        speedtest_found, speedtest = Found(), _unread_status(caps.speedtest_configured)
    else:
        speedtest_found = evidence.speedtest
        speedtest = status_of(
            speedtest_found,
            reference=reference,
            stale_after=STALE_AFTER_S["speedtest"],
            configured=caps.speedtest_configured,
        )
    events = status_of(evidence.events, reference=reference, applicable=caps.docsis_supported)
    bnetz = evidence.bnetz or Found()
    items = [
        item("signal", signal, evidence.signal, {"view": "correlation"}, demo=demo),
        item("speedtest", speedtest, speedtest_found, {"view": "speedtest"}, demo=demo),
        latency_item(evidence, caps, reference),
        item("events", events, evidence.events, {"view": "events"}, demo=demo),
        item(
            "journal",
            PRESENT if evidence.journal.count else MISSING,
            evidence.journal,
            {"view": "journal", "action": "add_note"},
            demo=demo,
        ),
        item("bnetz", PRESENT if bnetz.count else OPTIONAL, bnetz, {"view": "bnetz"}, demo=demo),
    ]
    ready = any(entry["status"] in (PRESENT, STALE) for entry in items)
    items += [
        item("comparison", OPTIONAL, action={"view": "comparison"}, demo=demo),
        item("review", OPTIONAL, action={"view": "correlation"}, demo=demo),
        item("report", PRESENT if ready else MISSING, action={"action": "report"}, demo=demo),
    ]
    return items


def summarize(items: list[dict[str, Any]]) -> dict[str, int]:
    """Return how many items have each status."""
    counts = dict.fromkeys(STATUSES, 0)
    for entry in items:
        counts[entry["status"]] += 1
    return counts
