"""GET /metrics: Prometheus exposition of the live state (who may read it: test_metrics_access)."""

from __future__ import annotations

from typing import Any

from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from docsight_server.analysis.channels import frequency_label
from docsight_server.analysis.qam import qam_order
from docsight_server.outputs.prometheus import escape_label, format_metrics

from .harness import RunningServer

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
HEALTH = {"good": 0, "tolerated": 1, "marginal": 2, "critical": 3}
# Counter families lose "_total" in the parser's family name; their samples keep it.
ALL_FAMILIES = {
    "docsight_health_status": "gauge",
    "docsight_downstream_channels_total": "gauge",
    "docsight_upstream_channels_total": "gauge",
    "docsight_downstream_power_dbmv": "gauge",
    "docsight_downstream_snr_db": "gauge",
    "docsight_downstream_corrected_errors": "counter",
    "docsight_downstream_uncorrected_errors": "counter",
    "docsight_downstream_modulation": "gauge",
    "docsight_upstream_power_dbmv": "gauge",
    "docsight_upstream_modulation": "gauge",
    "docsight_device_info": "gauge",
    "docsight_docsis_online": "gauge",
    "docsight_device_uptime_seconds": "gauge",
    "docsight_last_reboot_reason_info": "gauge",
    "docsight_device_wan_ipv4_info": "gauge",
    "docsight_device_wan_ipv6_info": "gauge",
    "docsight_connection_max_downstream_kbps": "gauge",
    "docsight_connection_max_upstream_kbps": "gauge",
    "docsight_last_poll_timestamp_seconds": "gauge",
}


def parse(text: str) -> dict[str, tuple[str, list[Sample]]]:
    """Return {family name: (type, samples)} as prometheus_client parses the text."""
    return {
        family.name: (family.type, family.samples)
        for family in text_string_to_metric_families(text)
    }


def values(samples: list[Sample]) -> dict[tuple[tuple[str, str], ...], float]:
    """Return {sorted label items: value} for a family's samples."""
    return {tuple(sorted(sample.labels.items())): sample.value for sample in samples}


def only(families: dict[str, tuple[str, list[Sample]]], name: str) -> Sample:
    """Return the single sample of a family."""
    [sample] = families[name][1]
    return sample


def expected_channels(
    channels: list[dict[str, Any]], value: Any
) -> dict[tuple[tuple[str, str], ...], float]:
    """Return what a channel family should hold: labelled non-null values of `value(channel)`."""
    expected = {}
    for channel in channels:
        number = value(channel)
        if number is None:
            continue
        labels = {"channel_id": str(channel["channel_id"])}
        if frequency_label(channel["frequency"]):
            labels["frequency"] = frequency_label(channel["frequency"])
        expected[tuple(sorted(labels.items()))] = float(number)
    return expected


def full_state() -> dict[str, Any]:
    """Return a synthetic state that produces every family."""
    return {
        "analysis": {
            "summary": {"health": "marginal", "ds_total": 3, "us_total": 2},
            "ds_channels": [
                {
                    "channel_id": 1,
                    "frequency": "602000000",
                    "power": 4.2,
                    "snr": 38.5,
                    "correctable_errors": 12,
                    "uncorrectable_errors": 0,
                    "modulation": "256QAM",
                },
                {
                    "channel_id": 2,
                    "frequency": "114 MHz",
                    "power": None,
                    "snr": 37.0,
                    "correctable_errors": None,
                    "uncorrectable_errors": None,
                    "modulation": "256QAM",
                },
                {
                    "channel_id": 33,
                    "frequency": "134.975 - 324.975",
                    "power": -1.5,
                    "snr": 41.0,
                    "correctable_errors": 5,
                    "uncorrectable_errors": 1,
                    "modulation": "OFDM",
                },
            ],
            "us_channels": [
                {"channel_id": 1, "frequency": "51.0", "power": 44.0, "modulation": "64QAM"},
                {
                    "channel_id": 5,
                    "frequency": "",
                    "power": 41.5,
                    "modulation": "OFDMA",
                },
            ],
        },
        "device_info": {
            "manufacturer": "AVM",
            "model": 'Box "7590"\nAX\\2',
            "hw_version": "",
            "sw_version": "7.57",
            "docsis_status": "Online",
            "uptime_seconds": 3600,
            "reboot_reason": "Power cycle",
            "wan_ipv4": "198.51.100.7",
            "wan_ipv6": "2001:db8::1",
        },
        "connection_info": {"max_downstream_kbps": 1000000, "max_upstream_kbps": None},
        "last_poll": 1_760_000_000.5,
    }


def test_every_family_with_its_type() -> None:
    """A full state yields every family of upstream's list with HELP, TYPE and its type."""
    state = full_state()
    state["connection_info"]["max_upstream_kbps"] = 50000
    text = format_metrics(**state)
    families = parse(text)
    assert {name: kind for name, (kind, _) in families.items()} == ALL_FAMILIES
    for name, kind in ALL_FAMILIES.items():
        full = name + "_total" if kind == "counter" else name
        assert f"# HELP {full} " in text
        assert f"# TYPE {full} {kind}\n" in text
    assert text.endswith("\n")


def test_values_labels_and_skipped_nulls() -> None:
    """Labels (MHz frequency, ranges kept), nulls and non-QAM modulations skipped, escaping."""
    families = parse(format_metrics(**full_state()))
    assert only(families, "docsight_health_status").value == 2
    assert only(families, "docsight_downstream_channels_total").value == 3
    assert values(families["docsight_downstream_power_dbmv"][1]) == {
        (("channel_id", "1"), ("frequency", "602")): 4.2,
        (("channel_id", "33"), ("frequency", "134.975 - 324.975")): -1.5,
    }
    assert len(families["docsight_downstream_snr_db"][1]) == 3
    corrected = families["docsight_downstream_corrected_errors"][1]
    assert {sample.name for sample in corrected} == {"docsight_downstream_corrected_errors_total"}
    assert values(corrected) == {
        (("channel_id", "1"), ("frequency", "602")): 12,
        (("channel_id", "33"), ("frequency", "134.975 - 324.975")): 5,
    }
    assert values(families["docsight_downstream_modulation"][1]) == {
        (("channel_id", "1"), ("frequency", "602")): 256,
        (("channel_id", "2"), ("frequency", "114")): 256,
    }
    assert values(families["docsight_upstream_power_dbmv"][1]) == {
        (("channel_id", "1"), ("frequency", "51")): 44.0,
        (("channel_id", "5"),): 41.5,
    }
    assert values(families["docsight_upstream_modulation"][1]) == {
        (("channel_id", "1"), ("frequency", "51")): 64
    }
    device = only(families, "docsight_device_info")
    assert device.labels == {"model": 'Box "7590"\nAX\\2', "sw_version": "7.57"}
    assert device.value == 1
    assert only(families, "docsight_docsis_online").value == 1
    assert only(families, "docsight_device_uptime_seconds").value == 3600
    assert only(families, "docsight_last_reboot_reason_info").labels == {"reason": "Power cycle"}
    assert only(families, "docsight_device_wan_ipv6_info").labels == {"wan_ipv6": "2001:db8::1"}
    assert only(families, "docsight_connection_max_downstream_kbps").value == 1000000
    assert "docsight_connection_max_upstream_kbps" not in families
    assert only(families, "docsight_last_poll_timestamp_seconds").value == 1_760_000_000.5


def test_label_escaping_is_the_exposition_format() -> None:
    """Backslash, double quote and newline are escaped; nothing else is touched."""
    assert escape_label('a\\b"c\nd') == 'a\\\\b\\"c\\nd'
    assert escape_label("134.975 - 324.975") == "134.975 - 324.975"
    text = format_metrics(None, {"model": 'x"\n\\'}, None, 0.0)
    assert 'docsight_device_info{model="x\\"\\n\\\\"} 1\n' in text


def test_no_analysis_means_health_4_and_no_channel_families() -> None:
    """Before the first poll: health 4, zero channels, last poll 0.0, no channel or device data."""
    families = parse(format_metrics(None, {}, None, 0.0))
    assert set(families) == {
        "docsight_health_status",
        "docsight_downstream_channels_total",
        "docsight_upstream_channels_total",
        "docsight_last_poll_timestamp_seconds",
    }
    assert only(families, "docsight_health_status").value == 4
    assert only(families, "docsight_downstream_channels_total").value == 0
    assert only(families, "docsight_last_poll_timestamp_seconds").value == 0.0


def test_unknown_health_and_offline_status() -> None:
    """An unknown health word is 4; a status other than online is 0."""
    analysis = {"summary": {"health": "weird", "ds_total": 0, "us_total": 0}, "ds_channels": []}
    families = parse(format_metrics(analysis, {"docsis_status": "Ranging"}, None, 0.0))
    assert only(families, "docsight_health_status").value == 4
    assert only(families, "docsight_docsis_online").value == 0
    assert "docsight_downstream_power_dbmv" not in families


async def test_metrics_before_the_first_poll(open_server: RunningServer) -> None:
    """An unconfigured server answers with the exposition content type and health 4."""
    status, text, response = await open_server.request("GET", "/metrics")
    assert status == 200
    assert response.headers["Content-Type"] == CONTENT_TYPE
    families = parse(text)
    assert only(families, "docsight_health_status").value == 4
    assert "docsight_downstream_power_dbmv" not in families


async def test_metrics_match_the_live_demo_state(demo_server: RunningServer) -> None:
    """Every value and label matches context.state after the first demo poll (with a token)."""
    created = await demo_server.context.auth.create_token("prometheus")
    status, text, _ = await demo_server.request("GET", "/metrics", token=created.token)
    assert status == 200
    state = demo_server.context.state
    analysis = state.analysis
    assert analysis is not None
    families = parse(text)
    summary = analysis["summary"]
    assert only(families, "docsight_health_status").value == HEALTH[summary["health"]]
    ds, us = analysis["ds_channels"], analysis["us_channels"]
    assert only(families, "docsight_downstream_channels_total").value == summary["ds_total"]
    assert only(families, "docsight_upstream_channels_total").value == summary["us_total"]
    assert (summary["ds_total"], summary["us_total"]) == (len(ds), len(us))
    checks = {
        "docsight_downstream_power_dbmv": (ds, lambda ch: ch["power"]),
        "docsight_downstream_snr_db": (ds, lambda ch: ch["snr"]),
        "docsight_downstream_corrected_errors": (ds, lambda ch: ch["correctable_errors"]),
        "docsight_downstream_uncorrected_errors": (ds, lambda ch: ch["uncorrectable_errors"]),
        "docsight_downstream_modulation": (ds, lambda ch: qam_order(ch["modulation"])),
        "docsight_upstream_power_dbmv": (us, lambda ch: ch["power"]),
        "docsight_upstream_modulation": (us, lambda ch: qam_order(ch["modulation"])),
    }
    for name, (channels, value) in checks.items():
        expected = expected_channels(channels, value)
        assert expected, name
        assert values(families[name][1]) == expected, name
    # the OFDMA upstream's modulation is "OFDMA": no QAM order, no sample
    ofdma = [ch for ch in us if ch["channel_family"] == "ofdma"]
    assert ofdma
    modulated = {s.labels["channel_id"] for s in families["docsight_upstream_modulation"][1]}
    assert modulated == {str(ch["channel_id"]) for ch in us} - {str(ofdma[0]["channel_id"])}
    assert only(families, "docsight_device_info").labels == {
        "model": "Demo Router",
        "sw_version": "Demo v2.0",
    }
    assert only(families, "docsight_docsis_online").value == 1
    uptime = only(families, "docsight_device_uptime_seconds").value
    assert uptime == state.device_info["uptime_seconds"]
    wan = only(families, "docsight_device_wan_ipv4_info")
    assert wan.labels == {"wan_ipv4": state.device_info["wan_ipv4"]}
    assert only(families, "docsight_connection_max_downstream_kbps").value == 250000
    assert only(families, "docsight_connection_max_upstream_kbps").value == 40000
    assert only(families, "docsight_last_poll_timestamp_seconds").value == state.last_poll > 0
