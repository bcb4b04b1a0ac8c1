"""Hitron CODA-56: the four JSON tables, parsed from hand-written pages."""

from __future__ import annotations

import pytest

from devtools.modem_sim import run_simulator
from docsight_server.drivers import UnexpectedPageError
from docsight_server.drivers.formats import hitron as fmt
from docsight_server.drivers.hitron import HitronDriver
from docsight_server.drivers.transport import ModemHttp

pytestmark = pytest.mark.usefixtures("socket_enabled")

DSINFO = [
    {
        "portId": "1",
        "frequency": "602000000",
        "modulation": "2",
        "signalStrength": "3.400",
        "snr": "38.983",
        "dsoctets": "1",
        "correcteds": "15",
        "uncorrect": "2",
        "channelId": "9",
    },
    {
        "portId": "2",
        "frequency": "610000000",
        "modulation": "QAM64",
        "signalStrength": "-1.2",
        "snr": "N/A",
        "correcteds": "",
        "uncorrect": "x",
        "channelId": "10",
    },
    {"portId": "3", "frequency": "0", "channelId": ""},
]


def test_downstream_codes_spellings_and_missing_values() -> None:
    """Modulation codes and names are canonical; blanks are None; rows without id are noted."""
    result = fmt.parse_downstream(DSINFO)
    first, second = result.value
    assert first == {
        "channelID": 9,
        "frequency": "602 MHz",
        "powerLevel": 3.4,
        "modulation": "256QAM",
        "mse": -38.983,
        "corrErrors": 15,
        "nonCorrErrors": 2,
    }
    assert (second["modulation"], second["mse"]) == ("64QAM", None)
    assert (second["corrErrors"], second["nonCorrErrors"]) == (None, None)
    assert len(result.diagnostics) == 1
    assert "without channelId" in result.diagnostics[0]


def test_ofdm_and_ofdma_tables_skip_idle_receivers() -> None:
    """Only PLC-locked OFDM receivers and operating OFDMA channels become records."""
    ofdm = fmt.parse_ofdm_downstream(
        [
            {"receive": "0", "Subcarr0freqFreq": " 751000000", "plclock": "YES",
             "plcpower": " 4.2", "SNR": "40", "correcteds": "7", "uncorrect": "1"},
            {"receive": "1", "Subcarr0freqFreq": "0", "plclock": "NO"},
        ]
    )  # fmt: skip
    assert ofdm.value == [
        {
            "channelID": 0,
            "frequency": "751 MHz",
            "powerLevel": 4.2,
            "type": "OFDM",
            "modulation": "OFDM",
            "mer": 40.0,
            "corrErrors": 7,
            "nonCorrErrors": 1,
        }
    ]
    assert ofdm.diagnostics == ["OFDM receiver 1 not locked: skipped"]
    ofdma = fmt.parse_ofdma_upstream(
        [
            {"uschindex": "0", "state": " OPERATE", "frequency": "54000000",
             "repPower": "53.1", "repPower1_6": "45.1"},
            {"uschindex": "1", "state": " DISABLED"},
        ]
    )  # fmt: skip
    [channel] = ofdma.value
    assert (channel["channelID"], channel["powerLevel"], channel["frequency"]) == (
        0,
        45.1,
        "54 MHz",
    )


@pytest.mark.parametrize("payload", [{"error": "busy"}, [1, 2], "text"])
def test_a_table_that_is_not_a_list_of_rows_is_an_unexpected_page(payload: object) -> None:
    """Anything but a list of objects fails with the page excerpt."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_upstream(payload, '{"error": "busy"}')
    assert "upstream table" in str(caught.value)
    assert caught.value.excerpt == '{"error": "busy"}'


async def test_detect_needs_get_cm_init() -> None:
    """The CODA-56 detector scores its own simulator and nothing else."""
    async with run_simulator("hitron") as sim:
        http = ModemHttp(sim.url)
        try:
            assert await HitronDriver.detect(http) == 80
        finally:
            await http.close()
    async with run_simulator("f3896lg") as other:
        http = ModemHttp(other.url)
        try:
            assert await HitronDriver.detect(http) == 0
        finally:
            await http.close()


def test_upstream_without_a_qam_order_carries_the_stated_mode() -> None:
    """An empty modtype gives the scdmaMode the page states (ATDMA); a QAM order wins."""
    rows = [
        {"channelId": "1", "frequency": "30800000", "signalStrength": "42.3", "modtype": "",
         "scdmaMode": "ATDMA"},
        {"channelId": "2", "frequency": "37200000", "signalStrength": "43.1",
         "modtype": "64QAM", "scdmaMode": "ATDMA"},
    ]  # fmt: skip
    assert [ch["modulation"] for ch in fmt.parse_upstream(rows).value] == ["ATDMA", "64QAM"]


async def test_docsis31_channels_keep_the_modem_ids_unless_an_scqam_id_clashes() -> None:
    """Receiver 0 and OFDMA channel 0 stay 0; receiver 1 meets SC-QAM channel 1 and is 34."""
    async with run_simulator("hitron") as sim:
        driver = HitronDriver(sim.url, "", "")
        try:
            docsis = await driver.get_docsis_data()
        finally:
            await driver.close()
    ds = docsis["channelDs"]
    assert 1 in [ch["channelID"] for ch in ds["docsis30"]]
    assert [ch["channelID"] for ch in ds["docsis31"]] == [0, 34]
    assert [ch["channelID"] for ch in docsis["channelUs"]["docsis31"]] == [0]


@pytest.mark.parametrize(
    ("code", "expected"),
    [("0", "16QAM"), ("3", "1024QAM"), ("4", "32QAM"), ("5", "128QAM"), ("6", "QPSK")],
)
def test_every_downstream_modulation_code(code: str, expected: str) -> None:
    """The status page's code list: 4 is 32QAM (not 4096QAM, an OFDM-only order), 6 is QPSK."""
    row = dict(DSINFO[0], modulation=code)
    assert fmt.parse_downstream([row]).value[0]["modulation"] == expected
