"""Markdown tables and the cell formats of the exported report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

#: What a cell shows for a value the modem did not report.
NA = "n/a"

_FAMILY_LABELS = {"sc_qam": "SC-QAM", "ofdm": "OFDM", "ofdma": "OFDMA"}


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """Return the lines of a markdown table; cells are shown as text with pipes escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(str(cell)) for cell in row) + " |" for row in rows]
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def number(value: object) -> str:
    """Return a measurement rounded to 2 decimals ("n/a" when missing)."""
    if value is None or isinstance(value, bool):
        return NA
    if isinstance(value, float):
        return str(round(value, 2))
    return str(value)


def counter(value: object) -> str:
    """Return an error counter ("n/a" when missing)."""
    return NA if value is None else str(value)


def value_text(value: object) -> str:
    """Return any value as text ("n/a" when missing or empty)."""
    return NA if value is None or value == "" else str(value)


def frequency(value: object) -> str:
    """Return a frequency with its unit (MHz unless the modem gave one)."""
    if value is None or value == "":
        return NA
    text = str(value).strip()
    return text if "hz" in text.lower() else f"{text} MHz"


def speed(kbps: object) -> str:
    """Return a booked speed in kbit/s as Mbit/s ("n/a" unless positive)."""
    if not isinstance(kbps, int | float) or isinstance(kbps, bool) or kbps <= 0:
        return NA
    return f"{kbps / 1000:g} Mbit/s"


def band(limits: Sequence[float]) -> str:
    """Return an inclusive [min, max] band as "min to max"."""
    return f"{number(limits[0])} to {number(limits[1])}"


def channel_type(channel: Mapping[str, object]) -> str:
    """Return "DOCSIS <version> <family>" of a channel ("n/a" when neither is known)."""
    family = _FAMILY_LABELS.get(str(channel.get("channel_family")), "")
    version = channel.get("docsis_version")
    text = " ".join(part for part in (f"DOCSIS {version}" if version else "", family) if part)
    return text or NA
