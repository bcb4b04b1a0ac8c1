"""Arris Touchstone CM8200A simulator: base64 credential query, token, malformed cookie.

The same page renderers serve the SB8200 firmware without HNAP (see surfboard.py): both models
share /cmconnectionstatus.html and /cmswinfo.html, told apart by the `thisModelNumberIs` span.
Assumption (not documented publicly): /Admin_Login_Lock.txt answers "1" while the 5-minute
lockout runs and "0" otherwise.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from aiohttp import web

from .base import ModemSimulator, register_simulator
from .plan import ChannelPlan, DsChannel, UsChannel

MODEL = "CM8200A"
_CREDENTIAL = re.compile(r"(?:^|[;,\s])credential=([^;,\s]+)")
_QAM_SPELLING = {"64QAM": "QAM64", "256QAM": "QAM256", "1024QAM": "QAM1024", "16QAM": "QAM16"}


def _hz(mhz: float) -> str:
    return f"{round(mhz * 1_000_000)} Hz"


def _page(model: str, title: str, body: str) -> str:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body><div id='header'>"
        f"<span id='thisModelNumberIs'>{model}</span></div>"
        f"<div class='content'>{body}</div></body></html>"
    )


def render_login(model: str) -> str:
    """Return the login page the modem serves without (or with an expired) token."""
    form = (
        "<form name='login' action='' method='get'><table><tr><td>Username</td>"
        "<td><input type='text' id='loginUsername' name='loginUsername'></td></tr>"
        "<tr><td>Password</td><td><input type='password' id='loginPassword' "
        "name='loginPassword'></td></tr></table><input type='button' value='Log In'></form>"
    )
    return _page(model, "Login", form)


def _ds_row(ch: DsChannel) -> str:
    spelled = "Other" if ch.ofdm else _QAM_SPELLING.get(ch.modulation, ch.modulation)
    lock = "Locked" if ch.locked else "Not Locked"
    cells = (
        str(ch.channel_id),
        lock,
        spelled,
        _hz(ch.frequency_mhz),
        f"{ch.power:.1f} dBmV",
        f"{ch.snr:.1f} dB",
        str(ch.corrected),
        str(ch.uncorrectable),
    )
    return "<tr align='left'>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _us_row(index: int, ch: UsChannel) -> str:
    cells = (
        str(index),
        str(ch.channel_id),
        "Locked" if ch.locked else "Not Locked",
        "OFDM Upstream" if ch.ofdma else "SC-QAM Upstream",
        _hz(ch.frequency_mhz),
        _hz(ch.width_mhz),
        f"{ch.power:.1f} dBmV",
    )
    return "<tr align='left'>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _header(names: tuple[str, ...]) -> str:
    return "<tr>" + "".join(f"<td><strong>{name}</strong></td>" for name in names) + "</tr>"


def render_status(plan: ChannelPlan, model: str) -> str:
    """Return /cmconnectionstatus.html: startup procedure and both bonded channel tables."""
    startup = (
        "<table class='simpleTable'><tr><th colspan=3><strong>Startup Procedure</strong></th>"
        "</tr><tr><td><strong>Procedure</strong></td><td><strong>Status</strong></td>"
        "<td><strong>Comment</strong></td></tr><tr><td>Acquire Downstream Channel</td>"
        f"<td>{_hz(plan.ds[0].frequency_mhz) if plan.ds else ''}</td><td>Locked</td></tr>"
        "<tr><td>Connectivity State</td><td>OK</td><td>Operational</td></tr></table>"
    )
    ds_header = (
        "Channel ID",
        "Lock Status",
        "Modulation",
        "Frequency",
        "Power",
        "SNR/MER",
        "Corrected",
        "Uncorrectables",
    )
    downstream = (
        "<table class='simpleTable'><tr><th colspan=8><strong>Downstream Bonded Channels"
        "</strong></th></tr>"
        + _header(ds_header)
        + "".join(_ds_row(ch) for ch in plan.ds)
        + "</table>"
    )
    us_header = (
        "Channel",
        "Channel ID",
        "Lock Status",
        "US Channel Type",
        "Frequency",
        "Width",
        "Power",
    )
    upstream = (
        "<table class='simpleTable'><tr><th colspan=7><strong>Upstream Bonded Channels"
        "</strong></th></tr>"
        + _header(us_header)
        + "".join(_us_row(index, ch) for index, ch in enumerate(plan.us, start=1))
        + "</table>"
    )
    return _page(model, "Status", startup + "<br>" + downstream + "<br>" + upstream)


def format_uptime(seconds: int) -> str:
    """Return seconds as "1 days 10h:17m:36s", the modem's uptime spelling."""
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{days} days {hours:02d}h:{minutes:02d}m:{secs:02d}s"


def render_swinfo(plan: ChannelPlan, model: str) -> str:
    """Return /cmswinfo.html: versions and uptime."""
    rows = (
        ("Standard Specification Compliant", "Docsis 3.1"),
        ("Hardware Version", plan.hw_version),
        ("Software Version", plan.sw_version),
        ("Cable Modem MAC Address", "00:11:22:33:44:55"),
        ("Serial Number", "SIM000000001"),
    )
    info = "".join(f"<tr><td>{label}</td><td>{value}</td></tr>" for label, value in rows)
    status = (
        f"<tr><td>Up Time</td><td>{format_uptime(plan.uptime_seconds)}</td></tr>"
        "<tr><td>Network Access</td><td>Allowed</td></tr>"
    )
    body = (
        "<table class='simpleTable'><tr><th colspan=2>Information</th></tr>"
        f"{info}</table><br><table class='simpleTable'><tr><th colspan=2>Status</th></tr>"
        f"{status}</table>"
    )
    return _page(model, "Product Information", body)


def decode_credentials(query: str) -> tuple[str, str] | None:
    """Return (user, password) from a base64 "user:password" query, None if it is not one."""
    try:
        decoded = base64.b64decode(query, validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


@register_simulator
class Cm8200Simulator(ModemSimulator):
    """Serves the CM8200A status pages behind its token login."""

    key = "cm8200"

    def add_routes(self, app: web.Application) -> None:
        """Register the login/status page, the software page and the lockout file."""
        app.router.add_get("/cmconnectionstatus.html", self.status)
        app.router.add_get("/cmswinfo.html", self.swinfo)
        app.router.add_get("/Admin_Login_Lock.txt", self.lock_file)

    def _html(self, text: str) -> web.Response:
        return web.Response(text=text, content_type="text/html")

    def _token(self, request: web.Request) -> str | None:
        # The modem's cookie header is malformed for any standard parser; it reads credential=.
        match = _CREDENTIAL.search(request.headers.get("Cookie", ""))
        return match.group(1) if match else None

    async def status(self, request: web.Request) -> web.Response:
        """A base64 credential query logs in (body = token); otherwise the page needs a token."""
        query = request.query_string
        if query:
            return self._login(query)
        if not self.state.session_valid(self._token(request)):
            return self._html(render_login(MODEL))
        return self._html(render_status(self.plan, MODEL))

    def _login(self, query: str) -> web.Response:
        if self.state.locked_out:
            return self._html(render_login(MODEL))
        credentials = decode_credentials(query)
        if credentials is None or not self.state.check_credentials(*credentials):
            if credentials is None:
                self.state.failed_logins += 1
            return self._html(render_login(MODEL))
        return web.Response(text=self.state.new_session(), content_type="text/plain")

    async def swinfo(self, request: web.Request) -> web.Response:
        """Return the software page with a valid token, else the login page."""
        if not self.state.session_valid(self._token(request)):
            return self._html(render_login(MODEL))
        return self._html(render_swinfo(self.plan, MODEL))

    async def lock_file(self, request: web.Request) -> web.Response:
        """Report whether the login lockout is running."""
        return web.Response(text="1" if self.state.locked_out else "0", content_type="text/plain")

    def expected(self) -> dict[str, list[dict[str, Any]]]:
        """The upstream table shows no QAM order: SC-QAM channels carry their type instead."""
        return with_stated_us_type(super().expected(), "SC-QAM")


def with_stated_us_type(
    expected: dict[str, list[dict[str, Any]]], stated: str
) -> dict[str, list[dict[str, Any]]]:
    """Return expected values whose SC-QAM upstream modulation is the type the page states."""
    return {
        **expected,
        "us": [
            {**ch, "modulation": stated} if ch["channel_family"] == "sc_qam" else ch
            for ch in expected["us"]
        ],
    }
