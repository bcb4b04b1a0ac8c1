"""Technicolor TC4400 simulator: HTTP Basic auth, HTML status tables.

Basic auth is stateless on the wire, yet the TC4400's web server keeps a per-client login with
an idle timeout. Modelled here (an assumption, documented because it is not public): a client
becomes logged in when it presents good credentials on /cmswinfo.html (the page the web UI and
the driver load first); after `expire_sessions()` (idle timeout, reboot) other pages answer
401 even with good credentials until the client loads /cmswinfo.html again, which counts as a
new login. The 401 challenge's realm naming the model is assumed as well.
Firmware variants: SR70.12.42 spells "Receive Level" and "OFDM"; SR70.12.33 spells
"Received Level" and "OFDM Downstream".
"""

from __future__ import annotations

import base64
import binascii

from aiohttp import web

from .base import ModemSimulator, register_simulator
from .cm8200 import format_uptime
from .plan import ChannelPlan, DsChannel, UsChannel

REALM = "Technicolor TC4400"
_QAM_SPELLING = {"16QAM": "QAM16", "64QAM": "QAM64", "256QAM": "QAM256", "1024QAM": "QAM1024"}
_LABELS = {
    "sr70.12.42": {"level": "Receive Level", "ofdm": "OFDM"},
    "sr70.12.33": {"level": "Received Level", "ofdm": "OFDM Downstream"},
}


def _hz(mhz: float) -> str:
    return f"{round(mhz * 1_000_000)} Hz"


def _row(cells: tuple[str, ...]) -> str:
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _header(title: str, names: tuple[str, ...]) -> str:
    head = "".join(f"<td class='hd'>{name}</td>" for name in names)
    return f"<tr><th colspan={len(names)}>{title}</th></tr><tr>{head}</tr>"


def _ds_cells(index: int, ch: DsChannel, ofdm_label: str) -> tuple[str, ...]:
    return (
        str(index),
        str(ch.channel_id),
        "Locked" if ch.locked else "Not Locked",
        ofdm_label if ch.ofdm else "SC-QAM",
        "Bonded" if ch.locked else "Not Bonded",
        _hz(ch.frequency_mhz),
        _hz(ch.width_mhz),
        f"{ch.snr:.1f} dB",
        f"{ch.power:.1f} dBmV",
        "0,1,2,3" if ch.ofdm else _QAM_SPELLING.get(ch.modulation, ch.modulation),
        str(123_456_789 + index),
        str(ch.corrected),
        str(ch.uncorrectable),
    )


def _us_cells(index: int, ch: UsChannel) -> tuple[str, ...]:
    return (
        str(index),
        str(ch.channel_id),
        "Locked" if ch.locked else "Not Locked",
        "OFDMA" if ch.ofdma else "SC-QAM",
        "Bonded" if ch.locked else "Not Bonded",
        _hz(ch.frequency_mhz),
        _hz(ch.width_mhz),
        "0 kSym/s" if ch.ofdma else f"{ch.symbol_rate_ksym} kSym/s",
        f"{ch.power:.1f} dBmV",
        "OFDMA" if ch.ofdma else _QAM_SPELLING.get(ch.modulation, ch.modulation),
    )


def _page(title: str, body: str) -> str:
    return (
        "<html><head><meta HTTP-EQUIV='Pragma' CONTENT='no-cache'>"
        f"<title>Residential Getway Configuration: Status - {title}</title></head>"
        f"<body><blockquote><h1>Status</h1><h3>{title}</h3>{body}</blockquote></body></html>"
    )


def render_status(plan: ChannelPlan, variant: str = "sr70.12.42") -> str:
    """Return /cmconnectionstatus.html: startup, downstream, upstream and statistics tables."""
    labels = _LABELS[variant]
    startup = (
        "<table border='1'>"
        + _header("Startup Procedure", ("Procedure", "Status", "Comment"))
        + _row(("Connectivity State", "OK", "Operational"))
        + _row(("Boot State", "OK", "Operational"))
        + _row(("Security", "Enabled", "BPI+"))
        + "</table>"
    )
    ds_names = (
        "Channel Index",
        "Channel ID",
        "Lock Status",
        "Channel Type",
        "Bonding Status",
        "Center Frequency",
        "Channel Width",
        "SNR/MER Threshold Value",
        labels["level"],
        "Modulation/Profile ID",
        "Unerrored Codewords",
        "Corrected Codewords",
        "Uncorrectable Codewords",
    )
    downstream = (
        "<table border='1'>"
        + _header("Downstream Channel Status", ds_names)
        + "".join(
            _row(_ds_cells(index, ch, labels["ofdm"])) for index, ch in enumerate(plan.ds, start=1)
        )
        + "</table>"
    )
    us_names = (
        "Channel Index",
        "Channel ID",
        "Lock Status",
        "Channel Type",
        "Bonding Status",
        "Center Frequency",
        "Channel Width",
        "Symbol rate",
        "Transmit Level",
        "Modulation/Profile ID",
    )
    upstream = (
        "<table border='1'>"
        + _header("Upstream Channel Status", us_names)
        + "".join(_row(_us_cells(index, ch)) for index, ch in enumerate(plan.us, start=1))
        + "</table>"
    )
    stats = (
        "<table border='1'>"
        + _header("Statistics", ("Interface", "Packets"))
        + _row(("CM", "12345"))
        + "</table>"
    )
    return _page("Connection", "<p>" + "</p><p>".join((startup, downstream, upstream, stats)))


def render_swinfo(plan: ChannelPlan) -> str:
    """Return /cmswinfo.html: the information and status tables."""
    info = (
        ("Standard Specification Compliant", "Docsis 3.1"),
        ("Hardware Version", f"TC4400 Rev:{plan.hw_version}"),
        ("Software Version", plan.sw_version),
        ("Cable Modem MAC Address", "00:11:22:33:44:55"),
        ("Cable Modem Serial Number", "CP0000000001"),
        ("CM certificate", "Installed"),
    )
    status = (
        ("System Up Time", format_uptime(plan.uptime_seconds)),
        ("Network Access", "Allowed"),
        ("Board Temperature", "48.0 degrees Celsius"),
    )
    tables = "".join(
        "<p><table border='1'>"
        + f"<tr><th colspan=2><b>{title}</b></th></tr>"
        + "".join(f"<tr><td class='hd'><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows)
        + "</table></p>"
        for title, rows in (("Information", info), ("Status", status))
    )
    return _page("Software", tables)


def basic_credentials(header: str) -> tuple[str, str] | None:
    """Return (user, password) from an Authorization: Basic header, None if absent or bad."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


@register_simulator
class Tc4400Simulator(ModemSimulator):
    """Serves the TC4400 status pages behind HTTP Basic auth with an idle-timeout login."""

    key = "tc4400"
    variants = ("sr70.12.42", "sr70.12.33")

    def add_routes(self, app: web.Application) -> None:
        """Register the software and connection status pages."""
        app.router.add_get("/cmswinfo.html", self.swinfo)
        app.router.add_get("/cmconnectionstatus.html", self.status)

    def _challenge(self) -> web.Response:
        return web.Response(
            status=401,
            text="<html><body><h1>401 Unauthorized</h1></body></html>",
            content_type="text/html",
            headers={"WWW-Authenticate": f'Basic realm="{REALM}"'},
        )

    def _authorized(self, request: web.Request, *, login_page: bool) -> bool:
        credentials = basic_credentials(request.headers.get("Authorization", ""))
        if credentials is None or not self.state.check_credentials(*credentials):
            return False
        client = request.remote or ""
        token = self.state.extra.get(client)
        if self.state.session_valid(token):
            return True
        if not login_page:
            return False
        self.state.extra[client] = self.state.new_session()
        return True

    async def swinfo(self, request: web.Request) -> web.Response:
        """Good credentials here (re)open the client's login."""
        if not self._authorized(request, login_page=True):
            return self._challenge()
        return web.Response(text=render_swinfo(self.plan), content_type="text/html")

    async def status(self, request: web.Request) -> web.Response:
        """The channel tables need an open login."""
        if not self._authorized(request, login_page=False):
            return self._challenge()
        text = render_status(self.plan, self.state.variant)
        return web.Response(text=text, content_type="text/html")
