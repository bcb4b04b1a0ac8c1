"""Shared record helpers: modulation from the stated type, DOCSIS 3.1 ids, frequency labels."""

from __future__ import annotations

from typing import Any

import pytest

from docsight_server.drivers.formats.common import OFDM_ID_BASE, OFDMA_ID_BASE, mhz_label
from docsight_server.drivers.formats.records import (
    distinct_channel_ids,
    says_unlocked,
    split_form_with_distinct_ids,
    stated_modulation,
)


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
        ("", "ATDMA", "ATDMA"),  # the Compal upstream table's channeltype
        ("QAM?", "ATDMA", "ATDMA"),  # the CM3500's type, read from "DOCSIS2.0 (ATDMA)"
    ],
)
def test_stated_modulation(spelled: str, stated: str, expected: str) -> None:
    """Without a QAM order the record carries the channel type the modem states."""
    assert stated_modulation(spelled, stated) == expected


def _ids(records: list[dict[str, Any]]) -> list[Any]:
    return [record["channelID"] for record in records]


def _records(*ids: int | None) -> list[dict[str, Any]]:
    return [
        {"channelID": channel_id, "frequency": f"{index} MHz"}
        for index, channel_id in enumerate(ids)
    ]


def test_docsis31_ids_keep_modem_ids_and_move_only_clashing_ones() -> None:
    """Ids no SC-QAM channel has stay; a clash moves to base + id, or the next free id."""
    qam, docsis31 = _records(1, 2, 34), _records(0, 1, 2, 36)
    notes: list[str] = []
    distinct_channel_ids(qam, docsis31, OFDM_ID_BASE, notes)
    # 33 + 1 is an SC-QAM id, so 35; 33 + 2 = 35 and 36 are taken, so 37.
    assert _ids(docsis31) == [0, 35, 37, 36]
    assert _ids(qam) == [1, 2, 34]
    assert notes == []  # a clash with SC-QAM is the documented rule, not a page defect


def test_fritzbox_ofdma_one_next_to_atdma_one_becomes_42() -> None:
    """The FRITZ!Box case: OFDMA channel 1 beside ATDMA 1 is 41 + 1, as for every family."""
    qam, docsis31 = _records(1, 2, 3, 4), _records(1)
    distinct_channel_ids(qam, docsis31, OFDMA_ID_BASE)
    assert _ids(docsis31) == [OFDMA_ID_BASE + 1]


def test_without_sc_qam_channels_nothing_changes() -> None:
    """A DOCSIS 3.1-only line keeps every modem id."""
    docsis31 = _records(0, 1)
    distinct_channel_ids([], docsis31, OFDM_ID_BASE)
    assert _ids(docsis31) == [0, 1]


def test_repeated_and_missing_docsis31_ids_are_noted() -> None:
    """A repeat takes base + id, a missing id base + its place; both are noted."""
    qam, docsis31 = _records(1), _records(0, 0, None)
    notes: list[str] = []
    distinct_channel_ids(qam, docsis31, OFDM_ID_BASE, notes)
    assert _ids(docsis31) == [0, OFDM_ID_BASE, OFDM_ID_BASE + 2]
    assert notes == [
        "channel id 0 given twice (at 1 MHz): reported as 33",
        "channel at 2 MHz has no id: reported as 35",
    ]


def test_missing_docsis31_ids_are_numbered_by_their_table_place() -> None:
    """With places given (idle rows counted), a lineup gives the same ids poll after poll."""
    docsis31 = _records(None, None)
    distinct_channel_ids([], docsis31, OFDM_ID_BASE, places=[0, 2])
    assert _ids(docsis31) == [OFDM_ID_BASE, OFDM_ID_BASE + 2]


def test_repeated_and_missing_sc_qam_ids_go_above_the_highest() -> None:
    """SC-QAM repeats and gaps get the next free id above the highest SC-QAM id of the lane."""
    qam, docsis31 = _records(1, 5, 5, None), _records(6, 1)
    notes: list[str] = []
    distinct_channel_ids(qam, docsis31, OFDM_ID_BASE, notes)
    assert _ids(qam) == [1, 5, 7, 8]  # 6 is the OFDM channel's own id
    assert _ids(docsis31) == [6, OFDM_ID_BASE + 1]
    assert len(notes) == 2


def test_split_form_with_distinct_ids_applies_the_rule_to_both_directions() -> None:
    """The split form helper gives the same ids as the rule."""
    result = split_form_with_distinct_ids(
        _records(1), _records(1), _records(1), _records(1, 1, 5, 5)
    )
    form = result.value
    assert _ids(form["channelDs"]["docsis31"]) == [OFDM_ID_BASE + 1]
    assert _ids(form["channelUs"]["docsis31"]) == [
        OFDMA_ID_BASE + 1,
        OFDMA_ID_BASE + 2,
        5,
        OFDMA_ID_BASE + 5,
    ]
    # the repeated OFDMA id is noted for the poll's diagnostics; a collision is no news
    assert result.diagnostics == ["channel id 5 given twice (at 3 MHz): reported as 46"]


@pytest.mark.parametrize(
    ("status", "unlocked"),
    [
        (False, True),
        (0, True),
        ("Not Locked", True),
        (" unlocked ", True),
        ("no", True),
        (True, False),
        (1, False),
        ("Locked", False),
        (None, False),
        ("", False),
    ],
)
def test_says_unlocked(status: object, unlocked: bool) -> None:
    """Only a cell that says so marks a channel unlocked; an absent one says nothing."""
    assert says_unlocked(status) is unlocked


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
