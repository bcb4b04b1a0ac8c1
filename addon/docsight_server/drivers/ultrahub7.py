"""Vodafone Ultra Hub 7 (Sercomm): SJCL AES-CCM password login, JSON channel lists."""

from __future__ import annotations

import json
from typing import Any

from . import sjcl
from .base import DriverAuthError, SessionExpiredError, UnexpectedPageError
from .formats import ultrahub7 as fmt
from .formats.common import split_form, unexpected
from .http_driver import HttpDriver
from .transport import ModemHttp

CONFIG_PATH = "/api/config/details.jst"
SECRET_PATH = "/api/users/details.jst"
LOGIN_PATH = "/api/users/login.jst"
LOGOUT_PATH = "/api/users/logout.jst"
DEVICE_PATH = "/api/device/details.jst"
DOWNSTREAM_PATH = "/api/docsis/downstream/list.jst"
UPSTREAM_PATH = "/api/docsis/upstream/list.jst"
XHR = {"X-Requested-With": "XMLHttpRequest"}
DEFAULT_INTERNAL_ID = "3"
SALT_WEB_UI_CHARS = 10


def password_envelope(password: str, web_ui_secret: str, iv: bytes | None = None) -> str:
    """Return the SJCL JSON the web UI posts as X_VODAFONE_Password.

    The key is PBKDF2-HMAC-SHA256 (1000 rounds, 128 bit) of the secret's first 10 characters,
    salted with the rest of the secret; the plaintext is the password itself, tag 64 bit.
    """
    key = sjcl.pbkdf2_sha256(web_ui_secret[:SALT_WEB_UI_CHARS], web_ui_secret[SALT_WEB_UI_CHARS:])
    envelope = sjcl.encrypt_json(key, password, iv=iv)
    return json.dumps(envelope, separators=(",", ":"))


class UltraHub7Driver(HttpDriver):
    """Logs in with the SJCL-encrypted password and reads the two DOCSIS channel lists."""

    key = "ultrahub7"
    display_name = "Vodafone Ultra Hub 7"
    default_url = "http://192.168.0.1"
    default_user = ""
    needs_user = False
    needs_password = True
    models = "Vodafone Ultra Hub 7 (Sercomm)"
    login_method = (
        "csrf_token from /api/config/details.jst, X_VODAFONE_WebUISecret, PBKDF2-SHA256 key, "
        "SJCL AES-CCM encrypted password to /api/users/login.jst"
    )
    reads = "JSON /api/docsis/downstream/list.jst, /api/docsis/upstream/list.jst, device details"
    limits = (
        "No codeword error counters in the hub's pages (reported as unsupported). One web "
        "session: the driver logs out after each poll; when another session is open it takes "
        "it over (Push=true) once."
    )
    firmware = (
        "JST JSON API with SJCL AES-CCM login; mixed SC-QAM and OFDM/OFDMA lists with or "
        "without ChannelType; another session open (taken over with Push=true)"
    )
    single_session = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Prepare the transport; the hub is not contacted yet."""
        super().__init__(*args, **kwargs)
        self.internal_id = DEFAULT_INTERNAL_ID
        self.csrf_token = ""

    async def open_session(self) -> None:
        """Log in; a duplicate-session answer is retried once with Push=true."""
        if await self._login_once(push=False):
            return
        if await self._login_once(push=True):
            return
        raise DriverAuthError("The Ultra Hub still reports another open web session")

    async def _login_once(self, *, push: bool) -> bool:
        self.http.clear_cookies()
        self.csrf_token = ""
        reply = await self.http.get(
            CONFIG_PATH,
            params={"X_INTERNAL_FIELDS": "X_RDK_ONT_Veip_1_OperationalState"},
            headers=XHR,
        )
        config = reply.json_body(CONFIG_PATH)
        if not isinstance(config, dict) or not config.get("csrf_token"):
            raise unexpected("The Ultra Hub's config details have no csrf_token", reply.text)
        self.csrf_token = str(config["csrf_token"])
        self.internal_id = str(config.get("X_INTERNAL_ID") or DEFAULT_INTERNAL_ID)
        reply = await self.http.get(
            SECRET_PATH,
            params={"__id": self.internal_id, "X_INTERNAL_FIELDS": "X_VODAFONE_WebUISecret"},
            headers=XHR,
        )
        details = reply.json_body(SECRET_PATH)
        secret = details.get("X_VODAFONE_WebUISecret") if isinstance(details, dict) else None
        if not isinstance(secret, str) or len(secret) <= SALT_WEB_UI_CHARS:
            raise unexpected("The Ultra Hub sent no X_VODAFONE_WebUISecret", reply.text)
        form = {
            "__id": self.internal_id,
            "X_VODAFONE_Password": password_envelope(self.password, secret),
            "Push": "true" if push else "false",
            "csrf_token": self.csrf_token,
        }
        reply = await self.http.post(LOGIN_PATH, data=form, headers=XHR)
        answer = reply.json_body(LOGIN_PATH)
        if not isinstance(answer, dict):
            raise unexpected("The Ultra Hub's login answer is not an object", reply.text)
        if answer.get("X_INTERNAL_Password_Status") == "Invalid_PWD":
            self.http.clear_cookies()
            raise DriverAuthError("The Ultra Hub refused the password")
        if str(answer.get("X_INTERNAL_Is_Duplicate", "")).lower() == "true":
            self.http.clear_cookies()
            return False
        if reply.status != 200:
            raise unexpected(f"The Ultra Hub's login failed (HTTP {reply.status})", reply.text)
        self.csrf_token = str(answer.get("csrf_token") or self.csrf_token)
        return True

    async def close_session(self) -> None:
        """Log out so the owner can use the web UI."""
        try:
            await self.http.post(
                LOGOUT_PATH,
                data={"__id": self.internal_id, "csrf_token": self.csrf_token},
                headers=XHR,
            )
        finally:
            self.csrf_token = ""
            self.http.clear_cookies()

    async def _read(self, path: str) -> tuple[Any, str]:
        reply = await self.http.get(path, headers=XHR, allow_redirects=False)
        if reply.status in (401, 403) or 300 <= reply.status < 400:
            raise SessionExpiredError("The Ultra Hub session has ended")
        return reply.json_body(path), reply.text

    async def get_device_info(self) -> dict[str, Any]:
        """Return model, versions and uptime from the device details."""
        payload, text = await self.call(lambda: self._read(DEVICE_PATH))
        return fmt.parse_device(payload, text)

    async def get_connection_info(self) -> dict[str, Any]:
        """The DOCSIS pages carry no provisioned speeds."""
        return {}

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read both channel lists and split them into DOCSIS 3.0 and 3.1 lanes."""

        async def fetch() -> tuple[tuple[Any, str], tuple[Any, str]]:
            return await self._read(DOWNSTREAM_PATH), await self._read(UPSTREAM_PATH)

        (ds, ds_text), (us, us_text) = await self.call(fetch)
        ds30, ds31 = self.parsed(fmt.parse_downstream(ds, ds_text))
        us30, us31 = self.parsed(fmt.parse_upstream(us, us_text))
        return split_form(ds30, ds31, us30, us31)

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """The hub answers /api/config/details.jst with X_INTERNAL_ID and a csrf_token."""
        reply = await http.get(CONFIG_PATH, headers=XHR)
        try:
            payload = reply.json_body(CONFIG_PATH)
        except UnexpectedPageError:
            return 0
        if isinstance(payload, dict) and "X_INTERNAL_ID" in payload and "csrf_token" in payload:
            return 85
        return 0
