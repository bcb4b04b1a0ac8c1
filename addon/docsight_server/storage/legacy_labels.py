"""Frequency labels as earlier versions wrote them, to find where a channel's history is stored."""

from __future__ import annotations

import re

_MHZ_LABEL = re.compile(r"(-?\d+(?:\.\d+)?) MHz")


def legacy_frequency_label(label: object) -> str | None:
    """Return the label earlier versions gave a frequency ("1108.4125 MHz" -> "1108.41 MHz").

    They rounded to 4 decimals and kept at most 6 significant digits. None when the label is
    not "<n> MHz" or when earlier versions wrote it the same way.
    """
    if not isinstance(label, str):
        return None
    match = _MHZ_LABEL.fullmatch(label)
    if match is None:
        return None
    legacy = f"{round(float(match.group(1)), 4):g} MHz"
    return None if legacy == label else legacy
