"""The shared parse helpers: numbers, frequencies, modulations, HTML tables, JS variables."""

from __future__ import annotations

import pytest

from docsight_server.drivers import UnexpectedPageError
from docsight_server.drivers.formats.common import (
    html_tables,
    integer,
    js_string,
    mhz_label,
    modulation,
    number,
    split_form,
    unexpected,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("-3.2 dBmV", -3.2),
        ("38.5 dB", 38.5),
        ("\u22121.5", -1.5),
        (" 42 ", 42.0),
        (7, 7.0),
        ("N/A", None),
        ("---", None),
        ("", None),
        (None, None),
        ("Locked", None),
    ],
)
def test_number(cell: object, expected: float | None) -> None:
    """Units, unicode minus and placeholders are handled."""
    assert number(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # Several groups or both separators: thousands.
        ("1,234,567", 1234567.0),
        ("1.234.567", 1234567.0),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("603,000,000 Hz", 603000000.0),
        ("1.234.567,89", 1234567.89),
        # A single separator group: decimal, whatever its number of digits.
        ("1,234", 1.234),
        ("1.234", 1.234),
        ("38,983 dB", 38.983),
        ("602,000 MHz", 602.0),
        ("12,5 dB", 12.5),
        ("0,5", 0.5),
        ("0,123", 0.123),
        ("-12,75 dBmV", -12.75),
        ("-3.2 dBmV", -3.2),
        # A list of small numbers is not one decimal number: its first value is read.
        ("0 ,1 ,2", 0.0),
        ("1,2,3", 1.0),
        ("1.2.3", 1.2),
        ("2e3", 2000.0),
    ],
)
def test_number_separators(cell: str, expected: float) -> None:
    """Levels and frequencies: one separator group is decimal, several groups are thousands."""
    assert number(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # One group of exactly three digits is thousands, in either convention.
        ("1,037", 1037),
        ("1.037", 1037),
        ("1,234", 1234),
        ("1.234", 1234),
        ("38,983", 38983),
        ("-1,234", -1234),
        ("1,234,567", 1234567),
        ("9.876.543", 9876543),
        ("1.234,5", 1234),
        ("1,234.5", 1234),
        ("5,120 Ksym/sec", 5120),
        # Spaces between three-digit groups, when they are the whole cell.
        ("1 234", 1234),
        ("1\u202f234\u202f567", 1234567),
        ("1\u2009234", 1234),
        ("1\u00a0234", 1234),
        # Any other fraction is cut off.
        ("7.0", 7),
        ("0,5", 0),
        ("12,5 dB", 12),
        ("1.2345", 1),
        ("0,123", 0),
        ("-3.2 dBmV", -3),
        # Lists and numbers followed by other words are not grouped.
        ("1,2,3", 1),
        ("5 256QAM", 5),
        ("12345", 12345),
        (1037, 1037),
        (7.9, 7),
    ],
)
def test_integer_separators(cell: object, expected: int) -> None:
    """Counters and ids: a single ",ddd" or ".ddd" group is thousands, never a decimal."""
    assert integer(cell) == expected


def test_integer_keeps_none() -> None:
    """A missing counter stays None, never 0, and a number too large for a float is none."""
    assert [integer(cell) for cell in ("n/a", "---", "", None, True, "1e999", float("nan"))] == [
        None
    ] * 7


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("602000000 Hz", None, "602 MHz"),
        (602000000, None, "602 MHz"),
        ("602.5 MHz", None, "602.5 MHz"),
        ("114.000", None, "114 MHz"),
        ("30800", "kHz", "30.8 MHz"),
        ("0.5 GHz", None, "500 MHz"),
        ("", None, ""),
    ],
)
def test_mhz_label(value: object, unit: str | None, expected: str) -> None:
    """Every spelling of a frequency becomes "<n> MHz"."""
    assert mhz_label(value, unit=unit) == expected


@pytest.mark.parametrize("spelling", ["qam_256", "QAM256", "256-QAM", "256QAM", "256 qam"])
def test_modulation_spellings(spelling: str) -> None:
    """All vendors' spellings of 256-QAM become 256QAM."""
    assert modulation(spelling) == "256QAM"


def test_modulation_keeps_ofdm_and_qpsk() -> None:
    """OFDM, OFDMA and QPSK keep their names; unknown text passes through; None is empty."""
    assert [modulation(v) for v in ("ofdm", "OFDMA", "qpsk", "Other", None)] == [
        "OFDM",
        "OFDMA",
        "QPSK",
        "Other",
        "",
    ]


def test_html_tables_with_headings_nesting_and_unclosed_cells() -> None:
    """Tables come out in order with their heading; nested tables and sloppy HTML are fine."""
    page = """
    <html><body><h4>Downstream QAM</h4>
    <table id="ds"><tr><th>Channel</th><th>Power</th></tr>
    <tr><td>1<td>3.2 dBmV
    <tr><td>2</td><td><table><tr><td>inner</td></tr></table>4.1 dBmV</td></tr>
    </table>
    <script>var x = "<table>";</script>
    <p>Upstream</p><table><tr><td>a<br>b</td></tr></table>
    </body></html>
    """
    tables = html_tables(page)
    assert [table.heading for table in tables] == ["Downstream QAM", "", "Upstream"]
    outer = tables[0]
    assert outer.attrs["id"] == "ds"
    assert outer.rows[0] == ["Channel", "Power"]
    assert outer.rows[1] == ["1", "3.2 dBmV"]
    assert outer.rows[2][0] == "2"
    assert tables[1].rows == [["inner"]]
    assert tables[2].rows == [["a b"]]
    assert outer.header_map({"power": ["Power Level", "power"], "id": ["Channel"]}) == {
        "power": 1,
        "id": 0,
    }


def test_js_string_reads_quoted_variables() -> None:
    """Both quote styles are found; a missing variable is None."""
    script = "var tagValueList = '3|a|b|c|';\nvar other=\"x\";"
    assert js_string(script, "tagValueList") == "3|a|b|c|"
    assert js_string(script, "other") == "x"
    assert js_string(script, "absent") is None


def test_split_form_and_unexpected() -> None:
    """The split form has both lanes per direction; unexpected squeezes the excerpt."""
    form = split_form([{"channelID": 1}])
    assert form["channelDs"] == {"docsis30": [{"channelID": 1}], "docsis31": []}
    assert form["channelUs"] == {"docsis30": [], "docsis31": []}
    error = unexpected("bad", "<html>\n   busy \n</html>" + "x" * 500)
    assert isinstance(error, UnexpectedPageError)
    assert error.excerpt.startswith("<html> busy </html>")
    assert len(error.excerpt) == 200
