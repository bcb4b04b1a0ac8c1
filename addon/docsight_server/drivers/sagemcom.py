"""Sagemcom F@st 3896 (XMO): JSON-RPC over POST /cgi/json-req with per-request auth keys."""

from __future__ import annotations

import json
import secrets
from typing import Any

from .base import (
    DriverAuthError,
    DriverLockedOutError,
    SessionExpiredError,
    UnexpectedPageError,
)
from .formats import sagemcom as fmt
from .formats.common import integer, split_form, unexpected
from .http_driver import HttpDriver
from .transport import ModemHttp

_CNONCE_LIMIT = 2**31


async def _post(http: ModemHttp, request: dict[str, Any]) -> fmt.XmoReply:
    """Send one XMO request as the web UI does (form field `req`) and parse the reply."""
    body = json.dumps(request, separators=(",", ":"))
    reply = await http.post(fmt.ENDPOINT, data={"req": body})
    return fmt.parse_reply(reply.json_body("json-req"), reply.text)


class SagemcomDriver(HttpDriver):
    """Logs in with the XMO nonce handshake and reads the DOCSIS XPaths."""

    key = "sagemcom"
    display_name = "Sagemcom F@st 3896"
    default_url = "http://192.168.100.1"
    default_user = "admin"
    needs_user = True
    needs_password = True
    models = "Sagemcom F@st 3896 (Tele2, Com Hem, Ziggo XMO firmware)"
    login_method = "XMO JSON-RPC logIn: SHA-512 nonce credential, SHA-512 auth key per request"
    reads = "getValue Device/Docsis/CableModem/Downstreams, Upstreams, Device/DeviceInfo"
    limits = "No provisioned line rates in the XMO model read here"
    firmware = (
        "XMO JSON-RPC with ChannelType (SC-QAM/OFDM/ATDMA/OFDMA) and legacy records without it "
        "(OFDM told by profile and width, OFDMA by Modulation)"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Start without a session (id 0, empty server nonce)."""
        super().__init__(*args, **kwargs)
        self._reset()

    def _reset(self) -> None:
        self.session_id = 0
        self.request_id = -1
        self.credential = fmt.credential_hash(self.user, self.password, "")

    async def _send(self, actions: list[dict[str, Any]]) -> fmt.XmoReply:
        self.request_id += 1
        request = fmt.build_request(
            request_id=self.request_id,
            session_id=self.session_id,
            cnonce=secrets.randbelow(_CNONCE_LIMIT),
            credential=self.credential,
            actions=actions,
        )
        return await _post(self.http, request)

    async def open_session(self) -> None:
        """Send logIn signed with the nonce-less credential; keep the session id and nonce."""
        self._reset()
        reply = await self._send([fmt.login_action(self.user)])
        errors = reply.errors
        if any("AUTHENTICATION" in error for error in errors):
            raise DriverAuthError("The modem refused the user name or password")
        if any("MAX_SESSION_COUNT" in error for error in errors):
            raise DriverLockedOutError("The modem has no free web session; try again later")
        if errors:
            raise unexpected(f"logIn failed: {', '.join(errors)}", reply.text)
        self.session_id, nonce = fmt.parse_login(reply)
        self.credential = fmt.credential_hash(self.user, self.password, nonce)

    async def close_session(self) -> None:
        """Send logOut so the session slot is free at once."""
        if self.session_id:
            try:
                await self._send([{"id": 0, "method": "logOut"}])
            finally:
                self._reset()

    async def close(self) -> None:
        """Log out (sessions are kept across polls until now) and close the transport."""
        if self.logged_in:
            await self._logout_quietly()
        await super().close()

    async def _values(self, xpaths: list[str]) -> tuple[list[Any], str]:
        """Read several XPaths in one request; SessionExpiredError when the session is gone."""
        reply = await self._send(fmt.get_value_actions(xpaths))
        errors = reply.errors
        if any("INVALID_SESSION" in error or "AUTHENTICATION" in error for error in errors):
            raise SessionExpiredError("The modem no longer knows the session")
        if errors:
            raise unexpected(f"getValue failed: {', '.join(errors)}", reply.text)
        return [reply.value(index) for index in range(len(xpaths))], reply.text

    async def get_device_info(self) -> dict[str, Any]:
        """Return model, software version and uptime."""
        (model, version, uptime), _ = await self.call(
            lambda: self._values([fmt.MODEL_NAME, fmt.SOFTWARE_VERSION, fmt.UPTIME])
        )
        info: dict[str, Any] = {
            "manufacturer": "Sagemcom",
            "model": str(model or "").strip() or "F@st 3896",
            "sw_version": str(version or "").strip(),
        }
        seconds = integer(uptime)
        if seconds is not None:
            info["uptime_seconds"] = seconds
        return info

    async def get_connection_info(self) -> dict[str, Any]:
        """A cable gateway without provisioned rates in the XPaths read: nothing to report."""
        return {}

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read both channel lists in one request and return the split form."""
        (down, up), text = await self.call(lambda: self._values([fmt.DOWNSTREAMS, fmt.UPSTREAMS]))
        ds30, ds31 = self.parsed(fmt.parse_downstreams(down, text))
        us30, us31 = self.parsed(fmt.parse_upstreams(up, text))
        return split_form(ds30, ds31, us30, us31)

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """An XMO gateway answers an anonymous, empty json-req with an XMO error envelope."""
        request = fmt.build_request(
            request_id=0,
            session_id=0,
            cnonce=secrets.randbelow(_CNONCE_LIMIT),
            credential="",
            actions=[],
        )
        try:
            reply = await _post(http, request)
        except UnexpectedPageError:
            return 0
        return 90 if reply.error.startswith("XMO_") else 0
