"""PDF sections shared by the report and the incident dossier (run in the worker process):
connection, current status with channel tables, diagnostic notes and the comparison."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.platypus import Flowable, Spacer

from ..outputs.pdf.document import CONTENT_WIDTH
from ..outputs.pdf.styles import Styles, build_styles
from ..outputs.pdf.tables import Column, data_table, key_value_table
from ..outputs.pdf.text import bullet_list, heading, paragraph
from .formatting import Formatter
from .strings import Texts, issue_text, texts


@dataclass(frozen=True, slots=True)
class Kit:
    """What every section needs: texts, number formats, styles and the usable width."""

    words: Texts
    fmt: Formatter
    styles: Styles
    width: float = CONTENT_WIDTH

    def label(self, key: str, **values: object) -> str:
        """Return a PDF label of the language, formatted with values."""
        return self.words.pdf[key].format(**values) if values else self.words.pdf[key]

    def heading(self, key: str) -> list[Flowable]:
        """Return a section heading (on a new page when the page is nearly full)."""
        return heading(self.label(key), self.styles.heading)

    def subheading(self, key: str) -> list[Flowable]:
        """Return a subheading (on a new page when the page is nearly full)."""
        return heading(self.label(key), self.styles.subheading, 3)

    def text(self, text: str) -> Flowable:
        """Return a body paragraph."""
        return paragraph(text, self.styles.body)


def make_kit(data: dict[str, Any]) -> Kit:
    """Return the kit for a document's language and time zone."""
    lang = str(data.get("lang") or "en")
    return Kit(texts(lang), Formatter(lang, ZoneInfo(str(data["zone"]))), build_styles())


def period_text(kit: Kit, window: dict[str, Any] | None) -> str:
    """Return "start - end" of a window in local time (with an en dash)."""
    if window is None:
        return kit.label("not_set")
    return f"{kit.fmt.moment(window['start'])} – {kit.fmt.moment(window['end'])}"


def connection_section(
    kit: Kit, connection: dict[str, Any], window: dict[str, Any] | None
) -> list[Flowable]:
    """Return the connection information: provider, modem, tariff, customer, period."""
    unset = kit.label("not_set")
    tariff = connection.get("tariff")
    tariff_text = unset
    if tariff:
        tariff_text = kit.label("tariff_value", down=tariff[0], up=tariff[1])
    customer = connection["customer"]
    pairs = [
        (kit.label("isp"), connection.get("isp") or unset),
        (kit.label("modem_type"), connection.get("modem_type") or unset),
        (kit.label("modem"), connection.get("modem") or unset),
        (kit.label("firmware"), connection.get("firmware") or unset),
        (kit.label("connection_type"), connection.get("connection_type") or unset),
        (kit.label("tariff"), tariff_text),
        (kit.label("customer_name"), customer["name"]),
        (kit.label("customer_number"), customer["number"]),
        (kit.label("address"), customer["address"]),
        (kit.label("period"), period_text(kit, window)),
    ]
    return [*kit.heading("connection"), key_value_table(pairs, kit.styles, kit.width)]


def _ds_rows(kit: Kit, channels: list[list[Any]]) -> list[list[Any]]:
    fmt = kit.fmt
    return [
        [
            cid,
            fmt.frequency(freq),
            fmt.number(power),
            fmt.number(snr),
            mod,
            fmt.count(corr),
            fmt.count(uncorr),
            health,
        ]
        for cid, freq, power, snr, mod, corr, uncorr, health in channels
    ]


def _us_rows(kit: Kit, channels: list[list[Any]]) -> list[list[Any]]:
    fmt = kit.fmt
    return [
        [cid, fmt.frequency(freq), fmt.number(power), mod, multiplex, health]
        for cid, freq, power, mod, multiplex, health in channels
    ]


def status_section(kit: Kit, status: dict[str, Any] | None) -> list[Flowable]:
    """Return the latest status in the window: health, issues, DS and US channel tables."""
    story: list[Flowable] = kit.heading("status")
    if status is None:
        return [*story, kit.text(kit.label("no_data"))]
    health = kit.words.health.get(str(status["health"]), str(status["health"]))
    story.append(kit.text(kit.label("latest", when=kit.fmt.moment(status["ts"]))))
    story.append(paragraph(f"{kit.label('overall')}: {health}", kit.styles.body, bold=True))
    issues = [issue_text(issue, kit.words) for issue in status["issues"]]
    story += bullet_list(issues, kit.styles.body) if issues else [kit.text(kit.label("no_issues"))]
    number = "RIGHT"
    ds_columns = [
        Column(kit.label("channel"), 46, number),
        Column(kit.label("frequency"), 62, number),
        Column(kit.label("power"), 52, number),
        Column(kit.label("snr"), 44, number),
        Column(kit.label("modulation"), 62),
        Column(kit.label("corrected"), 0, number),
        Column(kit.label("uncorrectable"), 0, number),
        Column(kit.label("health"), 58, health=True),
    ]
    us_columns = [
        Column(kit.label("channel"), 46, number),
        Column(kit.label("frequency"), 62, number),
        Column(kit.label("power"), 52, number),
        Column(kit.label("modulation"), 0),
        Column(kit.label("multiplex"), 0),
        Column(kit.label("health"), 58, health=True),
    ]
    for key, columns, rows in (
        ("downstream", ds_columns, _ds_rows(kit, status["ds"])),
        ("upstream", us_columns, _us_rows(kit, status["us"])),
    ):
        if rows:
            story += kit.subheading(key)
            story.append(
                data_table(columns, rows, kit.styles, kit.width, health_labels=kit.words.health)
            )
    return story


def notes_section(kit: Kit, aggregate: dict[str, Any] | None) -> list[Flowable]:
    """Return the diagnostic notes: critical channels with worst value, limit and count."""
    story: list[Flowable] = kit.heading("notes")
    notes = (aggregate or {}).get("diagnostic_notes") or []
    if not (aggregate or {}).get("snapshot_count"):
        return [*story, kit.text(kit.label("no_data"))]
    if not notes:
        return [*story, kit.text(kit.label("no_notes"))]
    fmt, number = kit.fmt, "RIGHT"
    columns = [
        Column(kit.label("direction"), 62),
        Column(kit.label("channel"), 46, number),
        Column(kit.label("frequency"), 62, number),
        Column(kit.label("problem"), 0),
        Column(kit.label("worst"), 52, number),
        Column(kit.label("limit"), 44, number),
        Column(kit.label("deviation"), 48, number),
        Column(kit.label("count"), 40, number),
    ]
    rows = [
        [
            kit.label(str(note["direction"])),
            note["channel_id"],
            fmt.frequency(note.get("frequency")),
            kit.words.note_problems.get(str(note["type"]), str(note["type"])),
            fmt.number(note["value"]),
            fmt.number(note["limit"]),
            fmt.number(note["deviation"]),
            fmt.count(note["count"]),
        ]
        for note in notes
    ]
    return [
        *story,
        kit.text(kit.label("notes_intro")),
        data_table(columns, rows, kit.styles, kit.width),
    ]


def _period_column(kit: Kit, period: dict[str, Any]) -> list[str]:
    aggregate, fmt = period["aggregate"], kit.fmt
    averages, totals = aggregate.get("averages") or {}, aggregate.get("totals") or {}
    count = int(aggregate.get("snapshot_count") or 0)
    critical = int((aggregate.get("worst") or {}).get("health_critical_count") or 0)
    return [
        period_text(kit, period).replace(" – ", " –\n"),
        fmt.count(count),
        fmt.number(averages.get("ds_power"), 2),
        fmt.number(averages.get("ds_snr"), 2),
        fmt.number(averages.get("us_power"), 2),
        fmt.count(totals.get("ds_uncorrectable_errors")),
        fmt.share(critical, count),
    ]


def comparison_section(kit: Kit, comparison: dict[str, Any] | None) -> list[Flowable]:
    """Return the before/after table (period A, period B, change) and the verdict."""
    if comparison is None:
        return []
    delta, fmt = comparison["delta"], kit.fmt
    labels = ["period", "measurements", "avg_ds_power", "avg_ds_snr", "avg_us_power"]
    labels += ["uncorrectable_total", "critical_share"]
    changes = ["", "", fmt.signed(delta.get("ds_power"), 2), fmt.signed(delta.get("ds_snr"), 2)]
    uncorrectable = delta.get("uncorr_errors")
    changes += [fmt.signed(delta.get("us_power"), 2)]
    changes += [fmt.signed(uncorrectable, 0) if uncorrectable is not None else "–", ""]
    rows = [
        [kit.label(label), a, b, change]
        for label, a, b, change in zip(
            labels,
            _period_column(kit, comparison["a"]),
            _period_column(kit, comparison["b"]),
            changes,
            strict=True,
        )
    ]
    columns = [
        Column(kit.label("metric"), 150),
        Column(kit.label("period_a"), 0, "RIGHT"),
        Column(kit.label("period_b"), 0, "RIGHT"),
        Column(kit.label("change"), 70, "RIGHT"),
    ]
    verdict = kit.words.letter[f"verdict_{delta['verdict']}"]
    table = data_table(columns, rows, kit.styles, kit.width)
    return [*kit.heading("comparison"), table, Spacer(1, 4), kit.text(verdict)]
