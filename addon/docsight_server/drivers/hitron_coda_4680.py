"""Hitron CODA-4680: form login to the Backbone API, then JSON tables under /1/Device/CM/."""

from __future__ import annotations

import json
import time
from typing import Any

from .base import DriverAuthError, SessionExpiredError
from .formats import hitron_coda_4680 as fmt
from .formats.common import unexpected
from .formats.records import split_form_with_distinct_ids
from .http_driver import HttpDriver
from .transport import HttpReply, ModemHttp

LOGIN_PATH = "/1/Device/Users/Login"
VERSION_PATH = "/1/Device/CM/Version"
LOGIN_PAGE_PATH = "/webpages/login.html"
_AUTH_STATUSES = frozenset((401, 403))
_XHR_HEADERS = {
    "Accept": "application/json, text/javascript, */*; q=0.01",
    "X-Requested-With": "XMLHttpRequest",
}


def _is_login_page(reply: HttpReply) -> bool:
    """Return whether an answer is the web UI's login page (what a dead session gets)."""
    text = reply.text
    return LOGIN_PATH in text or ('type="password"' in text and "login" in reply.url.lower())


async def fetch_json(http: ModemHttp, path: str) -> dict[str, Any]:
    """GET one API object; SessionExpiredError when the modem no longer knows the session."""
    reply = await http.get(path, params={"_": str(int(time.time() * 1000))}, headers=_XHR_HEADERS)
    if reply.status in _AUTH_STATUSES or _is_login_page(reply):
        raise SessionExpiredError(f"The CODA-4680 refused {path}: the session is gone")
    body = fmt.payload_object(reply.json_body(path), reply.text, path)
    code = fmt.error_code(body)
    if code in fmt.AUTH_ERROR_CODES:
        raise SessionExpiredError(f"The CODA-4680 answered {path} with errCode {code}")
    if code != fmt.OK_CODE:
        raise unexpected(f"{path} failed with errCode {code}", reply.text)
    return body


class HitronCoda4680Driver(HttpDriver):
    """Logs in with the web UI's form and reads the CM tables of the Backbone API."""

    key = "hitron_coda_4680"
    display_name = "Hitron CODA-4680"
    default_url = "http://192.168.100.1"
    default_user = "admin"
    needs_user = True
    needs_password = True
    models = "Hitron CODA-4680 (CODA-4680-TPIA)"
    login_method = "form POST /1/Device/Users/Login (model={username,password}), session cookie"
    reads = (
        "JSON /1/Device/CM/DsInfo, UsInfo, DsOfdm, UsOfdm, Version, SysInfo "
        "(Freq_List, OFDMs_List, OFDMAs_List)"
    )
    limits = (
        "OFDM receivers and OFDMA channels keep the modem's numbers (from 0); one that an "
        "SC-QAM channel of the direction also has becomes 33 + receiver (41 + uschindex). "
        "OFDMA power is repPower1_6 (per 1.6 MHz). Firmware whose DsOfdm has "
        "no SNR/correcteds/uncorrect fields and whose UsOfdm has no frequency leaves MER, "
        "OFDM counters and OFDMA frequency empty. No uptime in the API."
    )
    firmware = (
        "Backbone API as captured (empty 200 login, HTTP 401 when the session is gone, no OFDM "
        "SNR/counters, no OFDMA frequency) and the richer firmware (errCode login answer, "
        "redirect to the login page, CODA-56 OFDM fields)"
    )

    async def open_session(self) -> None:
        """Post the credentials, then prove the session by reading the version object."""
        self.http.clear_cookies()
        form = {"model": json.dumps({"username": self.user, "password": self.password})}
        reply = await self.http.post(LOGIN_PATH, data=form, headers=_XHR_HEADERS)
        if reply.status in _AUTH_STATUSES:
            raise DriverAuthError("The CODA-4680 refused the user name or password")
        if reply.text.strip():
            try:
                body = reply.json()
            except ValueError:
                body = None  # some firmware answers the form with a page; the probe decides
            if isinstance(body, dict) and fmt.error_code(body) != fmt.OK_CODE:
                raise DriverAuthError(
                    f"The CODA-4680 refused the login (errCode {fmt.error_code(body)})"
                )
        try:
            await fetch_json(self.http, VERSION_PATH)
        except SessionExpiredError as err:
            raise DriverAuthError("The CODA-4680 refused the user name or password") from err

    async def get_device_info(self) -> dict[str, Any]:
        """Return model and versions from Version and the network access state from SysInfo."""

        async def fetch() -> dict[str, Any]:
            info = fmt.parse_version(await fetch_json(self.http, VERSION_PATH))
            status = fmt.parse_sysinfo(await fetch_json(self.http, "/1/Device/CM/SysInfo"))
            if status["docsis_status"]:
                info["docsis_status"] = status["docsis_status"]
            return info

        return await self.call(fetch)

    async def get_connection_info(self) -> dict[str, Any]:
        """Return the provisioned rates SysInfo reports, or {} when it reports none."""

        async def fetch() -> dict[str, Any]:
            status = fmt.parse_sysinfo(await fetch_json(self.http, "/1/Device/CM/SysInfo"))
            if status["max_downstream_kbps"] is None and status["max_upstream_kbps"] is None:
                return {}
            return {
                "max_downstream_kbps": status["max_downstream_kbps"],
                "max_upstream_kbps": status["max_upstream_kbps"],
                "connection_type": "DOCSIS",
            }

        return await self.call(fetch)

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read and parse the four channel tables."""

        async def fetch() -> dict[str, Any]:
            ds = await fetch_json(self.http, "/1/Device/CM/DsInfo")
            us = await fetch_json(self.http, "/1/Device/CM/UsInfo")
            ofdm = await fetch_json(self.http, "/1/Device/CM/DsOfdm")
            ofdma = await fetch_json(self.http, "/1/Device/CM/UsOfdm")
            return self.parsed(
                split_form_with_distinct_ids(
                    self.parsed(fmt.parse_downstream(ds, json.dumps(ds))),
                    self.parsed(fmt.parse_ofdm_downstream(ofdm, json.dumps(ofdm))),
                    self.parsed(fmt.parse_upstream(us, json.dumps(us))),
                    self.parsed(fmt.parse_ofdma_upstream(ofdma, json.dumps(ofdma))),
                )
            )

        return await self.call(fetch)

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """The CODA-4680 login page posts to the Backbone login API (the CODA-56 has none)."""
        reply = await http.get(LOGIN_PAGE_PATH)
        if reply.status != 200 or LOGIN_PATH not in reply.text:
            return 0
        return 90 if "CODA-4680" in reply.text else 75
