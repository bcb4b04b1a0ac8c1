"""Arris Touchstone CM8200A: page parsing, the token login, the malformed cookie, the lockout."""

from __future__ import annotations

import base64

import aiohttp
import pytest

from devtools.modem_sim import default_plan, run_simulator
from devtools.modem_sim.cm8200 import render_login, render_status, render_swinfo
from docsight_server.drivers import DriverAuthError, UnexpectedPageError, create_driver
from docsight_server.drivers.base import DriverLockedOutError
from docsight_server.drivers.cm8200 import Cm8200Driver, credential_cookie, credential_query
from docsight_server.drivers.formats import cm8200 as fmt
from docsight_server.drivers.surfboard import SurfboardDriver
from docsight_server.drivers.tc4400 import Tc4400Driver
from docsight_server.drivers.transport import ModemHttp

pytestmark = pytest.mark.usefixtures("socket_enabled")

LITERAL_STATUS = """
<html><body><span id="thisModelNumberIs">CM8200A</span>
<table><tr><th colspan=3>Startup Procedure</th></tr>
<tr><td>Procedure</td><td>Status</td><td>Comment</td></tr></table>
<table>
<tr><th colspan=8><strong>Downstream Bonded Channels</strong></th></tr>
<tr><td><strong>Channel ID</strong></td><td><strong>Lock Status</strong></td>
<td><strong>Modulation</strong></td><td><strong>Frequency</strong></td>
<td><strong>Power</strong></td><td><strong>SNR/MER</strong></td>
<td><strong>Corrected</strong></td><td><strong>Uncorrectables</strong></td></tr>
<tr><td>5</td><td>Locked</td><td>QAM256</td><td>579000000 Hz</td><td>2.4 dBmV</td>
<td>40.1 dB</td><td>17</td><td>2</td></tr>
<tr><td>6</td><td>Locked</td><td>QAM64</td><td>585000000 Hz</td><td>-0.7 dBmV</td>
<td>35.0 dB</td><td>N/A</td><td>---</td></tr>
<tr><td>193</td><td>Locked</td><td>Other</td><td>690000000 Hz</td><td>1.9 dBmV</td>
<td>39.5 dB</td><td>123456</td><td>0</td></tr>
<tr><td>0</td><td>Not Locked</td><td>Unknown</td><td>0 Hz</td><td>0.0 dBmV</td>
<td>0.0 dB</td><td>0</td><td>0</td></tr>
</table>
<table>
<tr><th colspan=7><strong>Upstream Bonded Channels</strong></th></tr>
<tr><td><strong>Channel</strong></td><td><strong>Channel ID</strong></td>
<td><strong>Lock Status</strong></td><td><strong>US Channel Type</strong></td>
<td><strong>Frequency</strong></td><td><strong>Width</strong></td><td><strong>Power</strong></td></tr>
<tr><td>1</td><td>2</td><td>Locked</td><td>SC-QAM Upstream</td><td>22800000 Hz</td>
<td>6400000 Hz</td><td>44.0 dBmV</td></tr>
<tr><td>2</td><td>41</td><td>Locked</td><td>OFDM Upstream</td><td>49000000 Hz</td>
<td>20000000 Hz</td><td>39.8 dBmV</td></tr>
<tr><td>3</td><td>0</td><td>Not Locked</td><td>Unknown</td><td>0 Hz</td>
<td>0 Hz</td><td>0.0 dBmV</td></tr>
</table></body></html>
"""


def test_literal_page_quirks() -> None:
    """ "Other" is OFDM, "OFDM Upstream" is OFDMA, unlocked rows go, N/A counters are None."""
    raw = fmt.parse_status(LITERAL_STATUS).value
    ds30, ds31 = raw["channelDs"]["docsis30"], raw["channelDs"]["docsis31"]
    us30, us31 = raw["channelUs"]["docsis30"], raw["channelUs"]["docsis31"]
    assert ds30 == [
        {
            "channelID": 5,
            "frequency": "579 MHz",
            "powerLevel": 2.4,
            "corrErrors": 17,
            "nonCorrErrors": 2,
            "modulation": "256QAM",
            "mse": -40.1,
        },
        {
            "channelID": 6,
            "frequency": "585 MHz",
            "powerLevel": -0.7,
            "corrErrors": None,
            "nonCorrErrors": None,
            "modulation": "64QAM",
            "mse": -35.0,
        },
    ]
    assert ds31 == [
        {
            "channelID": 193,
            "frequency": "690 MHz",
            "powerLevel": 1.9,
            "corrErrors": 123456,
            "nonCorrErrors": 0,
            "type": "OFDM",
            "modulation": "OFDM",
            "mer": 39.5,
        }
    ]
    assert us30 == [
        {
            "channelID": 2,
            "frequency": "22.8 MHz",
            "powerLevel": 44.0,
            "modulation": "SC-QAM",
            "multiplex": "ATDMA",
        }
    ]
    assert us31 == [
        {
            "channelID": 41,
            "frequency": "49 MHz",
            "powerLevel": 39.8,
            "type": "OFDMA",
            "modulation": "OFDMA",
            "multiplex": "OFDMA",
        }
    ]


def test_rendered_plan_round_trips() -> None:
    """The simulator's page for the default plan parses back to every locked channel."""
    plan = default_plan()
    raw = fmt.parse_status(render_status(plan, "CM8200A")).value
    ds30 = raw["channelDs"]["docsis30"]
    assert [ch["channelID"] for ch in ds30] == [ch.channel_id for ch in plan.ds_qam]
    assert [ch["corrErrors"] for ch in ds30] == [ch.corrected for ch in plan.ds_qam]
    assert [ch["mer"] for ch in raw["channelDs"]["docsis31"]] == [ch.snr for ch in plan.ds_ofdm]
    assert [ch["powerLevel"] for ch in raw["channelUs"]["docsis30"]] == [
        ch.power for ch in plan.us_qam
    ]
    assert len(raw["channelUs"]["docsis31"]) == len(plan.us_ofdma)


def test_docsis30_only_plan() -> None:
    """A plan without OFDM leaves the DOCSIS 3.1 lanes empty."""
    raw = fmt.parse_status(render_status(default_plan().without_docsis31(), "CM8200A")).value
    assert raw["channelDs"]["docsis31"] == []
    assert raw["channelUs"]["docsis31"] == []
    assert len(raw["channelDs"]["docsis30"]) == 16


def test_malformed_pages_are_unexpected() -> None:
    """A page without the tables, or with a missing column, is an UnexpectedPageError."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_status("<html><body>Temporarily unavailable</body></html>")
    assert "unavailable" in caught.value.excerpt
    broken = LITERAL_STATUS.replace(
        "<strong>Power</strong></td><td><strong>SNR", "<b>x</b></td><td><strong>SNR"
    )
    with pytest.raises(UnexpectedPageError, match="power"):
        fmt.parse_status(broken)


def test_swinfo_and_uptime() -> None:
    """Versions, uptime and the model marker come from /cmswinfo.html."""
    plan = default_plan()
    info = fmt.parse_swinfo(render_swinfo(plan, "CM8200A"), "fallback").value
    assert info["model"] == "CM8200A"
    assert info["sw_version"] == plan.sw_version
    assert info["uptime_seconds"] == plan.uptime_seconds
    assert info["docsis_status"] == "online"
    assert fmt.parse_uptime("17 days 00h:38m:36s") == 17 * 86400 + 38 * 60 + 36
    assert fmt.parse_uptime("0 days 01h:00m:05s") == 3605
    assert fmt.parse_uptime("no time") is None
    with pytest.raises(UnexpectedPageError):
        fmt.parse_swinfo("<html>nothing</html>", "x")


def test_login_helpers() -> None:
    """Token bodies, the login page and the lockout file are told apart."""
    assert fmt.parse_token(" a1B2c3D4e5 \n") == "a1B2c3D4e5"
    assert fmt.parse_token(render_login("CM8200A")) is None
    assert fmt.is_login_page(render_login("CM8200A"))
    assert not fmt.is_login_page(render_status(default_plan(), "CM8200A"))
    assert fmt.is_locked("1")
    assert fmt.is_locked("true")
    assert fmt.is_locked("Locked")
    assert not fmt.is_locked("0")
    assert not fmt.is_locked("")
    assert not fmt.is_locked("<html>")


def test_credential_encoding_known_answer() -> None:
    """The query is base64("user:password"); the cookie is the modem's malformed one."""
    assert credential_query("admin", "pa:ss") == base64.b64encode(b"admin:pa:ss").decode()
    assert credential_query("admin", "password") == "YWRtaW46cGFzc3dvcmQ="
    assert credential_cookie("tok123") == "HttpOnly: true, Secure: true; credential=tok123"


async def test_simulator_reads_the_malformed_cookie() -> None:
    """The token is accepted in the malformed header; without it the login page returns."""
    async with run_simulator("cm8200") as sim, aiohttp.ClientSession() as session:
        query = credential_query(sim.state.user, sim.state.password)
        async with session.get(f"{sim.url}/cmconnectionstatus.html?{query}") as reply:
            token = (await reply.text()).strip()
        headers = {"Cookie": credential_cookie(token)}
        async with session.get(f"{sim.url}/cmconnectionstatus.html", headers=headers) as reply:
            assert "Downstream Bonded Channels" in await reply.text()
        async with session.get(f"{sim.url}/cmconnectionstatus.html") as reply:
            assert fmt.is_login_page(await reply.text())
    assert sim.state.logins == 1


async def test_lockout_is_reported() -> None:
    """After the failed logins the modem locks; even the right password gets LockedOut."""
    async with run_simulator("cm8200") as sim:
        sim.state.lockout_after = 2
        for _ in range(2):
            driver = create_driver("cm8200", sim.url, sim.state.user, "wrong-one")
            try:
                with pytest.raises(DriverAuthError) as caught:
                    await driver.login()
            finally:
                await driver.close()
        assert isinstance(caught.value, DriverLockedOutError)
        assert "wrong-one" not in str(caught.value)
        driver = create_driver("cm8200", sim.url, sim.state.user, sim.state.password)
        try:
            with pytest.raises(DriverLockedOutError):
                await driver.login()
        finally:
            await driver.close()
    assert sim.state.logins == 0


async def test_detectors_keep_to_their_model() -> None:
    """The CM8200 detector ignores the SB8200 HTML firmware, and the others ignore the CM8200."""
    async with run_simulator("surfboard", variant="html") as sim:
        http = ModemHttp(sim.url)
        try:
            assert await Cm8200Driver.detect(http) == 0
        finally:
            await http.close()
    async with run_simulator("cm8200") as sim:
        http = ModemHttp(sim.url)
        try:
            assert await Cm8200Driver.detect(http) == 90
            assert await SurfboardDriver.detect(http) == 0
            assert await Tc4400Driver.detect(http) == 0
        finally:
            await http.close()
