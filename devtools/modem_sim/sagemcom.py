"""Sagemcom F@st 3896 (XMO) simulator: JSON-RPC at POST /cgi/json-req, form field `req`.

Request: `{"request": {"id", "session-id", "priority", "actions": [...], "cnonce", "auth-key"}}`.
The server checks `auth-key == SHA512(credential:id:cnonce:JSON:/cgi/json-req)` (hex; `JSON` is
the literal request type), with credential = SHA512(user:nonce:SHA512(password)) and nonce ""
for the logIn request (session-id 0). logIn answers `parameters: {"id": <session>, "nonce"}`;
every later request uses the session id, the nonce-bound credential and a growing request id.

Reply: `{"reply": {"uid", "id", "error": {"code", "description"}, "actions": [{"uid", "id",
"error", "callbacks": [{"uid", "result", "xpath", "parameters": {"value"}}]}], "events": []}}`.
Errors (by description; the codes are informative): a refused logIn is XMO_REQUEST_ACTION_ERR
with the action error XMO_AUTHENTICATION_ERR; an unknown or expired session is
XMO_INVALID_SESSION_ERR; a bad auth key on a session is XMO_AUTHENTICATION_ERR; anything but
logIn without a session is XMO_INVALID_SESSION_ERR as well; unknown XPaths XMO_UNKNOWN_PATH_ERR.

Channel records (`Device/Docsis/CableModem/Downstreams` and `.../Upstreams`): ChannelID,
Frequency and BandWidth (Hz), Modulation ("QAM256"), PowerLevel (dBmV), SNR (dB; MER for OFDM),
LockStatus, Correctable/Uncorrectable/UnerroredCodewords (downstream), SymbolRate (upstream).
Variant `channel-type` (newer firmware) adds ChannelType "SC-QAM"/"OFDM"/"ATDMA"/"OFDMA";
variant `legacy` has no type: OFDM records carry the profile ("QAM4096") and a 94 MHz width,
OFDMA records Modulation "OFDMA".
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .base import ModemSimulator, register_simulator
from .plan import ChannelPlan, DsChannel, UsChannel

ENDPOINT = "/cgi/json-req"
MODEL_NAME = "F@st 3896"
_CODES = {
    "XMO_REQUEST_NO_ERR": 16777216,
    "XMO_INVALID_SESSION_ERR": 16777219,
    "XMO_AUTHENTICATION_ERR": 16777223,
    "XMO_UNKNOWN_PATH_ERR": 16777224,
    "XMO_REQUEST_ACTION_ERR": 16777236,
    "XMO_NO_ERR": 16777238,
    "XMO_PARSE_ERR": 16777240,
}


def _sha512(text: str) -> str:
    return hashlib.sha512(text.encode()).hexdigest()


def expected_auth_key(user: str, password: str, nonce: str, request_id: int, cnonce: int) -> str:
    """Return the auth key the gateway expects for a request."""
    credential = _sha512(f"{user}:{nonce}:{_sha512(password)}")
    return _sha512(f"{credential}:{request_id}:{cnonce}:JSON:{ENDPOINT}")


def _error(description: str) -> dict[str, Any]:
    return {"code": _CODES[description], "description": description}


def _qam(value: str) -> str:
    """Return the XMO spelling of a modulation ("256QAM" -> "QAM256")."""
    upper = value.upper()
    return "QAM" + upper.removesuffix("QAM") if upper.endswith("QAM") else value


def _ds_record(index: int, ch: DsChannel, typed: bool) -> dict[str, Any]:
    record: dict[str, Any] = {
        "uid": index + 1,
        "ChannelID": ch.channel_id,
        "Frequency": round(ch.frequency_mhz * 1_000_000),
        "BandWidth": round(ch.width_mhz * 1_000_000),
        "Modulation": _qam(ch.modulation),
        "PowerLevel": ch.power if ch.locked else 0.0,
        "SNR": ch.snr if ch.locked else 0.0,
        "LockStatus": ch.locked,
        "CorrectableCodewords": ch.corrected if ch.locked else 0,
        "UncorrectableCodewords": ch.uncorrectable if ch.locked else 0,
        "UnerroredCodewords": 987_654_321,
    }
    if typed:
        record["ChannelType"] = "OFDM" if ch.ofdm else "SC-QAM"
    return record


def _us_record(index: int, ch: UsChannel, typed: bool) -> dict[str, Any]:
    record: dict[str, Any] = {
        "uid": index + 1,
        "ChannelID": ch.channel_id,
        "Frequency": round(ch.frequency_mhz * 1_000_000),
        "BandWidth": round(ch.width_mhz * 1_000_000),
        "Modulation": "OFDMA" if ch.ofdma else _qam(ch.modulation),
        "PowerLevel": ch.power,
        "SymbolRate": 0 if ch.ofdma else ch.symbol_rate_ksym,
        "LockStatus": ch.locked,
    }
    if typed:
        record["ChannelType"] = "OFDMA" if ch.ofdma else "ATDMA"
    return record


def render_downstreams(plan: ChannelPlan, variant: str = "channel-type") -> list[dict[str, Any]]:
    """Return the Downstreams value for a plan (unlocked tuners included)."""
    typed = variant == "channel-type"
    return [_ds_record(index, ch, typed) for index, ch in enumerate(plan.ds)]


def render_upstreams(plan: ChannelPlan, variant: str = "channel-type") -> list[dict[str, Any]]:
    """Return the Upstreams value for a plan."""
    typed = variant == "channel-type"
    return [_us_record(index, ch, typed) for index, ch in enumerate(plan.us)]


@dataclass
class _Session:
    token: str
    nonce: str
    last_request_id: int


@register_simulator
class SagemcomSimulator(ModemSimulator):
    """Serves the XMO JSON-RPC endpoint with logIn, getValue and logOut."""

    key = "sagemcom"
    variants = ("channel-type", "legacy")
    default_user = "admin"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Start without sessions."""
        super().__init__(*args, **kwargs)
        self._sessions: dict[int, _Session] = {}

    def add_routes(self, app: web.Application) -> None:
        """Register the JSON-RPC endpoint."""
        app.router.add_post(ENDPOINT, self.json_req)

    def _values(self) -> dict[str, Any]:
        plan, variant = self.plan, self.state.variant
        return {
            "Device/Docsis/CableModem/Downstreams": render_downstreams(plan, variant),
            "Device/Docsis/CableModem/Upstreams": render_upstreams(plan, variant),
            "Device/DeviceInfo/ModelName": MODEL_NAME,
            "Device/DeviceInfo/SoftwareVersion": plan.sw_version,
            "Device/DeviceInfo/UpTime": plan.uptime_seconds,
        }

    @staticmethod
    def _reply(
        request_id: Any, error: str, actions: list[dict[str, Any]] | None = None
    ) -> web.Response:
        body = {
            "reply": {
                "uid": 0,
                "id": request_id,
                "error": _error(error),
                "actions": actions or [],
                "events": [],
            }
        }
        return web.json_response(body)

    async def json_req(self, request: web.Request) -> web.Response:
        """Check the envelope and auth key, then run the actions."""
        form = await request.post()
        try:
            envelope = json.loads(str(form.get("req") or ""))["request"]
            request_id = int(envelope["id"])
            session_id = int(envelope["session-id"])
            cnonce = int(envelope["cnonce"])
            key = str(envelope["auth-key"])
            actions = list(envelope["actions"])
        except (ValueError, KeyError, TypeError):
            return self._reply(0, "XMO_PARSE_ERR")
        if session_id == 0:
            if len(actions) == 1 and actions[0].get("method") == "logIn":
                return self._login(request_id, cnonce, key, actions[0])
            return self._reply(request_id, "XMO_INVALID_SESSION_ERR")
        session = self._sessions.get(session_id)
        if session is None or not self.state.session_valid(session.token):
            return self._reply(request_id, "XMO_INVALID_SESSION_ERR")
        want = expected_auth_key(
            self.state.user, self.state.password, session.nonce, request_id, cnonce
        )
        if request_id <= session.last_request_id or not secrets.compare_digest(key, want):
            return self._reply(request_id, "XMO_AUTHENTICATION_ERR")
        session.last_request_id = request_id
        return self._run(request_id, session_id, actions)

    def _login(
        self, request_id: int, cnonce: int, key: str, action: dict[str, Any]
    ) -> web.Response:
        parameters = action.get("parameters") or {}
        user = str(parameters.get("user", ""))
        want = expected_auth_key(user, self.state.password, "", request_id, cnonce)
        # The password never crosses the wire: count a failure as check_credentials does.
        if user != self.state.user or not secrets.compare_digest(key, want):
            self.state.failed_logins += 1
            failed = {"uid": 1, "id": 0, "error": _error("XMO_AUTHENTICATION_ERR")}
            return self._reply(request_id, "XMO_REQUEST_ACTION_ERR", [failed])
        token = self.state.new_session()
        session_id = secrets.randbelow(2**31 - 1) + 1
        nonce = str(secrets.randbelow(10**10))
        self._sessions[session_id] = _Session(token, nonce, request_id)
        callback = {
            "uid": 1,
            "result": _error("XMO_NO_ERR"),
            "xpath": "Device",
            "parameters": {"id": session_id, "nonce": nonce},
        }
        done = {"uid": 1, "id": 0, "error": _error("XMO_NO_ERR"), "callbacks": [callback]}
        return self._reply(request_id, "XMO_REQUEST_NO_ERR", [done])

    def _run(self, request_id: int, session_id: int, actions: list[Any]) -> web.Response:
        values = self._values()
        results: list[dict[str, Any]] = []
        failed = False
        for uid, action in enumerate(actions, start=1):
            method = action.get("method") if isinstance(action, dict) else None
            action_id = action.get("id") if isinstance(action, dict) else None
            entry: dict[str, Any] = {"uid": uid, "id": action_id, "callbacks": []}
            if method == "logOut":
                ended = self._sessions.pop(session_id, None)
                self.state.end_session(ended.token if ended else None)
                entry["error"] = _error("XMO_NO_ERR")
            elif method == "getValue" and action.get("xpath") in values:
                xpath = action["xpath"]
                entry["error"] = _error("XMO_NO_ERR")
                entry["callbacks"] = [
                    {
                        "uid": uid,
                        "result": _error("XMO_NO_ERR"),
                        "xpath": xpath,
                        "parameters": {"value": values[xpath]},
                    }
                ]
            else:
                entry["error"] = _error("XMO_UNKNOWN_PATH_ERR")
                failed = True
            results.append(entry)
        error = "XMO_REQUEST_ACTION_ERR" if failed else "XMO_REQUEST_NO_ERR"
        return self._reply(request_id, error, results)
