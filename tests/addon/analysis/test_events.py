"""Signal events between consecutive analyses."""

from __future__ import annotations

import pytest

from docsight_server.analysis.events import EVENT_TYPES, EventDetector, monitoring_stopped_event
from docsight_server.analysis.lineup_events import _qam_rank


def ds(
    channel_id: int,
    *,
    snr: float | None = 38.0,
    power: float = 3.0,
    modulation: str = "256QAM",
    corr: int | None = 100,
    uncorr: int | None = 0,
    version: str = "3.0",
    family: str | None = "sc_qam",
    snr_health: str | None = None,
    modulation_health: str | None = "good",
) -> dict:
    """Return an analysed downstream channel; family/modulation_health None drops the key."""
    record = {
        "channel_id": channel_id,
        "frequency": f"{114 + 8 * channel_id}.000",
        "power": power,
        "modulation": modulation,
        "snr": snr,
        "correctable_errors": corr,
        "uncorrectable_errors": uncorr,
        "docsis_version": version,
        "channel_family": family,
        "health": "good",
        "health_detail": "",
        "modulation_health": modulation_health,
    }
    if snr_health is not None:
        record["snr_health"] = snr_health
    return {key: value for key, value in record.items() if value is not None or "errors" in key}


def us(
    channel_id: int,
    *,
    power: float = 44.0,
    modulation: str = "64QAM",
    version: str = "3.0",
    family: str = "sc_qam",
    modulation_health: str | None = "good",
) -> dict:
    """Return an analysed upstream channel."""
    record = {
        "channel_id": channel_id,
        "frequency": f"{30 + 7 * channel_id}.000",
        "power": power,
        "modulation": modulation,
        "multiplex": "ATDMA",
        "docsis_version": version,
        "channel_family": family,
        "health": "good",
        "modulation_health": modulation_health,
    }
    return {key: value for key, value in record.items() if value is not None}


def analysis(
    ds_channels: list[dict] | None = None,
    us_channels: list[dict] | None = None,
    **overrides: object,
) -> dict:
    """Return an AnalysisResult whose summary is derived from its channels."""
    downstream = [ds(i) for i in range(1, 9)] if ds_channels is None else ds_channels
    upstream = [us(1), us(2)] if us_channels is None else us_channels

    def avg(values: list[float]) -> float:
        return round(sum(values) / len(values), 1) if values else 0

    def total(field: str, channels: list[dict]) -> int | None:
        values = [c[field] for c in channels if c.get(field) is not None]
        return sum(values) if values else None

    snrs = [c["snr"] for c in downstream if c.get("snr") is not None]
    comparable = [
        c
        for c in downstream
        if c.get("correctable_errors") is not None and c.get("uncorrectable_errors") is not None
    ]
    summary = {
        "ds_total": len(downstream),
        "us_total": len(upstream),
        "ds_power_avg": avg([c["power"] for c in downstream]),
        "us_power_avg": avg([c["power"] for c in upstream]),
        "ds_snr_min": round(min(snrs), 1) if snrs else 0,
        "ds_correctable_errors": total("correctable_errors", downstream),
        "ds_uncorrectable_errors": total("uncorrectable_errors", downstream),
        "ds_comparable_correctable_errors": total("correctable_errors", comparable),
        "ds_comparable_uncorrectable_errors": total("uncorrectable_errors", comparable),
        "errors_supported": total("correctable_errors", downstream) is not None
        or total("uncorrectable_errors", downstream) is not None,
        "health": "good",
        "health_issues": [],
    }
    summary.update(overrides)
    return {"summary": summary, "ds_channels": downstream, "us_channels": upstream}


def check_shape(events: list[dict]) -> list[dict]:
    """Assert every event has the four keys and a known type, and return the events."""
    for event in events:
        assert set(event) == {"severity", "event_type", "message", "details"}
        assert event["event_type"] in EVENT_TYPES
    return events


def run(previous: dict, current: dict) -> list[dict]:
    """Compare two analyses (snapshot ids 1 and 2) and return the events."""
    detector = EventDetector()
    detector.seed(previous, 1)
    return check_shape(detector.check(current, 2))


def of_type(events: list[dict], event_type: str) -> list[dict]:
    """Return the events of one type."""
    return [event for event in events if event["event_type"] == event_type]


def without_ids(details: dict) -> dict:
    """Return details without the snapshot provenance keys."""
    return {k: v for k, v in details.items() if k not in ("snapshot_id", "previous_snapshot_id")}


# ----------------------------------------------------------------- lifecycle and provenance


def test_event_types_catalogue() -> None:
    """Every event type the product emits has a one-line description."""
    assert set(EVENT_TYPES) == {
        "health_change",
        "power_change",
        "snr_change",
        "channel_change",
        "modulation_change",
        "modem_restart_detected",
        "error_spike",
        "monitoring_started",
        "monitoring_stopped",
        "device_sw_update",
        "device_reboot",
        "device_ip_change",
    }
    assert all(text and "\n" not in text for text in EVENT_TYPES.values())


def test_monitoring_started_on_first_check() -> None:
    """Without a previous analysis the only event is monitoring_started."""
    events = check_shape(EventDetector().check(analysis(health="tolerated"), 25921))
    assert events == [
        {
            "severity": "info",
            "event_type": "monitoring_started",
            "message": "Monitoring started (Health: tolerated)",
            "details": {"health": "tolerated", "snapshot_id": 25921},
        }
    ]


def test_monitoring_started_without_ids_or_health() -> None:
    """Unknown ids are left out; a summary without health reads "unknown"."""
    current = analysis()
    del current["summary"]["health"]
    events = EventDetector().check(current, None)
    assert events[0]["details"] == {"health": "unknown"}
    assert events[0]["message"] == "Monitoring started (Health: unknown)"


def test_monitoring_stopped_event() -> None:
    """The shutdown event is info and carries the reason."""
    assert monitoring_stopped_event("shutdown") == {
        "severity": "info",
        "event_type": "monitoring_stopped",
        "message": "Monitoring stopped (shutdown)",
        "details": {"reason": "shutdown"},
    }


def test_unchanged_analysis_is_quiet() -> None:
    """Identical consecutive analyses produce no events."""
    detector = EventDetector()
    detector.check(analysis(), 1)
    assert detector.check(analysis(), 2) == []


def test_events_carry_both_snapshot_ids() -> None:
    """The second check knows both the new and the previous snapshot id."""
    detector = EventDetector()
    detector.check(analysis(), 10)
    events = detector.check(analysis(health="marginal"), 11)
    assert events[0]["details"]["snapshot_id"] == 11
    assert events[0]["details"]["previous_snapshot_id"] == 10


def test_seed_avoids_monitoring_started() -> None:
    """A seeded detector compares with the stored analysis right away."""
    detector = EventDetector()
    detector.seed(analysis(), 41)
    events = detector.check(analysis(health="marginal"), None)
    assert [e["event_type"] for e in events] == ["health_change"]
    assert events[0]["details"]["previous_snapshot_id"] == 41
    assert "snapshot_id" not in events[0]["details"]


def test_seed_falls_back_to_the_stored_snapshot_id() -> None:
    """Without an explicit id the stored analysis' snapshot_id is used."""
    stored = analysis() | {"snapshot_id": 77}
    detector = EventDetector()
    detector.seed(stored, None)
    events = detector.check(analysis(health="critical"), 78)
    assert events[0]["details"]["previous_snapshot_id"] == 77


def test_seed_with_nothing_keeps_the_first_check() -> None:
    """Seeding with None leaves the detector fresh."""
    detector = EventDetector()
    detector.seed(None, None)
    assert detector.check(analysis(), 1)[0]["event_type"] == "monitoring_started"


def test_evaluation_order() -> None:
    """Health, power, snr, channels, modulation and errors come in that order."""
    previous = analysis()
    channels = [ds(i, power=6.0) for i in range(1, 8)]
    channels[0] = ds(1, power=6.0, snr=28.0, snr_health="critical")
    channels[1] = ds(2, power=6.0, modulation="64QAM")
    channels[2] = ds(3, power=6.0, uncorr=2000)
    events = run(previous, analysis(channels, health="critical"))
    assert [e["event_type"] for e in events] == [
        "health_change",
        "power_change",
        "snr_change",
        "channel_change",
        "modulation_change",
        "error_spike",
    ]
    assert all(e["details"]["snapshot_id"] == 2 for e in events)
    assert all(e["details"]["previous_snapshot_id"] == 1 for e in events)


def test_restart_comes_after_modulation() -> None:
    """The restart check runs after channels and modulation."""
    previous = analysis([ds(i, corr=500, uncorr=20) for i in range(1, 9)])
    current = [ds(i, corr=0, uncorr=0) for i in range(1, 10)]
    current[1] = ds(2, corr=0, uncorr=0, modulation="64QAM")
    events = run(previous, analysis(current))
    assert [e["event_type"] for e in events] == [
        "channel_change",
        "modulation_change",
        "modem_restart_detected",
    ]


# ------------------------------------------------------------------------------- health


@pytest.mark.parametrize(
    ("before", "after", "severity", "message"),
    [
        ("good", "tolerated", "warning", "Health changed from good to tolerated"),
        ("good", "marginal", "warning", "Health changed from good to marginal"),
        ("tolerated", "critical", "critical", "Health changed from tolerated to critical"),
        ("critical", "marginal", "info", "Health recovered from critical to marginal"),
        ("tolerated", "good", "info", "Health recovered from tolerated to good"),
    ],
)
def test_health_change(before: str, after: str, severity: str, message: str) -> None:
    """Worse is warning (critical when it becomes critical); better is info."""
    events = run(analysis(health=before), analysis(health=after))
    assert events == [
        {
            "severity": severity,
            "event_type": "health_change",
            "message": message,
            "details": {
                "prev": before,
                "current": after,
                "snapshot_id": 2,
                "previous_snapshot_id": 1,
            },
        }
    ]


@pytest.mark.parametrize("hysteresis", [0, 1])
def test_low_hysteresis_is_immediate(hysteresis: int) -> None:
    """Hysteresis below 2 reports each change at once."""
    detector = EventDetector(hysteresis=hysteresis)
    detector.check(analysis(), 1)
    assert len(detector.check(analysis(health="marginal"), 2)) == 1
    assert len(detector.check(analysis(health="good"), 3)) == 1


def health_sequence(detector: EventDetector, healths: list[str]) -> list[list[dict]]:
    """Feed analyses with the given healths and return the health events of each check."""
    results = []
    for snapshot_id, health in enumerate(healths):
        events = detector.check(analysis(health=health), snapshot_id)
        results.append(of_type(events, "health_change"))
    return results


def test_hysteresis_needs_consecutive_polls() -> None:
    """With hysteresis 3 the new health must be seen three times in a row."""
    results = health_sequence(
        EventDetector(hysteresis=3), ["good", "marginal", "marginal", "marginal", "marginal"]
    )
    assert [len(r) for r in results[1:]] == [0, 0, 1, 0]
    event = results[3][0]
    assert event["message"] == "Health changed from good to marginal"
    assert without_ids(event["details"]) == {"prev": "good", "current": "marginal"}


def test_hysteresis_flapping_restarts_the_count() -> None:
    """Returning to the confirmed health clears the pending change."""
    results = health_sequence(
        EventDetector(hysteresis=3), ["good", "marginal", "good", "marginal", "marginal"]
    )
    assert all(r == [] for r in results[1:])


def test_hysteresis_switching_pending_health() -> None:
    """A different pending health starts its own count and reports from the confirmed one."""
    results = health_sequence(
        EventDetector(hysteresis=3), ["good", "marginal", "critical", "critical", "critical"]
    )
    assert [len(r) for r in results[1:]] == [0, 0, 0, 1]
    assert results[4][0]["severity"] == "critical"
    assert results[4][0]["message"] == "Health changed from good to critical"


def test_hysteresis_starts_from_the_seed() -> None:
    """A seeded detector's confirmed health is the stored one."""
    detector = EventDetector(hysteresis=2)
    detector.seed(analysis(health="critical"), 5)
    assert detector.check(analysis(health="good"), 6) == []
    events = detector.check(analysis(health="good"), 7)
    assert events[0]["severity"] == "info"
    assert events[0]["message"] == "Health recovered from critical to good"
    assert events[0]["details"]["previous_snapshot_id"] == 6


# -------------------------------------------------------------------------------- power


def test_downstream_power_shift() -> None:
    """A DS average shift above 2 dBmV is a warning."""
    events = run(analysis(), analysis([ds(i, power=5.1) for i in range(1, 9)]))
    assert events == [
        {
            "severity": "warning",
            "event_type": "power_change",
            "message": "DS power avg shifted from 3.0 to 5.1 dBmV",
            "details": {
                "direction": "downstream",
                "prev": 3.0,
                "current": 5.1,
                "threshold_delta": 2.0,
                "snapshot_id": 2,
                "previous_snapshot_id": 1,
            },
        }
    ]


def test_upstream_power_drop() -> None:
    """Falling upstream power counts as well."""
    events = run(analysis(), analysis(None, [us(1, power=41.5), us(2, power=41.5)]))
    assert [e["message"] for e in events] == ["US power avg shifted from 44.0 to 41.5 dBmV"]
    assert events[0]["details"]["direction"] == "upstream"


def test_power_shift_of_exactly_two_is_quiet() -> None:
    """The threshold is exclusive."""
    assert run(analysis(), analysis([ds(i, power=5.0) for i in range(1, 9)])) == []


def test_power_without_values_is_quiet() -> None:
    """A missing average on either side is skipped."""
    assert run(analysis(us_power_avg=None), analysis(us_power_avg=50.0)) == []


# ---------------------------------------------------------------------------------- snr


def test_snr_health_warning() -> None:
    """A channel whose SNR health fell to warning gives a warning event with its details."""
    current = analysis([ds(1, snr=30.5, snr_health="warning"), *[ds(i) for i in range(2, 9)]])
    events = run(analysis(), current)
    assert len(events) == 1
    event = events[0]
    assert event["severity"] == "warning"
    assert event["event_type"] == "snr_change"
    assert event["message"] == "DS SNR/MER health changed to warning (min: 30.5 dB)"
    assert without_ids(event["details"]) == {
        "prev": 38.0,
        "current": 30.5,
        "threshold": "warning",
        "affected_channels": [
            {
                "channel": 1,
                "frequency": "122.000",
                "docsis_version": "3.0",
                "channel_type": "SC-QAM",
                "modulation": "256QAM",
                "prev": 38.0,
                "current": 30.5,
                "delta": -7.5,
                "prev_health": "good",
                "current_health": "warning",
                "threshold": "warning",
            }
        ],
    }


def test_snr_health_critical_lists_worst_first() -> None:
    """The worst affected channel decides severity and comes first."""
    channels = [ds(i) for i in range(1, 9)]
    channels[0] = ds(1, snr=32.0, snr_health="tolerated")
    channels[5] = ds(6, snr=28.0, snr_health="critical")
    events = run(analysis(), analysis(channels))
    assert events[0]["severity"] == "critical"
    assert events[0]["message"] == "DS SNR/MER health changed to critical (min: 28.0 dB)"
    affected = events[0]["details"]["affected_channels"]
    assert [(a["channel"], a["current_health"]) for a in affected] == [
        (6, "critical"),
        (1, "tolerated"),
    ]


def test_ofdm_mer_health() -> None:
    """OFDM channels (MER) are judged the same way and labelled OFDM."""
    previous = analysis([*[ds(i) for i in range(1, 8)], ds(33, snr=40.0, family="ofdm")])
    current = analysis(
        [*[ds(i) for i in range(1, 8)], ds(33, snr=25.0, family="ofdm", snr_health="warning")]
    )
    affected = run(previous, current)[0]["details"]["affected_channels"]
    assert affected[0]["channel_type"] == "OFDM"
    assert affected[0]["delta"] == -15.0


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (ds(1, snr=38.0), ds(1, snr=36.0)),
        (ds(1, snr=31.5, snr_health="warning"), ds(1, snr=31.2, snr_health="warning")),
        (ds(1, snr=30.0, snr_health="warning"), ds(1, snr=38.0)),
    ],
)
def test_snr_without_worse_health_is_quiet(before: dict, after: dict) -> None:
    """SNR moving within a health level, or recovering, is no event."""
    rest = [ds(i) for i in range(2, 9)]
    assert run(analysis([before, *rest]), analysis([after, *rest])) == []


def test_snr_needs_a_changed_minimum() -> None:
    """A channel getting worse while ds_snr_min stays put is not reported."""
    rest = [ds(i) for i in range(3, 9)]
    previous = analysis([ds(1, snr=30.0, snr_health="warning"), ds(2, snr=38.0), *rest])
    current = analysis(
        [ds(1, snr=30.0, snr_health="warning"), ds(2, snr=30.0, snr_health="warning"), *rest]
    )
    assert run(previous, current) == []


def legacy(snr: float) -> dict:
    """Return an analysis whose channels lack family and snr_health (older snapshots)."""
    return analysis([ds(1, snr=snr, family=None), *[ds(i, family=None) for i in range(2, 9)]])


def test_legacy_snr_crosses_good_minimum() -> None:
    """Without channel health, falling below 33 dB is a warning."""
    events = run(legacy(35.0), legacy(32.0))
    assert events[0]["severity"] == "warning"
    assert events[0]["message"] == "DS SNR min dropped to 32.0 dB (warning threshold: 33)"
    details = without_ids(events[0]["details"])
    assert {k: details[k] for k in ("prev", "current", "threshold", "threshold_value")} == {
        "prev": 35.0,
        "current": 32.0,
        "threshold": "warning",
        "threshold_value": 33,
    }
    assert [(a["channel"], a["threshold"]) for a in details["affected_channels"]] == [
        (1, "warning")
    ]


def test_legacy_snr_crosses_critical_minimum() -> None:
    """Without channel health, falling below 29 dB is critical."""
    events = run(legacy(35.0), legacy(28.0))
    assert events[0]["severity"] == "critical"
    assert events[0]["message"] == "DS SNR min dropped to 28.0 dB (critical threshold: 29)"
    assert events[0]["details"]["threshold"] == "critical"
    assert events[0]["details"]["affected_channels"][0]["threshold"] == "critical"


@pytest.mark.parametrize(("before", "after"), [(36.0, 34.0), (32.0, 30.0), (30.0, 35.0)])
def test_legacy_snr_without_crossing_is_quiet(before: float, after: float) -> None:
    """No threshold crossed downwards, no event."""
    assert run(legacy(before), legacy(after)) == []


# ----------------------------------------------------------------------------- channels


def test_downstream_channel_loss() -> None:
    """A lost channel is a warning naming it."""
    events = run(analysis(), analysis([ds(i) for i in range(1, 8)]))
    assert events == [
        {
            "severity": "warning",
            "event_type": "channel_change",
            "message": "DS channel count changed from 8 to 7",
            "details": {
                "direction": "downstream",
                "prev": 8,
                "current": 7,
                "change": "loss",
                "lost_channels": [
                    {
                        "channel": 8,
                        "frequency": "178.000",
                        "docsis_version": "3.0",
                        "channel_type": "SC-QAM",
                        "modulation": "256QAM",
                    }
                ],
                "added_channels": [],
                "snapshot_id": 2,
                "previous_snapshot_id": 1,
            },
        }
    ]


def test_upstream_channel_gain() -> None:
    """A new channel is info naming it."""
    ofdma = us(3, modulation="OFDMA", version="3.1", family="ofdma")
    events = run(analysis(), analysis(None, [us(1), us(2), ofdma]))
    assert len(events) == 1
    assert events[0]["severity"] == "info"
    assert events[0]["message"] == "US channel count changed from 2 to 3"
    details = events[0]["details"]
    assert (details["direction"], details["change"]) == ("upstream", "gain")
    assert details["lost_channels"] == []
    assert details["added_channels"] == [
        {
            "channel": 3,
            "frequency": "51.000",
            "docsis_version": "3.1",
            "channel_type": "OFDMA",
            "modulation": "OFDMA",
        }
    ]


def test_same_count_with_other_channels_is_quiet() -> None:
    """Only a different count is reported."""
    swapped = [*[ds(i) for i in range(1, 8)], ds(9)]
    assert run(analysis(), analysis(swapped)) == []


# --------------------------------------------------------------------------- modulation


@pytest.mark.parametrize(
    ("text", "rank"),
    [
        ("QPSK", 1),
        ("4QAM", 1),
        ("8QAM", 2),
        ("16QAM", 3),
        ("32QAM", 4),
        ("64QAM", 5),
        ("128QAM", 6),
        ("256QAM", 7),
        ("512QAM", 8),
        ("1024QAM", 9),
        ("2048QAM", 10),
        ("4096QAM", 11),
        ("qam_256", 7),
        ("256-QAM", 7),
        ("QAM64", 5),
        ("OFDM", 0),
        ("3QAM", 0),
        ("", 0),
        (None, 0),
    ],
)
def test_qam_rank(text: str | None, rank: int) -> None:
    """QAM ranks follow the table, whatever the spelling."""
    assert _qam_rank(text) == rank


def with_ds(channel: dict) -> dict:
    """Return the default analysis with one downstream channel replaced."""
    channels = [ds(i) for i in range(1, 9)]
    channels[channel["channel_id"] - 1] = channel
    return analysis(channels)


def test_downgrade_with_good_health_is_a_warning() -> None:
    """A downgrade whose new modulation is still good is a warning with full details."""
    events = run(analysis(), with_ds(ds(2, modulation="64QAM")))
    assert len(events) == 1
    assert events[0]["severity"] == "warning"
    assert events[0]["message"] == "Modulation dropped on 1 channel(s)"
    assert without_ids(events[0]["details"]) == {
        "changes": [
            {
                "channel": 2,
                "direction": "DS",
                "prev": "256QAM",
                "current": "64QAM",
                "prev_rank": 7,
                "current_rank": 5,
                "rank_drop": 2,
                "docsis_version": "3.0",
                "prev_modulation_health": "good",
                "current_modulation_health": "good",
                "channel_type": "SC-QAM",
                "frequency": "130.000",
            }
        ],
        "direction": "downgrade",
        "critical_rank_drop": 3,
    }


def test_downgrade_to_critical_health_is_critical() -> None:
    """A channel whose new modulation health is critical makes the event critical."""
    current = analysis(None, [us(1, modulation="QPSK", modulation_health="critical"), us(2)])
    events = run(analysis(), current)
    assert events[0]["severity"] == "critical"
    change = events[0]["details"]["changes"][0]
    assert (change["direction"], change["rank_drop"]) == ("US", 4)


def test_health_outranks_rank_drop() -> None:
    """With health data, a big rank drop to a non-critical health stays a warning."""
    previous = with_ds(ds(1, modulation="4096QAM", version="3.1"))
    current = with_ds(ds(1, modulation="256QAM", version="3.1", modulation_health="warning"))
    events = run(previous, current)
    assert events[0]["details"]["changes"][0]["rank_drop"] == 4
    assert events[0]["severity"] == "warning"


@pytest.mark.parametrize(
    ("modulation", "severity"), [("64QAM", "warning"), ("32QAM", "critical"), ("16QAM", "critical")]
)
def test_rank_drop_without_health(modulation: str, severity: str) -> None:
    """Without health data a drop of 3 or more QAM steps is critical."""
    previous = with_ds(ds(3, modulation_health=None))
    current = with_ds(ds(3, modulation=modulation, modulation_health=None))
    events = run(previous, current)
    assert events[0]["severity"] == severity
    assert "current_modulation_health" not in events[0]["details"]["changes"][0]


def test_upgrade_is_info() -> None:
    """A higher modulation is an info event without critical_rank_drop."""
    events = run(with_ds(ds(4, modulation="64QAM")), analysis())
    assert events[0]["severity"] == "info"
    assert events[0]["message"] == "Modulation improved on 1 channel(s)"
    details = without_ids(events[0]["details"])
    assert set(details) == {"changes", "direction"}
    assert details["direction"] == "upgrade"
    assert details["changes"][0]["rank_drop"] == -2


def test_downgrades_and_upgrades_are_separate_events() -> None:
    """Downgrades come first, each event counts its own channels in id order."""
    previous = analysis([ds(i) for i in range(1, 9)], [us(1), us(2, modulation="16QAM")])
    channels = [ds(i) for i in range(1, 9)]
    channels[4] = ds(5, modulation="128QAM")
    channels[1] = ds(2, modulation="64QAM")
    events = run(previous, analysis(channels, [us(1), us(2)]))
    assert [e["message"] for e in events] == [
        "Modulation dropped on 2 channel(s)",
        "Modulation improved on 1 channel(s)",
    ]
    assert [c["channel"] for c in events[0]["details"]["changes"]] == [2, 5]
    assert events[1]["details"]["changes"][0]["direction"] == "US"


@pytest.mark.parametrize("spelling", ["qam_256", "256-QAM", "QAM256"])
def test_spelling_only_change_is_quiet(spelling: str) -> None:
    """The same QAM order written differently is not a modulation change."""
    assert run(analysis(), with_ds(ds(1, modulation=spelling))) == []


def test_other_spellings_are_parsed() -> None:
    """Driver spellings are ranked before comparing."""
    events = run(with_ds(ds(1, modulation="qam_256")), with_ds(ds(1, modulation="64-QAM")))
    change = events[0]["details"]["changes"][0]
    assert (change["prev"], change["current"]) == ("qam_256", "64-QAM")
    assert (change["prev_rank"], change["current_rank"]) == (7, 5)


# ------------------------------------------------------------------------------ restart


def counters(corr: int | None, uncorr: int | None, count: int = 8, start: int = 1) -> list[dict]:
    """Return downstream channels that all carry the same counters."""
    return [ds(i, corr=corr, uncorr=uncorr) for i in range(start, start + count)]


def test_restart_detected() -> None:
    """Every channel's counters falling is a modem restart, not an error spike."""
    events = run(analysis(counters(500, 20)), analysis(counters(0, 0)))
    assert events == [
        {
            "severity": "info",
            "event_type": "modem_restart_detected",
            "message": "Detected modem restart or counter reset pattern",
            "details": {
                "affected_channels": 8,
                "total_channels": 8,
                "prev_corr_total": 4000,
                "prev_uncorr_total": 160,
                "current_corr_total": 0,
                "current_uncorr_total": 0,
                "declining_channel_ratio_threshold": 0.8,
                "minimum_overlap_channels": 4,
                "snapshot_id": 2,
                "previous_snapshot_id": 1,
            },
        }
    ]


@pytest.mark.parametrize(("declining", "detected"), [(8, True), (7, False)])
def test_restart_needs_eighty_percent(declining: int, detected: bool) -> None:
    """At least 80 % of the comparable channels must decline."""
    previous = analysis(counters(500, 20, 10))
    current = analysis(counters(0, 0, declining) + counters(500, 20, 10 - declining, declining + 1))
    assert bool(of_type(run(previous, current), "modem_restart_detected")) is detected


def test_restart_needs_four_overlapping_channels() -> None:
    """Three channels are too few to judge."""
    assert run(analysis(counters(500, 20, 3)), analysis(counters(0, 0, 3))) == []


def test_restart_needs_continuity() -> None:
    """The overlap must be at least half of both snapshots."""
    previous = analysis(counters(500, 20, 4))
    current = analysis(counters(0, 0, 4) + counters(0, 0, 5, 5))
    assert of_type(run(previous, current), "modem_restart_detected") == []


def test_a_rising_counter_is_not_declining() -> None:
    """A channel with one counter down and the other up does not count."""
    previous = analysis(counters(500, 20, 4))
    current = analysis([*counters(0, 0, 3), ds(4, corr=0, uncorr=25)])
    assert run(previous, current) == []


def test_restart_needs_a_falling_total_when_totals_are_known() -> None:
    """Channel declines with no total falling is not a restart."""
    previous = analysis(counters(500, 20))
    current = analysis(counters(0, 0), ds_correctable_errors=4000, ds_uncorrectable_errors=160)
    assert run(previous, current) == []


def test_restart_with_unknown_totals_relies_on_channels() -> None:
    """When a total is unknown the channel signal alone decides."""
    previous = analysis(counters(500, 20), ds_correctable_errors=None)
    events = run(previous, analysis(counters(0, 0)))
    assert events[0]["event_type"] == "modem_restart_detected"
    assert events[0]["details"]["prev_corr_total"] is None


def test_restart_with_one_counter_per_channel() -> None:
    """A single comparable counter per channel is enough."""
    events = run(analysis(counters(None, 20)), analysis(counters(None, 0)))
    assert [e["event_type"] for e in events] == ["modem_restart_detected"]


def test_no_restart_without_counters() -> None:
    """Channels without counters cannot show a restart."""
    assert run(analysis(counters(None, None)), analysis(counters(None, None))) == []


# ------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(("uncorr", "spike"), [(1000, False), (1001, True)])
def test_error_spike_threshold(uncorr: int, spike: bool) -> None:
    """More than 1000 new uncorrectables is a spike; exactly 1000 is not."""
    events = run(analysis(), with_ds(ds(3, uncorr=uncorr)))
    assert bool(events) is spike


def test_error_spike_event() -> None:
    """The spike event reports totals and deltas."""
    previous = with_ds(ds(3, uncorr=12))
    events = run(previous, with_ds(ds(3, uncorr=2013)))
    assert events == [
        {
            "severity": "warning",
            "event_type": "error_spike",
            "message": "Uncorrectable errors jumped by 2,001 (from 12 to 2,013)",
            "details": {
                "prev": 12,
                "current": 2013,
                "delta": 2001,
                "threshold_delta": 1000,
                "basis": "raw_uncorrectable_total_delta",
                "raw_uncorrectable_recent_delta": 2001,
                "comparable_uncorrectable_recent_delta": 2001,
                "snapshot_id": 2,
                "previous_snapshot_id": 1,
            },
        }
    ]


def test_error_spike_outside_the_comparable_cohort() -> None:
    """Growth on a channel without a correctable counter is raw-only."""
    previous = with_ds(ds(3, corr=None, uncorr=0))
    events = run(previous, with_ds(ds(3, corr=None, uncorr=5000)))
    assert events[0]["details"]["raw_uncorrectable_recent_delta"] == 5000
    assert events[0]["details"]["comparable_uncorrectable_recent_delta"] == 0


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"ds_uncorrectable_errors": None}, {}),
        ({}, {"ds_uncorrectable_errors": None}),
        ({"errors_supported": False}, {}),
        ({}, {"errors_supported": False}),
    ],
)
def test_error_spike_skipped_when_unsupported(before: dict, after: dict) -> None:
    """An unsupported counter on either side never produces a spike."""
    current = with_ds(ds(3, uncorr=5000))
    current["summary"].update(after)
    previous = analysis(**before)
    assert run(previous, current) == []
