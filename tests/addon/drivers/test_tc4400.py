"""Technicolor TC4400: header-mapped tables, codeword counters, Basic auth and its idle login."""

from __future__ import annotations

import aiohttp
import pytest

from devtools.modem_sim import default_plan, run_simulator
from devtools.modem_sim.tc4400 import REALM, render_status, render_swinfo
from docsight_server.drivers import UnexpectedPageError, create_driver
from docsight_server.drivers.cm8200 import Cm8200Driver
from docsight_server.drivers.formats import tc4400 as fmt
from docsight_server.drivers.surfboard import SurfboardDriver
from docsight_server.drivers.tc4400 import Tc4400Driver
from docsight_server.drivers.transport import ModemHttp

pytestmark = pytest.mark.usefixtures("socket_enabled")

# Older firmware spellings, a shuffled column order and a missing counter.
LITERAL_STATUS = """
<html><body>
<table><tr><th colspan=3>Startup Procedure</th></tr>
<tr><td class='hd'>Procedure</td><td class='hd'>Status</td><td class='hd'>Comment</td></tr>
<tr><td>Connectivity State</td><td>OK</td><td>Operational</td></tr></table>
<table><tr><th colspan=12>Downstream Channel Status</th></tr>
<tr><td>Channel ID</td><td>Channel Index</td><td>Lock Status</td><td>Channel Type</td>
<td>Bonding Status</td><td>Centre Frequency</td><td>Channel Width</td>
<td>SNR/MER Threshold Value</td><td>Received Level</td><td>Modulation/Profile ID</td>
<td>Corrected Codewords</td><td>Uncorrectable Codewords</td></tr>
<tr><td>9</td><td>1</td><td>Locked</td><td>SC-QAM</td><td>Bonded</td><td>602000000 Hz</td>
<td>8000000 Hz</td><td>38.6 dB</td><td>5.1 dBmV</td><td>QAM256</td><td>44</td><td>N/A</td></tr>
<tr><td>33</td><td>2</td><td>Locked</td><td>OFDM Downstream</td><td>Bonded</td>
<td>751000000 Hz</td><td>94000000 Hz</td><td>41.0 dB</td><td>3.0 dBmV</td><td>0,1,2,3</td>
<td>987654</td><td>12</td></tr>
<tr><td>0</td><td>3</td><td>Not Locked</td><td>SC-QAM</td><td>Not Bonded</td><td>0 Hz</td>
<td>0 Hz</td><td>0.0 dB</td><td>0.0 dBmV</td><td>QAM256</td><td>0</td><td>0</td></tr>
</table>
<table><tr><th colspan=10>Upstream Channel Status</th></tr>
<tr><td>Channel Index</td><td>Channel ID</td><td>Lock Status</td><td>Channel Type</td>
<td>Bonding Status</td><td>Center Frequency</td><td>Channel Width</td><td>Symbol rate</td>
<td>Transmit Level</td><td>Modulation/Profile ID</td></tr>
<tr><td>1</td><td>3</td><td>Locked</td><td>SC-QAM</td><td>Bonded</td><td>30800000 Hz</td>
<td>6400000 Hz</td><td>5120 kSym/s</td><td>44.5 dBmV</td><td>ATDMA</td></tr>
<tr><td>2</td><td>4</td><td>Locked</td><td>SC-QAM</td><td>Bonded</td><td>37200000 Hz</td>
<td>6400000 Hz</td><td>5120 kSym/s</td><td>45.0 dBmV</td><td>QAM64</td></tr>
<tr><td>3</td><td>41</td><td>Locked</td><td>OFDMA</td><td>Bonded</td><td>54000000 Hz</td>
<td>10000000 Hz</td><td>0 kSym/s</td><td>40.2 dBmV</td><td>OFDMA</td></tr>
</table></body></html>
"""


def test_literal_page_quirks() -> None:
    """Columns are found by name; codewords are corrErrors/nonCorrErrors; N/A is None."""
    raw = fmt.parse_status(LITERAL_STATUS).value
    assert raw["channelDs"]["docsis30"] == [
        {
            "channelID": 9,
            "frequency": "602 MHz",
            "powerLevel": 5.1,
            "corrErrors": 44,
            "nonCorrErrors": None,
            "modulation": "256QAM",
            "mse": -38.6,
        }
    ]
    assert raw["channelDs"]["docsis31"] == [
        {
            "channelID": 33,
            "frequency": "751 MHz",
            "powerLevel": 3.0,
            "corrErrors": 987654,
            "nonCorrErrors": 12,
            "type": "OFDM",
            "modulation": "OFDM",
            "mer": 41.0,
        }
    ]
    us30 = raw["channelUs"]["docsis30"]
    # No QAM order in the first row's Modulation cell (ATDMA): the stated type stands in.
    assert [(ch["channelID"], ch["modulation"]) for ch in us30] == [(3, "ATDMA"), (4, "64QAM")]
    assert us30[0]["symbolRate"] == 5120
    assert us30[0]["frequency"] == "30.8 MHz"
    assert raw["channelUs"]["docsis31"] == [
        {
            "channelID": 41,
            "frequency": "54 MHz",
            "powerLevel": 40.2,
            "type": "OFDMA",
            "modulation": "OFDMA",
            "multiplex": "OFDMA",
        }
    ]


@pytest.mark.parametrize("variant", ["sr70.12.42", "sr70.12.33"])
def test_rendered_plan_round_trips(variant: str) -> None:
    """Both firmware spellings parse back to every locked channel, counters included."""
    plan = default_plan()
    raw = fmt.parse_status(render_status(plan, variant)).value
    ds30, ds31 = raw["channelDs"]["docsis30"], raw["channelDs"]["docsis31"]
    assert [ch["channelID"] for ch in ds30] == [ch.channel_id for ch in plan.ds_qam]
    assert [ch["nonCorrErrors"] for ch in ds30] == [ch.uncorrectable for ch in plan.ds_qam]
    assert [ch["corrErrors"] for ch in ds31] == [ch.corrected for ch in plan.ds_ofdm]
    assert [ch["modulation"] for ch in raw["channelUs"]["docsis30"]] == ["64QAM"] * 4
    assert "corrError" not in ds30[0]
    assert "nonCorrError" not in ds30[0]


def test_malformed_page_is_unexpected() -> None:
    """One table, or a table without the power column, is an UnexpectedPageError."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_status("<html><body><table><tr><td>unavailable</td></tr></table></body></html>")
    assert "unavailable" in caught.value.excerpt
    broken = LITERAL_STATUS.replace("Received Level", "Something Else")
    with pytest.raises(UnexpectedPageError, match="power"):
        fmt.parse_status(broken)


def test_swinfo() -> None:
    """The model and revision come from "TC4400 Rev:x"; uptime from "N days HHh:MMm:SSs"."""
    plan = default_plan()
    info = fmt.parse_swinfo(render_swinfo(plan)).value
    assert info == {
        "manufacturer": "Technicolor",
        "model": "TC4400",
        "hw_version": plan.hw_version,
        "sw_version": plan.sw_version,
        "uptime_seconds": plan.uptime_seconds,
        "docsis_status": "online",
    }
    with pytest.raises(UnexpectedPageError):
        fmt.parse_swinfo("<html><body>Service unavailable</body></html>")


async def test_basic_challenge_and_idle_login() -> None:
    """No credentials: 401 with the realm; after the idle timeout data pages need /cmswinfo."""
    async with run_simulator("tc4400") as sim:
        auth = aiohttp.BasicAuth(sim.state.user, sim.state.password)
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{sim.url}/cmswinfo.html") as reply:
                assert reply.status == 401
                assert reply.headers["WWW-Authenticate"] == f'Basic realm="{REALM}"'
            async with session.get(f"{sim.url}/cmswinfo.html", auth=auth) as reply:
                assert reply.status == 200
            async with session.get(f"{sim.url}/cmconnectionstatus.html", auth=auth) as reply:
                assert reply.status == 200
            sim.state.expire_sessions()
            async with session.get(f"{sim.url}/cmconnectionstatus.html", auth=auth) as reply:
                assert reply.status == 401
            async with session.get(f"{sim.url}/cmswinfo.html", auth=auth) as reply:
                assert reply.status == 200
        assert sim.state.logins == 2
        assert sim.state.failed_logins == 0


async def test_expiry_during_the_channel_read() -> None:
    """A 401 on the status page logs in once more through /cmswinfo.html and retries."""
    async with run_simulator("tc4400", variant="sr70.12.33") as sim:
        driver = create_driver("tc4400", sim.url, sim.state.user, sim.state.password)
        try:
            await driver.login()
            sim.state.expire_sessions()
            docsis = await driver.get_docsis_data()
        finally:
            await driver.close()
    assert sim.state.logins == 2
    assert len(docsis["channelDs"]["docsis30"]) == 16


async def test_detect() -> None:
    """The TC4400 challenge ranks high; the other Arris-page detectors stay at 0."""
    async with run_simulator("tc4400") as sim:
        http = ModemHttp(sim.url)
        try:
            assert await Tc4400Driver.detect(http) == 90
            assert await Cm8200Driver.detect(http) == 0
            assert await SurfboardDriver.detect(http) == 0
        finally:
            await http.close()
        assert sim.state.logins == 0
        assert sim.state.failed_logins == 0
