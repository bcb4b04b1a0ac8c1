"""Charts: stacked line panels drawn by matplotlib (Agg) and placed as a PNG image.

matplotlib is imported inside the drawing function: only the rendering worker pays for it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib.units import cm
from reportlab.platypus import Image

#: Charts are drawn at this resolution: sharp in print, small in the file.
DPI = 110


@dataclass(frozen=True, slots=True)
class Line:
    """One series of a panel: its legend label, values (None leaves a gap) and colour."""

    label: str
    values: Sequence[float | None]
    color: str
    #: "line", or "area" (filled steps: counts per interval).
    kind: str = "line"


@dataclass(frozen=True, slots=True)
class Band:
    """A shaded range of a panel (a threshold band) with its legend label."""

    low: float
    high: float
    color: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Level:
    """A dashed horizontal line of a panel (a threshold) with its legend label."""

    value: float
    color: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Panel:
    """One chart of a stack: title, unit, series and shaded bands."""

    title: str
    unit: str
    lines: Sequence[Line]
    bands: Sequence[Band] = field(default_factory=tuple)
    levels: Sequence[Level] = field(default_factory=tuple)
    #: Draw a legend of the labels (it costs a fifth of the drawing time; a caption is cheaper).
    legend: bool = False


#: Figures kept per worker process by (panels, width, panel height): building the axes and
#: their ticks costs more than drawing on them, so each render reuses an emptied figure.
_FIGURES: dict[tuple[int, float, float], tuple[Any, list[Any]]] = {}
_MAX_FIGURES = 4


def _empty_figure(count: int, width_cm: float, panel_height_cm: float) -> tuple[Any, list[Any]]:
    """Return a figure with `count` stacked axes sharing x, emptied of earlier drawings."""
    key = (count, width_cm, panel_height_cm)
    cached = _FIGURES.get(key)
    if cached is not None:
        for axis in cached[1]:
            for artist in [*axis.lines, *axis.collections, *axis.patches]:
                artist.remove()
            axis.relim()  # forget the old data limits before new data sets them
        return cached
    from matplotlib.figure import Figure

    inch = 2.54
    height_cm = panel_height_cm * count
    figure = Figure(figsize=(width_cm / inch, height_cm / inch), dpi=DPI)
    axes = list(figure.subplots(count, 1, sharex=True, squeeze=False)[:, 0])
    # fixed margins: tight_layout would lay the figure out (draw its text) a second time
    figure.subplots_adjust(
        left=1.3 / width_cm,
        right=1 - 0.3 / width_cm,
        top=1 - 0.45 / height_cm,
        bottom=0.9 / height_cm,
        hspace=0.45,
    )
    if len(_FIGURES) >= _MAX_FIGURES:
        _FIGURES.clear()
    _FIGURES[key] = (figure, axes)
    return figure, axes


def stacked_panels_png(
    times: Sequence[float],
    panels: Sequence[Panel],
    zone: str,
    width_cm: float,
    panel_height_cm: float,
    day_format: str = "%m-%d",
    date_format: str = "%Y-%m-%d",
    decimal_comma: bool = False,
) -> bytes:
    """Return a PNG of panels stacked over one shared time axis (epoch seconds, local time).

    Dates on the axis are numeric (`day_format` for ticks, `date_format` for the date under
    hour ticks): matplotlib's month names are English only. `decimal_comma` writes the
    values 2,5 rather than 2.5.
    """
    import matplotlib  # heavy: only the worker imports it

    matplotlib.use("Agg")
    from matplotlib import dates, ticker

    figure, axes = _empty_figure(len(panels), width_cm, panel_height_cm)
    day_numbers = [moment / 86400.0 for moment in times]  # matplotlib's date unit, epoch 1970
    values = ticker.FuncFormatter(lambda value, _: _number(value, decimal_comma))
    for axis, panel in zip(axes, panels, strict=True):
        _draw_panel(axis, day_numbers, panel)
        axis.yaxis.set_major_formatter(values)
    local = ZoneInfo(zone)
    locator = dates.AutoDateLocator(tz=local, maxticks=8)  # type: ignore[no-untyped-call]
    formats = ["%Y", day_format, day_format, "%H:%M", "%H:%M", "%H:%M:%S"]
    offsets = ["", "%Y", "%Y", date_format, date_format, date_format]
    formatter = dates.ConciseDateFormatter(  # type: ignore[no-untyped-call]
        locator, tz=local, formats=formats, zero_formats=formats, offset_formats=offsets
    )
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(formatter)
    axes[-1].xaxis.get_offset_text().set_fontsize(6.5)
    buffer = io.BytesIO()
    # light compression: reportlab decodes the PNG and compresses the pixels once more anyway
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _number(value: float, decimal_comma: bool) -> str:
    """Return a tick value without trailing zeros (12, 2.5), with a comma where asked."""
    text = f"{value:g}"
    return text.replace(".", ",") if decimal_comma else text


def _draw_panel(plot: Any, days: Sequence[float], panel: Panel) -> None:
    """Draw one panel's bands and series (matplotlib Axes, imported lazily) with a legend."""
    for band in panel.bands:
        label = band.label or None
        plot.axhspan(band.low, band.high, color=band.color, alpha=0.18, lw=0, label=label)
    for level in panel.levels:
        plot.axhline(level.value, color=level.color, lw=0.8, ls="--", label=level.label or None)
    for line in panel.lines:
        values = [float("nan") if value is None else value for value in line.values]
        if line.kind == "area":  # one polygon: far cheaper to draw than a bar per point
            plot.fill_between(days, values, step="post", color=line.color, label=line.label, lw=0)
        else:
            plot.plot(days, values, color=line.color, linewidth=0.9, label=line.label)
    plot.autoscale_view()
    plot.set_title(panel.title, fontsize=8, loc="left")
    plot.set_ylabel(panel.unit, fontsize=7)
    plot.tick_params(labelsize=6.5)
    plot.grid(True, linewidth=0.3, alpha=0.5)
    if panel.legend:
        plot.legend(fontsize=6, loc="upper right", framealpha=0.7)
    elif plot.get_legend() is not None:  # a reused figure may still have one
        plot.get_legend().remove()


def png_image(png: bytes, width_cm: float) -> Image:
    """Return a reportlab Image of a PNG scaled to width_cm, keeping its aspect ratio."""
    from reportlab.lib.utils import ImageReader

    reader = ImageReader(io.BytesIO(png))
    pixels_wide, pixels_high = reader.getSize()
    width = width_cm * cm
    return Image(io.BytesIO(png), width=width, height=width * pixels_high / pixels_wide)
