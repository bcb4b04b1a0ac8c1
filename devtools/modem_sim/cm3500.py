"""Arris CM3500B simulator: IP-bound form login over HTTPS, status tables after <h4> headings.

Variants: "default" numbers every channel in a DCID/UCID column; "idless-ofdm" is the page of
the firmware seen in the field: the Downstream OFDM table has no channel-id column (and lists an
idle receiver), and the Upstream OFDM header row has no cell over the row names and spells its
power column "Transmit Power(dBmV)".
"""

from __future__ import annotations

import html
from typing import Any

from aiohttp import web

from .base import ModemSimulator, register_simulator
from .plan import ChannelPlan, DsChannel, UsChannel

SESSION_COOKIE = "credential"
DEFAULT = "default"
IDLESS_OFDM = "idless-ofdm"
#: Without an id column the driver numbers OFDM receivers in row order from this base.
IDLESS_OFDM_ID_BASE = 33
_PAGE_HEAD = "<html><head><title>ARRIS CM3500B {what}</title></head><body>"
_DS_QAM_HEADERS = (
    "",
    "DCID",
    "Freq",
    "Power",
    "SNR",
    "Modulation",
    "Octets",
    "Correcteds",
    "Uncorrectables",
)
#: The columns an OFDM or OFDMA row starts with, after its name and channel id.
_OFDM_SPAN_HEADERS = (
    "FFT Type",
    "Channel Width(MHz)",
    "# of Active Subcarriers",
    "First Active Subcarrier(MHz)",
    "Last Active Subcarrier(MHz)",
    "Power",
)
_DS_OFDM_HEADERS = (
    "",
    "DCID",
    *_OFDM_SPAN_HEADERS,
    "Average RxMER(dB) Pilot",
    "Average RxMER(dB) PLC",
    "Average RxMER(dB) Data",
    "Octets",
    "Correcteds",
    "Uncorrectables",
)
_US_QAM_HEADERS = ("", "UCID", "Freq", "Power", "Channel Type", "Symbol Rate", "Modulation")
_US_OFDM_HEADERS = ("", "UCID", *_OFDM_SPAN_HEADERS)
_IDLESS_DS_OFDM_HEADERS = tuple(header for header in _DS_OFDM_HEADERS if header != "DCID")
#: No cell over the row names: each data row has one cell more than the header.
_FIELD_US_OFDM_HEADERS = ("UCID", *_OFDM_SPAN_HEADERS[:-1], "Transmit Power(dBmV)")


def _section(title: str, headers: tuple[str, ...], rows: list[list[str]]) -> str:
    cells = "".join(f"<td>{html.escape(cell)}</td>" for cell in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>\n"
        for row in rows
    )
    return f'<h4> {title} </h4>\n<table class="heavyTable"><tr>{cells}</tr>\n{body}</table>\n'


def _uptime(seconds: int) -> str:
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    return f"{days} d: {hours:2d} h: {rest // 60:2d} m"


def _ds_qam_rows(plan: ChannelPlan) -> list[list[str]]:
    rows: list[list[str]] = []
    for index, ch in enumerate((ch for ch in plan.ds if not ch.ofdm), start=1):
        if not ch.locked:  # an idle receiver: no channel, all zeros
            rows.append([f"Downstream {index}", "0", "0.00 MHz", "0.00 dBmV", "0.00 dB"])
            rows[-1] += ["----", "0", "0", "0"]
            continue
        rows.append(
            [
                f"Downstream {index}",
                str(ch.channel_id),
                f"{ch.frequency_mhz:.2f} MHz",
                f"{ch.power:.2f} dBmV",
                f"{ch.snr:.2f} dB",
                ch.modulation,
                str(123_456_789 + index),
                str(ch.corrected),
                str(ch.uncorrectable),
            ]
        )
    return rows


def _ofdm_span(ch: DsChannel | UsChannel, fft: str, subcarriers: str) -> list[str]:
    """Return the cells under _OFDM_SPAN_HEADERS of an OFDM or OFDMA channel."""
    return [
        fft,
        f"{ch.width_mhz:g}",
        subcarriers,
        f"{ch.frequency_mhz:.2f}",
        f"{ch.frequency_mhz + ch.width_mhz:.2f}",
        f"{ch.power:.2f} dBmV",
    ]


def _ds_ofdm_rows(plan: ChannelPlan) -> list[list[str]]:
    return [
        [
            f"Downstream {index}",
            str(ch.channel_id),
            *_ofdm_span(ch, "4K", "1880"),
            f"{ch.snr + 2.1:.1f}",
            f"{ch.snr + 1.3:.1f}",
            f"{ch.snr:.1f}",
            "987654321",
            str(ch.corrected),
            str(ch.uncorrectable),
        ]
        for index, ch in enumerate(plan.ds_ofdm, start=1)
    ]


def _idless_ds_ofdm_rows(plan: ChannelPlan) -> list[list[str]]:
    """Return the OFDM rows without their DCID cell, then an idle receiver."""
    rows = [row[:1] + row[2:] for row in _ds_ofdm_rows(plan)]
    idle = ["", "0", "0", "0.00", "0.00", "0.00 dBmV", "0.0", "0.0", "0.0", "0", "0", "0"]
    return [*rows, [f"Downstream {len(rows) + 1}", *idle]]


def _us_qam_rows(plan: ChannelPlan) -> list[list[str]]:
    return [
        [
            f"Upstream {index}",
            str(ch.channel_id),
            f"{ch.frequency_mhz:.2f} MHz",
            f"{ch.power:.2f} dBmV",
            "DOCSIS2.0 (ATDMA)",
            f"{ch.symbol_rate_ksym} kSym/s",
            ch.modulation,
        ]
        for index, ch in enumerate(plan.us_qam, start=1)
    ]


def _us_ofdm_rows(plan: ChannelPlan) -> list[list[str]]:
    return [
        [f"Upstream {index}", str(ch.channel_id), *_ofdm_span(ch, "2K", "200")]
        for index, ch in enumerate(plan.us_ofdma, start=1)
    ]


def render_status(plan: ChannelPlan, variant: str = DEFAULT) -> str:
    """Render status_cgi: system section, then the four channel tables."""
    idless = variant == IDLESS_OFDM
    ds_ofdm = (
        _section("Downstream OFDM", _IDLESS_DS_OFDM_HEADERS, _idless_ds_ofdm_rows(plan))
        if idless
        else _section("Downstream OFDM", _DS_OFDM_HEADERS, _ds_ofdm_rows(plan))
    )
    us_ofdm_headers = _FIELD_US_OFDM_HEADERS if idless else _US_OFDM_HEADERS
    system = (
        ("System Uptime:", _uptime(plan.uptime_seconds)),
        ("Computers Detected:", "staticCPE(1), dynamicCPE(0)"),
        ("CM Status:", "OPERATIONAL"),
        ("Time and Date:", "Tue 2025-03-04 10:11:12"),
    )
    return (
        _PAGE_HEAD.format(what="Status")
        + "<h4> Status </h4>\n<table>"
        + "".join(f"<tr><td>{label}</td><td>{value}</td></tr>" for label, value in system)
        + "</table>\n"
        + _section("Downstream QAM", _DS_QAM_HEADERS, _ds_qam_rows(plan))
        + ds_ofdm
        + _section("Upstream QAM", _US_QAM_HEADERS, _us_qam_rows(plan))
        + _section("Upstream OFDM", us_ofdm_headers, _us_ofdm_rows(plan))
        + "</body></html>"
    )


def render_login(message: str = "") -> str:
    """Render the login form (with an error line after a refused login)."""
    error = f'<p class="error">{html.escape(message)}</p>' if message else ""
    return (
        _PAGE_HEAD.format(what="Login")
        + error
        + '<form action="/cgi-bin/login_cgi" method="post">'
        + '<input type="text" name="username" value="">'
        + '<input type="password" name="password" value="">'
        + '<input type="submit" value="Apply"></form></body></html>'
    )


@register_simulator
class Cm3500Simulator(ModemSimulator):
    """Sessions are bound to the client address (a credential cookie is set but not needed)."""

    key = "cm3500"
    variants = (DEFAULT, IDLESS_OFDM)

    def expected(self) -> dict[str, list[dict[str, Any]]]:
        """The id-less OFDM rows are numbered in row order from the driver's base."""
        expected = super().expected()
        if self.state.variant == IDLESS_OFDM:
            ofdm = [ch for ch in expected["ds"] if ch["channel_family"] == "ofdm"]
            for position, channel in enumerate(ofdm):
                channel["channel_id"] = IDLESS_OFDM_ID_BASE + position
        return expected

    def add_routes(self, app: web.Application) -> None:
        """Register the login form, the login endpoint and the status page."""
        app.router.add_get("/", self.login_page)
        app.router.add_get("/cgi-bin/login_cgi", self.login_page)
        app.router.add_post("/cgi-bin/login_cgi", self.login)
        app.router.add_get("/cgi-bin/status_cgi", self.status)

    def _bound(self) -> dict[str, str]:
        bound: dict[str, str] = self.state.extra.setdefault("by_address", {})
        return bound

    async def login_page(self, request: web.Request) -> web.Response:
        """Serve the login form."""
        return web.Response(text=render_login(), content_type="text/html")

    async def login(self, request: web.Request) -> web.Response:
        """Check the credentials and bind a session to the caller's address."""
        form = await request.post()
        user, password = form.get("username"), form.get("password")
        if not isinstance(user, str) or not isinstance(password, str):
            return web.Response(text=render_login("Missing credentials"), content_type="text/html")
        if not self.state.check_credentials(user, password):
            message = "Invalid user name or password"
            return web.Response(text=render_login(message), content_type="text/html")
        token = self.state.new_session()
        self._bound()[request.remote or ""] = token
        response = web.Response(status=302, headers={"Location": "/cgi-bin/status_cgi"})
        response.set_cookie(SESSION_COOKIE, token, secure=True, httponly=True)
        return response

    async def status(self, request: web.Request) -> web.Response:
        """Serve the status page to a logged-in address, else the login form."""
        token = self._bound().get(request.remote or "")
        if not self.state.session_valid(token):
            return web.Response(text=render_login(), content_type="text/html")
        page = render_status(self.plan, self.state.variant)
        return web.Response(text=page, content_type="text/html")
