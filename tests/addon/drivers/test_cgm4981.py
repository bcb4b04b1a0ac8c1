"""Technicolor CGM4981COM: columnar tables, codeword table, login-page recognition, 32+2 plan."""

from __future__ import annotations

import pytest

from devtools.modem_sim import SimState, default_plan, run_simulator
from devtools.modem_sim.cgm4981 import Cgm4981Simulator, _login_page
from docsight_server.analysis.analyzer import analyze
from docsight_server.drivers import DriverAuthError, UnexpectedPageError, create_driver
from docsight_server.drivers.cgm4981 import Cgm4981Driver
from docsight_server.drivers.formats import cgm4981 as fmt

from .contract import assert_reading_matches, read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _row(label: str, *values: str) -> str:
    cells = "".join(f'<td><div class="netWidth">{value}</div></td>' for value in values)
    return f'<tr><th class="row-label ">{label}</td>{cells}</tr>'


def _table(title: str, *rows: str) -> str:
    head = (
        f'<td class="row-label acs-th" colspan="3">{title}</td>'
        if title == "CM Error Codewords"
        else f'<td class="row-label acs-th"><div class="netWidth">{title}</div></td>'
        '<td class="row-label acs-th" colspan="3">Channel Bonding Value</td>'
    )
    return (
        f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


DOWNSTREAM = _table(
    "Downstream",
    _row("Index", "1", "2", "3"),
    _row("Channel ID", "5", "0", "33"),
    _row("Lock Status", "Locked", "Not Locked", "Locked"),
    _row("Frequency", "591000000", "0", "690 MHz"),
    _row("SNR", "38.6 dB", "0 dB", "41.8 dB"),
    _row("Power Level", "-6.2 dBmV", "0 dBmV", "-0.3 dBmV"),
    _row("Modulation", "256 QAM", "Unknown", "OFDM"),
)
UPSTREAM = _table(
    "Upstream",
    _row("Channel ID", "2", "41"),
    _row("Lock Status", "Locked", "Locked"),
    _row("Frequency", "29.2 MHz", "36.2 MHz"),
    _row("Symbol Rate", "5120", "0"),
    _row("Power Level", "43.5 dBmV", "36.5 dBmV"),
    _row("Modulation", "64 QAM", "OFDMA"),
    _row("Channel Type", "TDMA_AND_ATDMA", "OFDMA"),
)
CODEWORDS = _table(
    "CM Error Codewords",
    _row("Unerrored Codewords", "1000", "0", "2000"),
    _row("Correctable Codewords", "12", "0", "N/A"),
    _row("Uncorrectable Codewords", "3", "0", "4"),
)


def test_columnar_downstream_with_column_aligned_codewords() -> None:
    """Columns are channels; unlocked columns skipped; Hz/MHz both read; N/A counter -> None."""
    result = fmt.parse_downstream(DOWNSTREAM + UPSTREAM + CODEWORDS)
    (qam,), (ofdm,) = result.value
    assert qam == {
        "channelID": 5,
        "frequency": "591 MHz",
        "powerLevel": -6.2,
        "corrErrors": 12,
        "nonCorrErrors": 3,
        "modulation": "256QAM",
        "mse": -38.6,
    }
    assert ofdm["type"] == "OFDM"
    assert ofdm["mer"] == 41.8
    assert ofdm["frequency"] == "690 MHz"
    assert ofdm["corrErrors"] is None
    assert ofdm["nonCorrErrors"] == 4
    assert any("not locked" in note for note in result.diagnostics)


def test_codeword_table_with_its_own_channel_ids_wins() -> None:
    """When the codeword table labels its columns, counters follow the IDs, not positions."""
    codewords = _table(
        "CM Error Codewords",
        _row("Channel ID", "33", "5"),
        _row("Correctable Codewords", "700", "70"),
        _row("Uncorrectable Codewords", "9", "1"),
    )
    (qam,), (ofdm,) = fmt.parse_downstream(DOWNSTREAM + codewords).value
    assert (qam["corrErrors"], qam["nonCorrErrors"]) == (70, 1)
    assert (ofdm["corrErrors"], ofdm["nonCorrErrors"]) == (700, 9)


def test_missing_codeword_table_means_unknown_counters() -> None:
    """Without the codeword table the counters are None (never 0)."""
    result = fmt.parse_downstream(DOWNSTREAM)
    (qam,), _ = result.value
    assert qam["corrErrors"] is None
    assert qam["nonCorrErrors"] is None
    assert any("Codewords" in note for note in result.diagnostics)


def test_upstream_without_a_qam_order_carries_the_channel_type() -> None:
    """A Modulation cell without a QAM order gives the stated Channel Type instead."""
    page = UPSTREAM.replace(">64 QAM<", "><")
    assert page != UPSTREAM
    (qam,), _ = fmt.parse_upstream(page).value
    assert qam["modulation"] == "TDMA_AND_ATDMA"


def test_columnar_upstream() -> None:
    """Channel Type decides OFDMA; SC-QAM keeps its multiplex and symbol rate."""
    (qam,), (ofdma,) = fmt.parse_upstream(UPSTREAM).value
    assert qam == {
        "channelID": 2,
        "frequency": "29.2 MHz",
        "powerLevel": 43.5,
        "modulation": "64QAM",
        "multiplex": "TDMA_AND_ATDMA",
        "symbolRate": 5120,
    }
    assert ofdma == {
        "channelID": 41,
        "frequency": "36.2 MHz",
        "powerLevel": 36.5,
        "type": "OFDMA",
        "modulation": "OFDMA",
        "multiplex": "OFDMA",
    }


def test_page_without_tables_is_unexpected() -> None:
    """A page without the Downstream table is an UnexpectedPageError with its text."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_downstream("<html><body>Service unavailable</body></html>")
    assert "unavailable" in caught.value.excerpt
    with pytest.raises(UnexpectedPageError):
        fmt.parse_device("<html><body>Service unavailable</body></html>")


def test_login_page_is_recognised_by_its_form_not_its_size() -> None:
    """The 8.6 KB login page is the login form; a small real page (< 9 KB) is not."""
    login = _login_page()
    assert 8500 < len(login) < 9000
    assert fmt.is_login_page(login)
    small = Cgm4981Simulator(
        SimState("admin", "pw", "default", default_plan(ds_qam=2, ds_ofdm=0, us_qam=1))
    ).network_setup()
    assert len(small) < 8600
    assert not fmt.is_login_page(small)
    assert len(fmt.parse_downstream(small).value[0]) == 2


def test_device_fields() -> None:
    """Model, versions, uptime and WAN addresses come from the label/value pairs."""
    sim = Cgm4981Simulator(SimState("admin", "pw", "default", default_plan()))
    info = fmt.parse_device(sim.network_setup())
    assert info == {
        "manufacturer": "Technicolor",
        "model": "CGM4981COM",
        "hw_version": "2.0",
        "sw_version": "CGM4981COM_1.2.3_PROD_sey",
        "wan_ipv4": "203.0.113.45",
        "wan_ipv6": "2001:db8::45",
        "uptime_seconds": 123456,
    }
    assert fmt.uptime_seconds("0 days 2h: 1m: 11s") == 7271


async def test_reads_the_real_32_plus_2_channel_plan() -> None:
    """The gateway's real layout: 32 SC-QAM + 2 OFDM downstream, 4 ATDMA + 1 OFDMA upstream."""
    async with run_simulator("cgm4981", plan=default_plan(ds_qam=32)) as sim:
        driver = create_driver("cgm4981", sim.url, "admin", sim.state.password)
        try:
            _, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
        page_reads = sim.state.hits["/network_setup.jst"]
    assert len(docsis["channelDs"]["docsis30"]) == 32
    assert len(docsis["channelDs"]["docsis31"]) == 2
    assert len(docsis["channelUs"]["docsis30"]) == 4
    assert len(docsis["channelUs"]["docsis31"]) == 1
    assert_reading_matches(analyze(docsis), sim.simulator.expected())
    assert page_reads == 1


async def test_login_sets_duksid_and_wrong_password_is_refused() -> None:
    """A good login holds an authenticated DUKSID; a bad one raises without the password."""
    async with run_simulator("cgm4981") as sim:
        driver = Cgm4981Driver(sim.url, "admin", sim.state.password)
        bad = Cgm4981Driver(sim.url, "admin", "Wr0ng-secret")
        try:
            await driver.login()
            assert driver.http.cookie("DUKSID") in sim.state.sessions
            with pytest.raises(DriverAuthError) as caught:
                await bad.login()
        finally:
            await driver.close()
            await bad.close()
    assert "Wr0ng-secret" not in str(caught.value)
    assert sim.state.logins == 1


async def test_each_poll_reads_a_fresh_page() -> None:
    """The page cache lasts one poll: the second poll fetches network_setup.jst again."""
    async with run_simulator("cgm4981") as sim:
        driver = create_driver("cgm4981", sim.url, "admin", sim.state.password)
        try:
            await read_modem(driver)
            await read_modem(driver)
        finally:
            await driver.close()
        assert sim.state.hits["/network_setup.jst"] == 2
        assert sim.state.logins == 1
