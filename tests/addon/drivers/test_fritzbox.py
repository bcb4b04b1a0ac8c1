"""AVM FRITZ!Box: login crypto, SessionInfo, docInfo/overview/netMoni parsing, SID handling."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from multidict import CIMultiDict, CIMultiDictProxy

from devtools.modem_sim import run_simulator
from devtools.modem_sim.base import GARBAGE_PAGE
from devtools.modem_sim.fritzbox import (
    LOGIN_PAGE,
    render_docinfo,
    render_netmoni,
    render_overview,
    session_info_xml,
)
from devtools.modem_sim.plan import default_plan
from docsight_server.drivers import DriverAuthError, UnexpectedPageError, create_driver
from docsight_server.drivers.base import DriverLockedOutError
from docsight_server.drivers.formats import fritzbox as fmt
from docsight_server.drivers.fritzbox import FritzBoxDriver, _session_gone
from docsight_server.drivers.transport import HttpReply, ModemHttp

from .contract import read_modem

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
    assert any("without power" in note for note in result.diagnostics)


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
