"""Compal CH7465 Connect Box and its Play variant: XML parsing, login, token, session, lockout."""

from __future__ import annotations

import hashlib

import aiohttp
import pytest
from multidict import CIMultiDict, CIMultiDictProxy

from devtools.modem_sim import run_simulator
from devtools.modem_sim.compal_common import render_downstream, render_upstream, uptime_text
from devtools.modem_sim.plan import default_plan
from docsight_server.drivers import DriverAuthError, UnexpectedPageError, create_driver
from docsight_server.drivers.base import DriverLockedOutError
from docsight_server.drivers.ch7465 import Ch7465Driver, Ch7465PlayDriver
from docsight_server.drivers.formats import compal_xml as fmt
from docsight_server.drivers.sb8200_cbn import Sb8200CbnDriver
from docsight_server.drivers.transport import BROWSER_USER_AGENT, HttpReply, ModemHttp

from .contract import read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")

HEAD = '<?xml version="1.0" encoding="utf-8"?>'


def login_page(text: str) -> HttpReply:
    """Return a login page answer as the transport would hand it over."""
    return HttpReply(200, text, CIMultiDictProxy(CIMultiDict()), "http://modem/")


def _ds_row(chid: str, **cells: str) -> str:
    values = {
        "freq": "602000000",
        "pow": "3.4",
        "snr": "38",
        "mod": "256qam",
        "chid": chid,
        "RxMER": "38.4",
        "PreRs": "12",
        "PostRs": "3",
        "IsQamLocked": "1",
    }
    values.update(cells)
    return "<downstream>" + "".join(f"<{k}>{v}</{k}>" for k, v in values.items()) + "</downstream>"


# ---- parsers -------------------------------------------------------------------------------


def test_downstream_from_rendered_plan_matches_the_plan() -> None:
    """Every locked SC-QAM channel comes back with Hz turned into MHz and SNR from RxMER."""
    plan = default_plan().without_docsis31()
    result = fmt.parse_downstream(render_downstream(list(plan.ds)))
    assert [ch["channelID"] for ch in result.value] == [ch.channel_id for ch in plan.ds_qam]
    for got, want in zip(result.value, plan.ds_qam, strict=True):
        assert got["frequency"] == f"{want.frequency_mhz:g} MHz"
        assert got["powerLevel"] == pytest.approx(want.power)
        assert got["mse"] == pytest.approx(-want.snr)
        assert got["modulation"] == want.modulation
        assert (got["corrErrors"], got["nonCorrErrors"]) == (want.corrected, want.uncorrectable)
    assert any("not locked" in note for note in result.diagnostics)


def test_upstream_from_rendered_plan_matches_the_plan() -> None:
    """Upstream rows carry Hz frequencies, MSym/s symbol rates and lower-case modulations."""
    plan = default_plan()
    result = fmt.parse_upstream(render_upstream(plan.us_qam))
    assert len(result.value) == len(plan.us_qam)
    for got, want in zip(result.value, plan.us_qam, strict=True):
        assert got["channelID"] == want.channel_id
        assert got["frequency"] == f"{want.frequency_mhz:g} MHz"
        assert got["powerLevel"] == pytest.approx(want.power)
        assert got["modulation"] == "64QAM"
        assert got["multiplex"] == "ATDMA"
        assert got["symbolRate"] == 5120


def test_downstream_without_lock_flag_counts_as_locked() -> None:
    """Firmware that omits IsQamLocked lists only channels it receives."""
    row = _ds_row("7").replace("<IsQamLocked>1</IsQamLocked>", "")
    result = fmt.parse_downstream(f"{HEAD}<downstream_table>{row}</downstream_table>")
    assert [ch["channelID"] for ch in result.value] == [7]


def test_downstream_quirks() -> None:
    """Unlocked rows are skipped, missing counters are None, SNR falls back to <snr>."""
    text = (
        f"{HEAD}<downstream_table><ds_num>3</ds_num>"
        + _ds_row("1", mod="QAM256")
        + _ds_row("2", RxMER="", snr="35", PreRs="", PostRs="N/A", mod="64qam")
        + _ds_row("3", IsQamLocked="0")
        + "</downstream_table>"
    )
    result = fmt.parse_downstream(text)
    first, second = result.value
    assert first["modulation"] == "256QAM"
    assert first["mse"] == pytest.approx(-38.4)
    assert first["frequency"] == "602 MHz"
    assert second["mse"] == pytest.approx(-35.0)
    assert second["modulation"] == "64QAM"
    assert second["corrErrors"] is None
    assert second["nonCorrErrors"] is None
    assert result.diagnostics == ["downstream channel 3 not locked: skipped"]


def test_upstream_row_without_frequency_is_skipped() -> None:
    """An upstream slot with frequency 0 is an unused transmitter."""
    text = (
        f"{HEAD}<upstream_table><us_num>2</us_num>"
        "<upstream><usid>1</usid><freq>30800000</freq><power>42.3</power><srate>2.560</srate>"
        "<mod>16qam</mod><channeltype>TDMA</channeltype></upstream>"
        "<upstream><usid>2</usid><freq>0</freq><power>0</power><mod>qpsk</mod></upstream>"
        "</upstream_table>"
    )
    result = fmt.parse_upstream(text)
    assert result.value == [
        {
            "channelID": 1,
            "frequency": "30.8 MHz",
            "powerLevel": 42.3,
            "modulation": "16QAM",
            "multiplex": "TDMA",
            "symbolRate": 2560,
        }
    ]
    assert len(result.diagnostics) == 1


@pytest.mark.parametrize(
    "text",
    [
        "<html><body>Service temporarily unavailable</body></html>",
        f"{HEAD}<downstream_table><downstream><chid>1</downstream_table>",
        f"{HEAD}<upstream_table></upstream_table>",
        "unavailable",
    ],
)
def test_malformed_downstream_is_an_unexpected_page(text: str) -> None:
    """HTML, broken XML, the wrong table or plain text raise UnexpectedPageError."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_downstream(text)
    assert caught.value.excerpt


def test_login_answers() -> None:
    """successful;SID=<n> gives the SID; refusals map to auth and lockout errors."""
    assert fmt.parse_login_answer("successful;SID=1234567") == "1234567"
    with pytest.raises(DriverAuthError) as caught:
        fmt.parse_login_answer("idloginincorrect")
    assert not isinstance(caught.value, DriverLockedOutError)
    with pytest.raises(DriverLockedOutError):
        fmt.parse_login_answer("idloginlocked")
    with pytest.raises(UnexpectedPageError):
        fmt.parse_login_answer("<html>Service unavailable</html>")


def test_uptime_and_status() -> None:
    """Compal uptime text turns into seconds; Operational means online."""
    assert fmt.parse_uptime("1day(s)10h:17m:36s") == 123456
    assert fmt.parse_uptime("0day(s)0h:5m:2s") == 302
    assert fmt.parse_uptime("3h:0m:1s") == 10801
    assert fmt.parse_uptime("unknown") is None
    assert uptime_text(123456) == "1day(s)10h:17m:36s"
    assert fmt.docsis_status("Operational") == "online"
    assert fmt.docsis_status("DS scanning") == "ds scanning"


# ---- login fields ----------------------------------------------------------------------------


async def test_password_is_sent_as_sha256_hex() -> None:
    """The Connect Box login carries SHA-256 of the password as lower-case hex."""
    driver = Ch7465Driver("http://127.0.0.1:9", "", "password")
    try:
        fields = await driver.login_fields(login_page(""))
    finally:
        await driver.close()
    # Known answer for SHA-256("password").
    assert fields == {
        "Username": "admin",
        "Password": "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
    }
    assert fields["Password"] == hashlib.sha256(b"password").hexdigest()


async def test_play_login_is_plaintext_with_null_user() -> None:
    """The Play firmware wants Username NULL and the password as typed."""
    driver = Ch7465PlayDriver("", "someone", "pa ss")
    try:
        fields = await driver.login_fields(login_page(""))
    finally:
        await driver.close()
    assert fields == {"Username": "NULL", "Password": "pa ss"}
    assert driver.url == "http://192.168.0.1"


# ---- against the simulator -------------------------------------------------------------------


async def test_device_info() -> None:
    """Model, firmware, hardware, uptime and state come from fun 1, 2 and 144."""
    async with run_simulator("ch7465") as sim:
        driver = create_driver("ch7465", sim.url, "admin", sim.state.password)
        try:
            info, connection, _ = await read_modem(driver)
        finally:
            await driver.close()
    assert info == {
        "manufacturer": "Compal",
        "model": "CH7465LG",
        "sw_version": "CH7465LG-NCIP-1.2.3-NOSH",
        "hw_version": "2.0",
        "uptime_seconds": 123456,
        "docsis_status": "online",
    }
    assert connection == {}


async def test_token_rotates_and_is_single_use() -> None:
    """Each answer sets a new sessionToken; a used token gets an empty answer."""
    jar = aiohttp.CookieJar(unsafe=True)
    async with run_simulator("ch7465") as sim, aiohttp.ClientSession(cookie_jar=jar) as client:
        headers = {"User-Agent": BROWSER_USER_AGENT, "Referer": f"{sim.url}/"}
        async with client.get(f"{sim.url}/common_page/login.html") as reply:
            first = reply.cookies["sessionToken"].value
        form = {"token": first, "fun": "1"}
        async with client.post(f"{sim.url}/xml/getter.xml", data=form, headers=headers) as r:
            assert "<GlobalSettings>" in await r.text()
            second = r.cookies["sessionToken"].value
        assert second != first
        async with client.post(f"{sim.url}/xml/getter.xml", data=form, headers=headers) as r:
            assert await r.text() == ""
        form = {"token": second, "fun": "1"}
        no_referer = {"User-Agent": BROWSER_USER_AGENT}
        async with client.post(f"{sim.url}/xml/getter.xml", data=form, headers=no_referer) as r:
            assert r.status == 403
        no_browser = {"Referer": f"{sim.url}/"}  # aiohttp's own User-Agent
        async with client.post(f"{sim.url}/xml/getter.xml", data=form, headers=no_browser) as r:
            assert r.status == 403


async def test_lost_token_means_one_new_login() -> None:
    """A token the box no longer knows gets an empty answer; the driver logs in again."""
    async with run_simulator("ch7465") as sim:
        driver = create_driver("ch7465", sim.url, "admin", sim.state.password)
        try:
            await driver.login()
            assert isinstance(driver, Ch7465Driver)
            driver.http.set_cookie("sessionToken", "1")
            info = await driver.get_device_info()
            await driver.finish_poll()
        finally:
            await driver.close()
    assert info["model"] == "CH7465LG"
    assert sim.state.logins == 2
    assert not sim.state.sessions


async def test_expired_session_mid_poll_logs_in_once_more() -> None:
    """A dead SID redirects to the login page; the driver logs in again and reads."""
    async with run_simulator("ch7465") as sim:
        driver = create_driver("ch7465", sim.url, "admin", sim.state.password)
        try:
            await driver.login()
            sim.state.expire_sessions()
            docsis = await driver.get_docsis_data()
            assert sim.state.logins == 2
            await driver.finish_poll()
        finally:
            await driver.close()
    assert len(docsis["channelDs"]["docsis30"]) == len(sim.state.plan.ds_qam)
    assert not sim.state.sessions


async def test_logout_after_each_poll_frees_the_session() -> None:
    """fun 16 ends the session; the driver forgets its cookies."""
    async with run_simulator("ch7465") as sim:
        driver = create_driver("ch7465", sim.url, "admin", sim.state.password)
        try:
            await read_modem(driver)
            assert sim.state.logouts == 1
            assert not sim.state.sessions
            assert isinstance(driver, Ch7465Driver)
            assert driver.http.cookie("SID") is None
        finally:
            await driver.close()
    assert sim.state.logouts == 1


async def test_lockout_after_repeated_failures() -> None:
    """After the box locks, even the right password gets DriverLockedOutError."""
    async with run_simulator("ch7465") as sim:
        sim.state.lockout_after = 2
        for _ in range(2):
            wrong = create_driver("ch7465", sim.url, "admin", "nope-nope")
            try:
                with pytest.raises(DriverAuthError) as caught:
                    await wrong.login()
                assert not isinstance(caught.value, DriverLockedOutError)
            finally:
                await wrong.close()
        right = create_driver("ch7465", sim.url, "admin", sim.state.password)
        try:
            with pytest.raises(DriverLockedOutError):
                await right.login()
        finally:
            await right.close()
        assert not sim.state.sessions


@pytest.mark.parametrize(
    ("driver_key", "sim_key"), [("ch7465", "ch7465_play"), ("ch7465_play", "ch7465")]
)
async def test_login_flavours_are_not_interchangeable(driver_key: str, sim_key: str) -> None:
    """The hashed login fails on Play firmware and the plain-text login on the Connect Box."""
    async with run_simulator(sim_key) as sim:
        driver = create_driver(driver_key, sim.url, sim.state.user, sim.state.password)
        try:
            with pytest.raises(DriverAuthError):
                await driver.login()
        finally:
            await driver.close()
        assert sim.state.failed_logins == 1


@pytest.mark.parametrize(
    ("sim_key", "connect_box", "play"), [("ch7465", 95, 90), ("ch7465_play", 90, 95)]
)
async def test_detect_ranks_the_operator_variant(sim_key: str, connect_box: int, play: int) -> None:
    """Both CH7465 keys recognise the box; the operator in fun 1 puts the right one first."""
    async with run_simulator(sim_key) as sim:
        results = []
        for cls in (Ch7465Driver, Ch7465PlayDriver, Sb8200CbnDriver):
            http = ModemHttp(sim.url)
            try:
                results.append(await cls.detect(http))
            finally:
                await http.close()
        assert sim.state.logins == 0
    assert results == [connect_box, play, 0]


async def test_detect_ignores_the_sb8200_cbn() -> None:
    """The SB8200 on CBN firmware shares the protocol but is not a CH7465."""
    async with run_simulator("sb8200_cbn") as sim:
        http = ModemHttp(sim.url)
        try:
            assert await Ch7465Driver.detect(http) == 0
            assert await Ch7465PlayDriver.detect(http) == 0
        finally:
            await http.close()
