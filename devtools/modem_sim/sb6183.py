"""Arris SB6183 simulator: open /RgConnect.asp bonded tables and /RgSwInfo.asp."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .base import ModemSimulator, register_simulator
from .plan import ChannelPlan, DsChannel, UsChannel


@dataclass(frozen=True, slots=True)
class PageStyle:
    """How one SURFboard firmware spells its cells (shared with the SB6190 simulator)."""

    model: str = "SB6183"
    mhz: bool = False
    qam_first: bool = True
    uptime_label: str = "System Up Time"
    uptime_suffix: str = ""
    decimals: int = 1


SB6183_STYLE = PageStyle()


def page(title: str, body: str, style: PageStyle) -> str:
    """Return a SURFboard page with the header span naming the model."""
    return (
        f"<html><head><title>{title}</title></head><body><div id='header'>"
        f"<span id='thisModelNumberIs'>{style.model}</span></div>{body}</body></html>"
    )


def _frequency(mhz: float, style: PageStyle) -> str:
    return f"{mhz:.2f} MHz" if style.mhz else f"{round(mhz * 1e6)} Hz"


def _ds_modulation(ch: DsChannel, style: PageStyle) -> str:
    bits = ch.modulation.removesuffix("QAM")
    return f"QAM{bits}" if style.qam_first else ch.modulation


def _ds_row(index: int, ch: DsChannel, style: PageStyle) -> list[str]:
    if not ch.locked:
        zero_freq = "0.00 MHz" if style.mhz else "0 Hz"
        return [str(index), "Not Locked", "Unknown", "0", zero_freq, "0.0 dBmV", "0.0 dB", "0", "0"]
    return [
        str(index),
        "Locked",
        _ds_modulation(ch, style),
        str(ch.channel_id),
        _frequency(ch.frequency_mhz, style),
        f"{ch.power:.{style.decimals}f} dBmV",
        f"{ch.snr:.{style.decimals}f} dB",
        str(ch.corrected),
        str(ch.uncorrectable),
    ]


def _us_row(index: int, ch: UsChannel, style: PageStyle) -> list[str]:
    rate = f"{ch.symbol_rate_ksym} kSym/s" if style.mhz else f"{ch.symbol_rate_ksym} Ksym/sec"
    if not ch.locked:
        return [str(index), "Not Locked", "Unknown", "0", "0 Ksym/sec", "0 Hz", "0.0 dBmV"]
    return [
        str(index),
        "Locked",
        "ATDMA",
        str(ch.channel_id),
        rate,
        _frequency(ch.frequency_mhz, style),
        f"{ch.power:.{style.decimals}f} dBmV",
    ]


def _table(title: str, headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<td><strong>{cell}</strong></td>" for cell in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f"<table class='simpleTable'><tr><th colspan={len(headers)}><strong>{title}</strong>"
        f"</th></tr><tr>{head}</tr>{body}</table>"
    )


DS_HEADERS = [
    "Channel",
    "Lock Status",
    "Modulation",
    "Channel ID",
    "Frequency",
    "Power",
    "SNR",
    "Corrected",
    "Uncorrectables",
]
US_HEADERS = [
    "Channel",
    "Lock Status",
    "US Channel Type",
    "Channel ID",
    "Symbol Rate",
    "Frequency",
    "Power",
]


def render_tables(plan: ChannelPlan, style: PageStyle = SB6183_STYLE) -> str:
    """Return the startup table and both bonded-channel tables (unlocked rows included)."""
    startup = _table(
        "Startup Procedure",
        ["Procedure", "Status", "Comment"],
        [["Acquire Downstream Channel", "Locked", ""], ["Connectivity State", "OK", "Operational"]],
    )
    ds = [_ds_row(i + 1, ch, style) for i, ch in enumerate(c for c in plan.ds if not c.ofdm)]
    us = [_us_row(i + 1, ch, style) for i, ch in enumerate(c for c in plan.us if not c.ofdma)]
    return (
        startup
        + "<br>"
        + _table("Downstream Bonded Channels", DS_HEADERS, ds)
        + "<br>"
        + _table("Upstream Bonded Channels", US_HEADERS, us)
    )


def render_connect(plan: ChannelPlan, style: PageStyle = SB6183_STYLE) -> str:
    """Return the whole connection status page."""
    return page("Status", render_tables(plan, style), style)


def uptime_text(seconds: int, style: PageStyle = SB6183_STYLE) -> str:
    """Return an uptime as the firmware spells it ("1 days 10h:17m:36s")."""
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{days} days {hours:02d}h:{minutes:02d}m:{secs:02d}s{style.uptime_suffix}"


def render_swinfo(plan: ChannelPlan, style: PageStyle = SB6183_STYLE) -> str:
    """Return the software-information page: versions, uptime and network access."""
    info = [
        ["Standard Specification Compliant", "Docsis 3.0"],
        ["Hardware Version", plan.hw_version],
        ["Software Version", plan.sw_version],
        ["Cable Modem MAC Address", "00:00:5e:00:53:01"],
        ["Serial Number", "000000000000"],
        ["Firmware Build Time", "Jan 01 2020 00:00:00"],
    ]
    status = [
        [style.uptime_label, uptime_text(plan.uptime_seconds, style)],
        ["Network Access", "Allowed"],
    ]
    body = (
        "<table class='simpleTable'><tr><th colspan=2>Information</th></tr>"
        + "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in info)
        + "</table><br><table class='simpleTable'><tr><th colspan=2>Status</th></tr>"
        + "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in status)
        + "</table>"
    )
    return page("Software", body, style)


def expected_with_stated_us_type(expected: dict[str, list[dict[str, Any]]]) -> None:
    """Set upstream modulation to the stated channel type: the table has no modulation column."""
    for channel in expected["us"]:
        channel["modulation"] = "ATDMA"


@register_simulator
class Sb6183Simulator(ModemSimulator):
    """Serves the open SB6183 connection and software pages."""

    key = "sb6183"
    default_user = ""
    needs_login = False
    docsis31 = False

    def add_routes(self, app: web.Application) -> None:
        """Register the connection and software-information pages."""
        app.router.add_get("/RgConnect.asp", self.connect)
        app.router.add_get("/RgSwInfo.asp", self.swinfo)

    def expected(self) -> dict[str, list[dict[str, Any]]]:
        """The upstream table carries no modulation: the channel type ATDMA stands in."""
        expected = super().expected()
        expected_with_stated_us_type(expected)
        return expected

    async def connect(self, request: web.Request) -> web.Response:
        """Return the connection page."""
        return web.Response(text=render_connect(self.plan), content_type="text/html")

    async def swinfo(self, request: web.Request) -> web.Response:
        """Return the software-information page."""
        return web.Response(text=render_swinfo(self.plan), content_type="text/html")
