"""Sercom DM1000: /setup.cgi form login, then JSON tables from /setup.cgi?todo=..."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from .base import DriverAuthError, SessionExpiredError
from .formats import sercom_dm1000 as fmt
from .formats.common import unexpected
from .formats.records import split_form_with_distinct_ids
from .http_driver import HttpDriver
from .transport import HttpReply, ModemHttp

SETUP_PATH = "/setup.cgi"
LOGIN_PAGE_PATH = "/login.html"
STATUS_PAGE_PATH = "/status.html"
_AUTH_STATUSES = frozenset((401, 403))
_HTML_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _plain(password: str) -> str:
    return password


def _base64(password: str) -> str:
    return base64.b64encode(password.encode("utf-8")).decode("ascii")


# Firmware variants read the password differently: the captured web UI base64-encodes it in
# the browser, older builds take it as typed. The driver tries both and keeps what worked.
PASSWORD_ENCODINGS: dict[str, Callable[[str], str]] = {"base64": _base64, "plain": _plain}


def is_login_page(reply: HttpReply) -> bool:
    """Return whether an answer is the DM1000 login form (what setup.cgi gives a dead session)."""
    text = reply.text
    return 'name="login_user"' in text or reply.url.split("?")[0].endswith(LOGIN_PAGE_PATH)


def login_form(user: str, password: str, encoding: str) -> dict[str, str]:
    """Return the fields the login page posts, the password in the given encoding."""
    encoded = PASSWORD_ENCODINGS[encoding](password)
    return {
        "login_user": user,
        "pws": encoded,
        "submit": "Apply",
        "is_parent_window": "1",
        "todo": "login",
        "this_file": "login.html",
        "next_file": "",
        "language": "en",
        "message": "",
        "passwd": encoded,
        "cur_passwd": "",
    }


async def fetch_todo(http: ModemHttp, todo: str) -> dict[str, Any]:
    """GET /setup.cgi?todo=...; the body is JSON whatever the (misspelled) content type says."""
    reply = await http.get(
        SETUP_PATH,
        params={"todo": todo},
        headers={
            "Accept": "application/json, text/javascript, */*; q=0.01",
            "X-Requested-With": "XMLHttpRequest",
            "Referer": http.url_for(STATUS_PAGE_PATH),
        },
    )
    if reply.status in _AUTH_STATUSES or is_login_page(reply):
        raise SessionExpiredError(f"The DM1000 answered {todo} with its login page")
    payload = reply.json_body(todo)
    if not isinstance(payload, dict):
        raise unexpected(f"{todo} is not a JSON object", reply.text)
    code = str(payload.get("errCode", "000")).strip()
    if code not in ("", "000"):
        message = str(payload.get("errMsg") or "")
        if "auth" in message.lower() or "login" in message.lower():
            raise SessionExpiredError(f"The DM1000 answered {todo}: {message}")
        raise unexpected(f"{todo} failed with errCode {code}", reply.text)
    return payload


class SercomDm1000Driver(HttpDriver):
    """Logs in through setup.cgi, opens the status page, reads the RF tables."""

    key = "sercom_dm1000"
    display_name = "Sercom DM1000"
    default_url = "http://192.168.100.1"
    default_user = "technician"
    needs_user = True
    needs_password = True
    models = "Sercom(m) DM1000"
    login_method = "form POST /setup.cgi todo=login (password base64 or plain, tried in turn)"
    reads = (
        "JSON /setup.cgi?todo=RF_DS_param, RF_DS_31_param, RF_US_param, RF_US_31_param, "
        "Pd_info (served as 'applation/json')"
    )
    limits = (
        "OFDM receivers and OFDMA channels keep the modem's numbers (from 0); one that an "
        "SC-QAM channel of the direction also has becomes 33 + receiver (41 + CH). OFDM MER "
        "is the data-subcarrier average (AV_Data, else AV_PLC); no codeword "
        "counters for OFDM; OFDMA power is 'rep power1_6'. No uptime."
    )
    firmware = (
        "setup.cgi with the password base64-encoded (captured web UI) or as typed; JSON served "
        'as "applation/json"; transposed RF_US_31_param'
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Prepare the transport; the encoding that worked last time is tried first."""
        super().__init__(*args, **kwargs)
        self.encodings = list(PASSWORD_ENCODINGS)

    async def open_session(self) -> None:
        """Post the login form in each password encoding until the product info opens."""
        await self.http.get(LOGIN_PAGE_PATH, headers={"Accept": _HTML_ACCEPT})
        for encoding in list(self.encodings):
            await self.http.post(
                SETUP_PATH,
                data=login_form(self.user, self.password, encoding),
                headers={
                    "Accept": _HTML_ACCEPT,
                    "Origin": self.http.base_url,
                    "Referer": self.http.url_for(LOGIN_PAGE_PATH),
                },
            )
            try:
                await fetch_todo(self.http, "Pd_info")
            except SessionExpiredError:
                continue
            self.encodings.remove(encoding)
            self.encodings.insert(0, encoding)
            # The RF tables answer only after the browser has opened the status page.
            await self.http.get(
                STATUS_PAGE_PATH,
                headers={"Accept": _HTML_ACCEPT, "Referer": self.http.url_for(SETUP_PATH)},
            )
            return
        raise DriverAuthError("The DM1000 refused the user name or password")

    async def get_device_info(self) -> dict[str, Any]:
        """Return model and versions from Pd_info."""

        async def fetch() -> dict[str, Any]:
            return fmt.parse_device(await fetch_todo(self.http, "Pd_info"))

        return await self.call(fetch)

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read and parse the four RF tables."""

        async def fetch() -> dict[str, Any]:
            tables = {}
            for todo in ("RF_DS_param", "RF_DS_31_param", "RF_US_param", "RF_US_31_param"):
                tables[todo] = await fetch_todo(self.http, todo)
            return self.parsed(
                split_form_with_distinct_ids(
                    self.parsed(
                        fmt.parse_downstream(tables["RF_DS_param"], str(tables["RF_DS_param"]))
                    ),
                    self.parsed(
                        fmt.parse_ofdm_downstream(
                            tables["RF_DS_31_param"], str(tables["RF_DS_31_param"])
                        )
                    ),
                    self.parsed(
                        fmt.parse_upstream(tables["RF_US_param"], str(tables["RF_US_param"]))
                    ),
                    self.parsed(
                        fmt.parse_ofdma_upstream(
                            tables["RF_US_31_param"], str(tables["RF_US_31_param"])
                        )
                    ),
                )
            )

        return await self.call(fetch)

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """The DM1000 login page is titled DM1000 and posts todo=login to setup.cgi."""
        reply = await http.get(LOGIN_PAGE_PATH)
        if reply.status != 200 or 'name="login_user"' not in reply.text:
            return 0
        return 90 if "<title>DM1000</title>" in reply.text else 60
