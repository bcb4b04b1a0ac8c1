"""Arris Touchstone CM8200A: base64 credential query, then a token in a hand-made cookie."""

from __future__ import annotations

import base64
from typing import Any

from .base import DriverAuthError, DriverLockedOutError, SessionExpiredError
from .formats import cm8200 as fmt
from .formats.common import unexpected
from .http_driver import HttpDriver
from .transport import ModemHttp

STATUS_PAGE = "/cmconnectionstatus.html"
INFO_PAGE = "/cmswinfo.html"
LOCK_FILE = "/Admin_Login_Lock.txt"
MODEL = "CM8200A"


def credential_query(user: str, password: str) -> str:
    """Return the base64 "user:password" the login request carries as its query."""
    return base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def credential_cookie(token: str) -> str:
    """Return the modem's own malformed Cookie header (its web UI sends exactly this)."""
    return f"HttpOnly: true, Secure: true; credential={token}"


class Cm8200Driver(HttpDriver):
    """Logs in with a base64 credential query and reads the two HTML status pages."""

    key = "cm8200"
    display_name = "Arris Touchstone CM8200A"
    default_url = "https://192.168.100.1"
    default_user = "admin"
    needs_user = True
    needs_password = True
    models = "Arris Touchstone CM8200A/B"
    login_method = "base64 credentials in the query, token sent as cookie `credential`"
    reads = "HTML /cmconnectionstatus.html (bonded channel tables), /cmswinfo.html"
    limits = (
        "The upstream table shows no QAM order (SC-QAM upstream modulation is the stated "
        "type, SC-QAM); "
        "5 failed logins lock the web UI for 5 minutes"
    )
    firmware = (
        "CM8200A cmconnectionstatus.html (8-column downstream, 7-column upstream; modulation "
        '"Other" is OFDM, "OFDM Upstream" is OFDMA) behind the base64 credential token'
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Prepare the transport; no token yet."""
        super().__init__(*args, **kwargs)
        self._token = ""

    async def _check_lockout(self) -> None:
        reply = await self.http.get(LOCK_FILE)
        if reply.status == 200 and fmt.is_locked(reply.text):
            raise DriverLockedOutError(
                "The modem locks its web UI for 5 minutes after failed logins; try again later"
            )

    async def open_session(self) -> None:
        """Send the credential query; the body is the session token or the login page."""
        self._token = ""
        await self._check_lockout()
        query = credential_query(self.user, self.password)
        reply = await self.http.get(f"{STATUS_PAGE}?{query}")
        token = fmt.parse_token(reply.text) if reply.status == 200 else None
        if token is not None:
            self._token = token
            return
        if reply.status in (401, 403) or fmt.is_login_page(reply.text):
            await self._check_lockout()
            raise DriverAuthError("The modem refused the user name or password")
        raise unexpected(f"The login answer is not a token (HTTP {reply.status})", reply.text)

    async def _page(self, path: str) -> str:
        reply = await self.http.get(path, headers={"Cookie": credential_cookie(self._token)})
        if reply.status in (401, 403) or fmt.is_login_page(reply.text):
            raise SessionExpiredError("The modem's token expired")
        if reply.status != 200:
            raise unexpected(f"{path} answered HTTP {reply.status}", reply.text)
        return reply.text

    async def get_device_info(self) -> dict[str, Any]:
        """Read versions and uptime from /cmswinfo.html."""
        text = await self.call(lambda: self._page(INFO_PAGE))
        return self.parsed(fmt.parse_swinfo(text, MODEL))

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read and parse the bonded channel tables."""
        text = await self.call(lambda: self._page(STATUS_PAGE))
        return self.parsed(fmt.parse_status(text))

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """The CM8200 pages name the model in their `thisModelNumberIs` span."""
        reply = await http.get(STATUS_PAGE)
        if reply.status != 200:
            return 0
        model = (fmt.model_marker(reply.text) or "").upper()
        if model.startswith("CM8200"):
            return 90
        return 0
