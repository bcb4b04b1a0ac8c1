"""Technicolor TC4400: HTTP Basic auth, HTML tables on /cmconnectionstatus.html."""

from __future__ import annotations

from typing import Any

import aiohttp

from .base import DriverAuthError, SessionExpiredError
from .formats import tc4400 as fmt
from .formats.common import unexpected
from .http_driver import HttpDriver
from .transport import HttpReply, ModemHttp

STATUS_PAGE = "/cmconnectionstatus.html"
INFO_PAGE = "/cmswinfo.html"


class Tc4400Driver(HttpDriver):
    """Sends Basic credentials with every request; /cmswinfo.html is the login check."""

    key = "tc4400"
    display_name = "Technicolor TC4400"
    default_url = "http://192.168.100.1"
    default_user = "admin"
    needs_user = True
    needs_password = True
    models = "Technicolor TC4400"
    login_method = "HTTP Basic (checked on /cmswinfo.html)"
    reads = "HTML /cmconnectionstatus.html (tables by header name), /cmswinfo.html"
    limits = "Upstream SC-QAM modulation is ATDMA on firmware that prints it instead of the QAM"
    firmware = (
        'SR70.12.42 ("Receive Level", "OFDM") and SR70.12.33 ("Received Level", '
        '"OFDM Downstream"); upstream Modulation holding a QAM order or ATDMA'
    )

    def _auth(self) -> aiohttp.BasicAuth:
        return aiohttp.BasicAuth(self.user, self.password)

    async def _get(self, path: str) -> HttpReply:
        return await self.http.get(path, auth=self._auth())

    async def open_session(self) -> None:
        """Load /cmswinfo.html with the credentials: 401 means they were refused."""
        reply = await self._get(INFO_PAGE)
        if reply.status == 401:
            raise DriverAuthError("The modem refused the user name or password")
        if reply.status != 200:
            raise unexpected(f"{INFO_PAGE} answered HTTP {reply.status}", reply.text)

    async def _page(self, path: str) -> str:
        reply = await self._get(path)
        if reply.status == 401:
            # The modem's login timed out: it wants the credentials checked on /cmswinfo.html.
            raise SessionExpiredError("The modem asks for the credentials again")
        if reply.status != 200:
            raise unexpected(f"{path} answered HTTP {reply.status}", reply.text)
        return reply.text

    async def get_device_info(self) -> dict[str, Any]:
        """Read model, versions and uptime from /cmswinfo.html."""
        text = await self.call(lambda: self._page(INFO_PAGE))
        return self.parsed(fmt.parse_swinfo(text))

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read and parse the downstream and upstream tables."""
        text = await self.call(lambda: self._page(STATUS_PAGE))
        return self.parsed(fmt.parse_status(text))

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """A Basic challenge on /cmswinfo.html, naming the TC4400, or an open TC4400 page."""
        reply = await http.get(INFO_PAGE)
        if reply.status == 200:
            return 90 if "TC4400" in reply.text else 0
        challenge = reply.headers.get("WWW-Authenticate", "")
        if reply.status != 401 or not challenge.lower().startswith("basic"):
            return 0
        named = "tc4400" in challenge.lower() or "technicolor" in challenge.lower()
        return 90 if named else 40
