"""Netgear CM3000: HTTP Basic on /DocsisStatus.htm, or the Login.htm form on newer firmware."""

from __future__ import annotations

from typing import Any, ClassVar

import aiohttp

from .base import DriverAuthError, SessionExpiredError
from .formats import netgear as fmt
from .formats.common import split_form, unexpected
from .http_driver import HttpDriver
from .transport import HttpReply, ModemHttp

_REFUSED = "The modem refused the user name or password"


class NetgearDriver(HttpDriver):
    """Shared logic of the Netgear cable modems: Basic auth first, the login form as fallback."""

    default_user = "admin"
    needs_user = True
    needs_password = True
    status_path: ClassVar[str] = "/DocsisStatus.htm"
    login_page_path: ClassVar[str] = "/Login.htm"
    login_post_path: ClassVar[str] = "/goform/Login"
    user_field: ClassVar[str] = "loginName"
    password_field: ClassVar[str] = "loginPassword"
    extra_fields: ClassVar[tuple[tuple[str, str], ...]] = ()
    model_name: ClassVar[str] = ""

    def __init__(
        self, url: str, user: str, password: str, session: aiohttp.ClientSession | None = None
    ) -> None:
        """Start in Basic mode; a login page in answer switches the driver to the form."""
        super().__init__(url, user, password, session)
        self.form_login = False

    def _basic(self) -> aiohttp.BasicAuth | None:
        return None if self.form_login else aiohttp.BasicAuth(self.user, self.password)

    async def open_session(self) -> None:
        """Authenticate with Basic auth, or with the login form when the firmware shows one."""
        if not self.form_login:
            reply = await self.http.get(self.status_path, auth=self._basic())
            if reply.status == 401:
                # The first 401 may be the modem's challenge after its own session timeout.
                reply = await self.http.get(self.status_path, auth=self._basic())
            if reply.status == 401:
                raise DriverAuthError(_REFUSED)
            if not fmt.is_login_page(reply.text):
                return
            self.form_login = True
        await self._form_login()

    async def _form_login(self) -> None:
        self.http.clear_cookies()
        page = await self.http.get(self.login_page_path)
        if not fmt.is_login_page(page.text):
            raise unexpected(f"{self.login_page_path} has no login form", page.text)
        fields = fmt.hidden_inputs(page.text)
        fields.update(self.extra_fields)
        fields[self.user_field] = self.user
        fields[self.password_field] = self.password
        action = fmt.form_action(page.text) or self.login_post_path
        reply = await self.http.post(action, data=fields)
        if reply.status in (401, 403) or fmt.is_login_page(reply.text):
            raise DriverAuthError(_REFUSED)

    async def _status_page(self) -> str:
        async def fetch() -> str:
            reply = await self.http.get(self.status_path, auth=self._basic())
            return self._checked(reply)

        return await self.call(fetch)

    def _checked(self, reply: HttpReply) -> str:
        if reply.status == 401 or fmt.is_login_page(reply.text):
            raise SessionExpiredError("The modem ended the web session")
        if reply.status != 200:
            raise unexpected(f"{self.status_path} answered HTTP {reply.status}", reply.text)
        return reply.text

    async def get_device_info(self) -> dict[str, Any]:
        """Return the model, uptime and provisioning state from the status page."""
        text = await self._status_page()
        status = self.parsed(fmt.parse_status_page(text))
        info: dict[str, Any] = {
            "manufacturer": "NETGEAR",
            "model": fmt.page_model(text, (self.model_name,)) or self.model_name,
        }
        info.update(fmt.device_info(status, text))
        return info

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read the status page and return its four channel tables."""
        status = self.parsed(fmt.parse_status_page(await self._status_page()))
        return split_form(
            self.parsed(fmt.downstream(status.ds)),
            self.parsed(fmt.ofdm_downstream(status.ofdm_ds)),
            self.parsed(fmt.upstream(status.us)),
            self.parsed(fmt.ofdma_upstream(status.ofdma_us)),
        )

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """The Basic realm or the login page names the model; no credentials are sent."""
        reply = await http.get(cls.status_path)
        seen = f"{reply.headers.get('WWW-Authenticate', '')} {reply.text[:4000]}".lower()
        if "netgear" in seen and cls.model_name.lower() in seen:
            return 90
        return 0


class Cm3000Driver(NetgearDriver):
    """Netgear CM3000 (DOCSIS 3.1): tagValueList JavaScript on /DocsisStatus.htm."""

    key = "cm3000"
    display_name = "Netgear CM3000"
    models = "Netgear CM3000"
    model_name = "CM3000"
    login_method = "HTTP Basic, or form /Login.htm -> /goform/Login (webToken, session cookie)"
    reads = (
        "/DocsisStatus.htm: InitDsTableTagValue, InitUsTableTagValue, InitDsOfdmTableTagValue, "
        "InitUsOfdmaTableTagValue, InitTagValue"
    )
    limits = (
        "Upstream SC-QAM modulation is the channel type the page states (ATDMA), not a QAM "
        "order; no firmware version on the status page"
    )
    firmware = (
        "tagValueList pages with Basic auth or the Login.htm form; pages with a commented-out "
        "placeholder InitDsTableTagValue block before the real one"
    )
