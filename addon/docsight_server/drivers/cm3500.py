"""Arris CM3500B: form login bound to the client address, HTML tables on /cgi-bin/status_cgi."""

from __future__ import annotations

from typing import Any

from .base import DriverAuthError, SessionExpiredError
from .formats import cm3500 as fmt
from .formats.common import unexpected
from .http_driver import HttpDriver
from .transport import ModemHttp

LOGIN_PATH = "/cgi-bin/login_cgi"
STATUS_PATH = fmt.STATUS_PATH
MODEL = "CM3500B"


class Cm3500Driver(HttpDriver):
    """Logs in once per session and reads the four channel tables of the status page."""

    key = "cm3500"
    display_name = "Arris CM3500B"
    default_url = "https://192.168.100.1"
    default_user = "admin"
    needs_user = True
    needs_password = True
    models = "Arris CM3500B"
    login_method = "POST /cgi-bin/login_cgi (username, password); session bound to the client IP"
    reads = "/cgi-bin/status_cgi: Downstream QAM/OFDM and Upstream QAM/OFDM tables, system section"
    limits = (
        "No firmware version on the status page; uptime has minute resolution; OFDM/OFDMA "
        "tables without a channel-id column get ids in row order from 33 (OFDM) and 41 (OFDMA)"
    )
    firmware = (
        "status_cgi with DCID/UCID columns in every table; status_cgi whose Downstream OFDM "
        "table has no channel-id column and whose Upstream OFDM header lacks the row-name cell"
    )

    async def open_session(self) -> None:
        """Post the credentials; the login form in answer means they were refused."""
        self.http.clear_cookies()
        reply = await self.http.post(
            LOGIN_PATH, data={"username": self.user, "password": self.password}
        )
        if reply.status in (401, 403) or fmt.is_login_page(reply.text):
            raise DriverAuthError("The modem refused the user name or password")

    async def _status_page(self) -> str:
        async def fetch() -> str:
            reply = await self.http.get(STATUS_PATH)
            if fmt.is_login_page(reply.text) or reply.status in (401, 403):
                raise SessionExpiredError("The modem ended the web session")
            if reply.status != 200:
                raise unexpected(f"{STATUS_PATH} answered HTTP {reply.status}", reply.text)
            return reply.text

        return await self.call(fetch)

    async def get_device_info(self) -> dict[str, Any]:
        """Return the model, uptime and cable-modem state from the status page."""
        text = await self._status_page()
        fmt.parse_status(text)  # an unreadable page fails here, not with a half-empty info
        return {"manufacturer": "ARRIS", "model": MODEL, **self.parsed(fmt.parse_device(text))}

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read the status page and return its channel tables."""
        return self.parsed(fmt.parse_status(await self._status_page()))

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """The login page names the CM3500; no credentials are sent."""
        reply = await http.get("/")
        seen = reply.text[:4000].lower()
        if "arris" in seen and "cm3500" in seen and "login_cgi" in seen:
            return 90
        return 0
