"""Arris CM3500B: status_cgi tables by heading, IP-bound login, expiry and detection."""

from __future__ import annotations

import pytest

from devtools.modem_sim import default_plan, run_simulator
from devtools.modem_sim.cm3500 import render_login, render_status
from docsight_server.analysis.analyzer import analyze
from docsight_server.drivers import DriverAuthError, UnexpectedPageError, create_driver
from docsight_server.drivers.cm3500 import Cm3500Driver
from docsight_server.drivers.formats import cm3500 as fmt
from docsight_server.drivers.transport import ModemHttp

from .contract import assert_reading_matches, read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")

# A trimmed page: layout text between heading and table, QAM spelled "QAM256", an idle
# receiver, a "----" counter, an empty Upstream OFDM table and no Downstream OFDM at all.
LITERAL_PAGE = """<html><head><title>ARRIS CM3500B Status</title></head><body>
<h4> Status </h4><table>
<tr><td>System Uptime:</td><td>3 d:  4 h: 05 m</td></tr>
<tr><td>CM Status:</td><td>Registration Complete</td></tr></table>
<h4> Downstream QAM </h4><p>Bonded channels</p>
<table><tr><td></td><td>DCID</td><td>Freq</td><td>Power</td><td>SNR</td><td>Modulation</td>
<td>Octets</td><td>Correcteds</td><td>Uncorrectables</td></tr>
<tr><td>Downstream 1</td><td>9</td><td>474.00 MHz</td><td>6.10 dBmV</td><td>40.37 dB</td>
<td>QAM256</td><td>111</td><td>42</td><td>----</td></tr>
<tr><td>Downstream 2</td><td>0</td><td>0.00 MHz</td><td>0.00 dBmV</td><td>0.00 dB</td>
<td>----</td><td>0</td><td>0</td><td>0</td></tr></table>
<h4> Upstream QAM </h4>
<table><tr><td></td><td>UCID</td><td>Freq</td><td>Power</td><td>Channel Type</td>
<td>Symbol Rate</td><td>Modulation</td></tr>
<tr><td>Upstream 1</td><td>4</td><td>51.00 MHz</td><td>48.25 dBmV</td>
<td>DOCSIS2.0 (ATDMA)</td><td>5120 kSym/s</td><td>QAM64</td></tr></table>
<h4> Upstream OFDM </h4>
<table><tr><td></td><td>UCID</td><td>FFT Type</td><td>Power</td></tr></table>
</body></html>"""


def test_literal_page() -> None:
    """Tables are found by heading; idle receivers skipped; "----" counters are None."""
    value = fmt.parse_status(LITERAL_PAGE).value
    assert value["channelDs"]["docsis30"] == [
        {
            "channelID": 9,
            "frequency": "474 MHz",
            "powerLevel": 6.1,
            "modulation": "256QAM",
            "mse": -40.37,
            "corrErrors": 42,
            "nonCorrErrors": None,
        }
    ]
    assert value["channelDs"]["docsis31"] == []
    assert value["channelUs"]["docsis30"] == [
        {
            "channelID": 4,
            "frequency": "51 MHz",
            "powerLevel": 48.25,
            "modulation": "64QAM",
            "multiplex": "ATDMA",
            "symbolRate": 5120.0,
        }
    ]
    assert value["channelUs"]["docsis31"] == []


def test_literal_device_section() -> None:
    """Uptime has minute resolution; a state other than OPERATIONAL is passed on."""
    assert fmt.parse_device(LITERAL_PAGE).value == {
        "uptime_seconds": 3 * 86400 + 4 * 3600 + 5 * 60,
        "docsis_status": "Registration Complete",
    }


def test_simulator_page_matches_the_plan() -> None:
    """OFDM rows take the first active subcarrier and the data-subcarrier MER."""
    plan = default_plan()
    page = render_status(plan)
    value = fmt.parse_status(page).value
    ds31 = value["channelDs"]["docsis31"]
    assert [ch["channelID"] for ch in ds31] == [33, 34]
    assert [ch["mer"] for ch in ds31] == [ch.snr for ch in plan.ds_ofdm]
    assert [ch["frequency"] for ch in ds31] == ["751 MHz", "847 MHz"]
    us31 = value["channelUs"]["docsis31"]
    assert [(ch["channelID"], ch["powerLevel"]) for ch in us31] == [(41, 45.1)]
    ds30 = value["channelDs"]["docsis30"]
    assert len(ds30) == len(plan.ds_qam)
    assert [ch["modulation"] for ch in ds30] == [ch.modulation for ch in plan.ds_qam]
    assert fmt.parse_device(page).value == {
        "uptime_seconds": plan.uptime_seconds - plan.uptime_seconds % 60,
        "docsis_status": "online",
    }


@pytest.mark.parametrize(
    "page",
    [
        "<html><body>Service unavailable</body></html>",
        LITERAL_PAGE.replace("Upstream QAM", "Upstream Something"),
    ],
)
def test_unreadable_pages(page: str) -> None:
    """Without the QAM tables the page is unexpected (with an excerpt)."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_status(page)
    assert caught.value.excerpt


def test_login_page_is_recognised() -> None:
    """The login form (with or without an error line) is recognised, the status page not."""
    assert fmt.is_login_page(render_login())
    assert fmt.is_login_page(render_login("Invalid user name or password"))
    assert not fmt.is_login_page(render_status(default_plan()))


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("0 d:  7 h: 33 m", 7 * 3600 + 33 * 60), ("1 d: 2 h: 3 m: 4 s", 93784), ("n/a", None)],
)
def test_uptime(text: str, seconds: int | None) -> None:
    """Touchstone uptime spellings."""
    assert fmt.uptime_seconds(text) == seconds


async def test_session_is_bound_to_the_address() -> None:
    """After login the status page is served without any cookie: the modem binds the IP."""
    async with run_simulator("cm3500") as sim:
        driver = create_driver("cm3500", sim.url, "admin", sim.state.password)
        assert isinstance(driver, Cm3500Driver)
        try:
            await driver.login()
            driver.http.clear_cookies()
            info = await driver.get_device_info()
        finally:
            await driver.close()
        assert sim.state.logins == 1
    assert info["model"] == "CM3500B"
    assert info["manufacturer"] == "ARRIS"
    assert info["docsis_status"] == "online"


async def test_expired_session_reads_after_one_login() -> None:
    """The login page in place of status_cgi triggers exactly one new login."""
    async with run_simulator("cm3500", tls=True) as sim:
        driver = create_driver("cm3500", sim.url, "admin", sim.state.password)
        try:
            await read_modem(driver)
            sim.state.expire_sessions()
            _, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
        assert sim.state.logins == 2
    assert_reading_matches(analyze(docsis), sim.simulator.expected())


async def test_wrong_user_is_refused() -> None:
    """The user name is checked as well as the password."""
    async with run_simulator("cm3500") as sim:
        driver = create_driver("cm3500", sim.url, "root", sim.state.password)
        try:
            with pytest.raises(DriverAuthError):
                await read_modem(driver)
        finally:
            await driver.close()
        assert sim.state.failed_logins == 1
        assert not sim.state.sessions


def test_defaults() -> None:
    """HTTPS by default, with admin as the user."""
    assert Cm3500Driver.default_url == "https://192.168.100.1"
    assert Cm3500Driver.default_user == "admin"


@pytest.mark.parametrize(
    ("key", "variant", "score"),
    [
        ("cm3500", None, 90),
        ("cm3000", "basic", 0),
        ("cm3000", "form", 0),
        ("cm1000", "genie", 0),
        ("cm1000", "tables", 0),
    ],
)
async def test_detect(key: str, variant: str | None, score: int) -> None:
    """Only the CM3500 login page is recognised."""
    async with run_simulator(key, variant=variant) as sim:
        http = ModemHttp(sim.url)
        try:
            assert await Cm3500Driver.detect(http) == score
        finally:
            await http.close()
        assert sim.state.logins == 0
