"""Arris SB6190 simulator: adv_pwd_cgi form login, credential cookie, /cgi-bin/status tables."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from .base import ModemSimulator, register_simulator
from .sb6183 import PageStyle, expected_with_stated_us_type, page, render_swinfo, render_tables

LOGIN_FIRMWARE = "9.1.103"
OPEN_FIRMWARE = "9.1.93"
COOKIE = "credential"
SB6190_STYLE = PageStyle(
    model="SB6190",
    mhz=True,
    qam_first=False,
    uptime_label="Up Time",
    uptime_suffix=".00",
    decimals=2,
)
_NONCE = re.compile(r"^\d{8}$")


def render_login_page() -> str:
    """Return the login form the modem shows without (or with a dead) session."""
    body = (
        "<form name='login' onsubmit='return false'>"
        "<input type='text' id='loginUsername' name='loginUsername'>"
        "<input type='password' id='loginPassword' name='loginPassword'>"
        "<input type='submit' value='Login' onclick='loginbutton()'></form>"
        "<script>function loginbutton(){ /* POST /cgi-bin/adv_pwd_cgi arguments, ar_nonce */ }"
        "</script>"
    )
    return page("Login", body, SB6190_STYLE)


def decode_arguments(arguments: str) -> tuple[str, str] | None:
    """Return (user, password) from the base64 `arguments` field, None when malformed."""
    try:
        plain = base64.b64decode(arguments, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    user_part, colon, password_part = plain.partition(":")
    user, password = unquote(user_part), unquote(password_part)
    if not colon or not user.startswith("username=") or not password.startswith("password="):
        return None
    return user.removeprefix("username="), password.removeprefix("password=")


@register_simulator
class Sb6190Simulator(ModemSimulator):
    """Serves the SB6190: login firmware (default) and the older open firmware."""

    key = "sb6190"
    variants = (LOGIN_FIRMWARE, OPEN_FIRMWARE)
    docsis31 = False

    @property
    def open_firmware(self) -> bool:
        """Return whether this firmware predates the login (status pages open)."""
        return self.state.variant == OPEN_FIRMWARE

    def add_routes(self, app: web.Application) -> None:
        """Register the start page, the login endpoint and the two data pages."""
        app.router.add_get("/", self.start)
        if not self.open_firmware:
            app.router.add_post("/cgi-bin/adv_pwd_cgi", self.login)
        app.router.add_get("/cgi-bin/status", self.status)
        app.router.add_get("/cgi-bin/swinfo", self.swinfo)

    def expected(self) -> dict[str, list[dict[str, Any]]]:
        """The upstream table carries no modulation: the channel type ATDMA stands in."""
        expected = super().expected()
        expected_with_stated_us_type(expected)
        return expected

    def _html(self, text: str) -> web.Response:
        return web.Response(text=text, content_type="text/html")

    def _authorised(self, request: web.Request) -> bool:
        return self.open_firmware or self.state.session_valid(request.cookies.get(COOKIE))

    async def start(self, request: web.Request) -> web.Response:
        """Return the status page when logged in (or open), else the login form."""
        if self._authorised(request):
            return await self.status(request)
        return self._html(render_login_page())

    async def login(self, request: web.Request) -> web.Response:
        """Check the form; "Url:" plus a credential cookie on success, "Error:" otherwise."""
        form = await request.post()
        nonce = str(form.get("ar_nonce", ""))
        credentials = decode_arguments(str(form.get("arguments", "")))
        if credentials is None or not _NONCE.match(nonce):
            return web.Response(text="Error: malformed request", content_type="text/plain")
        self.state.extra["last_nonce"] = nonce
        if not self.state.check_credentials(*credentials):
            return web.Response(text="Error: Invalid credentials", content_type="text/plain")
        token = self.state.new_session()
        response = web.Response(text="Url:/cgi-bin/status", content_type="text/plain")
        response.set_cookie(COOKIE, token, path="/")
        return response

    async def status(self, request: web.Request) -> web.Response:
        """Return the bonded-channel tables, or the login form for a dead session."""
        if not self._authorised(request):
            return self._html(render_login_page())
        return self._html(page("Status", render_tables(self.plan, SB6190_STYLE), SB6190_STYLE))

    async def swinfo(self, request: web.Request) -> web.Response:
        """Return the software page, or the login form for a dead session."""
        if not self._authorised(request):
            return self._html(render_login_page())
        return self._html(render_swinfo(self.plan, SB6190_STYLE))
