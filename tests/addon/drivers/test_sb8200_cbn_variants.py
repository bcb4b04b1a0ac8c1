"""SB8200 (Compal CBN firmware) page variants: other table names, lock flags, signal table."""

from __future__ import annotations

import pytest

from devtools.modem_sim import run_simulator
from devtools.modem_sim.plan import default_plan
from devtools.modem_sim.sb8200_cbn import (
    CBN_REAL,
    UNLOCKED_OFDM_ID,
    UNUSED_UPSTREAM_ID,
    render_real_ofdm_downstream,
    render_signal_table,
)
from docsight_server.analysis.analyzer import analyze
from docsight_server.drivers import UnexpectedPageError, create_driver
from docsight_server.drivers.formats import compal_xml as fmt
from docsight_server.drivers.formats import sb8200_cbn as cbn
from docsight_server.drivers.formats.common import OFDM_ID_BASE
from docsight_server.drivers.sb8200_cbn import Sb8200CbnDriver

from .contract import assert_reading_matches, read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")

HEAD = '<?xml version="1.0" encoding="utf-8"?>'


def _fields(**cells: str) -> str:
    return "".join(f"<{tag}>{value}</{tag}>" for tag, value in cells.items())


def _element(tag: str, **cells: str) -> str:
    return f"<{tag}>{_fields(**cells)}</{tag}>"


def _ofdm_cells(dsid: str, start_hz: str, locked: str = "1") -> dict[str, str]:
    return {
        "Receiver": "1",
        "Subcarr0Frequency": start_hz,
        "PLCPower": "2.5",
        "DataScAvgMer": "39.5",
        "dsid": dsid,
        "ofdmCorrected": "11",
        "ofdmUncorrectable": "2",
        "ofdmIsLocked": locked,
    }


# ---- defect 1: other table element names -------------------------------------------------------


def test_downstream_ofdm_table_name_of_the_cbn_firmware() -> None:
    """<downstreamOFDM_table> rows with their own field names are read."""
    text = (
        f"{HEAD}<downstreamOFDM_table><ds_num>1</ds_num>"
        + _element("downstream", **_ofdm_cells("25", "605600000"))
        + "</downstreamOFDM_table>"
    )
    assert cbn.parse_ofdm_downstream(text).value == [
        {
            "channelID": 25,
            "frequency": "605.6 MHz",
            "powerLevel": 2.5,
            "type": "OFDM",
            "modulation": "OFDM",
            "mer": 39.5,
            "corrErrors": 11,
            "nonCorrErrors": 2,
        }
    ]


def test_upstream_ofdma_table_name_of_the_cbn_firmware() -> None:
    """<upstreamOFDMA_table> rows are read; an inactive one is skipped."""
    text = (
        f"{HEAD}<upstreamOFDMA_table><us_num>1</us_num>"
        + _element(
            "upstream", usid="42", Subcarr0Frequency="29800000", power="44.0", ofdmaIsActive="1"
        )
        + _element("upstream", usid="43", Subcarr0Frequency="0", power="0", ofdmaIsActive="0")
        + "</upstreamOFDMA_table>"
    )
    result = cbn.parse_ofdma_upstream(text)
    assert result.value == [
        {
            "channelID": 42,
            "frequency": "29.8 MHz",
            "powerLevel": 44.0,
            "type": "OFDMA",
            "modulation": "OFDMA",
            "multiplex": "OFDMA",
        }
    ]
    assert len(result.diagnostics) == 1


def test_unknown_table_name_says_what_was_expected() -> None:
    """The error names the table, its fun and every element name the driver knows."""
    with pytest.raises(UnexpectedPageError) as caught:
        cbn.parse_ofdm_downstream(f"{HEAD}<ofdmTable><ds_num>0</ds_num></ofdmTable>")
    message = str(caught.value)
    assert "OFDM downstream table (fun 9)" in message
    assert "ofdm_downstream, downstreamOFDM_table" in message
    assert "<ofdmTable>" in message
    with pytest.raises(UnexpectedPageError) as caught:
        cbn.parse_ofdma_upstream("<html>Service temporarily unavailable</html>")
    assert "OFDMA upstream table (fun 6)" in str(caught.value)
    assert "unavailable" in caught.value.excerpt


# ---- defect 2: unlocked rows -----------------------------------------------------------------


def test_rows_flagged_unlocked_are_skipped() -> None:
    """IsLocked, usLocked and ofdmIsLocked = 0 rows are not channels, whatever else they carry."""
    downstream = (
        f"{HEAD}<downstream_table><ds_num>2</ds_num>"
        + _element("downstream", freq="602000000", pow="3.4", snr="38", chid="5", IsLocked="1")
        + _element("downstream", freq="610000000", pow="0.3", snr="0", chid="6", IsLocked="0")
        + "</downstream_table>"
    )
    ds = fmt.parse_downstream(downstream)
    assert [ch["channelID"] for ch in ds.value] == [5]
    assert ds.diagnostics == ["downstream channel 6 not locked: skipped"]
    upstream = (
        f"{HEAD}<upstream_table><us_num>2</us_num>"
        + _element("upstream", usid="1", freq="30800000", power="42", mod="QAM64", usLocked="1")
        + _element("upstream", usid="2", freq="37200000", power="0", mod="QAM64", usLocked="0")
        + "</upstream_table>"
    )
    assert [ch["channelID"] for ch in fmt.parse_upstream(upstream).value] == [1]
    ofdm = (
        f"{HEAD}<downstreamOFDM_table>"
        + _element("downstream", **_ofdm_cells("25", "605600000"))
        + _element("downstream", **_ofdm_cells("26", "700000000", locked="0"))
        + "</downstreamOFDM_table>"
    )
    assert [ch["channelID"] for ch in cbn.parse_ofdm_downstream(ofdm).value] == [25]


# ---- defect 3: codeword counters from the signal table -----------------------------------------


@pytest.mark.parametrize(
    ("corrected_tag", "uncorrectable_tag"),
    [("correctable", "uncorrectable"), ("PreRs", "PostRs")],
)
def test_signal_table_counters_join_the_channels_by_id(
    corrected_tag: str, uncorrectable_tag: str
) -> None:
    """Counters and the decimal SNR of fun 19 reach the channel with the same id."""
    signal_xml = (
        f"{HEAD}<signal_table><sig_num>3</sig_num>"
        + _element("signal", dsid="6", SNR="37.2", **{corrected_tag: "7", uncorrectable_tag: "0"})
        + _element("signal", dsid="5", SNR="38.6", **{corrected_tag: "12", uncorrectable_tag: "3"})
        + _element("signal", dsid="25", SNR="39.9", **{corrected_tag: "99", uncorrectable_tag: "4"})
        + "</signal_table>"
    )
    signal = cbn.parse_signal(signal_xml).value
    downstream = (
        f"{HEAD}<downstream_table><ds_num>1</ds_num>"
        + _element("downstream", freq="602000000", pow="3.4", snr="38", chid="5", IsLocked="1")
        + "</downstream_table>"
    )
    (channel,) = fmt.parse_downstream(downstream, signal).value
    assert channel["mse"] == pytest.approx(-38.6)
    assert (channel["corrErrors"], channel["nonCorrErrors"]) == (12, 3)
    cells = _ofdm_cells("25", "605600000")
    del cells["ofdmCorrected"], cells["ofdmUncorrectable"]
    ofdm = f"{HEAD}<downstreamOFDM_table>{_element('downstream', **cells)}</downstreamOFDM_table>"
    (ofdm_channel,) = cbn.parse_ofdm_downstream(ofdm, signal).value
    assert (ofdm_channel["corrErrors"], ofdm_channel["nonCorrErrors"]) == (99, 4)
    assert ofdm_channel["mer"] == pytest.approx(39.5)  # the row's own MER stays


def test_signal_table_of_the_simulator_covers_every_downstream_channel() -> None:
    """The rendered fun 19 table gives each plan channel its counters."""
    plan = default_plan()
    signal = cbn.parse_signal(render_signal_table(plan)).value
    for ch in plan.ds_qam + plan.ds_ofdm:
        assert signal[ch.channel_id]["corrected"] == str(ch.corrected)
        assert signal[ch.channel_id]["uncorrected"] == str(ch.uncorrectable)


def test_signal_status_of_either_fun_19_layout() -> None:
    """The flat <cm_signal> gives the provisioning state; the signal table gives none."""
    flat = f"{HEAD}<cm_signal><provisioning_st>Operational</provisioning_st></cm_signal>"
    assert cbn.signal_status(flat)["provisioning_st"] == "Operational"
    assert "provisioning_st" not in cbn.signal_status(render_signal_table(default_plan()))


# ---- defect 4: every locked OFDM channel ---------------------------------------------------------


def test_second_ofdm_channel_in_its_own_table_row_element() -> None:
    """A second channel in a <tablerow> entry (not a <ds_ofdm>) is read too."""
    first = _element(
        "ds_ofdm",
        ChannelID="33",
        start_frequency="751000000",
        power_ofdm="4.2",
        SNR_ofdm="40.3",
        locked_ofdm="Locked",
    )
    second = first.replace("ds_ofdm>", "tablerow>").replace(">33<", ">34<")
    second = second.replace("751000000", "847000000")
    text = f"{HEAD}<ofdm_downstream><ofdm_ds_num>2</ofdm_ds_num>{first}{second}</ofdm_downstream>"
    channels = cbn.parse_ofdm_downstream(text).value
    assert [(ch["channelID"], ch["frequency"]) for ch in channels] == [
        (33, "751 MHz"),
        (34, "847 MHz"),
    ]


def test_two_ofdm_channels_run_together_in_one_entry() -> None:
    """When one entry holds two channels' fields in turn, each channel is read."""
    first = _fields(**_ofdm_cells("25", "605600000"))
    second = _fields(**{**_ofdm_cells("26", "701600000"), "Receiver": "2"})
    text = f"{HEAD}<downstreamOFDM_table><downstream>{first}{second}</downstream>"
    text += "</downstreamOFDM_table>"
    channels = cbn.parse_ofdm_downstream(text).value
    assert [(ch["channelID"], ch["frequency"]) for ch in channels] == [
        (25, "605.6 MHz"),
        (26, "701.6 MHz"),
    ]


def test_rendered_real_ofdm_table_reads_every_locked_receiver() -> None:
    """Both plan channels come back; the unlocked receiver does not."""
    plan = default_plan()
    result = cbn.parse_ofdm_downstream(render_real_ofdm_downstream(plan))
    assert [ch["channelID"] for ch in result.value] == [ch.channel_id for ch in plan.ds_ofdm]
    assert result.diagnostics == [f"OFDM receiver {len(plan.ds_ofdm) + 1} not locked: skipped"]
    assert UNLOCKED_OFDM_ID not in [ch["channelID"] for ch in result.value]


# ---- field semantics ---------------------------------------------------------------------------


def test_upstream_type_is_the_modulation_without_a_qam_order() -> None:
    """An SC-QAM upstream row without a QAM order reports its stated type as modulation."""
    text = (
        f"{HEAD}<upstream_table>"
        + _element("upstream", usid="3", freq="30800000", power="42", channeltype="ATDMA")
        + _element("upstream", usid="4", freq="37200000", power="43", mod="", channeltype="TDMA")
        + _element("upstream", usid="5", freq="43600000", power="44", mod="QAM64")
        + "</upstream_table>"
    )
    channels = fmt.parse_upstream(text).value
    assert [ch["modulation"] for ch in channels] == ["ATDMA", "TDMA", "64QAM"]
    assert [ch["multiplex"] for ch in channels] == ["ATDMA", "TDMA", "ATDMA"]


def test_firmware_variants_are_named() -> None:
    """The driver lists the firmware layouts it is known to read."""
    assert "downstreamOFDM_table" in Sb8200CbnDriver.firmware


# ---- the cbn-real variant against the driver -------------------------------------------------


async def test_cbn_real_variant_reads_every_channel_with_counters() -> None:
    """One poll of the field layout gives the plan's channels, counters and no unlocked rows."""
    async with run_simulator("sb8200_cbn", variant=CBN_REAL) as sim:
        driver = create_driver("sb8200_cbn", sim.url, "admin", sim.state.password)
        try:
            info, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
    assert info["model"] == "SB8200"
    assert "docsis_status" not in info  # this fun 19 layout carries no provisioning state
    analysis = analyze(docsis)
    assert_reading_matches(analysis, sim.simulator.expected())
    us_ids = {channel["channel_id"] for channel in analysis["us_channels"]}
    assert UNUSED_UPSTREAM_ID not in us_ids
    assert all(channel["correctable_errors"] is not None for channel in analysis["ds_channels"])


def test_ofdm_rows_without_any_id_are_numbered_clear_of_sc_qam_ids() -> None:
    """Only a row without an id is numbered from the OFDM base, stepping past SC-QAM ids."""
    cells = _ofdm_cells("", "605600000")
    text = (
        f"{HEAD}<downstreamOFDM_table>"
        + _element("downstream", **cells)
        + _element("downstream", **{**cells, "Receiver": "2", "dsid": "26"})
        + "</downstreamOFDM_table>"
    )
    result = cbn.parse_ofdm_downstream(text, qam=[{"channelID": OFDM_ID_BASE}])
    assert [ch["channelID"] for ch in result.value] == [OFDM_ID_BASE + 1, 26]
    assert result.diagnostics == ["channel at 605.6 MHz has no id: reported as 34"]


def test_ofdm_id_an_sc_qam_channel_has_moves_above_the_base() -> None:
    """The modem's OFDM id stays unless an SC-QAM channel has it: then base + id."""
    text = (
        f"{HEAD}<downstreamOFDM_table>"
        + _element("downstream", **_ofdm_cells("5", "605600000"))
        + _element("downstream", **{**_ofdm_cells("25", "701600000"), "Receiver": "2"})
        + "</downstreamOFDM_table>"
    )
    qam = [{"channelID": 5}, {"channelID": 6}]
    channels = cbn.parse_ofdm_downstream(text, qam=qam).value
    assert [ch["channelID"] for ch in channels] == [OFDM_ID_BASE + 5, 25]
    assert [ch["channelID"] for ch in qam] == [5, 6]
