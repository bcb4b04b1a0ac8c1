"""Netgear CM1000: both firmware formats (tagValueList and tables) and both logins."""

from __future__ import annotations

import pytest

from devtools.modem_sim import default_plan, run_simulator
from devtools.modem_sim.netgear_common import render_table_page, render_tag_page
from docsight_server.analysis.analyzer import analyze
from docsight_server.drivers import DriverAuthError, UnexpectedPageError, create_driver
from docsight_server.drivers.cm1000 import Cm1000Driver
from docsight_server.drivers.formats import netgear as fmt
from docsight_server.drivers.transport import ModemHttp

from .contract import assert_reading_matches, read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")

# Columns in another order than the simulator's, an extra column and <th> headers.
LITERAL_TABLES = """<html><head><title>NETGEAR Gateway CM1000</title></head><body>
<table id="systemTable"><tr><td>System Up Time</td><td>2 days 01:00:05</td></tr>
<tr><td>Connectivity State</td><td>In Progress</td></tr></table>
<table id="dsTable">
<tr><th>Channel</th><th>Channel ID</th><th>Lock Status</th><th>Frequency</th>
<th>Modulation</th><th>Power</th><th>SNR</th><th>Correctables</th><th>Uncorrectables</th>
<th>Extra</th></tr>
<tr><td>1</td><td>5</td><td>Locked</td><td>603000000 Hz</td><td>QAM256</td>
<td>3.4 dBmV</td><td>39.8 dB</td><td>12</td><td>N/A</td><td>x</td></tr>
<tr><td>2</td><td>0</td><td>Not Locked</td><td>0 Hz</td><td>Unknown</td>
<td>0 dBmV</td><td>0 dB</td><td>0</td><td>0</td><td>x</td></tr>
</table>
<table id="usTable">
<tr><th>Channel</th><th>Lock Status</th><th>US Channel Type</th><th>Channel ID</th>
<th>Symbol Rate</th><th>Frequency</th><th>Power</th></tr>
<tr><td>1</td><td>Locked</td><td>ATDMA</td><td>2</td><td>5120 Ksym/sec</td>
<td>23700000 Hz</td><td>47.0 dBmV</td></tr>
</table>
<table id="d31dsTable">
<tr><th>Channel</th><th>Lock Status</th><th>Modulation / Profile ID</th><th>Channel ID</th>
<th>Frequency</th><th>Power</th><th>SNR / MER</th><th>Active Subcarrier Number Range</th>
<th>Unerrored Codewords</th><th>Correctable Codewords</th><th>Uncorrectable Codewords</th></tr>
<tr><td>1</td><td>Locked</td><td>0, 1</td><td>159</td><td>850000000 Hz</td>
<td>-1.95 dBmV</td><td>39.5 dB</td><td>148 ~ 3947</td><td>5</td><td>6</td><td>7</td></tr>
</table>
<table id="d31usTable">
<tr><th>Channel</th><th>Lock Status</th><th>Modulation / Profile ID</th><th>Channel ID</th>
<th>Frequency</th><th>Power</th></tr>
<tr><td>1</td><td>Not Locked</td><td>0</td><td>0</td><td>0 Hz</td><td>0 dBmV</td></tr>
</table></body></html>"""


def test_tables_are_mapped_by_header_names() -> None:
    """Header names, not positions, select the columns; unlocked rows are skipped."""
    status = fmt.parse_status_page(LITERAL_TABLES).value
    assert fmt.downstream(status.ds).value == [
        {
            "channelID": 5,
            "frequency": "603 MHz",
            "powerLevel": 3.4,
            "modulation": "256QAM",
            "mse": -39.8,
            "corrErrors": 12,
            "nonCorrErrors": None,
        }
    ]
    assert fmt.upstream(status.us).value[0]["powerLevel"] == 47.0
    assert fmt.upstream(status.us).value[0]["frequency"] == "23.7 MHz"
    ofdm = fmt.ofdm_downstream(status.ofdm_ds).value
    assert ofdm[0]["channelID"] == 159
    assert ofdm[0]["mer"] == 39.5
    assert (ofdm[0]["corrErrors"], ofdm[0]["nonCorrErrors"]) == (6, 7)
    assert fmt.ofdma_upstream(status.ofdma_us).value == []


def test_tables_device_info() -> None:
    """The table firmware's system table gives uptime and a not-yet-online state."""
    status = fmt.parse_status_page(LITERAL_TABLES).value
    assert fmt.device_info(status, LITERAL_TABLES) == {
        "uptime_seconds": 2 * 86400 + 5 + 3600,
        "docsis_status": "In Progress",
    }


@pytest.mark.parametrize("tables", [True, False])
def test_both_simulated_formats_give_the_same_channels(tables: bool) -> None:
    """The tagValueList page and the table page of one plan parse to identical records."""
    plan = default_plan()
    page = render_table_page(plan, "CM1000") if tables else render_tag_page(plan, "CM1000")
    status = fmt.parse_status_page(page).value
    ds = fmt.downstream(status.ds).value
    us = fmt.upstream(status.us).value
    assert [ch["channelID"] for ch in ds] == [ch.channel_id for ch in plan.ds_qam]
    assert [ch["powerLevel"] for ch in us] == [ch.power for ch in plan.us_qam]
    assert [ch["frequency"] for ch in fmt.ofdma_upstream(status.ofdma_us).value] == ["54 MHz"]
    assert [ch["nonCorrErrors"] for ch in fmt.ofdm_downstream(status.ofdm_ds).value] == [
        ch.uncorrectable for ch in plan.ds_ofdm
    ]
    info = fmt.device_info(status, page)
    assert info == {"uptime_seconds": plan.uptime_seconds, "docsis_status": "online"}


def test_table_page_without_us_table_is_unexpected() -> None:
    """A table page missing the upstream table is not silently read as empty."""
    page = LITERAL_TABLES.replace('id="usTable"', 'id="other"')
    with pytest.raises(UnexpectedPageError):
        fmt.parse_status_page(page)


def test_genie_login_page_is_recognised() -> None:
    """The Genie form (loginUsername) counts as a login page, the status page does not."""
    page = '<form action="/goform/GenieLogin"><input name="loginUsername"></form>'
    assert fmt.is_login_page(page)
    assert not fmt.is_login_page(LITERAL_TABLES)


@pytest.mark.parametrize("variant", ["tagvaluelist", "tables", "genie", "v2"])
async def test_every_variant_reads_device_and_channels(variant: str) -> None:
    """Each firmware variant yields the model, the uptime and every channel."""
    async with run_simulator("cm1000", variant=variant) as sim:
        driver = create_driver("cm1000", sim.url, "admin", sim.state.password)
        try:
            info, connection, docsis = await read_modem(driver)
        finally:
            await driver.close()
        assert isinstance(driver, Cm1000Driver)
        assert driver.form_login is (variant == "genie")
    assert info == {
        "manufacturer": "NETGEAR",
        "model": "CM1000",
        "uptime_seconds": sim.state.plan.uptime_seconds,
        "docsis_status": "online",
    }
    assert connection == {}
    assert_reading_matches(analyze(docsis), sim.simulator.expected())


async def test_genie_expiry_and_wrong_password() -> None:
    """Genie: an expired session logs in once more; a wrong password is an auth error."""
    async with run_simulator("cm1000", variant="genie") as sim:
        driver = create_driver("cm1000", sim.url, "admin", sim.state.password)
        try:
            await read_modem(driver)
            sim.state.expire_sessions()
            await read_modem(driver)
        finally:
            await driver.close()
        assert sim.state.logins == 2
        wrong = create_driver("cm1000", sim.url, "admin", "Nope-Secret-7")
        sim.state.sessions.clear()
        try:
            with pytest.raises(DriverAuthError) as caught:
                await read_modem(wrong)
        finally:
            await wrong.close()
        assert "Nope-Secret-7" not in str(caught.value)
        assert not sim.state.sessions


async def test_genie_wrong_user_is_refused() -> None:
    """The Genie form checks the user name too."""
    async with run_simulator("cm1000", variant="genie") as sim:
        driver = create_driver("cm1000", sim.url, "someone", sim.state.password)
        try:
            with pytest.raises(DriverAuthError):
                await read_modem(driver)
        finally:
            await driver.close()
        assert sim.state.failed_logins == 1


@pytest.mark.parametrize(
    ("key", "variant", "score"),
    [
        ("cm1000", "tagvaluelist", 90),
        ("cm1000", "tables", 90),
        ("cm1000", "genie", 90),
        ("cm1000", "v2", 90),
        ("cm3000", "basic", 0),
        ("cm3000", "form", 0),
        ("cm3500", None, 0),
    ],
)
async def test_detect(key: str, variant: str | None, score: int) -> None:
    """Only a CM1000 answers /DocsisStatus.asp with its realm or login title."""
    async with run_simulator(key, variant=variant) as sim:
        http = ModemHttp(sim.url)
        try:
            assert await Cm1000Driver.detect(http) == score
        finally:
            await http.close()
        assert sim.state.logins == 0
