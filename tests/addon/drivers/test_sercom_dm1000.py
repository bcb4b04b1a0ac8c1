"""Sercom DM1000: setup.cgi parsers, password encodings, the misspelled JSON type, navigation."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from devtools.modem_sim import SimState, default_plan, run_simulator
from devtools.modem_sim.sercom_dm1000 import SercomDm1000Simulator
from docsight_server.analysis.analyzer import analyze
from docsight_server.drivers import DriverAuthError, UnexpectedPageError, create_driver
from docsight_server.drivers.formats import sercom_dm1000 as fmt
from docsight_server.drivers.sercom_dm1000 import SercomDm1000Driver, fetch_todo, login_form

from .contract import assert_reading_matches, read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")

DS = {
    "nodes": [
        {
            "numD": "1",
            "DCIDD": "7",
            "FreqD": "591000000",
            "SNRD": "38.983261",
            "qamD": "256QAM",
            "octetsD": "-1688606920",
            "correctedsD": "41",
            "uncorrectedsD": "2",
            "PowerD": "8.800003",
        },
        {
            "numD": "2",
            "DCIDD": "0",
            "FreqD": "0",
            "SNRD": "0",
            "qamD": "QAM_NONE",
            "correctedsD": "0",
            "uncorrectedsD": "0",
            "PowerD": "0",
        },
        {
            "numD": "3",
            "DCIDD": "9",
            "FreqD": "603000000",
            "SNRD": "37.5",
            "qamD": "qam_64",
            "correctedsD": "N/A",
            "PowerD": "1.5",
        },
    ]
}
DS_OFDM = {
    "nodes": [
        {
            "num": "0",
            "fftType": "4K",
            "OFDMFreq": "275600000",
            "PLC": "YES",
            "NCP": "YES",
            "MDC1": "YES",
            "PLC_power": "10.300003",
            "AV_Pilot": "45",
            "AV_PLC": "40",
            "AV_Data": "39",
        },
        {
            "num": "1",
            "OFDMFreq": "827600000",
            "PLC": "YES",
            "MDC1": "NO",
            "PLC_power": "4.599998",
            "AV_Data": "38",
        },
    ]
}
US = {
    "nodes": [
        {
            "num": "0",
            "Freq": "21.100000",
            "rate": "    2.56",
            "modulation": "64QAM",
            "channelType": "DOCSIS 3.0",
            "rep_power": "35.260300",
            "upstream": "5",
        },
        {
            "num": "4",
            "Freq": "9.961089",
            "rate": " Invalid",
            "modulation": "QAM_NONE",
            "channelType": "DOCSIS 3.0",
            "rep_power": "-inf",
            "upstream": "---",
        },
    ]
}
US_OFDMA = {
    "nodes": [
        {"name": "CH", "index1": "0", "index2": "1"},
        {"name": "Power", "index1": "ON", "index2": "OFF"},
        {"name": "STATE", "index1": "    RNG3", "index2": "DISABLED"},
        {"name": "BW (sc s*fft)", "index1": "39.200001", "index2": "0.000000"},
        {"name": "rep power", "index1": "51.141663", "index2": "0.000000"},
        {"name": "rep power1_6", "index1": "37.250000", "index2": "0.000000"},
        {"name": "FFT SIZE", "index1": "2K", "index2": "2K"},
        {"name": "Center Freq SC0", "index1": "42.000000", "index2": "0.000000"},
        {"name": "bit Loading", "index1": "8", "index2": "0"},
    ]
}


def test_downstream_skips_idle_receivers_and_reads_counters() -> None:
    """QAM_NONE receivers are skipped; N/A and missing counters are None, not 0."""
    result = fmt.parse_downstream(DS)
    first, second = result.value
    assert first == {
        "channelID": 7,
        "frequency": "591 MHz",
        "powerLevel": pytest.approx(8.800003),
        "modulation": "256QAM",
        "mse": pytest.approx(-38.983261),
        "corrErrors": 41,
        "nonCorrErrors": 2,
    }
    assert second["channelID"] == 9
    assert second["modulation"] == "64QAM"
    assert second["corrErrors"] is None
    assert second["nonCorrErrors"] is None
    assert any("idle" in note for note in result.diagnostics)


def test_ofdm_needs_plc_and_mdc1_and_falls_back_to_plc_mer() -> None:
    """Only PLC+MDC1 locked receivers count; AV_Data is the MER, AV_PLC when it is blank."""
    (channel,) = fmt.parse_ofdm_downstream(DS_OFDM).value
    assert channel == {
        "channelID": 0,
        "frequency": "275.6 MHz",
        "powerLevel": pytest.approx(10.300003),
        "type": "OFDM",
        "modulation": "OFDM",
        "mer": 39.0,
        "corrErrors": None,
        "nonCorrErrors": None,
    }
    blank = {"nodes": [dict(DS_OFDM["nodes"][0], AV_Data="")]}
    assert fmt.parse_ofdm_downstream(blank).value[0]["mer"] == 40.0


def test_upstream_units_and_idle_transmitter() -> None:
    """Freq is MHz, rate MSym/s (-> kSym/s); the '---'/-inf/Invalid row is skipped."""
    (channel,) = fmt.parse_upstream(US).value
    assert channel == {
        "channelID": 5,
        "frequency": "21.1 MHz",
        "powerLevel": pytest.approx(35.2603),
        "modulation": "64QAM",
        "multiplex": "ATDMA",
        "symbolRate": 2560,
    }


def test_ofdma_table_is_transposed_and_carries_a_profile_modulation() -> None:
    """Columns are channels; power is 'rep power1_6'; bit loading 8 is 256QAM."""
    (channel,) = fmt.parse_ofdma_upstream(US_OFDMA).value
    assert channel == {
        "channelID": 0,
        "frequency": "42 MHz",
        "powerLevel": 37.25,
        "type": "OFDMA",
        "modulation": "OFDMA",
        "multiplex": "OFDMA",
        "profile_modulation": "256QAM",
    }
    analysis = analyze(
        {
            "channelDs": {"docsis30": [], "docsis31": []},
            "channelUs": {"docsis30": [], "docsis31": [channel]},
        }
    )
    assert analysis["us_channels"][0]["profile_modulation"] == "256QAM"


@pytest.mark.parametrize(
    ("bits", "expected"),
    [
        ("0", None),
        ("2", "QPSK"),
        ("6", "64QAM"),
        ("8", "256QAM"),
        ("12", "4096QAM"),
        ("13", None),
        (None, None),
    ],
)
def test_profile_modulation_from_bit_loading(bits: str | None, expected: str | None) -> None:
    """Bits per subcarrier map to the QAM order."""
    assert fmt.profile_modulation(bits) == expected


@pytest.mark.parametrize(
    "payload",
    [
        {"ModelName": "DM1000", "SoftwareVersion": "1.0.9"},
        {"nodes": [{"ModelName": "DM1000", "SoftwareVersion": "1.0.9"}]},
        {
            "nodes": [
                {"name": "ModelName", "value": "DM1000"},
                {"name": "SoftwareVersion", "value": "1.0.9"},
            ]
        },
    ],
)
def test_product_info_shapes(payload: dict[str, Any]) -> None:
    """Pd_info fields are found at the top, inside node objects or as name/value nodes."""
    info = fmt.parse_device(payload)
    assert info["model"] == "DM1000"
    assert info["sw_version"] == "1.0.9"


def test_tables_without_nodes_are_unexpected() -> None:
    """An answer without a nodes list is an UnexpectedPageError with the text."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_downstream({"errCode": "000"}, '{"errCode": "000"}')
    assert "errCode" in caught.value.excerpt


def test_simulator_tables_parse_to_the_plan() -> None:
    """Rendered tables parse back to the plan (unlocked/idle rows are rendered and skipped)."""
    sim = SercomDm1000Simulator(SimState("technician", "pw", "base64", default_plan()))
    plan = sim.plan
    ds = fmt.parse_downstream(sim.rf_ds()).value
    assert [ch["channelID"] for ch in ds] == [ch.channel_id for ch in plan.ds_qam]
    assert [ch["corrErrors"] for ch in ds] == [ch.corrected for ch in plan.ds_qam]
    ofdm = fmt.parse_ofdm_downstream(sim.rf_ds_31()).value
    assert [ch["mer"] for ch in ofdm] == [ch.snr for ch in plan.ds_ofdm]
    us = fmt.parse_upstream(sim.rf_us()).value
    assert [ch["symbolRate"] for ch in us] == [5120] * len(plan.us_qam)
    ofdma = fmt.parse_ofdma_upstream(sim.rf_us_31()).value
    assert [ch["powerLevel"] for ch in ofdma] == [ch.power for ch in plan.us_ofdma]


def test_login_form_known_answer() -> None:
    """The base64 variant sends base64(password) in both pws and passwd."""
    form = login_form("technician", "secret", "base64")
    assert form["pws"] == form["passwd"] == "c2VjcmV0"
    assert base64.b64decode(form["pws"]) == b"secret"
    assert form["todo"] == "login"
    assert form["login_user"] == "technician"
    assert login_form("technician", "secret", "plain")["pws"] == "secret"


async def test_plain_variant_is_found_and_remembered() -> None:
    """The driver tries base64 first, falls back to plain, and starts with plain next time."""
    async with run_simulator("sercom_dm1000", variant="plain") as sim:
        driver = SercomDm1000Driver(sim.url, "technician", sim.state.password)
        try:
            await read_modem(driver)
            assert sim.state.failed_logins == 1
            assert driver.encodings[0] == "plain"
            sim.state.expire_sessions()
            _, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
    assert sim.state.failed_logins == 1
    assert sim.state.logins == 2
    assert_reading_matches(analyze(docsis), sim.simulator.expected())


@pytest.mark.parametrize("variant", ["base64", "plain"])
async def test_wrong_password_in_each_variant(variant: str) -> None:
    """Both encodings refused -> DriverAuthError without the password; no session held."""
    async with run_simulator("sercom_dm1000", variant=variant) as sim:
        driver = create_driver("sercom_dm1000", sim.url, "technician", "Wr0ng-secret")
        try:
            with pytest.raises(DriverAuthError) as caught:
                await driver.login()
        finally:
            await driver.close()
        assert "Wr0ng-secret" not in str(caught.value)
        assert sim.state.failed_logins == 2
        assert not sim.state.sessions


async def test_misspelled_json_content_type_is_parsed() -> None:
    """setup.cgi answers 'applation/json'; the driver parses the body regardless."""
    async with run_simulator("sercom_dm1000") as sim:
        driver = SercomDm1000Driver(sim.url, "technician", sim.state.password)
        try:
            await driver.login()
            reply = await driver.http.get("/setup.cgi", params={"todo": "Pd_info"})
            payload = await fetch_todo(driver.http, "Pd_info")
        finally:
            await driver.close()
    assert reply.headers["Content-Type"] == "applation/json"
    assert fmt.parse_device(payload)["model"] == "DM1000"


async def test_login_opens_the_status_page_before_the_rf_tables() -> None:
    """The RF tables are empty until status.html was opened; the driver opens it at login."""
    async with run_simulator("sercom_dm1000") as sim:
        driver = SercomDm1000Driver(sim.url, "technician", sim.state.password)
        try:
            _, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
        assert sim.state.hits["/status.html"] == 1
        assert sim.state.hits["/login.html"] == 1
    assert len(docsis["channelDs"]["docsis30"]) == 16


async def test_docsis31_channels_keep_the_modem_ids_unless_an_scqam_id_clashes() -> None:
    """Receiver 0 and OFDMA channel 0 stay 0; receiver 1 meets SC-QAM channel 1 and is 34."""
    async with run_simulator("sercom_dm1000") as sim:
        driver = SercomDm1000Driver(sim.url, "technician", sim.state.password)
        try:
            await driver.login()
            docsis = await driver.get_docsis_data()
        finally:
            await driver.close()
    ds = docsis["channelDs"]
    assert 1 in [ch["channelID"] for ch in ds["docsis30"]]
    assert [ch["channelID"] for ch in ds["docsis31"]] == [0, 34]
    assert [ch["channelID"] for ch in docsis["channelUs"]["docsis31"]] == [0]
