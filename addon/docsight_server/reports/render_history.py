"""PDF sections about the whole window (run in the worker process): historical analysis,
charts, threshold reference tables and the complaint letter."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, PageBreak

from ..outputs.pdf.charts import Band, Level, Line, Panel, png_image, stacked_panels_png
from ..outputs.pdf.tables import Column, data_table, key_value_table
from ..outputs.pdf.text import text_blocks
from ..timeutil import parse_timestamp
from .periods import REFERENCE_FAMILY, REFERENCE_MODULATION
from .render_sections import Kit
from .series import chart_series

CHART_WIDTH_CM = 17.4
PANEL_HEIGHT_CM = 4.6
HEALTH_ORDER = ("good", "tolerated", "marginal", "warning", "critical")


def _distribution(kit: Kit, distribution: dict[str, int], count: int) -> str:
    order = [name for name in HEALTH_ORDER if name in distribution]
    order += sorted(name for name in distribution if name not in HEALTH_ORDER)
    return ", ".join(
        f"{kit.words.health.get(name, name)} {kit.fmt.count(distribution[name])} "
        f"({kit.fmt.share(distribution[name], count)})"
        for name in order
    )


def _worst_pairs(kit: Kit, aggregate: dict[str, Any]) -> list[tuple[str, str]]:
    worst, fmt = aggregate.get("worst") or {}, kit.fmt
    averages = aggregate.get("averages") or {}
    return [
        (kit.label("worst_ds_power_max"), fmt.number(worst.get("ds_power_max"))),
        (kit.label("worst_ds_power_min"), fmt.number(worst.get("ds_power_min"))),
        (kit.label("worst_us_power_max"), fmt.number(worst.get("us_power_max"))),
        (kit.label("worst_ds_snr_min"), fmt.number(worst.get("ds_snr_min"))),
        (kit.label("worst_uncorrectable"), fmt.count(worst.get("ds_uncorrectable_max"))),
        (kit.label("worst_correctable"), fmt.count(worst.get("ds_correctable_max"))),
        (
            kit.label("averages"),
            " / ".join(
                fmt.number(averages.get(name), 2) for name in ("ds_power", "ds_snr", "us_power")
            ),
        ),
    ]


def history_section(kit: Kit, aggregate: dict[str, Any] | None, heading: str) -> list[Flowable]:
    """Return the window's figures: counts, health shares, worst values, unhealthy channels."""
    story: list[Flowable] = kit.heading(heading)
    count = int((aggregate or {}).get("snapshot_count") or 0)
    if aggregate is None or not count:
        return [*story, kit.text(kit.label("no_data"))]
    fmt = kit.fmt
    first = aggregate.get("first_observed_at") or ""
    last = aggregate.get("last_observed_at") or ""
    pairs = [
        (kit.label("measurements"), fmt.count(count)),
        (kit.label("first_last"), f"{_local(kit, first)} / {_local(kit, last)}"),
        (
            kit.label("health_distribution"),
            _distribution(kit, aggregate["health_distribution"], count),
        ),
        *_worst_pairs(kit, aggregate),
    ]
    story.append(key_value_table(pairs, kit.styles, kit.width))
    story += kit.subheading("unhealthy_channels")
    channels = aggregate.get("worst_channels") or {}
    rows = [
        [kit.label(direction), channel_id, fmt.count(times), fmt.share(times, count)]
        for direction in ("ds", "us")
        for channel_id, times in channels.get(direction, [])
    ]
    if not rows:
        return [*story, kit.text(kit.label("no_unhealthy"))]
    columns = [
        Column(kit.label("direction"), 0),
        Column(kit.label("channel"), 0, "RIGHT"),
        Column(kit.label("count"), 0, "RIGHT"),
        Column(kit.label("share"), 0, "RIGHT"),
    ]
    return [*story, data_table(columns, rows, kit.styles, kit.width * 0.7)]


def _local(kit: Kit, iso: str) -> str:
    return kit.fmt.moment(parse_timestamp(iso)) if iso else "–"


def chart_panels(kit: Kit, series: dict[str, list[Any]], profile: dict[str, Any]) -> list[Panel]:
    """Return the four panels: DS power, DS SNR, US power (with warning bands), new errors."""
    ds_band = profile["downstream_power"][REFERENCE_MODULATION]["warning"]
    us_band = profile["upstream_power"][REFERENCE_FAMILY]["warning"]
    snr_warning = profile["snr"][REFERENCE_MODULATION]["warning_min"]
    band, average = kit.label("warning_band"), kit.label("average")
    return [
        Panel(
            kit.label("chart_ds_power"), "dBmV",
            [Line(average, series["ds_power"], "#1f77b4")],
            bands=[Band(ds_band[0], ds_band[1], "#2ca02c", band)],
        ),
        Panel(
            kit.label("chart_ds_snr"), "dB",
            [Line(average, series["ds_snr"], "#ff7f0e")],
            levels=[Level(snr_warning, "#d62728", kit.label("warning_threshold"))],
        ),
        Panel(
            kit.label("chart_us_power"), "dBmV",
            [Line(average, series["us_power"], "#9467bd")],
            bands=[Band(us_band[0], us_band[1], "#2ca02c", band)],
        ),
        Panel(
            kit.label("chart_errors"), "",
            [Line(kit.label("new_errors"), series["new_errors"], "#d62728", "area")],
        ),
    ]  # fmt: skip


def charts_section(kit: Kit, data: dict[str, Any]) -> list[Flowable]:
    """Return the charts of the window (one image of four stacked panels)."""
    series = chart_series(data["samples"])
    story: list[Flowable] = kit.heading("charts")
    if not series["times"]:
        return [*story, kit.text(kit.label("no_data"))]
    panels = chart_panels(kit, series, data["thresholds"])
    german = kit.words.lang == "de"
    png = stacked_panels_png(
        series["times"],
        panels,
        str(data["zone"]),
        CHART_WIDTH_CM,
        PANEL_HEIGHT_CM,
        day_format="%d.%m." if german else "%m-%d",
        date_format="%d.%m.%Y" if german else "%Y-%m-%d",
        decimal_comma=german,
    )
    intro = kit.text(kit.label("charts_intro", zone=data["zone"]))
    # one block: the image does not split, and its heading should not stay behind alone
    return [KeepTogether([*story, intro, png_image(png, CHART_WIDTH_CM * 0.96)])]


def _band_text(kit: Kit, band: list[float]) -> str:
    return f"{kit.fmt.number(band[0])} … {kit.fmt.number(band[1])}"


def thresholds_section(kit: Kit, profile: dict[str, Any]) -> list[Flowable]:
    """Return the threshold reference: power bands, SNR minimums, modulation and error rules."""
    story: list[Flowable] = [
        *kit.heading("thresholds"),
        kit.text(kit.label("thresholds_intro", name=profile["name"], version=profile["version"])),
    ]
    levels = ("good", "warning", "critical")
    band_columns = [Column(kit.label("modulation"), 0)]
    band_columns += [Column(kit.label(level), 0, "RIGHT") for level in levels]
    for key, section in (
        ("ds_power_table", "downstream_power"),
        ("us_power_table", "upstream_power"),
    ):
        rows = [
            [name, *(_band_text(kit, row[level]) for level in levels)]
            for name, row in profile[section].items()
        ]
        story += kit.subheading(key)
        story.append(data_table(band_columns, rows, kit.styles, kit.width))
    snr_rows = [
        [name, *(kit.fmt.number(row[f"{level}_min"]) for level in levels)]
        for name, row in profile["snr"].items()
    ]
    story += kit.subheading("snr_table")
    story.append(data_table(band_columns, snr_rows, kit.styles, kit.width))
    modulation, errors = profile["upstream_modulation"], profile["errors"]["uncorrectable_pct"]
    story.append(
        kit.text(
            kit.label(
                "us_modulation_rule",
                critical=modulation["critical_max_qam"],
                warning=modulation["warning_max_qam"],
            )
        )
    )
    shares = {
        level: kit.fmt.share(int(errors[level] * 100), 10000) for level in ("warning", "critical")
    }
    story.append(kit.text(kit.label("errors_rule", **shares)))
    return story


def letter_section(kit: Kit, letter: str) -> list[Flowable]:
    """Return the complaint letter on a page of its own."""
    return [PageBreak(), *kit.heading("letter"), *text_blocks(letter, kit.styles.letter)]
