"""Arris/Motorola SB6141 simulator: open pages, transposed signal tables, help page."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from aiohttp import web

from .base import ModemSimulator, register_simulator
from .plan import ChannelPlan, DsChannel, UsChannel

NESTED_NOTE = "nested-note"
PLAIN = "plain"
_POWER_NOTE = (
    "Power Level<TABLE border=0 cellPadding=0 cellSpacing=0 width=300><TBODY><TR>"
    "<TD align=left><SMALL>The Downstream Power Level reading is a snapshot taken at the time "
    "this page was requested. Please Reload/Refresh this Page for a new reading</SMALL></TD>"
    "</TR></TBODY></TABLE>"
)
_DS_MODULATION = {"64QAM": "QAM64", "256QAM": "QAM256"}


def _row(label: str, cells: Iterable[str]) -> str:
    return "<TR><TD>" + label + "</TD>" + "".join(f"<TD>{c}&nbsp; </TD>" for c in cells) + "</TR>"


def _table(title: str, count: int, rows: list[str]) -> str:
    head = f"<TR><TH colSpan={count + 1}><FONT color=#ffffff>{title}</FONT></TH></TR>"
    return (
        "<TABLE align=center border=1 cellPadding=4 cellSpacing=0 width=500><TBODY>"
        + head
        + "".join(rows)
        + "</TBODY></TABLE><BR>"
    )


def _ds_cells(ds: list[DsChannel], value: Callable[[DsChannel], str], dead: str) -> list[str]:
    # A receiver without lock keeps its column but reports no frequency and no signal.
    return [value(ch) if ch.locked else dead for ch in ds]


def render_downstream(plan: ChannelPlan, variant: str = NESTED_NOTE) -> str:
    """Return the downstream table: metrics as rows, one column per receiver."""
    ds = [ch for ch in plan.ds if not ch.ofdm]
    power_label = _POWER_NOTE if variant == NESTED_NOTE else "Power Level"
    rows = [
        _row("Channel ID", [str(ch.channel_id) for ch in ds]),
        _row("Frequency", _ds_cells(ds, lambda c: f"{round(c.frequency_mhz * 1e6)} Hz", "0 Hz")),
        _row("Signal to Noise Ratio", _ds_cells(ds, lambda c: f"{c.snr:g} dB", "0 dB")),
        _row(
            "Downstream Modulation",
            _ds_cells(ds, lambda c: _DS_MODULATION.get(c.modulation, c.modulation), "Unknown"),
        ),
        _row(power_label, _ds_cells(ds, lambda c: f"{c.power:g} dBmV", "0 dBmV")),
    ]
    return _table("Downstream", len(ds), rows)


def _us_modulation(ch: UsChannel) -> str:
    return f"[3] QPSK<BR>[3] {ch.modulation}<BR>"


def render_upstream(plan: ChannelPlan) -> str:
    """Return the upstream table: metrics as rows, one column per upstream channel."""
    us = [ch for ch in plan.us if not ch.ofdma]
    rows = [
        _row("Channel ID", [str(ch.channel_id) for ch in us]),
        _row("Frequency", [f"{round(ch.frequency_mhz * 1e6)} Hz" for ch in us]),
        _row("Ranging Service ID", [str(2000 + index) for index, _ in enumerate(us)]),
        _row("Symbol Rate", [f"{ch.symbol_rate_ksym / 1000:.3f} Msym/sec" for ch in us]),
        _row("Power Level", [f"{ch.power:g} dBmV" for ch in us]),
        _row("Upstream Modulation", [_us_modulation(ch) for ch in us]),
        _row("Ranging Status", ["Success" if ch.locked else "Aborted" for ch in us]),
    ]
    return _table("Upstream", len(us), rows)


def render_codewords(plan: ChannelPlan) -> str:
    """Return the codeword table, keyed by downstream channel ID."""
    ds = [ch for ch in plan.ds if not ch.ofdm]
    rows = [
        _row("Channel ID", [str(ch.channel_id) for ch in ds]),
        _row("Total Unerrored Codewords", [str(90_000_000 + ch.channel_id) for ch in ds]),
        _row("Total Correctable Codewords", _ds_cells(ds, lambda c: str(c.corrected), "0")),
        _row("Total Uncorrectable Codewords", _ds_cells(ds, lambda c: str(c.uncorrectable), "0")),
    ]
    return _table("Signal Stats (Codewords)", len(ds), rows)


def render_signal(plan: ChannelPlan, variant: str = NESTED_NOTE) -> str:
    """Return the whole /cmSignalData.htm page."""
    return (
        "<HTML><HEAD><TITLE>Signal</TITLE></HEAD><BODY><CENTER>"
        + render_downstream(plan, variant)
        + render_upstream(plan)
        + render_codewords(plan)
        + "</CENTER></BODY></HTML>"
    )


def render_help(plan: ChannelPlan) -> str:
    """Return /cmHelpData.htm: the identity as "Name: value" lines in one cell."""
    lines = [
        "Model Name: SB6141",
        "Vendor Name: ARRIS Group, Inc.",
        f"Firmware Name: SB_KOMODO-{plan.sw_version}-SCM00-NOSH",
        "Boot Version: PSPU-Boot(25CLK) 1.0.12.18m3",
        f"Hardware Version: {plan.hw_version}",
        "Serial Number: 398712345678901234",
        "Firmware Build Time: Feb 16 2016 11:28:04",
    ]
    return (
        "<HTML><HEAD><TITLE>Help</TITLE></HEAD><BODY><TABLE><TR><TD><B>Help</B></TD></TR>"
        "<TR><TD>" + "<BR>".join(lines) + "<BR></TD></TR></TABLE></BODY></HTML>"
    )


@register_simulator
class Sb6141Simulator(ModemSimulator):
    """Serves the open SB6141 pages; variants with and without the nested power note."""

    key = "sb6141"
    variants = (NESTED_NOTE, PLAIN)
    default_user = ""
    needs_login = False
    docsis31 = False

    def add_routes(self, app: web.Application) -> None:
        """Register the signal and help pages."""
        app.router.add_get("/cmSignalData.htm", self.signal)
        app.router.add_get("/cmHelpData.htm", self.help)

    async def signal(self, request: web.Request) -> web.Response:
        """Return the signal page."""
        return web.Response(
            text=render_signal(self.plan, self.state.variant), content_type="text/html"
        )

    async def help(self, request: web.Request) -> web.Response:
        """Return the help page."""
        return web.Response(text=render_help(self.plan), content_type="text/html")
