"""The checklist's status rules at their edges, without a server."""

from __future__ import annotations

from typing import Any

import pytest

from docsight_server.evidence.checklist import (
    Capabilities,
    Evidence,
    Found,
    build_items,
    status_of,
    summarize,
)

END = 1_767_225_600
HOUR = 3600
NOTHING = Found()


def caps(**changes: bool) -> Capabilities:
    """Return capabilities: DOCSIS on, everything else off, with changes applied."""
    flags = {
        "docsis_supported": True,
        "speedtest_configured": False,
        "bqm_configured": False,
        "connection_monitor_configured": False,
        "demo_mode": False,
    }
    flags.update(changes)
    return Capabilities(**flags)


def evidence(**changes: Any) -> Evidence:
    """Return evidence with nothing stored, with changes applied."""
    values: dict[str, Any] = {
        "signal": NOTHING,
        "speedtest": None,
        "connection_monitor": NOTHING,
        "bqm": None,
        "events": NOTHING,
        "journal": NOTHING,
        "bnetz": None,
    }
    values.update(changes)
    return Evidence(**values)


def statuses(items: list[dict[str, Any]]) -> dict[str, str]:
    """Return each item's status by key."""
    return {entry["key"]: entry["status"] for entry in items}


def test_status_of_each_case() -> None:
    """Not applicable wins; no records: missing if configured, else optional; then staleness."""
    fresh = Found(3, END - 2 * HOUR)
    assert status_of(fresh, reference=END, applicable=False) == "not_applicable"
    assert status_of(NOTHING, reference=END) == "missing"
    assert status_of(NOTHING, reference=END, configured=False) == "optional"
    assert status_of(fresh, reference=END, configured=False) == "present"
    # exactly at the limit is still fresh; one second more is stale
    assert status_of(fresh, reference=END, stale_after=2 * HOUR) == "present"
    assert status_of(fresh, reference=END + 1, stale_after=2 * HOUR) == "stale"
    assert status_of(fresh, reference=END + 10 * HOUR) == "present"  # no staleness rule


def test_nothing_stored_and_nothing_configured() -> None:
    """An empty installation: the must-haves missing, the rest optional, no report yet."""
    items = build_items(evidence(), caps(), END)
    assert statuses(items) == {
        "signal": "missing",
        "speedtest": "optional",
        "latency": "optional",
        "events": "missing",
        "journal": "missing",
        "bnetz": "optional",
        "comparison": "optional",
        "review": "optional",
        "report": "missing",
    }
    assert summarize(items) == {
        "present": 0,
        "stale": 0,
        "missing": 4,
        "optional": 5,
        "not_applicable": 0,
        "unavailable": 0,
    }
    assert items[0]["label_key"] == "docsight.evidence.item.signal.label"
    assert items[0]["hint_key"] == "docsight.evidence.item.signal.missing"
    assert items[-1]["action"] == {"action": "report"}


def test_a_generic_router_has_no_signal_or_events() -> None:
    """Without DOCSIS data the signal and events items do not apply."""
    items = build_items(evidence(signal=Found(5, END)), caps(docsis_supported=False), END)
    found = statuses(items)
    assert found["signal"] == found["events"] == "not_applicable"
    assert found["report"] == "missing"


def test_configured_sources_without_a_reader_are_unavailable() -> None:
    """A speed-test tracker or BQM configured, but no feature reads them: unavailable."""
    items = build_items(evidence(), caps(speedtest_configured=True, bqm_configured=True), END)
    assert statuses(items)["speedtest"] == "unavailable"
    latency = items[2]
    assert latency["status"] == "missing"
    assert [source["status"] for source in latency["sources"]] == ["optional", "unavailable"]
    assert latency["action"] == {"view": "bqm"}
    assert summarize(items)["unavailable"] == 1


@pytest.mark.parametrize(
    ("monitor", "configured", "bqm", "expected", "hint"),
    [
        (Found(600, END - HOUR), True, None, "present", "present_cm_only"),
        (Found(600, END - 5 * HOUR), True, None, "stale", "present_cm_only"),
        (NOTHING, True, None, "missing", "missing"),
        (NOTHING, False, None, "optional", "optional"),
        (Found(600, END - 5 * HOUR), True, Found(96, END - HOUR), "present", "present_both"),
        (NOTHING, False, Found(96, END - HOUR), "present", "present_bqm_only"),
    ],
)
def test_latency_takes_the_best_of_its_sources(
    monitor: Found, configured: bool, bqm: Found | None, expected: str, hint: str
) -> None:
    """Present beats stale beats missing beats optional across the monitor and BQM."""
    found = evidence(connection_monitor=monitor, bqm=bqm)
    latency = build_items(found, caps(connection_monitor_configured=configured), END)[2]
    assert latency["status"] == expected
    assert latency["hint_key"] == f"docsight.evidence.item.latency.{hint}"
    assert latency["count"] == monitor.count + (bqm.count if bqm else 0)


def test_stale_evidence_is_enough_for_a_report() -> None:
    """The report item is present as soon as any item is present or stale."""
    items = build_items(evidence(signal=Found(4, END - 3 * HOUR)), caps(), END)
    assert statuses(items)["signal"] == "stale"
    assert statuses(items)["report"] == "present"
    assert items[-1]["hint_key"] == "docsight.evidence.item.report.present"


def test_records_of_readable_sources_count() -> None:
    """Speed tests and BNetzA measurements count once a feature offers them."""
    found = evidence(speedtest=Found(2, END - 5 * HOUR), bnetz=Found(1, END - 86400))
    items = build_items(found, caps(speedtest_configured=True), END)
    assert statuses(items)["speedtest"] == "stale"
    assert statuses(items)["bnetz"] == "present"
    assert items[1]["last_ts"] == "2025-12-31T19:00:00Z"
