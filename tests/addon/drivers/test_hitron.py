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
            "channelID": 33,
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
        41,
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
