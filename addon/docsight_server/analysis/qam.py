"""Parsing of modulation names ("256QAM", "qam_64", "QPSK", "OFDM") into QAM orders."""

from __future__ import annotations

import re
from functools import lru_cache

_QAM_PATTERN = re.compile(r"(\d+)QAM|QAM(\d+)")
_BITS = {4: 2, 8: 3, 16: 4, 32: 5, 64: 6, 128: 7, 256: 8, 512: 9, 1024: 10, 2048: 11, 4096: 12}
_RANK = {order: rank for rank, order in enumerate(sorted(_BITS), start=1)}


def clean_modulation(value: object) -> str:
    """Return a modulation text upper-cased, stripped, with '-' and '_' removed."""
    if value is None:
        return ""
    return str(value).upper().replace("-", "").replace("_", "").strip()


@lru_cache(maxsize=512)
def _order_of_text(text: str) -> int | None:
    cleaned = clean_modulation(text)
    if "QPSK" in cleaned:
        return 4
    match = _QAM_PATTERN.search(cleaned)
    if match is None:
        return None
    return int(match.group(1) or match.group(2))


def qam_order(value: object) -> int | None:
    """Return the QAM order of a modulation ("QPSK" -> 4, "256-QAM" -> 256), None if unknown."""
    if isinstance(value, str):
        return _order_of_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value > 0 else None
    return None


def qam_rank(value: object) -> int | None:
    """Return the rank of a modulation (QPSK 1, 8QAM 2, ... 4096QAM 11), None if not ranked."""
    order = qam_order(value)
    return None if order is None else _RANK.get(order)


def bits_per_symbol(value: object) -> int | None:
    """Return the bits carried per symbol by a modulation (256QAM -> 8), None if unknown."""
    order = qam_order(value)
    return None if order is None else _BITS.get(order)


def canonical_modulation(value: object) -> str | None:
    """Return "<n>QAM" for QAM texts, "QPSK", "OFDM" or "OFDMA" as such, else the stripped text."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    cleaned = clean_modulation(text)
    if cleaned in ("OFDM", "OFDMA", "QPSK"):
        return cleaned
    order = qam_order(text)
    return text if order is None else f"{order}QAM"
