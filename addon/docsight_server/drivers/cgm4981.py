"""Technicolor CGM4981COM (Cox Panoramic PM8 / XB8): check.jst login, one columnar page."""

from __future__ import annotations

from typing import Any

from .base import DriverAuthError, SessionExpiredError
from .formats import cgm4981 as fmt
from .formats.common import split_form
from .http_driver import HttpDriver
from .transport import ModemHttp

LOGIN_PATH = "/check.jst"
STATUS_PATH = "/network_setup.jst"
SESSION_COOKIE = "DUKSID"
_REJECTED = ("home_loggedout", "index.jst", "incorrect")


class Cgm4981Driver(HttpDriver):
    """Logs in through check.jst and reads everything from network_setup.jst once per poll."""

    key = "cgm4981"
    display_name = "Technicolor CGM4981COM (Cox PM8 / XB8)"
    default_url = "http://192.168.0.1"
    default_user = "admin"
    needs_user = True
    needs_password = True
    models = "Technicolor/Vantiva CGM4981COM (Cox Panoramic Gateway PM8, XB8)"
    login_method = "form POST /check.jst (username, password), DUKSID session cookie"
    reads = "HTML /network_setup.jst: Downstream, Upstream and CM Error Codewords tables"
    limits = (
        "A gateway: no provisioned speeds on the page. The page is slow to render, so it is "
        "read once per poll and shared by device info and channels."
    )
    firmware = (
        "CGM4981COM (Cox PM8/XB8) columnar network_setup.jst with the separate CM Error "
        "Codewords table; check.jst login with the DUKSID cookie"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Prepare the transport; the status page is cached for one poll."""
        super().__init__(*args, **kwargs)
        self._page: str | None = None

    async def open_session(self) -> None:
        """Post the credentials; a login page instead of the status page means refused."""
        self.http.clear_cookies()
        self._page = None
        reply = await self.http.post(
            LOGIN_PATH,
            data={"username": self.user, "password": self.password, "locale": "false"},
            allow_redirects=False,
        )
        target = (reply.headers.get("Location") or "").lower()
        rejected = any(mark in target or mark in reply.text.lower() for mark in _REJECTED)
        if rejected or fmt.is_login_page(reply.text) or not self.http.cookie(SESSION_COOKIE):
            raise DriverAuthError("The gateway refused the user name or password")
        try:
            await self._status_page()
        except SessionExpiredError as err:
            raise DriverAuthError("The gateway refused the user name or password") from err

    async def _status_page(self) -> str:
        """Return network_setup.jst, fetched once per poll; a login page means expired."""
        if self._page is None:
            reply = await self.http.get(STATUS_PATH)
            # Recognise the login form itself: the page size says nothing (a 16-channel
            # status page can be smaller than the 8.6 KB login page).
            if fmt.is_login_page(reply.text):
                raise SessionExpiredError("The gateway answered network_setup.jst with its login")
            self._page = reply.text
        return self._page

    async def finish_poll(self) -> None:
        """Forget this poll's page so the next poll reads fresh values."""
        self._page = None
        await super().finish_poll()

    async def get_device_info(self) -> dict[str, Any]:
        """Return model, versions, uptime and WAN addresses from the status page."""

        async def fetch() -> dict[str, Any]:
            return dict(fmt.parse_device(await self._status_page()))

        return await self.call(fetch)

    async def get_connection_info(self) -> dict[str, Any]:
        """The page shows no provisioned speeds."""
        return {}

    async def get_docsis_data(self) -> dict[str, Any]:
        """Parse the downstream, codeword and upstream tables."""

        async def fetch() -> dict[str, Any]:
            page = await self._status_page()
            ds30, ds31 = self.parsed(fmt.parse_downstream(page))
            us30, us31 = self.parsed(fmt.parse_upstream(page))
            return split_form(ds30, ds31, us30, us31)

        return await self.call(fetch)

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """The gateway's start page is a login form posting to check.jst."""
        reply = await http.get("/")
        if reply.status != 200 or not fmt.is_login_page(reply.text):
            return 0
        return 90 if "CGM4981" in reply.text else 70
