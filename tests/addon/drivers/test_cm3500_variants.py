"""Arris CM3500B page variants: id-less OFDM tables, header meaning, upstream type semantics."""

from __future__ import annotations

import pytest

from devtools.modem_sim import default_plan, run_simulator
from devtools.modem_sim.cm3500 import IDLESS_OFDM, render_status
from docsight_server.analysis.analyzer import analyze
from docsight_server.drivers import UnexpectedPageError, create_driver
from docsight_server.drivers.cm3500 import Cm3500Driver
from docsight_server.drivers.formats import cm3500 as fmt
from docsight_server.drivers.formats.common import OFDM_ID_BASE, OFDMA_ID_BASE

from .contract import assert_reading_matches, read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _table(heading: str, header: list[str], *rows: list[str]) -> str:
    def row(cells: list[str]) -> str:
        return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"

    return f"<h4> {heading} </h4><table>{row(header)}{''.join(row(r) for r in rows)}</table>"


QAM_TABLES = _table(
    "Downstream QAM",
    ["", "DCID", "Freq", "Power", "SNR", "Modulation", "Octets", "Correcteds", "Uncorrectables"],
    ["Downstream 1", "9", "474.00 MHz", "6.10 dBmV", "40.37 dB", "QAM256", "1", "42", "5"],
) + _table(
    "Upstream QAM",
    ["", "UCID", "Freq", "Power", "Channel Type", "Symbol Rate", "Modulation"],
    ["Upstream 1", "4", "51.00 MHz", "48.25 dBmV", "DOCSIS2.0 (ATDMA)", "5120 kSym/s", "QAM64"],
)
OFDM_HEADER = [
    "",
    "FFT Type",
    "Channel Width(MHz)",
    "# of Active Subcarriers",
    "First Active Subcarrier(MHz)",
    "Last Active Subcarrier(MHz)",
    "Power",
    "Average RxMER(dB) Pilot",
    "Average RxMER(dB) PLC",
    "Average RxMER(dB) Data",
    "Octets",
    "Correcteds",
    "Uncorrectables",
]
IDLE_OFDM = [
    "Downstream 2",
    "",
    "0",
    "0",
    "0.00",
    "0.00",
    "0.00 dBmV",
    "0",
    "0",
    "0",
    "0",
    "0",
    "0",
]


def _ofdm_row(name: str, start: str, mer: str) -> list[str]:
    return [name, "4K", "94", "1880", start, "850.00", "2.40 dBmV", "41", "40", mer, "9", "70", "1"]


def _page(*tables: str) -> str:
    return f"<html><body>{QAM_TABLES}{''.join(tables)}</body></html>"


# ---- defect 1: OFDM tables without a channel-id column -----------------------------------------


def test_idless_ofdm_rows_get_ids_in_row_order() -> None:
    """Both OFDM channels are read, numbered from the OFDM base by their row (idle rows count)."""
    page = _page(
        _table(
            "Downstream OFDM",
            OFDM_HEADER,
            _ofdm_row("Downstream 1", "756.00", "39.8"),
            IDLE_OFDM,
            _ofdm_row("Downstream 3", "660.00", "38.1"),
        )
    )
    result = fmt.parse_status(page)
    ds31 = result.value["channelDs"]["docsis31"]
    assert [(ch["channelID"], ch["frequency"], ch["mer"]) for ch in ds31] == [
        (OFDM_ID_BASE, "756 MHz", 39.8),
        (OFDM_ID_BASE + 2, "660 MHz", 38.1),
    ]
    assert (ds31[0]["corrErrors"], ds31[0]["nonCorrErrors"], ds31[0]["powerLevel"]) == (70, 1, 2.4)
    assert fmt.parse_status(page).value == result.value  # the same ids poll after poll


def test_idless_ofdm_ids_step_past_sc_qam_ids() -> None:
    """A given id never collides with an SC-QAM channel id of the same page."""
    page = _page(_table("Downstream OFDM", OFDM_HEADER, _ofdm_row("Downstream 1", "756", "39")))
    page = page.replace("<td>9</td>", f"<td>{OFDM_ID_BASE}</td>", 1)
    value = fmt.parse_status(page).value
    assert [ch["channelID"] for ch in value["channelDs"]["docsis30"]] == [OFDM_ID_BASE]
    assert [ch["channelID"] for ch in value["channelDs"]["docsis31"]] == [OFDM_ID_BASE + 1]


def test_given_ofdm_id_an_sc_qam_channel_has_moves_above_the_base() -> None:
    """A DCID that an SC-QAM channel also has becomes OFDM_ID_BASE + DCID."""
    header = OFDM_HEADER[:1] + ["DCID"] + OFDM_HEADER[1:]
    row = _ofdm_row("Downstream 1", "756.00", "39.8")
    page = _page(_table("Downstream OFDM", header, row[:1] + ["9"] + row[1:]))
    (channel,) = fmt.parse_status(page).value["channelDs"]["docsis31"]
    assert channel["channelID"] == OFDM_ID_BASE + 9


def test_modem_ids_are_kept_when_given() -> None:
    """A DCID column wins over the assigned ids."""
    value = fmt.parse_status(render_status(default_plan())).value
    assert [ch["channelID"] for ch in value["channelDs"]["docsis31"]] == [33, 34]


# ---- defect 2: upstream OFDM read by header meaning ---------------------------------------------


def test_upstream_ofdm_header_without_the_name_cell() -> None:
    """A header row one cell short of the data rows still lines up, power read by meaning."""
    header = ["UCID", "FFT Type", "First Active Subcarrier(MHz)", "Transmit Power(dBmV)"]
    page = _page(_table("Upstream OFDM", header, ["Upstream 1", "7", "2K", "29.80", "44.50 dBmV"]))
    assert fmt.parse_status(page).value["channelUs"]["docsis31"] == [
        {
            "channelID": 7,
            "frequency": "29.8 MHz",
            "powerLevel": 44.5,
            "type": "OFDMA",
            "modulation": "OFDMA",
            "multiplex": "OFDMA",
        }
    ]


def test_idless_upstream_ofdm_gets_the_ofdma_base() -> None:
    """Without a UCID column the OFDMA channel is numbered from the OFDMA base."""
    header = ["", "FFT Type", "First Active Subcarrier(MHz)", "Power"]
    page = _page(_table("Upstream OFDM", header, ["Upstream 1", "2K", "29.80", "44.50 dBmV"]))
    (channel,) = fmt.parse_status(page).value["channelUs"]["docsis31"]
    assert channel["channelID"] == OFDMA_ID_BASE


# ---- defect 3: rows by header meaning, not by column position ----------------------------------


def test_sc_qam_columns_by_meaning() -> None:
    """Other header spellings and another column order read the same fields."""
    downstream = _table(
        "Downstream QAM",
        [
            "",
            "Channel ID",
            "Modulation",
            "Frequency (MHz)",
            "Power Level (dBmV)",
            "SNR (dB)",
            "Corrected Codewords",
            "Uncorrectable Codewords",
        ],
        ["Downstream 1", "12", "256QAM", "602.00", "3.40 dBmV", "38.90 dB", "17", "2"],
    )
    upstream = _table(
        "Upstream QAM",
        ["", "Channel ID", "Frequency (MHz)", "Power Level (dBmV)", "Channel Type"],
        ["Upstream 1", "3", "30.80", "42.00 dBmV", "DOCSIS2.0 (ATDMA)"],
    )
    value = fmt.parse_status(f"<html><body>{downstream}{upstream}</body></html>").value
    assert value["channelDs"]["docsis30"] == [
        {
            "channelID": 12,
            "frequency": "602 MHz",
            "powerLevel": 3.4,
            "modulation": "256QAM",
            "mse": -38.9,
            "corrErrors": 17,
            "nonCorrErrors": 2,
        }
    ]
    (us,) = value["channelUs"]["docsis30"]
    assert (us["channelID"], us["frequency"], us["powerLevel"]) == (3, "30.8 MHz", 42.0)


def test_counters_with_thousands_separators() -> None:
    """Cells are read through common.number, thousands separators included."""
    row = _ofdm_row("Downstream 1", "756.00", "39.8")
    row[-2:] = ["1,234,567", "2,048"]
    page = _page(_table("Downstream OFDM", OFDM_HEADER, row))
    (channel,) = fmt.parse_status(page).value["channelDs"]["docsis31"]
    assert (channel["corrErrors"], channel["nonCorrErrors"]) == (1_234_567, 2048)


# ---- field semantics ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel_type", "modulation", "expected"),
    [
        ("DOCSIS2.0 (ATDMA)", "", "ATDMA"),
        ("DOCSIS1.0 (TDMA)", "----", "TDMA"),
        ("SC-QAM", "", "SC-QAM"),
        ("DOCSIS2.0 (ATDMA)", "QAM64", "64QAM"),
    ],
)
def test_upstream_type_is_the_modulation_without_a_qam_order(
    channel_type: str, modulation: str, expected: str
) -> None:
    """The stated channel type stands in for a missing QAM order."""
    page = QAM_TABLES.replace("DOCSIS2.0 (ATDMA)", channel_type).replace("QAM64", modulation)
    (channel,) = fmt.parse_status(page).value["channelUs"]["docsis30"]
    assert channel["modulation"] == expected


def test_missing_tables_are_named() -> None:
    """The error says which table heading the page lacks."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_status(QAM_TABLES.replace("Upstream QAM", "Upstream Something"))
    assert 'no table after a "Upstream QAM" heading' in str(caught.value)


def test_firmware_variants_are_named() -> None:
    """The driver lists the page layouts it is known to read."""
    assert "OFDM" in Cm3500Driver.firmware


# ---- the idless-ofdm variant against the driver ----------------------------------------------


async def test_idless_variant_reads_every_channel() -> None:
    """One poll of the field layout gives every plan channel, OFDM and OFDMA included."""
    async with run_simulator("cm3500", variant=IDLESS_OFDM) as sim:
        driver = create_driver("cm3500", sim.url, "admin", sim.state.password)
        try:
            _, _, docsis = await read_modem(driver)
            _, _, again = await read_modem(driver)
        finally:
            await driver.close()
    assert_reading_matches(analyze(docsis), sim.simulator.expected())
    assert again == docsis
    assert len(docsis["channelDs"]["docsis31"]) == 2
    assert len(docsis["channelUs"]["docsis31"]) == 1
