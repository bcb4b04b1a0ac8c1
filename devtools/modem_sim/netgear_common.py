"""Shared parts of the Netgear simulators: Basic or form login, tagValueList and table pages."""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Any, ClassVar

from aiohttp import web

from .base import ModemSimulator
from .netgear_pages import (
    PLACEHOLDER_HTML,
    PLACEHOLDER_JS,
    render_login_page,
    render_table_page,
    render_tag_page,
)

__all__ = [
    "PLACEHOLDER_HTML",
    "PLACEHOLDER_JS",
    "SESSION_COOKIE",
    "NetgearSimulator",
    "render_table_page",
    "render_tag_page",
]

SESSION_COOKIE = "SessionID"


class NetgearSimulator(ModemSimulator):
    """A Netgear modem: Basic auth per client address, or a form login with a session cookie."""

    model: ClassVar[str] = ""
    status_path: ClassVar[str] = ""
    login_page_path: ClassVar[str] = ""
    login_post_path: ClassVar[str] = ""
    user_field: ClassVar[str] = ""
    password_field: ClassVar[str] = ""

    def form_login(self) -> bool:
        """Return whether this firmware variant uses the login form instead of Basic auth."""
        return False

    def render_status(self) -> str:
        """Render the DOCSIS status page of this variant."""
        return render_tag_page(self.plan, self.model)

    def ds_counters(self) -> bool:
        """Return whether this variant's SC-QAM downstream rows carry codeword counters."""
        return True

    def expected(self) -> dict[str, list[dict[str, Any]]]:
        """The upstream table names the channel type (ATDMA), which is the modulation read."""
        expected = super().expected()
        for channel in expected["us"]:
            if channel["channel_family"] == "sc_qam":
                channel["modulation"] = "ATDMA"
        if not self.ds_counters():
            for channel in expected["ds"]:
                if channel["channel_family"] == "sc_qam":
                    channel["correctable_errors"] = None
                    channel["uncorrectable_errors"] = None
        return expected

    def add_routes(self, app: web.Application) -> None:
        """Register the status page and the login form endpoints."""
        app.router.add_get(self.status_path, self.status)
        app.router.add_get(self.login_page_path, self.login_page)
        app.router.add_post(self.login_post_path, self.login)

    def _challenge(self) -> web.Response:
        return web.Response(
            status=401,
            text="<html><body><h1>401 Unauthorized</h1></body></html>",
            content_type="text/html",
            headers={"WWW-Authenticate": f'Basic realm="NETGEAR {self.model}"'},
        )

    def _basic_allowed(self, request: web.Request) -> bool | None:
        """Return True to serve, False to challenge (401); None when the header is absent."""
        header = request.headers.get("Authorization", "")
        if not header.lower().startswith("basic "):
            return None
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        if not self.state.check_credentials(user, password):
            return False
        bound: dict[str, str] = self.state.extra.setdefault("basic_sessions", {})
        address = request.remote or ""
        token = bound.get(address)
        if token is None:
            bound[address] = self.state.new_session()
            return True
        if not self.state.session_valid(token):
            # The login timer ran out: the modem challenges once, as if nobody had logged in.
            del bound[address]
            return False
        return True

    def _web_tokens(self) -> dict[str, str]:
        tokens: dict[str, str] = self.state.extra.setdefault("web_tokens", {})
        return tokens

    def _login_response(self) -> web.Response:
        page_id, web_token = secrets.token_hex(4), secrets.token_hex(16)
        self._web_tokens()[page_id] = web_token
        action = f"{self.login_post_path}?id={page_id}"
        page = render_login_page(
            self.model, action, web_token, self.user_field, self.password_field
        )
        return web.Response(text=page, content_type="text/html")

    async def status(self, request: web.Request) -> web.Response:
        """Serve the status page to an authenticated client."""
        if self.form_login():
            if not self.state.session_valid(request.cookies.get(SESSION_COOKIE)):
                return self._login_response()
        elif not self._basic_allowed(request):
            return self._challenge()
        return web.Response(text=self.render_status(), content_type="text/html")

    async def login_page(self, request: web.Request) -> web.Response:
        """Serve the login form with a fresh webToken and page id."""
        return self._login_response()

    async def login(self, request: web.Request) -> web.Response:
        """Check the one-time webToken, then the credentials; set the session cookie."""
        form = await request.post()
        expected = self._web_tokens().pop(request.query.get("id", ""), None)
        if expected is None or form.get("webToken") != expected:
            return self._login_response()
        user, password = form.get(self.user_field), form.get(self.password_field)
        if not isinstance(user, str) or not isinstance(password, str):
            return self._login_response()
        if not self.state.check_credentials(user, password):
            return self._login_response()
        response = web.Response(status=302, headers={"Location": self.status_path})
        response.set_cookie(SESSION_COOKIE, self.state.new_session(), httponly=True)
        return response
