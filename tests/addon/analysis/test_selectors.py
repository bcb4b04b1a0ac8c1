"""Channel selectors and the /api/channels annotations."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from docsight_server.analysis.selectors import annotate_selectors, channel_selector


def expected_selector(payload: str) -> str:
    """Return the selector for an already serialised [id, frequency] JSON text."""
    digest = hashlib.sha256(payload.encode()).digest()[:18]
    return "c1_" + base64.urlsafe_b64encode(digest).decode().rstrip("=")


def test_selector_format() -> None:
    """A selector is "c1_" + 24 base64url characters of SHA-256 of the compact [id, MHz] JSON."""
    selector = channel_selector(1, "114.000")
    assert selector == expected_selector("[1,114.0]")
    assert re.fullmatch(r"c1_[A-Za-z0-9_-]{24}", selector)


@pytest.mark.parametrize("frequency", ["114.000", "114 MHz", 114, 114000000, " 114.0 "])
def test_same_frequency_same_selector(frequency: object) -> None:
    """Different spellings of one frequency give one selector."""
    assert channel_selector(1, frequency) == channel_selector(1, "114")


@pytest.mark.parametrize("channel_id", [1, 1.0, "1", "1.0"])
def test_same_id_same_selector(channel_id: object) -> None:
    """Integral ids in any spelling give one selector."""
    assert channel_selector(channel_id, "114.000") == channel_selector(1, "114.000")


def test_ranges_use_the_text() -> None:
    """Frequencies without one MHz value (ranges) are hashed as text."""
    assert channel_selector(5, "18.000 - 44.000") == expected_selector('[5,"18.000 - 44.000"]')
    assert channel_selector(5, None) == expected_selector('[5,""]')


def test_selectors_differ() -> None:
    """Another id or another frequency is another selector."""
    assert channel_selector(1, "114") != channel_selector(2, "114")
    assert channel_selector(1, "114") != channel_selector(1, "122")


def test_annotate_selectors() -> None:
    """Copies get selector, selector_required (duplicate/non-integral id) and legacy id."""
    channels = [
        {"channel_id": 1, "frequency": "114.000"},
        {"channel_id": 2, "frequency": "122.000"},
        {"channel_id": 2, "frequency": "130.000"},
        {"channel_id": 3.5, "frequency": "138.000"},
    ]
    annotated = annotate_selectors(channels)
    assert [item["selector_required"] for item in annotated] == [False, True, True, True]
    assert [item["legacy_channel_id"] for item in annotated] == [1, 2, 2, None]
    assert annotated[0]["selector"] == channel_selector(1, "114.000")
    assert annotated[1]["selector"] != annotated[2]["selector"]
    assert "selector" not in channels[0]
    assert annotated[0]["frequency"] == "114.000"


def test_full_precision_labels_keep_the_selectors_handed_out() -> None:
    """Frequency labels now keep every digit; a channel's selector is the one its shorter
    label gave (Home Assistant keys channel entities by it), and neighbours still differ."""
    assert channel_selector(7, "1108.4125 MHz") == channel_selector(7, "1108.41 MHz")
    assert channel_selector(7, "1002.025 MHz") == channel_selector(7, "1002.02 MHz")
    assert channel_selector(7, "602 MHz") == channel_selector(7, "602.000 MHz")
    assert channel_selector(7, "1108.4125 MHz") != channel_selector(7, "1114.4125 MHz")
    assert channel_selector(7, "325.75 MHz") != channel_selector(7, "325.8 MHz")
