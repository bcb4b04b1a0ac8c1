"""AVM FRITZ!Box: login crypto, SessionInfo, docInfo/overview/netMoni parsing, SID handling."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from multidict import CIMultiDict, CIMultiDictProxy

from devtools.modem_sim import run_simulator
from devtools.modem_sim.base import GARBAGE_PAGE
from devtools.modem_sim.fritzbox import (
    BLANK_MODULATION_US_ID,
    BLANK_POWER,
    BLANK_POWER_IDS,
    LOGIN_PAGE,
    TYPE_KEYS,
    render_docinfo,
    render_netmoni,
    render_overview,
    session_info_xml,
)
from devtools.modem_sim.plan import default_plan
from docsight_server.analysis.analyzer import analyze
from docsight_server.drivers import DriverAuthError, UnexpectedPageError, create_driver
from docsight_server.drivers.base import DriverLockedOutError
from docsight_server.drivers.formats import fritzbox as fmt
from docsight_server.drivers.formats.common import OFDMA_ID_BASE
from docsight_server.drivers.fritzbox import FritzBoxDriver, _session_gone
from docsight_server.drivers.transport import HttpReply, ModemHttp

from .contract import assert_reading_matches, read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _reply(status: int, text: str) -> HttpReply:
    return HttpReply(status, text, CIMultiDictProxy(CIMultiDict()), "http://box/data.lua")


def _docinfo(ds30: list[Any], ds31: list[Any], us30: list[Any], us31: list[Any]) -> Any:
    return {
        "data": {
            "channelDs": {"docsis30": ds30, "docsis31": ds31},
            "channelUs": {"docsis30": us30, "docsis31": us31},
        }
    }


# ---- login crypto --------------------------------------------------------------------------


def test_pbkdf2_response_known_answer() -> None:
    """AVM's published example: 2$10000$5A1711$2000$5A1722 with password 1example!."""
    response = fmt.pbkdf2_response("2$10000$5A1711$2000$5A1722", "1example!")
    assert response == ("5A1722$1798a1672bca7c6463d6b245f82b53703b0f50813401b03e4045a5861e689adb")


def test_pbkdf2_response_matches_an_independent_computation() -> None:
    """hash1 = PBKDF2(pw, salt1, iter1); response hex = PBKDF2(hash1, salt2, iter2)."""
    salt1, salt2 = "0a0b0c0d", "f00dfeed"
    hash1 = hashlib.pbkdf2_hmac("sha256", b"s3cret", bytes.fromhex(salt1), 7)
    hash2 = hashlib.pbkdf2_hmac("sha256", hash1, bytes.fromhex(salt2), 3)
    challenge = f"2$7${salt1}$3${salt2}"
    assert fmt.challenge_response(challenge, "s3cret") == f"{salt2}${hash2.hex()}"


def test_md5_response_known_answer() -> None:
    """AVM's published legacy example: challenge 1234567z, password äbc."""
    assert fmt.md5_response("1234567z", "äbc") == "1234567z-9e224a41eeefa284df7bb0f26c2913e2"


def test_md5_response_replaces_wide_characters() -> None:
    """Characters above U+00FF become '.' before the UTF-16LE MD5."""
    want = hashlib.md5("abcd1234-pa.s".encode("utf-16-le")).hexdigest()
    assert fmt.challenge_response("abcd1234", "pa€s") == f"abcd1234-{want}"


def test_malformed_pbkdf2_challenge_is_a_value_error() -> None:
    """A 2$ challenge without five parts cannot be answered."""
    with pytest.raises(ValueError, match="malformed"):
        fmt.pbkdf2_response("2$10$abc", "pw")


# ---- SessionInfo ---------------------------------------------------------------------------


def test_session_info_parses_challenge_and_block_time() -> None:
    """SID, Challenge, BlockTime and the last user come out of the XML."""
    info = fmt.parse_session_info(session_info_xml(fmt.NO_SID, "2$1$aa$1$bb", 12, "fritz1234"))
    assert (info.sid, info.challenge, info.block_time) == (fmt.NO_SID, "2$1$aa$1$bb", 12)
    assert info.last_user == "fritz1234"
    assert not info.valid


def test_session_info_with_a_sid_is_valid() -> None:
    """A non-zero SID names a session."""
    info = fmt.parse_session_info(session_info_xml("0123456789ABCDEF", "deadbeef", 0, "admin"))
    assert info.valid
    assert info.sid == "0123456789abcdef"


def test_session_info_garbage_is_an_unexpected_page() -> None:
    """A maintenance page is not a SessionInfo."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_session_info(GARBAGE_PAGE)
    assert "unavailable" in caught.value.excerpt


# ---- docInfo -------------------------------------------------------------------------------


def test_docinfo_from_rendered_plan_matches_the_plan() -> None:
    """The simulator's docInfo parses back to the plan, OFDMA power corrected by +6 dB."""
    plan = default_plan()
    result = fmt.parse_docinfo({"data": render_docinfo(plan)})
    ds, us = result.value["channelDs"], result.value["channelUs"]
    assert [ch["channelID"] for ch in ds["docsis30"]] == [ch.channel_id for ch in plan.ds_qam]
    for got, want in zip(ds["docsis30"], plan.ds_qam, strict=True):
        assert got["frequency"] == f"{want.frequency_mhz:g} MHz"
        assert got["powerLevel"] == pytest.approx(want.power)
        assert got["mse"] == pytest.approx(-want.snr)
        assert got["modulation"] == want.modulation
        assert (got["corrErrors"], got["nonCorrErrors"]) == (want.corrected, want.uncorrectable)
    for got, want in zip(ds["docsis31"], plan.ds_ofdm, strict=True):
        assert got["frequency"] == f"{want.frequency_mhz:g} MHz"
        assert (got["type"], got["mer"]) == ("OFDM", pytest.approx(want.snr))
        assert got["corrErrors"] == want.corrected
    for got, up in zip(us["docsis30"], plan.us_qam, strict=True):
        assert (got["powerLevel"], got["multiplex"]) == (pytest.approx(up.power), "ATDMA")
    for got, up in zip(us["docsis31"], plan.us_ofdma, strict=True):
        assert got["powerLevel"] == pytest.approx(up.power)
        assert got["frequency"] == f"{up.frequency_mhz:g} MHz"
        assert got["type"] == got["multiplex"] == "OFDMA"
    assert any("only dashes" in note for note in result.diagnostics)


def test_docinfo_quirks() -> None:
    """Bare MHz, OFDM ranges, '-' counters, unlocked tuners, OFDMA +6 dB and its profile."""
    payload = _docinfo(
        [
            {
                "channelID": 7,
                "frequency": "602.000",
                "powerLevel": "3.9",
                "modulation": "256QAM",
                "mse": "-38.6",
                "corrErrors": "-",
                "nonCorrErrors": "",
            },
            {"channelID": 8, "frequency": "610.000", "powerLevel": "-", "modulation": "-"},
        ],
        [
            {
                "channelID": 33,
                "frequency": "134.975 - 324.975",
                "powerLevel": "1.5",
                "modulation": "4096QAM",
                "mer": "41.0",
                "corrErrors": 12,
                "nonCorrErrors": 0,
            }
        ],
        [{"channelID": 2, "frequency": "51.000", "powerLevel": "44.0", "modulation": "64QAM"}],
        [
            {
                "channelID": 9,
                "frequency": "29.800 - 64.750",
                "powerLevel": "38.5",
                "modulation": "1024QAM",
            }
        ],
    )
    result = fmt.parse_docinfo(payload).value
    ds30 = result["channelDs"]["docsis30"]
    assert len(ds30) == 1
    assert ds30[0]["frequency"] == "602 MHz"
    assert ds30[0]["corrErrors"] is None
    assert ds30[0]["nonCorrErrors"] is None
    ofdm = result["channelDs"]["docsis31"][0]
    assert ofdm["frequency"] == "134.975 MHz"
    assert ofdm["modulation"] == "4096QAM"
    assert ofdm["nonCorrErrors"] == 0
    assert result["channelUs"]["docsis30"][0]["multiplex"] == "ATDMA"
    ofdma = result["channelUs"]["docsis31"][0]
    assert ofdma["powerLevel"] == pytest.approx(44.5)
    assert ofdma["profile_modulation"] == "1024QAM"


def test_docinfo_without_docsis31_lanes() -> None:
    """A DOCSIS 3.0 box leaves the docsis31 lists out."""
    payload: dict[str, Any] = {
        "data": {"channelDs": {"docsis30": []}, "channelUs": {"docsis30": []}}
    }
    result = fmt.parse_docinfo(payload).value
    assert result["channelDs"]["docsis31"] == []
    assert result["channelUs"]["docsis31"] == []


@pytest.mark.parametrize(
    "payload",
    [
        {"pid": "docInfo"},
        {"data": {}},
        {"data": {"channelDs": [], "channelUs": {}}},
        {"data": {"channelDs": {"docsis30": "x"}, "channelUs": {}}},
        [],
    ],
)
def test_malformed_docinfo_is_an_unexpected_page(payload: Any) -> None:
    """Anything but channel lists raises UnexpectedPageError."""
    with pytest.raises(UnexpectedPageError):
        fmt.parse_docinfo(payload, "page text")


def _ds30(channel_id: int, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "channelID": channel_id,
        "frequency": f"{106 + 8 * channel_id}.000",
        "powerLevel": "3.9",
        "modulation": "256QAM",
        "mse": "-38.6",
        "latency": "0.32",
        "corrErrors": 11,
        "nonCorrErrors": 1,
    }
    return {**row, **fields}


def test_listed_channels_with_empty_power_are_kept() -> None:
    """An empty power cell is a missing measurement of a listed channel, not an unlocked tuner."""
    payload = _docinfo(
        [_ds30(1), _ds30(2, powerLevel=""), _ds30(3, powerLevel=None)],
        [
            {
                "channelID": 33,
                "frequency": "751.000 - 845.000",
                "powerLevel": "",
                "modulation": "4096QAM",
                "mer": "40.2",
            }
        ],
        [{"channelID": 1, "frequency": "30.800", "powerLevel": "", "modulation": "64QAM"}],
        [{"channelID": 9, "frequency": "54.000 - 64.000", "powerLevel": "", "modulation": ""}],
    )
    raw = fmt.parse_docinfo(payload).value
    ds30 = raw["channelDs"]["docsis30"]
    assert [(ch["channelID"], ch["powerLevel"]) for ch in ds30] == [(1, 3.9), (2, None), (3, None)]
    assert ds30[1]["mse"] == pytest.approx(-38.6)
    assert raw["channelDs"]["docsis31"][0]["powerLevel"] is None
    assert raw["channelDs"]["docsis31"][0]["mer"] == pytest.approx(40.2)
    assert raw["channelUs"]["docsis30"][0]["powerLevel"] is None
    assert raw["channelUs"]["docsis31"][0]["powerLevel"] is None


@pytest.mark.parametrize(
    "row",
    [
        _ds30(
            5,
            powerLevel="-",
            modulation="-",
            mse="-",
            latency="-",
            corrErrors="-",
            nonCorrErrors="-",
        ),
        _ds30(5, lockStatus=False),
        _ds30(5, lockStatus="unlocked"),
        _ds30(5, locked="0"),
    ],
)
def test_only_an_unlocked_row_is_dropped(row: dict[str, Any]) -> None:
    """A row of dashes (FRITZ!OS's idle tuner), or one whose lock status says unlocked, goes."""
    result = fmt.parse_docinfo(_docinfo([_ds30(4), row], [], [], []))
    assert [ch["channelID"] for ch in result.value["channelDs"]["docsis30"]] == [4]
    assert any("channel 5" in note for note in result.diagnostics)


@pytest.mark.parametrize(
    ("frequency", "label"),
    [
        ("114.000", "114 MHz"),
        ("602.000", "602 MHz"),
        ("1002.000", "1002 MHz"),
        ("146", "146 MHz"),
        ("30.8", "30.8 MHz"),
        (37.2, "37.2 MHz"),
        ("134.975 - 324.975", "134.975 MHz"),
        ("134-325", "134 MHz"),
        ("29.8-64.8", "29.8 MHz"),
        ("-", ""),
    ],
)
def test_bare_mhz_frequencies_keep_our_label(frequency: object, label: str) -> None:
    """FRITZ!OS gives MHz with a decimal point (never a thousands separator) or ranges."""
    raw = fmt.parse_docinfo(_docinfo([_ds30(1, frequency=frequency)], [], [], [])).value
    assert raw["channelDs"]["docsis30"][0]["frequency"] == label


@pytest.mark.parametrize(("power", "corrected"), [("38.5", 44.5), (38.5, 44.5), ("-", None)])
def test_ofdma_power_keeps_the_six_db_correction(power: object, corrected: float | None) -> None:
    """DOCSIS 3.1 upstream power is 6 dB low on every FRITZ!OS page; no power stays none."""
    row = {"channelID": 1, "frequency": "29.8-64.8", "powerLevel": power, "type": "OFDMA"}
    raw = fmt.parse_docinfo(_docinfo([], [], [], [row])).value
    assert raw["channelUs"]["docsis31"][0]["powerLevel"] == (
        None if corrected is None else pytest.approx(corrected)
    )


def test_older_pages_name_the_modulation_type() -> None:
    """Older FRITZ!OS pages put the modulation in `type`; the 3.1 rows' `type` may be the FFT."""
    payload = _docinfo(
        [{**_ds30(1, modulation=None), "type": "64QAM"}],
        [
            {"channelID": 33, "frequency": "134-325", "powerLevel": "6.4", "type": "4096QAM"},
            {"channelID": 34, "frequency": "751-845", "powerLevel": "6.1", "type": "4K"},
        ],
        [{"channelID": 2, "frequency": "30.8", "powerLevel": 44.3, "type": "16QAM"}],
        [{"channelID": 1, "frequency": "29.8-64.8", "powerLevel": "41.5", "type": "OFDMA"}],
    )
    raw = fmt.parse_docinfo(payload).value
    assert raw["channelDs"]["docsis30"][0]["modulation"] == "64QAM"
    assert [ch["modulation"] for ch in raw["channelDs"]["docsis31"]] == ["4096QAM", "OFDM"]
    assert raw["channelUs"]["docsis30"][0]["modulation"] == "16QAM"
    assert raw["channelUs"]["docsis31"][0]["modulation"] == "OFDMA"


@pytest.mark.parametrize(
    ("fields", "modulation"),
    [
        ({"modulation": "", "multiplex": "ATDMA"}, "ATDMA"),
        ({"modulation": "-", "multiplex": "TDMA"}, "TDMA"),
        ({"multiplex": "SC-QAM"}, "SC-QAM"),
        ({"modulation": "64QAM", "multiplex": "ATDMA"}, "64QAM"),
        ({"modulation": ""}, "ATDMA"),
    ],
)
def test_upstream_without_qam_order_takes_its_stated_type(
    fields: dict[str, Any], modulation: str
) -> None:
    """An SC-QAM upstream row that names no QAM order reports its multiplex as modulation."""
    row = {"channelID": 2, "frequency": "30.800", "powerLevel": "44.0", **fields}
    raw = fmt.parse_docinfo(_docinfo([], [], [row], [])).value
    assert raw["channelUs"]["docsis30"][0]["modulation"] == modulation


def test_channel_ids_are_the_boxs_own_unless_they_collide() -> None:
    """FRITZ!OS numbers its OFDMA channel 1 like the first ATDMA one: it becomes 41 + 1."""
    payload = _docinfo(
        [_ds30(1), _ds30(2)],
        [{"channelID": 33, "frequency": "751-845", "powerLevel": "6.1", "mer": "40.1"}],
        [
            {"channelID": 1, "frequency": "30.8", "powerLevel": "44.0", "modulation": "64QAM"},
            {"channelID": 2, "frequency": "37.2", "powerLevel": "44.5", "modulation": "64QAM"},
        ],
        [{"channelID": 1, "frequency": "54-64", "powerLevel": "39.0", "type": "OFDMA"}],
    )
    result = fmt.parse_docinfo(payload)
    raw = result.value
    assert [ch["channelID"] for ch in raw["channelDs"]["docsis31"]] == [33]
    assert [ch["channelID"] for ch in raw["channelUs"]["docsis30"]] == [1, 2]
    assert [ch["channelID"] for ch in raw["channelUs"]["docsis31"]] == [OFDMA_ID_BASE + 1]
    assert result.diagnostics == []  # the documented rule, not a page defect


def test_a_channel_id_given_twice_is_noted() -> None:
    """Two ATDMA rows with one id: the second goes above the highest SC-QAM id, with a note."""
    payload = _docinfo(
        [_ds30(1)],
        [],
        [
            {"channelID": 3, "frequency": "30.8", "powerLevel": "44.0", "modulation": "64QAM"},
            {"channelID": 3, "frequency": "37.2", "powerLevel": "44.5", "modulation": "64QAM"},
        ],
        [],
    )
    result = fmt.parse_docinfo(payload)
    assert [ch["channelID"] for ch in result.value["channelUs"]["docsis30"]] == [3, 4]
    assert result.diagnostics == ["channel id 3 given twice (at 37.2 MHz): reported as 4"]


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ({"pid": "docInfo"}, ["docInfo", "data object"]),
        ({"data": {}}, ["docInfo", "channelDs", "channelUs"]),
        ({"data": {"channelDs": {"docsis30": "x"}, "channelUs": {}}}, ["channelDs.docsis30"]),
        ({"data": {"channelDs": {}, "channelUs": {"docsis31": [1]}}}, ["channelUs.docsis31"]),
    ],
)
def test_unreadable_docinfo_says_what_was_expected(payload: Any, words: list[str]) -> None:
    """The error names the data.lua page, the part that is wrong and what it should hold."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_docinfo(payload, "page text")
    message = str(caught.value)
    for word in words:
        assert word in message
    assert "expected" in message


async def test_non_json_answer_names_the_page_and_the_expectation() -> None:
    """A maintenance page in place of docInfo says which page and what it should have been."""
    async with run_simulator("fritzbox") as sim:
        driver = create_driver("fritzbox", sim.url, sim.state.user, sim.state.password)
        try:
            await driver.login()
            sim.state.garbage = True
            with pytest.raises(UnexpectedPageError) as caught:
                await driver.get_docsis_data()
        finally:
            sim.state.garbage = False
            await driver.close()
    message = str(caught.value)
    assert "data.lua page docInfo" in message
    assert "expected" in message


def test_driver_names_the_known_firmware() -> None:
    """The docs table shows which FRITZ!OS page variants this driver reads."""
    assert "FRITZ!OS" in FritzBoxDriver.firmware
    assert "type" in FritzBoxDriver.firmware


@pytest.mark.parametrize("variant", [BLANK_POWER, TYPE_KEYS])
async def test_page_variants_end_to_end(variant: str) -> None:
    """Each docInfo variant reads as the plan through the driver and the analyzer."""
    async with run_simulator("fritzbox", variant=variant) as sim:
        driver = create_driver("fritzbox", sim.url, sim.state.user, sim.state.password)
        try:
            _, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
    analysis = analyze(docsis)
    assert_reading_matches(analysis, sim.simulator.expected())
    ds = {channel["channel_id"]: channel for channel in analysis["ds_channels"]}
    us = {channel["channel_id"]: channel for channel in analysis["us_channels"]}
    # The page numbers the OFDMA channel 1 like ATDMA channel 1: the rule makes it 41 + 1.
    assert us[OFDMA_ID_BASE + 1]["power"] == pytest.approx(sim.state.plan.us_ofdma[0].power)
    assert us[1]["channel_family"] == "sc_qam"
    if variant == BLANK_POWER:
        assert all(ds[channel_id]["power"] is None for channel_id in BLANK_POWER_IDS)
        assert us[BLANK_MODULATION_US_ID]["modulation"] == "ATDMA"
    else:
        assert ds[1]["modulation"] == "64QAM"
        assert ds[1]["frequency"] == "114 MHz"


# ---- overview and netMoni ------------------------------------------------------------------


def test_overview_from_rendered_plan() -> None:
    """Productname, nspver and Uptime become model, sw_version and uptime_seconds."""
    plan = default_plan()
    info = fmt.parse_overview({"data": render_overview(plan, "md5")}).value
    assert info == {
        "manufacturer": "AVM",
        "model": "FRITZ!Box 6591 Cable",
        "sw_version": "7.12",
        "uptime_seconds": plan.uptime_seconds,
    }


@pytest.mark.parametrize(
    ("uptime", "seconds"),
    [
        ("3 Tage 4 Stunden 5 Minuten", 3 * 86400 + 4 * 3600 + 300),
        ("2 days, 1 hour", 2 * 86400 + 3600),
        ("4711", 4711),
        (99.0, 99),
        ("soon", None),
    ],
)
def test_uptime_texts(uptime: object, seconds: int | None) -> None:
    """Uptime comes as seconds or as German/English text."""
    assert fmt.uptime_seconds(uptime) == seconds


def test_overview_without_fritzos_is_an_unexpected_page() -> None:
    """An overview without fritzos cannot name the box."""
    with pytest.raises(UnexpectedPageError):
        fmt.parse_overview({"data": {"lan": {}}})


def test_netmoni_from_rendered_plan() -> None:
    """The first connection's line rates are reported in kbit/s."""
    plan = default_plan()
    assert fmt.parse_netmoni({"data": render_netmoni(plan)}).value == {
        "max_downstream_kbps": plan.max_downstream_kbps,
        "max_upstream_kbps": plan.max_upstream_kbps,
        "connection_type": "cable",
    }
    assert fmt.parse_netmoni({"data": {"connections": []}}).value == {}


# ---- session detection ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "text", "gone"),
    [
        (403, "Forbidden", True),
        (200, LOGIN_PAGE, True),
        (200, '{"sid": "0000000000000000", "pid": "login"}', True),
        (200, '{"pid": "docInfo", "data": {}}', False),
        (200, GARBAGE_PAGE, False),
    ],
)
def test_session_gone_detection(status: int, text: str, gone: bool) -> None:
    """403, the login page and data-less login JSON mean the SID died; maintenance does not."""
    assert _session_gone(_reply(status, text)) is gone


# ---- driver against the simulator ----------------------------------------------------------


async def test_sid_is_reused_across_polls_and_released_on_close() -> None:
    """Two polls log in once; close() logs the SID out."""
    async with run_simulator("fritzbox") as sim:
        driver = create_driver("fritzbox", sim.url, sim.state.user, sim.state.password)
        try:
            await read_modem(driver)
            await read_modem(driver)
            assert sim.state.logins == 1
        finally:
            await driver.close()
        assert sim.state.logouts == 1
        assert not sim.state.sessions


async def test_legacy_firmware_redirect_means_log_in_again() -> None:
    """On MD5 firmware a dead SID redirects to the login page; the driver logs in again."""
    async with run_simulator("fritzbox", variant="md5") as sim:
        driver = create_driver("fritzbox", sim.url, sim.state.user, sim.state.password)
        try:
            await read_modem(driver)
            sim.state.expire_sessions()
            _, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
    assert sim.state.logins == 2
    assert len(docsis["channelDs"]["docsis30"]) == len(sim.state.plan.ds_qam)


async def test_block_time_is_a_lockout_without_sending_the_password() -> None:
    """After too many failures BlockTime > 0: the driver stops before answering."""
    async with run_simulator("fritzbox") as sim:
        sim.state.lockout_after = 1
        wrong = create_driver("fritzbox", sim.url, sim.state.user, "not-it")
        right = create_driver("fritzbox", sim.url, sim.state.user, sim.state.password)
        try:
            with pytest.raises(DriverAuthError):
                await wrong.login()
            with pytest.raises(DriverLockedOutError) as caught:
                await right.login()
        finally:
            await wrong.close()
            await right.close()
        assert sim.state.failed_logins == 1
        assert sim.state.password not in str(caught.value)
        assert "30 s" in str(caught.value)


async def test_wrong_user_is_refused() -> None:
    """The box checks the user name too."""
    async with run_simulator("fritzbox", variant="md5") as sim:
        driver = create_driver("fritzbox", sim.url, "someone", sim.state.password)
        try:
            with pytest.raises(DriverAuthError):
                await driver.login()
        finally:
            await driver.close()
        assert sim.state.failed_logins == 1


async def test_detect_ignores_other_families() -> None:
    """A Hub 5 has no login_sid.lua: the FRITZ!Box detector answers 0."""
    async with run_simulator("f3896lg") as sim:
        http = ModemHttp(sim.url)
        try:
            assert await FritzBoxDriver.detect(http) == 0
        finally:
            await http.close()
