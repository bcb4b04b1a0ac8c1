"""Shared record helpers: modulation from the stated type, DOCSIS 3.1 ids, frequency labels."""

from __future__ import annotations

from typing import Any

import pytest

from docsight_server.drivers.formats.common import OFDM_ID_BASE, mhz_label
from docsight_server.drivers.formats.records import separate_ids, stated_modulation


@pytest.mark.parametrize(
    ("spelled", "stated", "expected"),
    [
        ("QAM64", "ATDMA", "64QAM"),  # a real QAM order is never overwritten
        ("qpsk", "SC-QAM", "QPSK"),
        ("", "SC-QAM Upstream", "SC-QAM"),
        ("", "atdma", "ATDMA"),
        ("ATDMA", "SC-QAM", "ATDMA"),  # the cell states the type itself
        ("", "", ""),
        ("Unknown", "", "Unknown"),
    ],
)
def test_stated_modulation(spelled: str, stated: str, expected: str) -> None:
    """Without a QAM order the record carries the channel type the modem states."""
    assert stated_modulation(spelled, stated) == expected


def _ids(records: list[dict[str, Any]]) -> list[Any]:
    return [record["channelID"] for record in records]


def test_separate_ids_keeps_modem_ids_and_moves_only_clashing_ones() -> None:
    """Ids no SC-QAM channel has stay; a clash moves to base + id, or the next free id."""
    qam: list[dict[str, Any]] = [{"channelID": channel_id} for channel_id in (1, 2, 34)]
    docsis31: list[dict[str, Any]] = [{"channelID": channel_id} for channel_id in (0, 1, 2, 36)]
    assert _ids(separate_ids(qam, docsis31, OFDM_ID_BASE)) == [0, 35, 37, 36]
    assert _ids(qam) == [1, 2, 34]


def test_separate_ids_without_sc_qam_channels_changes_nothing() -> None:
    """A DOCSIS 3.1-only line keeps every modem id."""
    docsis31: list[dict[str, Any]] = [{"channelID": 0}, {"channelID": 1}]
    assert _ids(separate_ids([], docsis31, OFDM_ID_BASE)) == [0, 1]


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("1108412500", None, "1108.4125 MHz"),  # six significant digits used to cut it
        ("1002.025 MHz", None, "1002.025 MHz"),
        ("602000050 Hz", None, "602.00005 MHz"),  # four decimals used to round it
        (1218750000, None, "1218.75 MHz"),
        ("275600000", None, "275.6 MHz"),
        ("42", "MHz", "42 MHz"),
        ("-0.0", None, "0 MHz"),
        (float("nan"), None, ""),
    ],
)
def test_mhz_label_keeps_the_modem_digits(value: object, unit: str | None, expected: str) -> None:
    """The label carries every digit the modem gave, without float noise or rounding."""
    assert mhz_label(value, unit=unit) == expected
    assert mhz_label(value, unit=unit) == expected  # the remembered label is the same
