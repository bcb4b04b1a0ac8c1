"""Per-channel assessment at every threshold boundary."""

from __future__ import annotations

from typing import Any

import pytest

from docsight_server.analysis.assess import (
    assess_channels,
    assess_downstream,
    assess_upstream,
    ds_modulation_health,
    us_modulation_health,
)


def ds_record(
    *,
    power: float | None = None,
    snr: float | None = None,
    modulation: str = "256QAM",
    family: str = "sc_qam",
    docsis: str = "3.0",
) -> dict[str, Any]:
    """Return a normalised downstream record."""
    return {
        "channel_id": 1,
        "frequency": "114.000",
        "power": power,
        "modulation": modulation,
        "snr": snr,
        "correctable_errors": None,
        "uncorrectable_errors": None,
        "docsis_version": docsis,
        "channel_family": family,
        "theoretical_bitrate": None,
    }


def us_record(
    *,
    power: float | None = None,
    modulation: str = "64QAM",
    family: str = "sc_qam",
    docsis: str = "3.0",
    profile: str | None = None,
) -> dict[str, Any]:
    """Return a normalised upstream record."""
    record: dict[str, Any] = {
        "channel_id": 1,
        "frequency": "37.000",
        "power": power,
        "modulation": modulation,
        "multiplex": "",
        "docsis_version": docsis,
        "channel_family": family,
        "theoretical_bitrate": None,
    }
    if profile is not None:
        record["profile_modulation"] = profile
    return record


def band_cases(
    key: str, good: tuple[float, float], warning: tuple[float, float], critical: tuple[float, float]
) -> list[tuple[str, float, str]]:
    """Return (key, power, expected level) just inside and just outside every band edge."""
    step = 0.1
    cases = [
        (key, good[0], "good"),
        (key, good[1], "good"),
        (key, round(good[0] - step, 2), "tolerated"),
        (key, round(good[1] + step, 2), "tolerated"),
        (key, warning[0], "tolerated" if warning[0] < good[0] else "good"),
        (key, warning[1], "tolerated" if warning[1] > good[1] else "good"),
        (key, round(critical[0] - step, 2), "critical"),
        (key, round(critical[1] + step, 2), "critical"),
    ]
    # Where the warning band is narrower than the critical band there is a warning zone.
    if critical[0] < warning[0]:
        cases += [(key, round(warning[0] - step, 2), "warning"), (key, critical[0], "warning")]
    if critical[1] > warning[1]:
        cases += [(key, round(warning[1] + step, 2), "warning"), (key, critical[1], "warning")]
    return cases


DS_POWER_CASES = (
    band_cases("64QAM", (-10, 7), (-12, 12), (-14, 16))
    + band_cases("256QAM", (-4, 13), (-6, 15), (-8, 16))
    + band_cases("1024QAM", (-2, 15), (-4, 16), (-6, 16))
    + band_cases("4096QAM", (-2, 15), (-4, 16), (-6, 16))
    + band_cases("ofdm", (-12, 12), (-15, 15), (-15, 15))
)


@pytest.mark.parametrize(("key", "power", "level"), DS_POWER_CASES)
def test_ds_power_bands(key: str, power: float, level: str) -> None:
    """DS power outside critical/warning/good band -> critical/warning/tolerated."""
    if key == "ofdm":
        record = ds_record(power=power, modulation="4096QAM", family="ofdm", docsis="3.1")
    else:
        record = ds_record(power=power, modulation=key)
    assess_downstream(record)
    assert record["health"] == level
    if level == "good":
        assert "power_health" not in record
        assert record["health_detail"] == ""
    else:
        assert record["power_health"] == level
        assert record["health_detail"] == f"power {level}"


def test_ofdm_power_has_no_warning_zone() -> None:
    """The OFDM row's warning and critical bands coincide: just outside is critical."""
    record = ds_record(power=-15.1, modulation="4096QAM", family="ofdm", docsis="3.1")
    assess_downstream(record)
    assert record["power_health"] == "critical"


def limit_cases(key: str, good: float, warning: float, critical: float) -> list[tuple[Any, ...]]:
    """Return (key, snr, expected level) at and just below every SNR limit."""
    return [
        (key, good + 5, "good"),
        (key, good, "good"),
        (key, round(good - 0.1, 2), "tolerated"),
        (key, warning, "tolerated"),
        (key, round(warning - 0.1, 2), "warning"),
        (key, critical, "warning"),
        (key, round(critical - 0.1, 2), "critical"),
    ]


SNR_CASES = (
    limit_cases("64QAM", 27, 25, 23)
    + limit_cases("256QAM", 33, 31, 29)
    + limit_cases("1024QAM", 39, 37, 36)
    + limit_cases("4096QAM", 40, 38, 36)
    + limit_cases("ofdm", 27, 25.5, 24.5)
)


@pytest.mark.parametrize(("key", "snr", "level"), SNR_CASES)
def test_ds_snr_limits(key: str, snr: float, level: str) -> None:
    """SNR/MER below critical_min/warning_min/good_min -> critical/warning/tolerated."""
    if key == "ofdm":
        record = ds_record(snr=snr, modulation="4096QAM", family="ofdm", docsis="3.1")
    else:
        record = ds_record(snr=snr, modulation=key)
    assess_downstream(record)
    assert record["health"] == level
    assert record.get("snr_health") == (None if level == "good" else level)


@pytest.mark.parametrize(
    ("modulation", "family", "docsis", "level"),
    [
        # DOCSIS 3.0 rule: >= 64 good, else critical.
        ("64QAM", "sc_qam", "3.0", "good"),
        ("256QAM", "sc_qam", "3.0", "good"),
        ("32QAM", "sc_qam", "3.0", "critical"),
        ("16QAM", "sc_qam", "3.0", "critical"),
        ("QPSK", "sc_qam", "3.0", "critical"),
        # DOCSIS 3.1 rule: >= 1024 good, >= 512 tolerated, >= 256 warning, else critical.
        ("4096QAM", "ofdm", "3.1", "good"),
        ("1024QAM", "ofdm", "3.1", "good"),
        ("512QAM", "ofdm", "3.1", "tolerated"),
        ("256QAM", "ofdm", "3.1", "warning"),
        ("128QAM", "ofdm", "3.1", "critical"),
        # A 3.1-lane SC-QAM channel is judged with the 3.0 rule.
        ("256QAM", "sc_qam", "3.1", "good"),
        ("64QAM", "sc_qam", "3.1", "good"),
        ("32QAM", "sc_qam", "3.1", "critical"),
        # Literal OFDM and unparseable modulations are good.
        ("OFDM", "ofdm", "3.1", "good"),
        ("ofdm", "sc_qam", "3.0", "good"),
        ("", "ofdm", "3.1", "good"),
        ("weird", "sc_qam", "3.0", "good"),
    ],
)
def test_ds_modulation_rules(modulation: str, family: str, docsis: str, level: str) -> None:
    """DS modulation health follows the 3.0 or 3.1 rule; issue text is "modulation <level>"."""
    assert ds_modulation_health(modulation, family, docsis) == level
    record = ds_record(modulation=modulation, family=family, docsis=docsis)
    assess_downstream(record)
    assert record["modulation_health"] == level
    assert record["health"] == level
    assert record["health_detail"] == ("" if level == "good" else f"modulation {level}")


def directional_cases(
    family: str,
    good: tuple[float, float],
    warning: tuple[float, float],
    critical: tuple[float, float],
) -> list[tuple[str, float, str]]:
    """Return (family, power, expected issue text) around every US band edge."""
    return [
        (family, good[0], ""),
        (family, good[1], ""),
        (family, round(good[0] - 0.1, 2), "power tolerated low"),
        (family, warning[0], "power tolerated low"),
        (family, round(warning[0] - 0.1, 2), "power warning low"),
        (family, critical[0], "power warning low"),
        (family, round(critical[0] - 0.1, 2), "power critical low"),
        (family, round(good[1] + 0.1, 2), "power tolerated high"),
        (family, warning[1], "power tolerated high"),
        (family, round(warning[1] + 0.1, 2), "power warning high"),
        (family, critical[1], "power warning high"),
        (family, round(critical[1] + 0.1, 2), "power critical high"),
    ]


US_POWER_CASES = directional_cases(
    "sc_qam", (41.1, 47.0), (37.1, 51.0), (35.0, 53.0)
) + directional_cases("ofdma", (44.1, 47.0), (40.1, 48.0), (38.0, 50.0))


@pytest.mark.parametrize(("family", "power", "issue"), US_POWER_CASES)
def test_us_power_bands(family: str, power: float, issue: str) -> None:
    """US power issues name the level and the side; OFDMA uses its own row."""
    if family == "ofdma":
        record = us_record(power=power, modulation="OFDMA", family="ofdma", docsis="3.1")
    else:
        record = us_record(power=power)
    assess_upstream(record)
    assert record["health_detail"] == issue
    if issue:
        level = issue.split()[1]
        assert record["health"] == level
        assert record["power_health"] == level
    else:
        assert record["health"] == "good"
        assert "power_health" not in record


@pytest.mark.parametrize(
    ("modulation", "family", "docsis", "profile", "level"),
    [
        ("QPSK", "sc_qam", "3.0", None, "critical"),
        ("4QAM", "sc_qam", "3.0", None, "critical"),
        ("8QAM", "sc_qam", "3.0", None, "warning"),
        ("16QAM", "sc_qam", "3.0", None, "warning"),
        ("32QAM", "sc_qam", "3.0", None, "good"),
        ("64QAM", "sc_qam", "3.0", None, "good"),
        ("", "unknown", "3.0", None, "good"),
        # OFDMA on 3.1 is judged by its profile modulation.
        ("OFDMA", "ofdma", "3.1", "16QAM", "critical"),
        ("OFDMA", "ofdma", "3.1", "32QAM", "critical"),
        ("OFDMA", "ofdma", "3.1", "64QAM", "warning"),
        ("OFDMA", "ofdma", "3.1", "128QAM", "tolerated"),
        ("OFDMA", "ofdma", "3.1", "256QAM", "good"),
        ("OFDMA", "ofdma", "3.1", "1024QAM", "good"),
        ("OFDMA", "ofdma", "3.1", None, "good"),
        # Without the 3.1 lane the profile is not consulted.
        ("OFDMA", "ofdma", "3.0", "32QAM", "good"),
        # An SC-QAM channel's profile modulation does not matter.
        ("16QAM", "sc_qam", "3.1", "1024QAM", "warning"),
    ],
)
def test_us_modulation_rules(
    modulation: str, family: str, docsis: str, profile: str | None, level: str
) -> None:
    """US modulation: <=4 critical, <=16 warning; OFDMA profile <=32/64/128 crit/warn/tol."""
    assert us_modulation_health(modulation, family, docsis, profile) == level
    record = us_record(modulation=modulation, family=family, docsis=docsis, profile=profile)
    assess_upstream(record)
    assert record["modulation_health"] == level
    assert record["health_detail"] == ("" if level == "good" else f"modulation {level}")


def test_issues_combine_into_the_worst_health() -> None:
    """Several issues are joined with " + " and the worst decides the channel health."""
    record = ds_record(power=14.0, snr=28.0, modulation="256QAM", family="ofdm", docsis="3.1")
    assess_downstream(record)
    assert record["health_detail"] == "power tolerated + modulation warning"
    assert record["health"] == "warning"

    record = ds_record(power=-7.0, snr=28.5, modulation="32QAM")
    assess_downstream(record)
    assert record["health_detail"] == "power warning + snr critical + modulation critical"
    assert record["health"] == "critical"
    assert (record["power_health"], record["snr_health"]) == ("warning", "critical")

    record = us_record(power=52.0, modulation="QPSK")
    assess_upstream(record)
    assert record["health_detail"] == "power warning high + modulation critical"
    assert record["health"] == "critical"


def test_missing_values_are_not_judged() -> None:
    """Missing power or SNR gives no issue and no power_health/snr_health key."""
    record = ds_record(power=None, snr=None)
    assess_downstream(record)
    assert record["health"] == "good"
    assert "power_health" not in record
    assert "snr_health" not in record
    assert record["modulation_health"] == "good"
    record = us_record(power=None)
    assess_upstream(record)
    assert (record["health"], record["health_detail"]) == ("good", "")


def test_reassessment_drops_stale_fields() -> None:
    """Assessing a record again replaces earlier verdicts instead of keeping them."""
    record = ds_record(power=20.0, snr=10.0)
    assess_downstream(record)
    assert record["health"] == "critical"
    record.update(power=4.0, snr=40.0)
    assess_downstream(record)
    assert record["health"] == "good"
    assert "power_health" not in record
    assert "snr_health" not in record


def test_assess_channels_covers_both_directions() -> None:
    """assess_channels assesses every record of both lists in place."""
    ds = [ds_record(power=4.0, snr=40.0), ds_record(power=17.0, snr=40.0)]
    us = [us_record(power=45.0), us_record(power=30.0)]
    assess_channels(ds, us)
    assert [record["health"] for record in ds] == ["good", "critical"]
    assert [record["health_detail"] for record in us] == ["", "power critical low"]
