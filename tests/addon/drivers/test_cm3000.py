"""Netgear CM3000: tagValueList parsing, Basic auth and the Login.htm form variant."""

from __future__ import annotations

import pytest

from devtools.modem_sim import default_plan, run_simulator
from devtools.modem_sim.netgear_common import SESSION_COOKIE, render_tag_page
from docsight_server.analysis.analyzer import analyze
from docsight_server.drivers import (
    DriverAuthError,
    UnexpectedPageError,
    create_driver,
    driver_class,
)
from docsight_server.drivers.cm3000 import Cm3000Driver
from docsight_server.drivers.formats import netgear as fmt
from docsight_server.drivers.transport import ModemHttp

from .contract import assert_reading_matches, read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _function(name: str, *rows: str) -> str:
    """One Init function as the firmware writes it; rows are joined with '|'."""
    value = "|".join(rows) + "|"
    return f"function {name}()\n{{\n    var tagValueList = '{value}';\n}}\n"


LITERAL_PAGE = (
    '<html><head><title>NETGEAR Gateway CM3000</title><script type="text/javascript">\n'
    + _function(
        "InitTagValue",
        "579000000 Hz|Locked|OK|Operational|OK|Operational|OK|a.cfg|Enabled|BPI+",
        "Mon Jan 06 08:00:00 2025|Honor MDD|IPv6 only|Allowed|3 days 04h:05m:06s",
    )
    + _function(
        "InitDsTableTagValue",
        "3",
        "1|Locked|QAM256|21|579000000 Hz|5.3 dBmV|40.9 dB|17|2",
        "2|Not Locked|Unknown|0|0 Hz|0.0 dBmV|0.0 dB|0|0",
        "3|Locked|QAM64|22|587000000 Hz|-0.5 dBmV|35.1 dB|N/A|N/A",
    )
    + _function(
        "InitUsTableTagValue",
        "2",
        "1|Locked|ATDMA|3|5120 Ksym/sec|36200000 Hz|44.5 dBmV",
        "2|Not Locked|Unknown|0|0 Ksym/sec|0 Hz|0.0 dBmV",
    )
    + _function(
        "InitDsOfdmTableTagValue",
        "2",
        "1|Locked|0 ,1 ,2 ,3|193|690000000 Hz|2.1 dBmV|42.0 dB|1108 ~ 2987|99|88|7",
        "2|Not Locked|0|0|0 Hz|0 dBmV|0 dB|0 ~ 0|0|0|0",
    )
    + _function("InitUsOfdmaTableTagValue", "1", "1|Locked|0 ,1|41|29800000 Hz|39.25 dBmV")
    + "</script></head><body></body></html>"
)


def test_literal_page_channels() -> None:
    """Unlocked rows are skipped, QAM spellings normalised, "N/A" counters become None."""
    status = fmt.parse_status_page(LITERAL_PAGE).value
    ds = fmt.downstream(status.ds)
    assert [ch["channelID"] for ch in ds.value] == [21, 22]
    assert ds.value[0] == {
        "channelID": 21,
        "frequency": "579 MHz",
        "powerLevel": 5.3,
        "modulation": "256QAM",
        "mse": -40.9,
        "corrErrors": 17,
        "nonCorrErrors": 2,
    }
    assert ds.value[1]["modulation"] == "64QAM"
    assert ds.value[1]["corrErrors"] is None
    assert ds.value[1]["nonCorrErrors"] is None
    assert any("not locked" in note for note in ds.diagnostics)
    us = fmt.upstream(status.us).value
    assert us == [
        {
            "channelID": 3,
            "frequency": "36.2 MHz",
            "powerLevel": 44.5,
            "type": "ATDMA",
            "modulation": "ATDMA",
            "multiplex": "ATDMA",
            "symbolRate": 5120.0,
        }
    ]
    ofdm = fmt.ofdm_downstream(status.ofdm_ds).value
    assert ofdm == [
        {
            "channelID": 193,
            "frequency": "690 MHz",
            "powerLevel": 2.1,
            "type": "OFDM",
            "modulation": "OFDM",
            "mer": 42.0,
            "corrErrors": 88,
            "nonCorrErrors": 7,
        }
    ]
    ofdma = fmt.ofdma_upstream(status.ofdma_us).value
    assert ofdma[0]["channelID"] == 41
    assert ofdma[0]["powerLevel"] == 39.25
    assert ofdma[0]["frequency"] == "29.8 MHz"


def test_literal_page_device_info() -> None:
    """Uptime comes from InitTagValue position 14, the state from positions 2 and 3."""
    status = fmt.parse_status_page(LITERAL_PAGE).value
    info = fmt.device_info(status, LITERAL_PAGE)
    assert info == {"uptime_seconds": 3 * 86400 + 4 * 3600 + 5 * 60 + 6, "docsis_status": "online"}
    assert fmt.page_model(LITERAL_PAGE, ("CM1000", "CM3000")) == "CM3000"


def test_simulator_page_matches_the_plan() -> None:
    """The simulator's page, parsed and analysed, gives back every locked channel."""
    plan = default_plan()
    page = render_tag_page(plan, "CM3000", units=True)
    status = fmt.parse_status_page(page).value
    ds = fmt.downstream(status.ds).value
    assert [ch["channelID"] for ch in ds] == [ch.channel_id for ch in plan.ds_qam]
    for got, want in zip(ds, plan.ds_qam, strict=True):
        assert got["powerLevel"] == pytest.approx(want.power)
        assert got["mse"] == pytest.approx(-want.snr)
        assert got["modulation"] == want.modulation
        assert got["corrErrors"] == want.corrected
        assert got["nonCorrErrors"] == want.uncorrectable
    ofdm = fmt.ofdm_downstream(status.ofdm_ds).value
    assert [ch["channelID"] for ch in ofdm] == [33, 34]
    assert [ch["mer"] for ch in ofdm] == [ch.snr for ch in plan.ds_ofdm]
    assert fmt.device_info(status, page)["uptime_seconds"] == plan.uptime_seconds


def test_docsis30_page_has_no_ofdm() -> None:
    """A page without the OFDM functions is a DOCSIS 3.0 reading, not an error."""
    page = render_tag_page(default_plan().without_docsis31(), "CM3000")
    result = fmt.parse_status_page(page)
    assert result.value.ofdm_ds == []
    assert result.value.ofdma_us == []
    assert any("InitDsOfdmTableTagValue" in note for note in result.diagnostics)


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><h1>Service unavailable</h1></body></html>",
        LITERAL_PAGE.replace("'3|1|Locked|QAM256", "'9|1|Locked|QAM256"),
        LITERAL_PAGE.replace("'3|1|Locked|QAM256", "'x|1|Locked|QAM256"),
        "<script>function InitTagValue() { var tagValueList = '1|2|'; }</script>",
    ],
)
def test_malformed_pages_are_unexpected(page: str) -> None:
    """Missing functions, short lists and a bad row count raise UnexpectedPageError."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_status_page(page)
    assert caught.value.excerpt


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1 days 10:17:36", 123456),
        ("1 days 10h:17m:36s", 123456),
        ("0 days 00h:00m:59s", 59),
        ("26:40:45", 26 * 3600 + 40 * 60 + 45),
        ("unknown", None),
    ],
)
def test_uptime_formats(text: str, seconds: int | None) -> None:
    """Both uptime spellings of the Netgear firmwares are read."""
    assert fmt.uptime_seconds(text) == seconds


def test_login_form_helpers() -> None:
    """The hidden webToken and the form action with its page id are found."""
    page = (
        '<form name="f" method="post" action="/goform/Login?id=1a2b&amp;x=1">'
        '<input type="text" name="loginName"><input type="password" name="loginPassword">'
        "<input type='hidden' name='webToken' value='tok123'></form>"
    )
    assert fmt.is_login_page(page)
    assert fmt.hidden_inputs(page) == {"webToken": "tok123"}
    assert fmt.form_action(page) == "/goform/Login?id=1a2b&x=1"
    assert not fmt.is_login_page(LITERAL_PAGE)


async def test_basic_expiry_is_a_401_then_one_login() -> None:
    """With Basic auth the expired modem challenges once; the driver logs in once more."""
    async with run_simulator("cm3000", variant="basic") as sim:
        driver = create_driver("cm3000", sim.url, "admin", sim.state.password)
        try:
            await read_modem(driver)
            logins = sim.state.logins
            sim.state.expire_sessions()
            _, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
        assert sim.state.logins == logins + 1
        assert isinstance(driver, Cm3000Driver)
        assert not driver.form_login
    assert_reading_matches(analyze(docsis), sim.simulator.expected())


async def test_form_variant_login_and_expiry() -> None:
    """The form firmware: webToken login, session cookie, one re-login after expiry."""
    async with run_simulator("cm3000", variant="form") as sim:
        driver = create_driver("cm3000", sim.url, "admin", sim.state.password)
        try:
            info, _, _ = await read_modem(driver)
            assert isinstance(driver, Cm3000Driver)
            assert driver.form_login
            assert driver.http.cookie(SESSION_COOKIE) in sim.state.sessions
            logins = sim.state.logins
            sim.state.expire_sessions()
            _, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
        assert sim.state.logins == logins + 1
        assert sim.state.failed_logins == 0
    assert info["model"] == "CM3000"
    assert info["manufacturer"] == "NETGEAR"
    assert info["uptime_seconds"] == sim.state.plan.uptime_seconds
    assert_reading_matches(analyze(docsis), sim.simulator.expected())


async def test_form_variant_wrong_password() -> None:
    """A refused form login is an auth error without the password and without a session."""
    async with run_simulator("cm3000", variant="form") as sim:
        driver = create_driver("cm3000", sim.url, "admin", "Bad-Secret-42")
        try:
            with pytest.raises(DriverAuthError) as caught:
                await read_modem(driver)
        finally:
            await driver.close()
        assert "Bad-Secret-42" not in str(caught.value)
        assert sim.state.failed_logins == 1
        assert not sim.state.sessions


async def test_form_login_needs_the_web_token() -> None:
    """The simulator refuses a login POST without the token of a served login page."""
    async with run_simulator("cm3000", variant="form") as sim:
        http = ModemHttp(sim.url)
        try:
            reply = await http.post(
                "/goform/Login?id=deadbeef",
                data={"loginName": "admin", "loginPassword": sim.state.password},
            )
        finally:
            await http.close()
        assert fmt.is_login_page(reply.text)
        assert sim.state.logins == 0


@pytest.mark.parametrize(
    ("key", "variant", "score"),
    [
        ("cm3000", "basic", 90),
        ("cm3000", "form", 90),
        ("cm3000", "placeholder", 90),
        ("cm1000", "tagvaluelist", 0),
        ("cm1000", "genie", 0),
        ("cm3500", None, 0),
    ],
)
async def test_detect(key: str, variant: str | None, score: int) -> None:
    """Only a CM3000 (realm or login title) is recognised; no login happens."""
    async with run_simulator(key, variant=variant) as sim:
        cls = driver_class("cm3000")
        assert cls is not None
        http = ModemHttp(sim.url)
        try:
            assert await cls.detect(http) == score
        finally:
            await http.close()
        assert sim.state.logins == 0
