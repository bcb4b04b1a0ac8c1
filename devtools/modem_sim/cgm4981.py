"""Technicolor CGM4981COM simulator: check.jst login, DUKSID cookie, columnar network_setup.jst."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from aiohttp import web

from .base import ModemSimulator, register_simulator

SESSION_COOKIE = "DUKSID"
LOGIN_PAGE_BYTES = 8640
_MODULATION = {"64QAM": "64 QAM", "256QAM": "256 QAM", "1024QAM": "1024 QAM"}
_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{title}</title>
<link rel="stylesheet" type="text/css" media="screen" href="./cmn/css/common-min.css" />
<script type="text/javascript" src="./cmn/js/lib/jquery-1.9.1.js"></script>
<script type="text/javascript" src="./cmn/js/utilityFunctions.js"></script>
</head>
"""
LOGIN_BODY = """<body><div id="container"><div id="header"><h1>Panoramic Wifi</h1></div>
<div id="main-content"><div class="module"><h2>Please Login</h2>
<form action="check.jst" method="post" id="pageForm">
<div class="form-row"><label for="username">Username:</label>
<input type="text" id="username" name="username" class="text" /></div>
<div class="form-row"><label for="password">Password:</label>
<input type="password" id="password" name="password" class="text" /></div>
<input type="hidden" name="locale" value="false" />
<div class="form-btn"><input type="submit" class="btn" value="Login" /></div>
</form></div></div>
<!-- {padding} -->
</div></body></html>
"""


def _login_page() -> str:
    """Return the login page padded to the size of the gateway's (about 8.6 KB)."""
    bare = _HEAD.format(title="Login") + LOGIN_BODY.format(padding="")
    return _HEAD.format(title="Login") + LOGIN_BODY.format(
        padding="." * max(0, LOGIN_PAGE_BYTES - len(bare))
    )


def _label(label: str, value: str) -> str:
    return (
        f'<div class="form-row"><span class="readonlyLabel">{label}:</span> '
        f'<span class="value">{value}</span></div>\n'
    )


def _row(label: str, values: Iterable[str], odd: bool) -> str:
    cells = "".join(f'<td><div class="netWidth">{value}</div></td>' for value in values)
    # The firmware closes its <th> row labels with </td>.
    return f'<tr class="{"odd" if odd else ""}"><th class="row-label ">{label}</td>{cells}</tr>\n'


def _table(title: str, rows: list[tuple[str, list[str]]], columns: int) -> str:
    head = (
        f'<td class="row-label acs-th"><div class="netWidth">{title}</div></td>'
        f'<td class="row-label acs-th" colspan="{columns}">Channel Bonding Value</td>'
        if title != "CM Error Codewords"
        else f'<td class="row-label acs-th" colspan="{columns}">CM Error Codewords</td>'
    )
    body = "".join(_row(label, values, n % 2 == 1) for n, (label, values) in enumerate(rows))
    return (
        '<div class="module" style="overflow:auto"><table class="data" cellspacing="0" '
        f'cellpadding="0"><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table></div>\n'
    )


@register_simulator
class Cgm4981Simulator(ModemSimulator):
    """Serves the login page, check.jst and network_setup.jst as the RDK-B gateway does."""

    key = "cgm4981"
    default_user = "admin"

    def add_routes(self, app: web.Application) -> None:
        """Register the login flow and the status pages."""
        app.router.add_get("/", self.login_page)
        app.router.add_get("/index.jst", self.login_page)
        app.router.add_get("/home_loggedout.jst", self.login_page)
        app.router.add_post("/check.jst", self.check)
        app.router.add_get("/at_a_glance.jst", self.guarded(self.at_a_glance))
        app.router.add_get("/network_setup.jst", self.guarded(self.network_setup))

    async def login_page(self, request: web.Request) -> web.Response:
        """Return the login page; like PHP, hand out an anonymous session cookie first."""
        response = web.Response(text=_login_page(), content_type="text/html")
        if SESSION_COOKIE not in request.cookies:
            response.set_cookie(SESSION_COOKIE, secrets.token_hex(16), path="/")
        return response

    async def check(self, request: web.Request) -> web.Response:
        """Check the form credentials; a good login gets a fresh authenticated DUKSID."""
        form = await request.post()
        user, password = str(form.get("username", "")), str(form.get("password", ""))
        if not self.state.check_credentials(user, password):
            script = (
                '<script type="text/javascript">alert("Incorrect user name or password!"); '
                'location.href="home_loggedout.jst";</script>'
            )
            return web.Response(text=script, content_type="text/html")
        response = web.Response(status=302, headers={"Location": "at_a_glance.jst"})
        response.set_cookie(SESSION_COOKIE, self.state.new_session(), path="/", httponly=True)
        return response

    def guarded(self, render: Any) -> Any:
        """Wrap a page: without an authenticated DUKSID the gateway sends the login page."""

        async def handler(request: web.Request) -> web.Response:
            if not self.state.session_valid(request.cookies.get(SESSION_COOKIE)):
                raise web.HTTPFound("home_loggedout.jst")
            return web.Response(text=render(), content_type="text/html")

        return handler

    def at_a_glance(self) -> str:
        """Return the landing page after login."""
        return _HEAD.format(title="At a Glance") + "<body><h1>At a Glance</h1></body></html>"

    def network_setup(self) -> str:
        """Return the gateway page with device fields and the three columnar tables."""
        plan = self.plan
        days, rest = divmod(plan.uptime_seconds, 86400)
        uptime = f"{days} days {rest // 3600}h: {rest % 3600 // 60}m: {rest % 60}s"
        device = (
            '<div class="module forms"><h2>Internet</h2>\n'
            + _label("Internet", "Active")
            + _label("System Uptime", uptime)
            + _label("WAN IP Address (IPv4)", "203.0.113.45")
            + _label("WAN IP Address (IPv6)", "2001:db8::45")
            + '</div>\n<div class="module forms"><h2>Cable Modem</h2>\n'
            + _label("HW Version", plan.hw_version)
            + _label("Vendor", "Technicolor")
            + _label("Model", "CGM4981COM")
            + _label("Download Version", f"CGM4981COM_{plan.sw_version}_PROD_sey")
            + "</div>\n"
        )
        return (
            _HEAD.format(title="Gateway &gt; Connection &gt; Cox Network")
            + '<body><div id="container"><div id="main-content">\n'
            + device
            + self._downstream()
            + self._upstream()
            + self._codewords()
            + "</div></div></body></html>\n"
        )

    def _downstream(self) -> str:
        channels = list(self.plan.ds)
        rows = [
            ("Index", [str(index + 1) for index in range(len(channels))]),
            ("Channel ID", [str(ch.channel_id) if ch.locked else "0" for ch in channels]),
            ("Lock Status", ["Locked" if ch.locked else "Not Locked" for ch in channels]),
            ("Frequency", [f"{ch.frequency_mhz:g} MHz" for ch in channels]),
            ("SNR", [f"{ch.snr:.1f} dB" if ch.locked else "0 dB" for ch in channels]),
            ("Power Level", [f"{ch.power:.1f} dBmV" if ch.locked else "0 dBmV" for ch in channels]),
            ("Modulation", ["OFDM" if ch.ofdm else _MODULATION[ch.modulation] for ch in channels]),
        ]
        return _table("Downstream", rows, len(channels))

    def _upstream(self) -> str:
        us = list(self.plan.us)
        rows = [
            ("Index", [str(index + 1) for index in range(len(us))]),
            ("Channel ID", [str(ch.channel_id) for ch in us]),
            ("Lock Status", ["Locked" if ch.locked else "Not Locked" for ch in us]),
            ("Frequency", [f"{ch.frequency_mhz:g} MHz" for ch in us]),
            ("Symbol Rate", ["0" if ch.ofdma else str(ch.symbol_rate_ksym) for ch in us]),
            ("Power Level", [f"{ch.power:.1f} dBmV" for ch in us]),
            ("Modulation", ["OFDMA" if ch.ofdma else _MODULATION[ch.modulation] for ch in us]),
            ("Channel Type", ["OFDMA" if ch.ofdma else "ATDMA" for ch in us]),
        ]
        return _table("Upstream", rows, len(us))

    def _codewords(self) -> str:
        channels = list(self.plan.ds)
        rows = [
            ("Channel ID", [str(ch.channel_id) if ch.locked else "0" for ch in channels]),
            ("Unerrored Codewords", [str(987_654_321 + ch.channel_id) for ch in channels]),
            ("Correctable Codewords", [str(ch.corrected) for ch in channels]),
            ("Uncorrectable Codewords", [str(ch.uncorrectable) for ch in channels]),
        ]
        return _table("CM Error Codewords", rows, len(channels))
