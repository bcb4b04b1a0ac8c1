"""Vodafone Station: CGA (Technicolor JSON API) or TG (ARRIS PHP pages), detected at login."""

from __future__ import annotations

import json
import time
from typing import Any

from . import sjcl
from .base import (
    DriverAuthError,
    DriverLockedOutError,
    SessionExpiredError,
    UnexpectedPageError,
)
from .formats import vodafone_station as fmt
from .formats.common import js_string, unexpected
from .http_driver import HttpDriver
from .transport import ModemHttp

CGA = "cga"
TG = "tg"
XHR = {"X-Requested-With": "XMLHttpRequest"}
CGA_LOGIN = "/api/v1/session/login"
CGA_MENU = "/api/v1/session/menu"
CGA_LOGOUT = "/api/v1/session/logout"
CGA_LOGIN_CONF = "/api/v1/login_conf"
CGA_DOCSIS = "/api/v1/sta_docsis_status"
CGA_DEVICE = "/api/v1/sta_device_info"
TG_PASSWORD = "/php/ajaxSet_Password.php"
TG_SESSION = "/php/ajaxSet_Session.php"
TG_LOGOUT = "/php/logout.php"
TG_DOCSIS = "/php/status_docsis_data.php"
TG_STATUS_DATA = "/php/status_status_data.php"
TG_STATUS_PAGE = "/?status_status"
TG_LOGIN_AAD = b"loginPassword"
TG_NONCE_AAD = b"nonce"
TG_TAG_BYTES = 16
TG_SUCCESS = frozenset(("AdminMatch", "Match"))
SEEK_SALT = "seeksalthash"


def cga_password_hash(password: str, salt: str, salt_web_ui: str) -> str:
    """Return the CGA login hash: PBKDF2(PBKDF2(password, salt).hex, saltwebui).hex.

    Both rounds are PBKDF2-HMAC-SHA256 with 1000 iterations and a 128-bit result, the SJCL
    defaults the station's login page uses; each intermediate is its lowercase hex string.
    """
    inner = sjcl.pbkdf2_sha256(password, salt).hex()
    return sjcl.pbkdf2_sha256(inner, salt_web_ui).hex()


def tg_login_key(password: str, salt_hex: str) -> bytes:
    """Return the TG AES key: PBKDF2-HMAC-SHA256(password, mySalt bytes, 1000, 128 bit)."""
    return sjcl.pbkdf2_sha256(password, bytes.fromhex(salt_hex))


def tg_encrypt_login(password: str, session_id: str, salt_hex: str, iv_hex: str) -> str:
    """Return the hex EncryptData the TG login page posts: AES-CCM of {Password, Nonce}."""
    plaintext = json.dumps({"Password": password, "Nonce": session_id}).encode("utf-8")
    key = tg_login_key(password, salt_hex)
    return sjcl.ccm_encrypt(key, bytes.fromhex(iv_hex), plaintext, TG_LOGIN_AAD, TG_TAG_BYTES).hex()


def _is_tg_login_page(text: str) -> bool:
    return all(js_string(text, name) for name in ("currentSessionId", "myIv", "mySalt"))


class VodafoneStationDriver(HttpDriver):
    """Detects the hardware variant on first login (CGA first, then TG) and reads its pages."""

    key = "vodafone_station"
    display_name = "Vodafone Station"
    default_url = "http://192.168.0.1"
    default_user = "admin"
    needs_user = False
    needs_password = True
    models = "CGA6444VF, CGA4322DE (CGA); TG3442DE, TG6442VF (TG)"
    login_method = (
        "CGA: seeksalthash, double PBKDF2-SHA256 hash; TG: PBKDF2 key, AES-CCM encrypted "
        "{Password, Nonce} to ajaxSet_Password.php, then ajaxSet_Session.php"
    )
    reads = (
        "CGA JSON /api/v1/sta_docsis_status, sta_device_info; TG HTML status_docsis_data.php "
        "(json_dsData/json_usData), status_status_data.php, /?status_status"
    )
    limits = (
        "No provisioned speeds. Codeword counters are read where the firmware includes them, "
        "else reported as unsupported. The TG model name is not in its pages (generic name)."
    )
    firmware = (
        "CGA4322DE/CGA6444VF JSON API (sta_docsis_status) and TG3442DE/TG6442VF PHP pages "
        "(json_dsData/json_usData)"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Prepare the transport; the variant is found on the first login."""
        super().__init__(*args, **kwargs)
        self.variant: str | None = None
        self._headers: dict[str, str] = dict(XHR)

    async def open_session(self) -> None:
        """Log in with the known variant, or try CGA and then TG."""
        self.http.clear_cookies()
        self._headers = dict(XHR)
        if self.variant in (None, CGA) and await self._login_cga():
            self.variant = CGA
            return
        if self.variant == CGA:
            raise DriverAuthError("The Vodafone Station no longer answers its CGA login")
        await self._login_tg()
        self.variant = TG

    async def _login_cga(self) -> bool:
        """Run the CGA login; False when the station is not a CGA (no JSON salt answer)."""
        self.http.set_cookie("cwd", "No")
        form = {"username": self.user, "password": SEEK_SALT, "logout": "true"}
        reply = await self.http.post(CGA_LOGIN, data=form, headers=XHR)
        try:
            salts = reply.json()
        except ValueError:
            if self.variant == CGA:
                raise unexpected("The CGA login answer is not JSON", reply.text) from None
            return False
        if not isinstance(salts, dict) or "error" not in salts:
            if self.variant == CGA:
                raise unexpected("The CGA login answer has no error field", reply.text)
            return False
        if salts.get("error") != "ok" or not salts.get("salt") or not salts.get("saltwebui"):
            raise DriverAuthError("The Vodafone Station refused the login request")
        form["password"] = cga_password_hash(
            self.password, str(salts["salt"]), str(salts["saltwebui"])
        )
        reply = await self.http.post(CGA_LOGIN, data=form, headers=XHR)
        answer = reply.json_body(CGA_LOGIN)
        if not isinstance(answer, dict) or answer.get("error") != "ok":
            self.http.clear_cookies()
            raise DriverAuthError("The Vodafone Station refused the user name or password")
        token = self.http.cookie("auth") or str(answer.get("token") or "")
        if token:
            self._headers["X-CSRF-TOKEN"] = token
        menu = await self.http.get(CGA_MENU, headers=self._headers)
        payload = menu.json_body(CGA_MENU)
        if not isinstance(payload, dict) or payload.get("error") != "ok":
            raise unexpected("The CGA session menu did not open", menu.text)
        return True

    async def _login_tg(self) -> None:
        """Run the TG login: scrape the page's crypto values, post the encrypted password."""
        page = await self.http.get("/")
        session_id = js_string(page.text, "currentSessionId")
        iv_hex = js_string(page.text, "myIv")
        salt_hex = js_string(page.text, "mySalt")
        if not session_id or not iv_hex or not salt_hex:
            raise unexpected("The Vodafone Station login page has no login values", page.text)
        try:
            key = tg_login_key(self.password, salt_hex)
            encrypted = tg_encrypt_login(self.password, session_id, salt_hex, iv_hex)
            iv = bytes.fromhex(iv_hex)
        except (ValueError, sjcl.SjclError) as err:
            raise unexpected("The TG login page has malformed myIv/mySalt", page.text) from err
        body = {"EncryptData": encrypted, "Name": self.user, "AuthData": "loginPassword"}
        reply = await self.http.post(TG_PASSWORD, json=body, headers=XHR)
        answer = reply.json_body(TG_PASSWORD)
        status = str(answer.get("p_status", "")) if isinstance(answer, dict) else ""
        if status == "Lockout":
            raise DriverLockedOutError("The Vodafone Station locks logins for a while")
        if status not in TG_SUCCESS:
            self.http.clear_cookies()
            raise DriverAuthError("The Vodafone Station refused the user name or password")
        try:
            data = bytes.fromhex(str(answer.get("encryptData", "")))
            nonce = sjcl.ccm_decrypt(key, iv, data, TG_NONCE_AAD, TG_TAG_BYTES).decode("utf-8")
        except (ValueError, sjcl.SjclError) as err:
            raise unexpected("The TG login answer has no readable CSRF nonce", reply.text) from err
        self._headers["csrfNonce"] = nonce[:32]
        await self.http.post(TG_SESSION, headers=self._headers)

    async def close_session(self) -> None:
        """Log out (used when the driver is closed)."""
        path = CGA_LOGOUT if self.variant == CGA else TG_LOGOUT
        try:
            await self.http.post(path, headers=self._headers)
        finally:
            self.http.clear_cookies()

    async def close(self) -> None:
        """Log out of a held session, then close the transport."""
        if self.logged_in:
            await self._logout_quietly()
        await super().close()

    async def _cga_data(self, path: str) -> tuple[Any, str]:
        reply = await self.http.get(
            path,
            params={"_": str(int(time.time() * 1000))},
            headers=self._headers,
            allow_redirects=False,
        )
        if reply.status in (401, 403) or 300 <= reply.status < 400:
            raise SessionExpiredError("The CGA session has ended")
        payload = reply.json_body(path)
        if not isinstance(payload, dict) or "error" not in payload:
            raise unexpected(f"{path} is not a CGA API answer", reply.text)
        if payload.get("error") != "ok":
            raise SessionExpiredError("The CGA API refused the session")
        return payload.get("data"), reply.text

    async def _tg_page(self, path: str) -> str:
        reply = await self.http.get(path, headers=self._headers, allow_redirects=False)
        if reply.status in (401, 403) or 300 <= reply.status < 400:
            raise SessionExpiredError("The TG session has ended")
        if _is_tg_login_page(reply.text):
            raise SessionExpiredError("The TG answered with its login page")
        return reply.text

    async def get_device_info(self) -> dict[str, Any]:
        """Return model, versions, uptime and DOCSIS state."""
        await self.login()
        if self.variant == CGA:
            payload, text = await self.call(lambda: self._cga_data(CGA_DEVICE))
            return fmt.parse_cga_device(payload, text)

        async def fetch() -> tuple[str, str]:
            return await self._tg_page(TG_STATUS_DATA), await self._tg_page(TG_STATUS_PAGE)

        status_data, status_page = await self.call(fetch)
        return fmt.parse_tg_device(status_data, status_page)

    async def get_connection_info(self) -> dict[str, Any]:
        """The status pages carry no provisioned speeds."""
        return {}

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read the channel tables of the detected variant."""
        await self.login()
        if self.variant == CGA:
            payload, text = await self.call(lambda: self._cga_data(CGA_DOCSIS))
            return self.parsed(fmt.parse_cga(payload, text))
        text = await self.call(lambda: self._tg_page(TG_DOCSIS))
        return self.parsed(fmt.parse_tg(text))

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """CGA: login_conf names a ModelName; TG: the start page holds the login crypto values."""
        reply = await http.get(CGA_LOGIN_CONF, headers=XHR)
        try:
            payload = reply.json_body(CGA_LOGIN_CONF)
        except UnexpectedPageError:
            payload = None
        data = payload.get("data") if isinstance(payload, dict) else None
        if isinstance(data, dict) and data.get("ModelName"):
            return 90 if str(data["ModelName"]).upper().startswith("CGA") else 70
        page = await http.get("/")
        return 80 if _is_tg_login_page(page.text) else 0
