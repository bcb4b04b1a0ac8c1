"""Sagemcom F3896LG (Virgin Media Hub 5): REST JSON parsing, x10 scaling, detection."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.modem_sim import run_simulator
from devtools.modem_sim.f3896lg import (
    MER_ZERO_ID,
    NO_COUNTERS_ID,
    SENTINELS,
    SNR_NA_ID,
    SNR_ZERO_ID,
    render_downstream,
    render_serviceflows,
    render_upstream,
)
from devtools.modem_sim.plan import default_plan
from docsight_server.analysis.analyzer import analyze
from docsight_server.drivers import UnexpectedPageError, create_driver
from docsight_server.drivers.f3896lg import F3896LGDriver
from docsight_server.drivers.formats import f3896lg as fmt
from docsight_server.drivers.transport import ModemHttp

from .contract import assert_reading_matches, read_modem

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
        assert got["type"] == got["modulation"] == "OFDM"
        assert got["profile_modulation"] == "4096QAM"
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


# ---- page variants of real Hub 5 firmware ---------------------------------------------------


def _down(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"downstream": {"channels": list(rows)}}


def _up(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"upstream": {"channels": list(rows)}}


def _ofdm(**fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "channelId": 33,
        "channelType": "ofdm",
        "frequency": 751000000,
        "lockStatus": True,
        "power": 42,
        "rxMer": 403,
        "modulation": "qam_4096",
        "correctedErrors": 5,
        "uncorrectedErrors": 1,
    }
    return {**row, **fields}


def _sc_qam(channel_id: int, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "channelId": channel_id,
        "channelType": "sc_qam",
        "frequency": 114000000 + 8000000 * channel_id,
        "lockStatus": True,
        "power": 3.5,
        "snr": 38.2,
        "modulation": "qam_256",
        "correctedErrors": 12,
        "uncorrectedErrors": 2,
    }
    return {**row, **fields}


def test_ofdm_rxmer_zero_is_no_value() -> None:
    """The Hub 5 sends rxMer 0 for an OFDM receiver without a MER: no SNR, never 0.0 dB."""
    _, ofdm = fmt.parse_downstream(_down(_ofdm(rxMer=0))).value
    assert ofdm[0]["mer"] is None
    assert ofdm[0]["powerLevel"] == pytest.approx(4.2)


def test_ofdm_modulation_says_ofdm_and_keeps_the_profile() -> None:
    """qam_4096 on an OFDM channel is its profile's highest order, not the channel's modulation."""
    _, ofdm = fmt.parse_downstream(_down(_ofdm())).value
    assert (ofdm[0]["type"], ofdm[0]["modulation"]) == ("OFDM", "OFDM")
    assert ofdm[0]["profile_modulation"] == "4096QAM"
    _, ofdma = fmt.parse_upstream(
        _up({"channelId": 41, "channelType": "ofdma", "power": 451, "modulation": "qam_256"})
    ).value
    assert ofdma[0]["modulation"] == "OFDMA"
    assert ofdma[0]["profile_modulation"] == "256QAM"
    analysis = analyze(fmt.parse_channels(_down(_ofdm()), _up()))
    assert analysis["ds_channels"][0]["modulation"] == "OFDM"
    assert analysis["ds_channels"][0]["channel_family"] == "ofdm"


@pytest.mark.parametrize(
    ("fields", "read"),
    [
        ({"snr": 0}, {"mse": None}),
        ({"snr": -1}, {"mse": None}),
        ({"snr": "N/A"}, {"mse": None}),
        ({"snr": "---"}, {"mse": None}),
        (
            {"correctedErrors": -1, "uncorrectedErrors": -1},
            {"corrErrors": None, "nonCorrErrors": None},
        ),
        ({"power": "N/A", "modulation": "N/A"}, {"powerLevel": None, "modulation": ""}),
        ({"modulation": "unknown"}, {"modulation": ""}),
        ({"frequency": 0}, {"frequency": ""}),
        ({"power": 0, "snr": 38.2}, {"powerLevel": 0.0, "mse": -38.2}),
    ],
)
def test_sentinels_read_as_no_value(fields: dict[str, Any], read: dict[str, Any]) -> None:
    """0 and -1 where no real value can be, "N/A" and "---" anywhere, mean "no value"."""
    qam, _ = fmt.parse_downstream(_down(_sc_qam(4, **fields))).value
    assert {key: qam[0][key] for key in read} == read


@pytest.mark.parametrize(
    ("lock", "kept"),
    [
        (True, True),
        ("true", True),
        ("Locked", True),
        (1, True),
        (None, True),
        (False, False),
        ("false", False),
        ("Not Locked", False),
        ("unlocked", False),
        (0, False),
    ],
)
def test_lock_status_alone_decides_whether_a_channel_is_kept(lock: object, kept: bool) -> None:
    """An unlocked tuner with stale values goes; a locked one without values stays."""
    down = _down(
        _sc_qam(1, lockStatus=lock),
        _sc_qam(2, power="N/A", snr=0, modulation="N/A", correctedErrors=-1),
    )
    qam, _ = fmt.parse_downstream(down).value
    assert [channel["channelID"] for channel in qam] == ([1, 2] if kept else [2])


def test_atdma_without_modulation_takes_its_channel_type() -> None:
    """An upstream SC-QAM channel that names no QAM order is reported by its stated type."""
    up = _up(
        {"channelId": 1, "channelType": "atdma", "power": 44.0, "symbolRate": 5120},
        {"channelId": 2, "channelType": "tdma", "power": 44.5, "modulation": "N/A"},
        {"channelId": 3, "channelType": "atdma", "power": 45.0, "modulation": "qam_64"},
    )
    qam, _ = fmt.parse_upstream(up).value
    assert [channel["modulation"] for channel in qam] == ["ATDMA", "TDMA", "64QAM"]
    assert [channel["multiplex"] for channel in qam] == ["ATDMA", "TDMA", "ATDMA"]


def test_channel_ids_are_the_modems_own_unless_they_collide() -> None:
    """A DOCSIS 3.1 channel numbered like an SC-QAM one gets base + its id."""
    raw = fmt.parse_channels(
        _down(_sc_qam(1), _sc_qam(2), _ofdm(channelId=1), _ofdm(channelId=159)),
        _up(
            {"channelId": 1, "channelType": "atdma", "power": 44.0, "modulation": "qam_64"},
            {"channelId": 1, "channelType": "ofdma", "power": 451},
        ),
    )
    downstream, upstream = raw["channelDs"], raw["channelUs"]
    assert [channel["channelID"] for channel in downstream["docsis30"]] == [1, 2]
    assert [channel["channelID"] for channel in downstream["docsis31"]] == [34, 159]
    assert [channel["channelID"] for channel in upstream["docsis31"]] == [42]


@pytest.mark.parametrize(
    ("parse", "payload", "words"),
    [
        (fmt.parse_downstream, {}, ["/rest/v1/cablemodem/downstream", "downstream.channels"]),
        (fmt.parse_upstream, {"upstream": {}}, ["/rest/v1/cablemodem/upstream", "channels"]),
        (fmt.parse_state, {"cablemodem": {}}, ["/rest/v1/cablemodem/state_", "status"]),
        (fmt.parse_serviceflows, [], ["/rest/v1/cablemodem/serviceflows", "serviceFlows"]),
    ],
)
def test_unreadable_page_says_which_page_and_what_was_expected(
    parse: Any, payload: Any, words: list[str]
) -> None:
    """The error names the REST resource and the structure the driver looks for."""
    with pytest.raises(UnexpectedPageError) as caught:
        parse(payload, "odd")
    for word in words:
        assert word in str(caught.value)
    assert "expected" in str(caught.value)


async def test_garbage_answer_names_the_resource() -> None:
    """An HTML page where JSON belongs is reported with the resource and the expected JSON."""
    async with run_simulator("f3896lg") as sim:
        sim.state.garbage = True
        driver = create_driver("f3896lg", sim.url, "", "")
        try:
            with pytest.raises(UnexpectedPageError) as caught:
                await read_modem(driver)
        finally:
            await driver.close()
    message = str(caught.value)
    assert "/rest/v1/cablemodem/registration" in message
    assert "not JSON" in message
    assert "expected" in message


def test_driver_names_the_known_firmware() -> None:
    """The docs table shows which page variants this driver reads."""
    assert "lockStatus" in F3896LGDriver.firmware
    assert "rxMer" in F3896LGDriver.firmware


async def test_sentinel_variant_end_to_end() -> None:
    """The simulator's sentinel firmware reads as the plan with its blanks as None."""
    async with run_simulator("f3896lg", variant=SENTINELS) as sim:
        driver = create_driver("f3896lg", sim.url, "", "")
        try:
            _, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
    analysis = analyze(docsis)
    assert_reading_matches(analysis, sim.simulator.expected())
    by_id = {channel["channel_id"]: channel for channel in analysis["ds_channels"]}
    for blank in (SNR_ZERO_ID, SNR_NA_ID, MER_ZERO_ID):
        assert by_id[blank]["snr"] is None
    assert by_id[NO_COUNTERS_ID]["correctable_errors"] is None
    unlocked = [ch.channel_id for ch in sim.state.plan.ds if not ch.locked]
    assert unlocked
    assert not set(unlocked) & set(by_id)
    assert {channel["modulation"] for channel in analysis["us_channels"]} == {"ATDMA", "OFDMA"}
