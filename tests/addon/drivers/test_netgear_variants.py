"""Netgear status page variants: placeholder blocks, 7-field rows, separators, lock, types."""

from __future__ import annotations

import pytest

from devtools.modem_sim import default_plan, run_simulator
from devtools.modem_sim.netgear_common import (
    PLACEHOLDER_HTML,
    PLACEHOLDER_JS,
    render_table_page,
    render_tag_page,
)
from docsight_server.analysis.analyzer import analyze
from docsight_server.drivers import UnexpectedPageError, create_driver
from docsight_server.drivers.cm1000 import Cm1000Driver
from docsight_server.drivers.cm3000 import Cm3000Driver
from docsight_server.drivers.formats import netgear as fmt

from .contract import assert_reading_matches, read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _function(name: str, value: str, note: str = "") -> str:
    """One Init function as the firmware writes it, with optional lines before the list."""
    return f"function {name}()\n{{\n{note}  var tagValueList = '{value}';\n  return 0;\n}}\n"


_DS_9 = (
    "2|1|Locked|QAM256|9|579000000 Hz|5.3 dBmV|40.9 dB|17|2|"
    "2|Locked|QAM64|10|587000000 Hz|-0.5 dBmV|35.1 dB|0|0|"
)
_DS_7 = (
    "3|1|Locked|QAM256|9|579000000 Hz|5.3 dBmV|40.9 dB|"
    "2|Not Locked|Unknown|0|0 Hz|0.0 dBmV|0.0 dB|"
    "3|Locked|QAM64|10|587000000 Hz|-0.5 dBmV|35.1 dB|"
)
_US = "1|1|Locked|ATDMA|3|5120 Ksym/sec|36200000 Hz|44.5 dBmV|"
# The placeholder's count is a dummy: read as data, it is shorter than its count.
_DUMMY = "32|1|Not Locked|Unknown|0|0 Hz|0.0 dBmV|0.0 dB|0|0|"
_PLACEHOLDER = _function("InitDsTableTagValue", _DUMMY)


def _page(ds: str, *, before: str = "", inside: str = "", note: str = "") -> str:
    """A status page with a placeholder before the script, inside it or in the real function."""
    return (
        "<html><head><title>NETGEAR Gateway CM1000</title>"
        + before
        + '<script type="text/javascript">\n'
        + inside
        + _function("InitDsTableTagValue", ds, note)
        + _function("InitUsTableTagValue", _US)
        + "</script></head><body></body></html>"
    )


def _line_commented(block: str) -> str:
    return "".join(f"// {line}\n" for line in block.splitlines())


PLACEHOLDER_PAGES = {
    "html comment around a script block": _page(
        _DS_9, before=f"<!--\n<script>\n{_PLACEHOLDER}</script>\n-->\n"
    ),
    "js block comment": _page(_DS_9, inside=f"/*\n{_PLACEHOLDER}*/\n"),
    "js line comments": _page(_DS_9, inside=_line_commented(_PLACEHOLDER)),
    "commented list inside the real function": _page(
        _DS_9, note="  // var tagValueList = '32|x|';\n  /* var tagValueList = '5|'; */\n"
    ),
    "live placeholder with a dummy count": _page(
        _DS_9, inside=_function("InitDsTableTagValue", "--|--|")
    ),
    "live placeholder shorter than its count": _page(_DS_9, inside=_PLACEHOLDER),
}


@pytest.mark.parametrize("page", PLACEHOLDER_PAGES.values(), ids=PLACEHOLDER_PAGES.keys())
def test_placeholder_blocks_are_ignored(page: str) -> None:
    """Commented-out and dummy InitDsTableTagValue blocks before the real one are skipped."""
    status = fmt.parse_status_page(page).value
    ds = fmt.downstream(status.ds).value
    assert [ch["channelID"] for ch in ds] == [9, 10]
    assert [ch["corrErrors"] for ch in ds] == [17, 0]


def test_strings_holding_comment_marks_are_not_comments() -> None:
    """ "//" inside a string and the old script-hiding <!-- //--> leave the code live."""
    page = _page(
        _DS_9,
        inside="var home = 'http://192.168.100.1/'; /* a */ var x = \"/* not a comment\";\n<!--\n",
    ).replace("</script>", "//-->\n</script>")
    ds = fmt.downstream(fmt.parse_status_page(page).value.ds).value
    assert [ch["channelID"] for ch in ds] == [9, 10]


def test_only_commented_functions_mean_no_data() -> None:
    """A page whose only InitDsTableTagValue is commented out has no downstream data."""
    page = "<script>/*\n" + _PLACEHOLDER + _function("InitUsTableTagValue", _US) + "*/</script>"
    with pytest.raises(UnexpectedPageError):
        fmt.parse_status_page(page)


def test_seven_field_downstream_rows() -> None:
    """V2 firmware rows (no codeword counters) are read by field meaning; unlocked skipped."""
    result = fmt.parse_status_page(_page(_DS_7))
    ds = fmt.downstream(result.value.ds)
    assert ds.value == [
        {
            "channelID": 9,
            "frequency": "579 MHz",
            "powerLevel": 5.3,
            "modulation": "256QAM",
            "mse": -40.9,
            "corrErrors": None,
            "nonCorrErrors": None,
        },
        {
            "channelID": 10,
            "frequency": "587 MHz",
            "powerLevel": -0.5,
            "modulation": "64QAM",
            "mse": -35.1,
            "corrErrors": None,
            "nonCorrErrors": None,
        },
    ]
    assert any("7 fields" in note for note in result.diagnostics)


@pytest.mark.parametrize(
    ("ds", "fields"),
    [
        (
            "2|1|Locked|QAM256|9|579000000 Hz|5.3 dBmV|40.9 dB|17|"
            "2|Locked|QAM64|10|587000000 Hz|-0.5 dBmV|35.1 dB|0|",
            8,
        ),
        ("1|1|Locked|QAM256|9|579000000 Hz|5.3 dBmV|", 6),
    ],
)
def test_unknown_row_width_names_the_known_layouts(ds: str, fields: int) -> None:
    """A downstream list of another width is an error that says which layouts are known."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_status_page(_page(ds))
    message = str(caught.value)
    assert f"{fields} fields per channel" in message
    assert "7 and 9" in message


_TABLE_PAGE = """<html><head><title>NETGEAR Gateway CM1000</title></head><body>
<table id="dsTable"><tr><th>Channel</th><th>Lock Status</th><th>Modulation</th>
<th>Channel ID</th><th>Frequency</th><th>Power</th><th>SNR</th><th>Correctables</th>
<th>Uncorrectables</th></tr>
<tr><td>1</td><td>Locked</td><td>QAM256</td><td>5</td><td>603000000 Hz</td><td>3.4 dBmV</td>
<td>39.8 dB</td><td>1,234,567</td><td>1,234</td></tr></table>
<table id="usTable"><tr><th>Channel</th><th>Lock Status</th><th>US Channel Type</th>
<th>Channel ID</th><th>Symbol Rate</th><th>Frequency</th><th>Power</th></tr>
<tr><td>1</td><td>Locked</td><td>TDMA</td><td>2</td><td>5,120 Ksym/sec</td>
<td>23700000 Hz</td><td>47.0 dBmV</td></tr>
<tr><td>2</td><td>Locked</td><td>SC-QAM</td><td>3</td><td>5120 Ksym/sec</td>
<td>30100000 Hz</td><td>46.0 dBmV</td></tr>
<tr><td>3</td><td>Locked</td><td>Unknown</td><td>4</td><td>0 Ksym/sec</td>
<td>36500000 Hz</td><td>45.0 dBmV</td></tr></table>
<table id="d31dsTable"><tr><th>Channel</th><th>Lock Status</th><th>Modulation / Profile ID</th>
<th>Channel ID</th><th>Frequency</th><th>Power</th><th>SNR / MER</th>
<th>Active Subcarrier Number Range</th><th>Unerrored Codewords</th>
<th>Correctable Codewords</th><th>Uncorrectable Codewords</th></tr>
<tr><td>1</td><td>Locked</td><td>0, 1</td><td>159</td><td>850000000 Hz</td><td>-1.9 dBmV</td>
<td>39.5 dB</td><td>148 ~ 3947</td><td>9,876,543,210</td><td>12,345</td><td>678</td></tr>
<tr><td>2</td><td>Not Locked</td><td>0</td><td>160</td><td>0 Hz</td><td>0 dBmV</td>
<td>0 dB</td><td>0 ~ 0</td><td>0</td><td>0</td><td>0</td></tr></table>
<table id="d31usTable"><tr><th>Channel</th><th>Lock Status</th><th>Modulation / Profile ID</th>
<th>Channel ID</th><th>Frequency</th><th>Power</th></tr>
<tr><td>1</td><td>Locked</td><td>0 ,1</td><td>0</td><td>54000000 Hz</td><td>40.0 dBmV</td></tr>
</table></body></html>"""


def test_table_counters_with_thousands_separators() -> None:
    """Codeword counters written as "1,234" are read whole, not as 1."""
    status = fmt.parse_status_page(_TABLE_PAGE).value
    ds = fmt.downstream(status.ds).value
    assert (ds[0]["corrErrors"], ds[0]["nonCorrErrors"]) == (1_234_567, 1_234)
    ofdm = fmt.ofdm_downstream(status.ofdm_ds).value
    assert (ofdm[0]["corrErrors"], ofdm[0]["nonCorrErrors"]) == (12_345, 678)
    assert fmt.upstream(status.us).value[0]["symbolRate"] == 5120.0


def test_rows_are_filtered_by_lock_status() -> None:
    """A locked channel with id 0 is kept; an unlocked one with a real id is skipped."""
    status = fmt.parse_status_page(_TABLE_PAGE).value
    ofdma = fmt.ofdma_upstream(status.ofdma_us).value
    assert [(ch["channelID"], ch["frequency"]) for ch in ofdma] == [(0, "54 MHz")]
    ofdm = fmt.ofdm_downstream(status.ofdm_ds)
    assert [ch["channelID"] for ch in ofdm.value] == [159]
    assert any("row 2 not locked" in note for note in ofdm.diagnostics)


def test_upstream_modulation_is_the_stated_channel_type() -> None:
    """The type the page states is the modulation; "Unknown" and a 0 symbol rate are no value."""
    status = fmt.parse_status_page(_TABLE_PAGE).value
    us = fmt.upstream(status.us).value
    assert [(ch["channelID"], ch["modulation"], ch["type"]) for ch in us] == [
        (2, "TDMA", "TDMA"),
        (3, "SC-QAM", "SC-QAM"),
        (4, "", "SC-QAM"),
    ]
    assert [ch["symbolRate"] for ch in us] == [5120, 5120, None]  # "5,120 Ksym/sec" is thousands
    analysed = {ch["channel_id"]: ch for ch in analyze(_split(status))["us_channels"]}
    assert analysed[2]["modulation"] == "TDMA"
    assert {ch["channel_family"] for ch in analysed.values()} == {"sc_qam", "ofdma"}


def test_unknown_downstream_modulation_is_no_value() -> None:
    """A locked row whose modulation cell says "Unknown" has no modulation, not "Unknown"."""
    page = _page("1|1|Locked|Unknown|9|579000000 Hz|5.3 dBmV|40.9 dB|17|2|")
    ds = fmt.downstream(fmt.parse_status_page(page).value.ds).value
    assert ds[0]["modulation"] == ""


def _split(status: fmt.DocsisStatus) -> dict[str, object]:
    return {
        "channelDs": {
            "docsis30": fmt.downstream(status.ds).value,
            "docsis31": fmt.ofdm_downstream(status.ofdm_ds).value,
        },
        "channelUs": {
            "docsis30": fmt.upstream(status.us).value,
            "docsis31": fmt.ofdma_upstream(status.ofdma_us).value,
        },
    }


@pytest.mark.parametrize("placeholder", [PLACEHOLDER_HTML, PLACEHOLDER_JS])
def test_simulated_v2_pages_match_the_plan(placeholder: str) -> None:
    """The simulator's V2 pages, with either placeholder, give every locked channel."""
    plan = default_plan()
    page = render_tag_page(plan, "CM1000", placeholder=placeholder, ds_counters=False)
    status = fmt.parse_status_page(page).value
    ds = fmt.downstream(status.ds).value
    assert [ch["channelID"] for ch in ds] == [ch.channel_id for ch in plan.ds_qam]
    assert [ch["mse"] for ch in ds] == [-ch.snr for ch in plan.ds_qam]
    assert {ch["corrErrors"] for ch in ds} == {None}


def test_simulated_table_page_with_separators_matches_the_plan() -> None:
    """The table firmware's "1,037" counters read as the plan's numbers."""
    plan = default_plan()
    status = fmt.parse_status_page(render_table_page(plan, "CM1000", thousands=True)).value
    ds = fmt.downstream(status.ds).value
    assert [ch["corrErrors"] for ch in ds] == [ch.corrected for ch in plan.ds_qam]
    ofdm = fmt.ofdm_downstream(status.ofdm_ds).value
    assert [ch["corrErrors"] for ch in ofdm] == [ch.corrected for ch in plan.ds_ofdm]


@pytest.mark.parametrize(("key", "variant"), [("cm1000", "v2"), ("cm3000", "placeholder")])
async def test_placeholder_variants_over_http(key: str, variant: str) -> None:
    """Both families read their placeholder firmware through the simulator."""
    async with run_simulator(key, variant=variant) as sim:
        driver = create_driver(key, sim.url, "admin", sim.state.password)
        try:
            info, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
    assert isinstance(driver, Cm1000Driver | Cm3000Driver)
    assert info["uptime_seconds"] == sim.state.plan.uptime_seconds
    assert_reading_matches(analyze(docsis), sim.simulator.expected())
    us = docsis["channelUs"]["docsis30"]
    assert {ch["modulation"] for ch in us} == {"ATDMA"}


def test_firmware_variants_are_documented() -> None:
    """Both drivers say which firmware and page variants they are known to read."""
    assert "V2" in Cm1000Driver.firmware
    assert "thousands" in Cm1000Driver.firmware
    assert "placeholder" in Cm3000Driver.firmware


_REAL = "function InitDsTableTagValue() { var tagValueList = '1|a'; }"
LIVE_CODE_PAGES = {
    "apostrophes in a comment closed on the head's line": f"<script>/* don't\n it's */ {_REAL}",
    "a comment opener inside a string": f'<script>var accept = "*/*";\n{_REAL}</script>',
    "a comment opener after a line comment": f"<script>// a /* b\n{_REAL}</script>",
    "upper-case script tags, double quotes": f"<SCRIPT>{_REAL.replace(chr(39), chr(34))}</SCRIPT>",
    "a bare script without tags": _REAL,
}


@pytest.mark.parametrize("page", LIVE_CODE_PAGES.values(), ids=LIVE_CODE_PAGES.keys())
def test_live_code_is_read(page: str) -> None:
    """Comment marks that do not comment the function out leave it live."""
    assert fmt.tag_value_lists(page) == {"InitDsTableTagValue": [["1", "a"]]}


@pytest.mark.parametrize(
    "page",
    [f"<script>/*\n{_REAL}</script>", f"<script>x(); // {_REAL}\n</script>"],
    ids=["an unclosed block comment", "a line comment"],
)
def test_dead_code_is_not_read(page: str) -> None:
    """A function inside a comment has no list."""
    assert fmt.tag_value_lists(page) == {}
