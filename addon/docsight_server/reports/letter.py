"""The complaint letter (upstream §3.17): plain text built from a period aggregation.

Cheap by design (string formatting only): /api/complaint answers within tens of ms, and the
PDFs print the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .formatting import Formatter
from .periods import Reading, worst_ds_power, worst_snr, worst_us_power
from .strings import Texts
from .window import Window


@dataclass(frozen=True, slots=True)
class Customer:
    """Who writes the letter (placeholders where nothing was given)."""

    name: str
    number: str
    address: str


@dataclass(frozen=True, slots=True)
class PeriodFacts:
    """One period of a before/after comparison: its label, window and aggregation."""

    label: str
    window: Window
    aggregate: dict[str, Any]


@dataclass(frozen=True, slots=True)
class LetterFacts:
    """Everything the letter says: provider, writer, window, measurements and comparison."""

    isp: str
    customer: Customer
    window: Window | None
    aggregate: dict[str, Any] | None
    comparison: tuple[PeriodFacts, PeriodFacts, dict[str, Any]] | None = None


def resolve_customer(given: dict[str, str], stored: dict[str, str], words: Texts) -> Customer:
    """Return the customer: the request's values, else the settings, else placeholders."""
    values = {
        key: (given.get(key) or "").strip() or (stored.get(key) or "").strip()
        for key in ("name", "number", "address")
    }
    return Customer(
        *(values[key] or words.placeholders[key] for key in ("name", "number", "address"))
    )


def measurements(count: int, words: Texts, fmt: Formatter) -> str:
    """Return "1 measurement" or "3 measurements" in the letter's language."""
    noun = words.letter["measurement" if count == 1 else "measurements"]
    return f"{fmt.count(count)} {noun}"


def compose_letter(facts: LetterFacts, words: Texts, fmt: Formatter) -> str:
    """Return the letter: subject, greeting, findings, comparison, requests and closing."""
    text = words.letter
    greeting = text["greeting_isp"].format(isp=facts.isp) if facts.isp else text["greeting"]
    blocks = [text["subject"].format(number=facts.customer.number), greeting]
    blocks.extend(_body(facts, words, fmt))
    if facts.comparison is not None:
        blocks.append(_comparison(facts.comparison, words, fmt))
    requests = [text["requests"], text["request_1"], text["request_2"], text["request_3"]]
    blocks += ["\n".join(requests), text["escalation"], text["evidence"], text["closing"]]
    customer = facts.customer
    number = text["customer_number"].format(number=customer.number)
    blocks.append("\n".join((customer.name, number, customer.address)))
    return "\n\n".join(blocks) + "\n"


def _body(facts: LetterFacts, words: Texts, fmt: Formatter) -> list[str]:
    """Return the introduction, findings and diagnostic paragraphs (or the no-data variant)."""
    text = words.letter
    if facts.window is None:
        return [text["intro_no_window"]]
    start, end = fmt.moment_prose(facts.window.start), fmt.moment_prose(facts.window.end)
    aggregate = facts.aggregate or {}
    count = int(aggregate.get("snapshot_count") or 0)
    if not count:
        return [text["intro_no_data"].format(start=start, end=end)]
    blocks = [text["intro"].format(count=measurements(count, words, fmt), start=start, end=end)]
    blocks.append("\n".join([text["findings"], *_findings(aggregate, words, fmt)]))
    notes = aggregate.get("diagnostic_notes") or []
    if notes:
        lines = [_note_line(note, words, fmt) for note in notes]
        blocks.append("\n".join([text["diagnostics"], *lines]))
    return blocks


def _findings(aggregate: dict[str, Any], words: Texts, fmt: Formatter) -> list[str]:
    """Return the findings as "- " lines: health share, power, SNR and uncorrectables."""
    text = words.letter
    worst = aggregate.get("worst") or {}
    count = int(aggregate["snapshot_count"])
    critical = int(worst.get("health_critical_count") or 0)
    marginal = int(worst.get("health_marginal_count") or 0)
    lines = [
        text["critical_share"].format(
            critical=fmt.count(critical),
            count=measurements(count, words, fmt),
            share=fmt.share(critical, count),
            marginal=fmt.count(marginal),
            marginal_share=fmt.share(marginal, count),
        )
    ]
    ds, us, snr = worst_ds_power(worst), worst_us_power(worst), worst_snr(worst)
    if ds is not None:
        lines.append(_band_line(text["ds_power"], ds, words, fmt))
    if us is not None:
        lines.append(_band_line(text["us_power"], us, words, fmt))
    if snr is not None:
        verdict = text["below"] if snr.outside else text["above"]
        line = text["snr"].format(
            value=fmt.number(snr.value), limit=fmt.number(snr.low), verdict=verdict
        )
        lines.append(line)
    peak = worst.get("ds_uncorrectable_max")
    if peak is not None:
        lines.append(text["uncorrectable"].format(value=fmt.count(int(peak))))
    return [f"- {line}" for line in lines]


def _band_line(template: str, reading: Reading, words: Texts, fmt: Formatter) -> str:
    verdict = words.letter["outside"] if reading.outside else words.letter["inside"]
    return template.format(
        value=fmt.number(reading.value),
        low=fmt.number(reading.low),
        high=fmt.number(reading.high),
        verdict=verdict,
    )


def _note_line(note: dict[str, Any], words: Texts, fmt: Formatter) -> str:
    """Return one diagnostic note as a "- " line."""
    frequency = fmt.frequency(note.get("frequency"))
    return "- " + words.letter["note"].format(
        direction=words.pdf[str(note.get("direction", "ds"))],
        channel=note.get("channel_id"),
        frequency=f" ({frequency})" if frequency else "",
        problem=words.note_problems.get(str(note.get("type")), str(note.get("type"))),
        value=fmt.number(note.get("value")),
        limit=fmt.number(note.get("limit")),
        unit="dB" if note.get("type") == "snr_low" else "dBmV",
        deviation=fmt.number(note.get("deviation")),
        count=measurements(int(note.get("count") or 0), words, fmt),
    )


def _comparison(
    comparison: tuple[PeriodFacts, PeriodFacts, dict[str, Any]], words: Texts, fmt: Formatter
) -> str:
    """Return the before/after paragraph: both periods' averages and the verdict."""
    before, after, delta = comparison
    lines = [words.letter["comparison"]]
    for period in (before, after):
        aggregate = period.aggregate
        averages = aggregate.get("averages") or {}
        total = (aggregate.get("totals") or {}).get("ds_uncorrectable_errors")
        lines.append(
            words.letter["period"].format(
                label=period.label,
                start=fmt.moment(period.window.start),
                end=fmt.moment(period.window.end),
                count=measurements(int(aggregate.get("snapshot_count") or 0), words, fmt),
                ds_power=fmt.number(averages.get("ds_power"), 2),
                ds_snr=fmt.number(averages.get("ds_snr"), 2),
                us_power=fmt.number(averages.get("us_power"), 2),
                uncorrectable=fmt.count(None if total is None else int(total)),
            )
        )
    lines.append(words.letter[f"verdict_{delta['verdict']}"])
    return "\n".join(lines)
