"""Arris SB6183: bonded-channel row tables, the software page, uptime, detection."""

from __future__ import annotations

import pytest

from devtools.modem_sim import run_simulator
from devtools.modem_sim.plan import default_plan
from devtools.modem_sim.sb6183 import render_connect, render_swinfo, uptime_text
from docsight_server.drivers import UnexpectedPageError, create_driver
from docsight_server.drivers.formats import sb6183 as fmt
from docsight_server.drivers.sb6183 import Sb6183Driver
from docsight_server.drivers.transport import ModemHttp

pytestmark = pytest.mark.usefixtures("socket_enabled")

PLAN = default_plan().without_docsis31()

LITERAL_CONNECT = """
<html><body><span id="thisModelNumberIs">SB6183</span>
<table class="simpleTable">
<tr><th colspan=9><strong>Downstream Bonded Channels</strong></th></tr>
<tr><td><strong>Channel</strong></td><td><strong>Lock Status</strong></td>
<td><strong>Modulation</strong></td><td><strong>Channel ID</strong></td>
<td><strong>Frequency</strong></td><td><strong>Power</strong></td><td><strong>SNR</strong></td>
<td><strong>Corrected</strong></td><td><strong>Uncorrectables</strong></td></tr>
<tr><td>1</td><td>Locked</td><td>QAM256</td><td>17</td><td>555000000 Hz</td>
<td>6.3 dBmV</td><td>39.0 dB</td><td>24</td><td>N/A</td></tr>
<tr><td>2</td><td>Locked</td><td>QAM64</td><td>18</td><td>561000000 Hz</td>
<td>-0.4 dBmV</td><td>35.6 dB</td><td>0</td><td>0</td></tr>
<tr><td>3</td><td>Not Locked</td><td>Unknown</td><td>0</td><td>0 Hz</td>
<td>0.0 dBmV</td><td>0.0 dB</td><td>0</td><td>0</td></tr>
</table>
<table class="simpleTable">
<tr><th colspan=7><strong>Upstream Bonded Channels</strong></th></tr>
<tr><td><strong>Channel</strong></td><td><strong>Lock Status</strong></td>
<td><strong>US Channel Type</strong></td><td><strong>Channel ID</strong></td>
<td><strong>Symbol Rate</strong></td><td><strong>Frequency</strong></td>
<td><strong>Power</strong></td></tr>
<tr><td>1</td><td>Locked</td><td>ATDMA</td><td>2</td><td>5120 Ksym/sec</td>
<td>30600000 Hz</td><td>45.0 dBmV</td></tr>
<tr><td>2</td><td>Locked</td><td>TDMA</td><td>3</td><td>2560 Ksym/sec</td>
<td>24000000 Hz</td><td>44.5 dBmV</td></tr>
<tr><td>3</td><td>Not Locked</td><td>Unknown</td><td>0</td><td>0 Ksym/sec</td>
<td>0 Hz</td><td>0.0 dBmV</td></tr>
</table></body></html>
"""

LITERAL_SWINFO = """
<html><body><span id='thisModelNumberIs'>SB6183</span>
<table class="simpleTable"><tr><th colspan=2>Information</th></tr>
<tr><td>Standard Specification Compliant</td><td>Docsis 3.0</td></tr>
<tr><td>Hardware Version</td><td>1</td></tr>
<tr><td>Software Version</td><td>D30CM-OSPREY-2.4.0.1-GA-02-NOSH</td></tr>
</table>
<table class="simpleTable"><tr><th colspan=2>Status</th></tr>
<tr><td>System Up Time</td><td>2 days 03h:04m:05s</td></tr>
<tr><td>Network Access</td><td>Allowed</td></tr>
</table></body></html>
"""


def test_rendered_tables_match_the_plan() -> None:
    """Locked rows become records with the plan's values; the unlocked row is skipped."""
    page = render_connect(PLAN)
    ds = fmt.parse_downstream(page)
    assert [ch["channelID"] for ch in ds.value] == [ch.channel_id for ch in PLAN.ds_qam]
    for got, want in zip(ds.value, PLAN.ds_qam, strict=True):
        assert got == {
            "channelID": want.channel_id,
            "frequency": f"{want.frequency_mhz:g} MHz",
            "powerLevel": pytest.approx(want.power),
            "modulation": want.modulation,
            "mse": pytest.approx(-want.snr),
            "corrErrors": want.corrected,
            "nonCorrErrors": want.uncorrectable,
        }
    assert any("not locked" in note for note in ds.diagnostics)
    us = fmt.parse_upstream(page)
    assert [ch["channelID"] for ch in us.value] == [ch.channel_id for ch in PLAN.us_qam]
    assert us.value[0] == {
        "channelID": 1,
        "frequency": "30.8 MHz",
        "powerLevel": pytest.approx(42.3),
        "modulation": "ATDMA",
        "multiplex": "ATDMA",
        "symbolRate": 5120,
    }


def test_literal_page_quirks() -> None:
    """Hz frequencies, QAM-first spelling, "N/A" counters, TDMA, unlocked rows."""
    ds = fmt.parse_downstream(LITERAL_CONNECT).value
    assert [ch["channelID"] for ch in ds] == [17, 18]
    assert ds[0]["frequency"] == "555 MHz"
    assert ds[0]["modulation"] == "256QAM"
    assert ds[0]["corrErrors"] == 24
    assert ds[0]["nonCorrErrors"] is None
    assert ds[1]["modulation"] == "64QAM"
    assert ds[1]["powerLevel"] == pytest.approx(-0.4)
    us = fmt.parse_upstream(LITERAL_CONNECT).value
    fields = [(ch["channelID"], ch["multiplex"], ch["modulation"], ch["symbolRate"]) for ch in us]
    assert fields == [(2, "ATDMA", "ATDMA", 5120), (3, "TDMA", "TDMA", 2560)]


def test_missing_counter_columns_are_none() -> None:
    """A firmware without the counter columns reports None, not 0."""
    page = (
        LITERAL_CONNECT.replace("<td><strong>Corrected</strong></td>", "")
        .replace("<td><strong>Uncorrectables</strong></td>", "")
        .replace("<td>24</td><td>N/A</td>", "")
    )
    first = fmt.parse_downstream(page).value[0]
    assert first["corrErrors"] is None
    assert first["nonCorrErrors"] is None


def test_malformed_pages_are_unexpected() -> None:
    """A page without the bonded tables, or without their key columns, is an unexpected page."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_downstream("<html><body>Service unavailable</body></html>")
    assert "unavailable" in caught.value.excerpt
    with pytest.raises(UnexpectedPageError):
        fmt.parse_upstream(LITERAL_CONNECT.split("</table>")[0])
    headless = LITERAL_CONNECT.replace("<strong>Channel ID</strong>", "<strong>Id</strong>")
    with pytest.raises(UnexpectedPageError):
        fmt.parse_downstream(headless)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2 days 03h:04m:05s", 2 * 86400 + 3 * 3600 + 4 * 60 + 5),
        ("0 days 17h:51m:19s.00", 17 * 3600 + 51 * 60 + 19),
        ("1 day 00h:00m:01s", 86401),
        ("17:51:19", 17 * 3600 + 51 * 60 + 19),
        ("unknown", None),
    ],
)
def test_uptime(text: str, seconds: int | None) -> None:
    """Uptime texts become seconds."""
    assert fmt.uptime_seconds(text) == seconds


def test_uptime_round_trip() -> None:
    """The simulator's uptime spelling reads back to the plan's seconds."""
    assert fmt.uptime_seconds(uptime_text(PLAN.uptime_seconds)) == PLAN.uptime_seconds


def test_software_page() -> None:
    """Versions, uptime and network access come from the two information tables."""
    assert fmt.parse_swinfo(LITERAL_SWINFO).value == {
        "sw_version": "D30CM-OSPREY-2.4.0.1-GA-02-NOSH",
        "hw_version": "1",
        "uptime_seconds": 183845,
        "docsis_status": "online",
    }
    assert fmt.page_model(LITERAL_SWINFO) == "SB6183"
    assert fmt.page_model("<html></html>") is None
    assert fmt.parse_swinfo(render_swinfo(PLAN)).value["sw_version"] == PLAN.sw_version
    with pytest.raises(UnexpectedPageError):
        fmt.parse_swinfo("<html><body>unavailable</body></html>")


async def test_driver_reads_device_info() -> None:
    """The driver reports model, versions, uptime and online state from the simulator."""
    async with run_simulator("sb6183") as sim:
        driver = create_driver("sb6183", sim.url, "", "")
        try:
            info = await driver.get_device_info()
        finally:
            await driver.close()
    assert info == {
        "manufacturer": "ARRIS",
        "model": "SB6183",
        "sw_version": PLAN.sw_version,
        "hw_version": PLAN.hw_version,
        "uptime_seconds": PLAN.uptime_seconds,
        "docsis_status": "online",
    }


@pytest.mark.parametrize(("key", "confidence"), [("sb6183", 90), ("sb6141", 0), ("sb6190", 0)])
async def test_detect_only_the_sb6183(key: str, confidence: int) -> None:
    """The model span on RgConnect.asp marks an SB6183; other SURFboards score 0."""
    async with run_simulator(key) as sim:
        http = ModemHttp(sim.url)
        try:
            assert await Sb6183Driver.detect(http) == confidence
        finally:
            await http.close()
