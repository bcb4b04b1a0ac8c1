"""Sagemcom F3896LG (Virgin Media Hub 5): REST JSON parsing, x10 scaling, detection."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.modem_sim import run_simulator
from devtools.modem_sim.f3896lg import (
    render_downstream,
    render_serviceflows,
    render_upstream,
)
from devtools.modem_sim.plan import default_plan
from docsight_server.drivers import UnexpectedPageError, create_driver
from docsight_server.drivers.f3896lg import F3896LGDriver
from docsight_server.drivers.formats import f3896lg as fmt
from docsight_server.drivers.transport import ModemHttp

from .contract import read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")


def test_downstream_from_rendered_plan_matches_the_plan() -> None:
    """SC-QAM values pass through; OFDM power and rxMer are divided by 10; unlocked skipped."""
    plan = default_plan()
    result = fmt.parse_downstream(render_downstream(plan))
    qam, ofdm = result.value
    assert [ch["channelID"] for ch in qam] == [ch.channel_id for ch in plan.ds_qam]
    for got, want in zip(qam, plan.ds_qam, strict=True):
        assert got["frequency"] == f"{want.frequency_mhz:g} MHz"
        assert got["powerLevel"] == pytest.approx(want.power)
        assert got["mse"] == pytest.approx(-want.snr)
        assert got["modulation"] == want.modulation
        assert (got["corrErrors"], got["nonCorrErrors"]) == (want.corrected, want.uncorrectable)
    for got, want in zip(ofdm, plan.ds_ofdm, strict=True):
        assert got["channelID"] == want.channel_id
        assert got["powerLevel"] == pytest.approx(want.power)
        assert got["mer"] == pytest.approx(want.snr)
        assert got["type"] == "OFDM"
        assert got["modulation"] == "4096QAM"
    assert any("not locked" in note for note in result.diagnostics)


def test_upstream_from_rendered_plan_matches_the_plan() -> None:
    """ATDMA power passes through, OFDMA power is divided by 10."""
    plan = default_plan()
    qam, ofdma = fmt.parse_upstream(render_upstream(plan)).value
    for got, want in zip(qam, plan.us_qam, strict=True):
        assert got["powerLevel"] == pytest.approx(want.power)
        assert got["modulation"] == "64QAM"
        assert (got["multiplex"], got["symbolRate"]) == ("ATDMA", 5120)
    assert [ch["powerLevel"] for ch in ofdma] == [ch.power for ch in plan.us_ofdma]
    assert ofdma[0]["frequency"] == "54 MHz"


def test_quirks_in_hand_written_json() -> None:
    """qam_256 spelling, x10 scaling, missing counters, lockStatus absent or false."""
    down = {
        "downstream": {
            "channels": [
                {
                    "channelId": 9,
                    "channelType": "sc_qam",
                    "frequency": 330000000,
                    "power": 5.4,
                    "snr": 40.9,
                    "modulation": "qam_256",
                },
                {
                    "channelId": 159,
                    "channelType": "ofdm",
                    "frequency": 135000000,
                    "power": -27,
                    "rxMer": 419,
                    "modulation": "qam_4096",
                    "lockStatus": True,
                    "correctedErrors": 17,
                    "uncorrectedErrors": 0,
                },
                {"channelId": 10, "channelType": "sc_qam", "lockStatus": False},
                {"channelId": 11, "channelType": "mystery", "lockStatus": True},
            ]
        }
    }
    qam, ofdm = fmt.parse_downstream(down).value
    assert qam == [
        {
            "channelID": 9,
            "frequency": "330 MHz",
            "corrErrors": None,
            "nonCorrErrors": None,
            "powerLevel": 5.4,
            "modulation": "256QAM",
            "mse": -40.9,
        }
    ]
    assert ofdm[0]["powerLevel"] == pytest.approx(-2.7)
    assert ofdm[0]["mer"] == pytest.approx(41.9)
    assert ofdm[0]["nonCorrErrors"] == 0


@pytest.mark.parametrize(
    "payload",
    [{}, {"downstream": {}}, {"downstream": {"channels": "x"}}, {"downstream": {"channels": [1]}}],
)
def test_malformed_downstream_is_an_unexpected_page(payload: Any) -> None:
    """Anything but a channel list raises UnexpectedPageError with the page text."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_downstream(payload, "odd answer")
    assert caught.value.excerpt == "odd answer"


def test_state_and_serviceflows() -> None:
    """state_ gives status and uptime; service flows give the highest rate per direction."""
    state = fmt.parse_state({"cablemodem": {"status": "operational", "upTime": 42}}).value
    assert state == {"docsis_status": "operational", "uptime_seconds": 42}
    with pytest.raises(UnexpectedPageError):
        fmt.parse_state({"cablemodem": {}})
    plan = default_plan()
    assert fmt.parse_serviceflows(render_serviceflows(plan)).value == {
        "max_downstream_kbps": plan.max_downstream_kbps,
        "max_upstream_kbps": plan.max_upstream_kbps,
        "connection_type": "DOCSIS",
    }
    assert fmt.parse_serviceflows({"serviceFlows": []}).value == {}


async def test_device_info_from_the_simulator() -> None:
    """The driver names the model and reports status and uptime."""
    async with run_simulator("f3896lg") as sim:
        driver = create_driver("f3896lg", sim.url, "", "")
        try:
            info, connection, _ = await read_modem(driver)
        finally:
            await driver.close()
    assert info == {
        "manufacturer": "Sagemcom",
        "model": "F3896LG",
        "docsis_status": "operational",
        "uptime_seconds": sim.state.plan.uptime_seconds,
    }
    assert connection["max_downstream_kbps"] == sim.state.plan.max_downstream_kbps


async def test_detect_ignores_other_families() -> None:
    """A FRITZ!Box has no REST registration resource: the detector answers 0."""
    async with run_simulator("fritzbox") as sim:
        http = ModemHttp(sim.url)
        try:
            assert await F3896LGDriver.detect(http) == 0
        finally:
            await http.close()
