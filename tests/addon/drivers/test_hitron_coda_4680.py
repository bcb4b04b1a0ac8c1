"""Hitron CODA-4680: JSON parsers, login protocol, firmware variants and probe separation."""

from __future__ import annotations

import json
from typing import Any

import pytest

from devtools.modem_sim import SimState, default_plan, run_simulator
from devtools.modem_sim.hitron_coda_4680 import HitronCoda4680Simulator
from docsight_server.analysis.analyzer import analyze
from docsight_server.drivers import DriverAuthError, UnexpectedPageError, create_driver
from docsight_server.drivers.formats import hitron_coda_4680 as fmt
from docsight_server.drivers.hitron import HitronDriver
from docsight_server.drivers.hitron_coda_4680 import HitronCoda4680Driver
from docsight_server.drivers.transport import ModemHttp

from .contract import assert_reading_matches, read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")

DS_INFO = {
    "errCode": "000",
    "errMsg": "",
    "Freq_List": [
        {
            "portId": "1",
            "frequency": "663000000",
            "modulation": "QAM256",
            "signalStrength": "5.099",
            "snr": "40.946",
            "channelId": "18",
            "dsoctets": "1591166190",
            "correcteds": "5",
            "uncorrect": "33",
        },
        {
            "portId": "2",
            "frequency": "591000000",
            "modulation": "QAM64",
            "signalStrength": "-4.1",
            "snr": "N/A",
            "channelId": "7",
            "dsoctets": "116416",
            "correcteds": "",
            "uncorrect": "N/A",
        },
    ],
}
US_INFO = {
    "errCode": "000",
    "Freq_List": [
        {
            "portId": "1",
            "frequency": "32300000",
            "modulationType": "64QAM",
            "signalStrength": "42.770",
            "bandwidth": "6400000",
            "channelId": "3",
            "symbolrate": 5120,
            "preEq": [8, 1, 24, 0],
        }
    ],
}
DS_OFDM = {
    "errCode": "000",
    "OFDMs_List": [
        {
            "receive": 0,
            "ffttype": "4K",
            "Subcarr0freqFreq": " 275600000",
            "plclock": "YES",
            "ncplock": "YES",
            "mdc1lock": "YES",
            "plclocation": "1544",
            "occupiedbw": "283 ~ 472.95",
            "datasubcarriers": "3736",
            "plcpower": "  3.000000",
        },
        {"receive": 1, "Subcarr0freqFreq": " 0", "plclock": "NO", "plcpower": "0"},
    ],
}
US_OFDMA = {
    "errCode": "000",
    "OFDMAs_List": [
        {
            "uschindex": "0",
            "state": "OPERATE",
            "channelBw": "39.2000",
            "repPower": "52.6417",
            "repPower1_6": "38.7500",
            "fftVal": "2K",
        },
        {"uschindex": "1", "state": "DISABLED", "repPower": "0.0000", "repPower1_6": "0.0000"},
    ],
}


def _simulator(variant: str) -> HitronCoda4680Simulator:
    return HitronCoda4680Simulator(SimState("admin", "pw", variant, default_plan()))


def test_downstream_literal_json() -> None:
    """QAM256 is canonicalised, SNR becomes -mse, and missing counters/SNR are None."""
    channels = fmt.parse_downstream(DS_INFO).value
    assert channels[0] == {
        "channelID": 18,
        "frequency": "663 MHz",
        "powerLevel": 5.099,
        "modulation": "256QAM",
        "mse": -40.946,
        "corrErrors": 5,
        "nonCorrErrors": 33,
    }
    assert channels[1]["modulation"] == "64QAM"
    assert channels[1]["mse"] is None
    assert channels[1]["corrErrors"] is None
    assert channels[1]["nonCorrErrors"] is None


def test_upstream_literal_json() -> None:
    """modulationType and the numeric symbol rate are read; the lane is ATDMA."""
    (channel,) = fmt.parse_upstream(US_INFO).value
    assert channel == {
        "channelID": 3,
        "frequency": "32.3 MHz",
        "powerLevel": 42.77,
        "modulation": "64QAM",
        "multiplex": "ATDMA",
        "symbolRate": 5120,
    }


def test_ofdm_without_stats_and_unlocked_receiver() -> None:
    """The captured DsOfdm has no SNR or counters (None); an unlocked receiver is skipped."""
    result = fmt.parse_ofdm_downstream(DS_OFDM)
    (channel,) = result.value
    assert channel["channelID"] == 0
    assert channel["frequency"] == "275.6 MHz"
    assert channel["powerLevel"] == 3.0
    assert channel["mer"] is None
    assert channel["corrErrors"] is None
    assert channel["nonCorrErrors"] is None
    assert any("not locked" in note for note in result.diagnostics)


def test_ofdma_uses_the_per_1_6_mhz_power_and_skips_disabled() -> None:
    """OFDMA power is repPower1_6, not the full-band repPower; no frequency field -> ""."""
    (channel,) = fmt.parse_ofdma_upstream(US_OFDMA).value
    assert channel["channelID"] == 0
    assert channel["powerLevel"] == 38.75
    assert channel["frequency"] == ""
    assert channel["type"] == "OFDMA"


@pytest.mark.parametrize(
    ("parser", "payload"),
    [
        (fmt.parse_downstream, {"errCode": "000"}),
        (fmt.parse_upstream, {"Freq_List": "none"}),
        (fmt.parse_ofdm_downstream, [1, 2]),
        (fmt.parse_ofdma_upstream, {"OFDMAs_List": [1]}),
    ],
)
def test_malformed_tables_are_unexpected_pages(parser: Any, payload: Any) -> None:
    """A table without its list is an UnexpectedPageError carrying the page text."""
    with pytest.raises(UnexpectedPageError) as caught:
        parser(payload, json.dumps(payload))
    assert caught.value.excerpt


def test_version_and_sysinfo() -> None:
    """Version gives the identity; SysInfo rates are bit/s, 0 means not reported."""
    info = fmt.parse_version(
        {
            "modelName": "CODA-4680-TPIA",
            "vendorName": "Hitron Technologies",
            "HwVersion": "1A",
            "SoftwareVersion": "7.2.4.5.2b8",
        }
    )
    assert info == {
        "manufacturer": "Hitron Technologies",
        "model": "CODA-4680-TPIA",
        "hw_version": "1A",
        "sw_version": "7.2.4.5.2b8",
    }
    with pytest.raises(UnexpectedPageError):
        fmt.parse_version({"errCode": "000"})
    assert fmt.parse_sysinfo({"ntAccess": "Permitted", "DsDataRate": "0", "UsDataRate": "0"}) == {
        "docsis_status": "Permitted",
        "max_downstream_kbps": None,
        "max_upstream_kbps": None,
    }
    rates = fmt.parse_sysinfo({"DsDataRate": "1200000000", "UsDataRate": "50000000"})
    assert (rates["max_downstream_kbps"], rates["max_upstream_kbps"]) == (1_200_000, 50_000)


@pytest.mark.parametrize("variant", ["captured", "extended"])
def test_simulator_pages_parse_to_the_plan(variant: str) -> None:
    """The simulator's rendered objects parse back to the plan's channels."""
    sim = _simulator(variant)
    plan = sim.plan
    ds = fmt.parse_downstream(sim.dsinfo()).value
    assert [ch["channelID"] for ch in ds] == [ch.channel_id for ch in plan.ds_qam]
    assert [ch["modulation"] for ch in ds] == [ch.modulation for ch in plan.ds_qam]
    ofdm = fmt.parse_ofdm_downstream(sim.dsofdm()).value
    assert [ch["channelID"] for ch in ofdm] == [0, 1]  # the driver moves 1 (an SC-QAM id)
    ofdma = fmt.parse_ofdma_upstream(sim.usofdm()).value
    if variant == "extended":
        assert [ch["mer"] for ch in ofdm] == [ch.snr for ch in plan.ds_ofdm]
        assert [ch["corrErrors"] for ch in ofdm] == [ch.corrected for ch in plan.ds_ofdm]
        assert ofdma[0]["frequency"] == "54 MHz"
    else:
        assert all(ch["mer"] is None and ch["corrErrors"] is None for ch in ofdm)
        assert ofdma[0]["frequency"] == ""


async def test_login_sends_the_model_form_field_and_sets_the_cookie() -> None:
    """The login posts model={"username","password"} and the session cookie opens the API."""
    async with run_simulator("hitron_coda_4680") as sim:
        driver = HitronCoda4680Driver(sim.url, "admin", sim.state.password)
        try:
            await driver.login()
            assert driver.http.cookie("userid") in sim.state.sessions
            info = await driver.get_device_info()
            connection = await driver.get_connection_info()
        finally:
            await driver.close()
    assert info["model"] == "CODA-4680-TPIA"
    assert info["docsis_status"] == "Permitted"
    assert connection == {
        "max_downstream_kbps": 1_000_000,
        "max_upstream_kbps": 50_000,
        "connection_type": "DOCSIS",
    }


@pytest.mark.parametrize("variant", ["captured", "extended"])
async def test_wrong_password_in_each_variant(variant: str) -> None:
    """An errCode answer (captured) or a silent login followed by a refused probe (extended)."""
    async with run_simulator("hitron_coda_4680", variant=variant) as sim:
        driver = create_driver("hitron_coda_4680", sim.url, "admin", "Wr0ng-secret")
        try:
            with pytest.raises(DriverAuthError) as caught:
                await driver.login()
        finally:
            await driver.close()
        assert "Wr0ng-secret" not in str(caught.value)
        assert not sim.state.sessions


@pytest.mark.parametrize("variant", ["captured", "extended"])
async def test_expired_session_in_each_variant(variant: str) -> None:
    """HTTP 401 (captured) and a redirect to the login page (extended) both mean re-login."""
    async with run_simulator("hitron_coda_4680", variant=variant) as sim:
        driver = create_driver("hitron_coda_4680", sim.url, "admin", sim.state.password)
        try:
            await read_modem(driver)
            sim.state.expire_sessions()
            _, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
    assert sim.state.logins == 2
    assert_reading_matches(analyze(docsis), sim.simulator.expected())


async def test_coda_56_and_coda_4680_detectors_keep_apart() -> None:
    """Each Hitron detector returns 0 on the other model's simulator."""
    async with run_simulator("hitron_coda_4680") as sim:
        http = ModemHttp(sim.url)
        try:
            assert await HitronCoda4680Driver.detect(http) == 90
            assert await HitronDriver.detect(http) == 0
        finally:
            await http.close()
    async with run_simulator("hitron") as sim:
        http = ModemHttp(sim.url)
        try:
            assert await HitronCoda4680Driver.detect(http) == 0
        finally:
            await http.close()
