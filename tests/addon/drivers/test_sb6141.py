"""Arris/Motorola SB6141: transposed signal tables, codewords, help page, detection."""

from __future__ import annotations

import pytest

from devtools.modem_sim import run_simulator
from devtools.modem_sim.plan import default_plan
from devtools.modem_sim.sb6141 import NESTED_NOTE, PLAIN, render_help, render_signal
from docsight_server.drivers import UnexpectedPageError, create_driver
from docsight_server.drivers.formats import sb6141 as fmt
from docsight_server.drivers.sb6141 import Sb6141Driver
from docsight_server.drivers.transport import ModemHttp

pytestmark = pytest.mark.usefixtures("socket_enabled")

PLAN = default_plan().without_docsis31()

# A page as the SB6141 firmware writes it: integer readings, the nested power note, no counters.
LITERAL_SIGNAL = """
<HTML><HEAD><TITLE>Signal</TITLE></HEAD><BODY><CENTER>
<TABLE align=center border=1 cellPadding=4 cellSpacing=0 width=500><TBODY>
<TR><TH colSpan=3><FONT color=#ffffff>Downstream </FONT></TH></TR>
<TR><TD>Channel ID</TD><TD>5&nbsp; </TD><TD>6&nbsp; </TD></TR>
<TR><TD>Frequency</TD><TD>603000000 Hz&nbsp;</TD><TD>0 Hz&nbsp;</TD></TR>
<TR><TD>Signal to Noise Ratio</TD><TD>38 dB&nbsp;</TD><TD>0 dB&nbsp;</TD></TR>
<TR><TD>Downstream Modulation</TD><TD>QAM256&nbsp;</TD><TD>Unknown&nbsp;</TD></TR>
<TR><TD>Power Level<TABLE border=0 cellPadding=0 cellSpacing=0 width=300><TBODY><TR>
<TD align=left><SMALL>The Downstream Power Level reading is a snapshot taken at the time this
page was requested. Please Reload/Refresh this Page for a new reading </SMALL></TD></TR>
</TBODY></TABLE></TD><TD>-2 dBmV &nbsp;</TD><TD>0 dBmV &nbsp;</TD></TR>
</TBODY></TABLE>
<TABLE align=center border=1 cellPadding=4 cellSpacing=0 width=500><TBODY>
<TR><TH colSpan=3>Upstream</TH></TR>
<TR><TD>Channel ID</TD><TD>3&nbsp;</TD><TD>4&nbsp;</TD></TR>
<TR><TD>Frequency</TD><TD>30600000 Hz&nbsp;</TD><TD>37000000 Hz&nbsp;</TD></TR>
<TR><TD>Ranging Service ID</TD><TD>2431&nbsp;</TD><TD>2432&nbsp;</TD></TR>
<TR><TD>Symbol Rate</TD><TD>5.120 Msym/sec&nbsp;</TD><TD>2.560 Msym/sec&nbsp;</TD></TR>
<TR><TD>Power Level</TD><TD>43 dBmV&nbsp;</TD><TD>44 dBmV&nbsp;</TD></TR>
<TR><TD>Upstream Modulation</TD><TD>[3] QPSK<BR>[3] 64QAM<BR></TD>
<TD>[2] QPSK<BR>[1] 16QAM<BR></TD></TR>
<TR><TD>Ranging Status</TD><TD>Success&nbsp;</TD><TD>T4 Timeout&nbsp;</TD></TR>
</TBODY></TABLE></CENTER></BODY></HTML>
"""

LITERAL_HELP = """
<HTML><BODY><TABLE><TR><TD>Model Name: SB6141<BR>Vendor Name: ARRIS Group, Inc.<BR>
Firmware Name: SB_KOMODO-1.0.7.3-SCM00-NOSH<BR>Boot Version: PSPU-Boot(25CLK) 1.0.12.18m3<BR>
Hardware Version: 8.0<BR>Serial Number: 123456789<BR></TD></TR></TABLE></BODY></HTML>
"""


@pytest.mark.parametrize("variant", [NESTED_NOTE, PLAIN])
def test_rendered_downstream_matches_the_plan(variant: str) -> None:
    """Every locked receiver is read with its codewords; the unlocked one is skipped."""
    result = fmt.parse_downstream(render_signal(PLAN, variant))
    assert [ch["channelID"] for ch in result.value] == [ch.channel_id for ch in PLAN.ds_qam]
    for got, want in zip(result.value, PLAN.ds_qam, strict=True):
        assert got == {
            "channelID": want.channel_id,
            "frequency": f"{want.frequency_mhz:g} MHz",
            "powerLevel": pytest.approx(want.power),
            "modulation": want.modulation,
            "mse": pytest.approx(-want.snr),
            "corrErrors": want.corrected,
            "nonCorrErrors": want.uncorrectable,
        }
    assert any("not locked" in note for note in result.diagnostics)


def test_rendered_upstream_matches_the_plan() -> None:
    """Upstream columns carry frequency, power, the best burst modulation and the symbol rate."""
    result = fmt.parse_upstream(render_signal(PLAN))
    assert [ch["channelID"] for ch in result.value] == [ch.channel_id for ch in PLAN.us_qam]
    first = result.value[0]
    assert first["frequency"] == "30.8 MHz"
    assert first["powerLevel"] == pytest.approx(42.3)
    assert first["modulation"] == "64QAM"
    assert first["multiplex"] == "ATDMA"
    assert first["symbolRate"] == 5120


def test_literal_page_quirks() -> None:
    """Nested power note, integer readings, a dead receiver, a failed ranging, no codewords."""
    ds = fmt.parse_downstream(LITERAL_SIGNAL)
    assert ds.value == [
        {
            "channelID": 5,
            "frequency": "603 MHz",
            "powerLevel": -2.0,
            "modulation": "256QAM",
            "mse": -38.0,
            "corrErrors": None,
            "nonCorrErrors": None,
        }
    ]
    assert any("codeword" in note for note in ds.diagnostics)
    us = fmt.parse_upstream(LITERAL_SIGNAL)
    assert [ch["channelID"] for ch in us.value] == [3]
    assert us.value[0]["frequency"] == "30.6 MHz"


def test_codeword_cells_that_are_not_numbers_are_none() -> None:
    """A codeword cell reading "N/A" gives None, never 0."""
    page = LITERAL_SIGNAL.replace(
        "</CENTER>",
        "<TABLE><TR><TH>Signal Stats (Codewords)</TH></TR>"
        "<TR><TD>Channel ID</TD><TD>5</TD></TR>"
        "<TR><TD>Total Correctable Codewords</TD><TD>N/A</TD></TR>"
        "<TR><TD>Total Uncorrectable Codewords</TD><TD>7</TD></TR></TABLE></CENTER>",
    )
    channel = fmt.parse_downstream(page).value[0]
    assert channel["corrErrors"] is None
    assert channel["nonCorrErrors"] == 7


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("[3] QPSK [3] 64QAM", "64QAM"),
        ("[2] QPSK [1] 16QAM", "16QAM"),
        ("[3] QPSK", "QPSK"),
        ("QAM64", "64QAM"),
        ("", None),
    ],
)
def test_best_upstream_modulation(cell: str, expected: str | None) -> None:
    """The highest order of the burst profile list is the channel's modulation."""
    assert fmt.best_modulation(cell) == expected


def test_symbol_rate_units() -> None:
    """Msym/sec becomes kSym/s."""
    assert fmt.symbol_rate_ksym("5.120 Msym/sec") == 5120
    assert fmt.symbol_rate_ksym("2560 ksym/s") == 2560
    assert fmt.symbol_rate_ksym("") is None


def test_malformed_signal_page_is_unexpected() -> None:
    """A page without the tables raises UnexpectedPageError with the page text."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_downstream("<html><body>Service unavailable</body></html>")
    assert "unavailable" in caught.value.excerpt
    only_downstream = LITERAL_SIGNAL.split("<TABLE align=center")[1]
    with pytest.raises(UnexpectedPageError):
        fmt.parse_upstream("<TABLE align=center" + only_downstream)


def test_help_page() -> None:
    """The help page gives model, vendor, firmware and hardware version."""
    assert fmt.parse_help(LITERAL_HELP).value == {
        "model": "SB6141",
        "manufacturer": "ARRIS Group, Inc.",
        "sw_version": "SB_KOMODO-1.0.7.3-SCM00-NOSH",
        "hw_version": "8.0",
    }
    assert fmt.parse_help(render_help(PLAN)).value["hw_version"] == PLAN.hw_version
    with pytest.raises(UnexpectedPageError):
        fmt.parse_help("<html><body>Firmware Name: x</body></html>")


async def test_driver_reads_device_and_channels() -> None:
    """Against the simulator the driver reports the identity and all locked channels."""
    async with run_simulator("sb6141", variant=PLAIN) as sim:
        driver = create_driver("sb6141", sim.url, "", "")
        try:
            await driver.login()
            info = await driver.get_device_info()
            docsis = await driver.get_docsis_data()
            assert await driver.get_connection_info() == {}
        finally:
            await driver.close()
    assert info["model"] == "SB6141"
    assert sim.state.plan.sw_version in info["sw_version"]
    assert len(docsis["channelDs"]["docsis30"]) == len(sim.state.plan.ds_qam)
    assert docsis["channelDs"]["docsis31"] == []
    assert docsis["channelUs"]["docsis31"] == []
    assert sim.state.logins == 0


@pytest.mark.parametrize(("key", "confidence"), [("sb6141", 90), ("sb6183", 0), ("sb6190", 0)])
async def test_detect_only_the_sb6141(key: str, confidence: int) -> None:
    """The help page's model name is what marks an SB6141; other SURFboards score 0."""
    async with run_simulator(key) as sim:
        http = ModemHttp(sim.url)
        try:
            assert await Sb6141Driver.detect(http) == confidence
        finally:
            await http.close()
