"""QAM order, rank, bits per symbol and canonical modulation names."""

from __future__ import annotations

import pytest

from docsight_server.analysis.qam import (
    bits_per_symbol,
    canonical_modulation,
    qam_order,
    qam_rank,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("QPSK", 4),
        ("qpsk", 4),
        ("256QAM", 256),
        ("QAM256", 256),
        ("qam_256", 256),
        ("256-QAM", 256),
        ("256_qam", 256),
        ("qam-64", 64),
        ("4096QAM", 4096),
        (" 16QAM ", 16),
        (256, 256),
        ("OFDM", None),
        ("OFDMA", None),
        ("", None),
        (None, None),
        ("unknown", None),
        (0, None),
        (True, None),
        (256.0, None),
    ],
)
def test_qam_order(value: object, expected: int | None) -> None:
    """Orders come from QPSK or a number before/after QAM, ignoring case, '-' and '_'."""
    assert qam_order(value) == expected


@pytest.mark.parametrize(
    ("value", "rank"),
    [
        ("QPSK", 1),
        ("4QAM", 1),
        ("8QAM", 2),
        ("16QAM", 3),
        ("32QAM", 4),
        ("64QAM", 5),
        ("128QAM", 6),
        ("256QAM", 7),
        ("512QAM", 8),
        ("1024QAM", 9),
        ("2048QAM", 10),
        ("4096QAM", 11),
        ("3QAM", None),
        ("OFDM", None),
    ],
)
def test_qam_rank(value: str, rank: int | None) -> None:
    """The rank table runs from QPSK (1) to 4096QAM (11)."""
    assert qam_rank(value) == rank


@pytest.mark.parametrize(
    ("value", "bits"),
    [
        ("QPSK", 2),
        ("8QAM", 3),
        ("16QAM", 4),
        ("32QAM", 5),
        ("64QAM", 6),
        ("128QAM", 7),
        ("qam_256", 8),
        ("512QAM", 9),
        ("1024QAM", 10),
        ("2048QAM", 11),
        ("4096QAM", 12),
        ("100QAM", None),
        ("OFDMA", None),
        (None, None),
    ],
)
def test_bits_per_symbol(value: str | None, bits: int | None) -> None:
    """Bits per symbol are log2 of the QAM order for the known orders only."""
    assert bits_per_symbol(value) == bits


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("qam_256", "256QAM"),
        ("QAM64", "64QAM"),
        ("256-QAM", "256QAM"),
        ("qpsk", "QPSK"),
        ("ofdm", "OFDM"),
        ("OFDMA", "OFDMA"),
        ("  something odd ", "something odd"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_canonical_modulation(value: str | None, expected: str | None) -> None:
    """QAM texts become "<n>QAM"; QPSK/OFDM/OFDMA stay; other text is only stripped."""
    assert canonical_modulation(value) == expected
