"""What every driver must do against its simulator: shared by the contract tests and the bench."""

from __future__ import annotations

import re
from typing import Any

import pytest

from docsight_server.drivers import ModemDriver

_FIRST_NUMBER = re.compile(r"\d+(?:\.\d+)?")


async def read_modem(driver: ModemDriver) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Do what the modem collector does in one poll: login, device, connection, channels."""
    await driver.login()
    try:
        info = await driver.get_device_info()
        connection = await driver.get_connection_info()
        docsis = await driver.get_docsis_data()
    finally:
        await driver.finish_poll()
    return info, connection, docsis


def _first_mhz(value: object) -> float | None:
    match = _FIRST_NUMBER.search(str(value or ""))
    return float(match.group()) if match else None


def assert_channels_match(
    stored: list[dict[str, Any]], expected: list[dict[str, Any]], direction: str
) -> None:
    """Compare analyzed channel records with the simulator's plan, field by field."""
    by_id = {channel["channel_id"]: channel for channel in stored}
    assert sorted(by_id) == sorted(ch["channel_id"] for ch in expected), direction
    assert len(stored) == len(expected), f"{direction}: duplicate channel ids"
    for want in expected:
        got = by_id[want["channel_id"]]
        where = f"{direction} channel {want['channel_id']}"
        assert got["power"] == pytest.approx(want["power"], abs=0.051), where
        assert _first_mhz(got["frequency"]) == pytest.approx(want["frequency_mhz"], abs=0.01), (
            f"{where}: frequency {got['frequency']!r}"
        )
        assert got["channel_family"] == want["channel_family"], where
        if want.get("modulation") is not None:
            assert got["modulation"] == want["modulation"], where
        if "snr" in want:
            assert got["snr"] == pytest.approx(want["snr"], abs=0.051), where
        for counter in ("correctable_errors", "uncorrectable_errors"):
            if counter in want:
                assert got[counter] == want[counter], f"{where}: {counter}"


def assert_reading_matches(
    analysis: dict[str, Any], expected: dict[str, list[dict[str, Any]]]
) -> None:
    """Compare both directions of an analysis (or a stored snapshot) with the plan."""
    assert_channels_match(analysis["ds_channels"], expected["ds"], "downstream")
    assert_channels_match(analysis["us_channels"], expected["us"], "upstream")
