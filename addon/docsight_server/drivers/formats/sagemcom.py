"""Sagemcom F@st 3896 XMO JSON-RPC: request envelope, auth hashes, replies, DOCSIS records.

The auth key follows the XMO web UI: SHA-512 hex of
`credential ":" request_id ":" cnonce ":JSON:/cgi/json-req"`, where `JSON` is the literal request
type (not the body) and credential = SHA-512 hex of `user ":" server_nonce ":" SHA-512 hex(pw)`.
Before logIn answers, the server nonce is empty and the session id is 0.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from .common import Lanes, ParseResult, dict_rows, integer, modulation, number, unexpected
from .records import (
    OFDMA,
    RowKeys,
    base_record,
    hertz,
    ofdm_downstream,
    qam_downstream,
    stated_modulation,
)

ENDPOINT = "/cgi/json-req"
OK_DESCRIPTIONS = frozenset(("XMO_REQUEST_NO_ERR", "XMO_NO_ERR"))
DOWNSTREAMS = "Device/Docsis/CableModem/Downstreams"
UPSTREAMS = "Device/Docsis/CableModem/Upstreams"
MODEL_NAME = "Device/DeviceInfo/ModelName"
SOFTWARE_VERSION = "Device/DeviceInfo/SoftwareVersion"
UPTIME = "Device/DeviceInfo/UpTime"
# Without a channel type, OFDM/OFDMA channels are told apart by width: SC-QAM is at most 8 MHz
# downstream and 6.4 MHz upstream.
_SC_QAM_DS_MAX_HZ = 8_000_000
_SC_QAM_US_MAX_HZ = 6_400_000
_KEYS = RowKeys(
    frequency="Frequency",
    power="PowerLevel",
    modulation="Modulation",
    snr="SNR",
    corrected="CorrectableCodewords",
    uncorrected="UncorrectableCodewords",
    read_frequency=hertz,
)
_LOGIN_OPTIONS: dict[str, Any] = {
    "nss": [{"name": "gtw", "uri": "http://sagemcom.com/gateway-data"}],
    "language": "ident",
    "context-flags": {"get-content-name": True, "local-time": True},
    "capability-depth": 2,
    "capability-flags": {
        "name": True,
        "default-value": False,
        "restriction": True,
        "description": False,
    },
    "time-format": "ISO_8601",
}


def sha512_hex(text: str) -> str:
    """Return the SHA-512 hex digest of a text."""
    return hashlib.sha512(text.encode()).hexdigest()


def credential_hash(user: str, password: str, nonce: str) -> str:
    """Return SHA512(user:nonce:SHA512(password)) in hex."""
    return sha512_hex(f"{user}:{nonce}:{sha512_hex(password)}")


def auth_key(credential: str, request_id: int, cnonce: int) -> str:
    """Return SHA512(credential:request_id:cnonce:JSON:/cgi/json-req) in hex."""
    return sha512_hex(f"{credential}:{request_id}:{cnonce}:JSON:{ENDPOINT}")


def login_action(user: str) -> dict[str, Any]:
    """Return the logIn action that opens a session."""
    return {
        "id": 0,
        "method": "logIn",
        "parameters": {"user": user, "persistent": True, "session-options": _LOGIN_OPTIONS},
    }


def get_value_actions(xpaths: list[str]) -> list[dict[str, Any]]:
    """Return one getValue action per XPath."""
    return [
        {"id": index, "method": "getValue", "xpath": xpath, "options": {"capability-flags": {}}}
        for index, xpath in enumerate(xpaths)
    ]


def build_request(
    *,
    request_id: int,
    session_id: int,
    cnonce: int,
    credential: str,
    actions: list[dict[str, Any]],
) -> dict[str, Any]:
    """Return the request envelope, signed with the auth key."""
    return {
        "request": {
            "id": request_id,
            "session-id": session_id,
            "priority": False,
            "actions": actions,
            "cnonce": cnonce,
            "auth-key": auth_key(credential, request_id, cnonce),
        }
    }


@dataclass(slots=True)
class XmoReply:
    """A reply envelope: the request's error and, per action, its error and callbacks."""

    error: str
    action_errors: list[str] = field(default_factory=list)
    callbacks: list[list[dict[str, Any]]] = field(default_factory=list)
    text: str = ""

    @property
    def errors(self) -> list[str]:
        """Return every error description that is not a success."""
        return [
            description
            for description in (self.error, *self.action_errors)
            if description not in OK_DESCRIPTIONS
        ]

    def parameters(self, index: int) -> dict[str, Any]:
        """Return the parameters of action index's first callback."""
        if index >= len(self.callbacks) or not self.callbacks[index]:
            raise unexpected(f"XMO reply has no callback for action {index}", self.text)
        parameters = self.callbacks[index][0].get("parameters")
        if not isinstance(parameters, dict):
            raise unexpected(f"XMO callback {index} has no parameters", self.text)
        return parameters

    def value(self, index: int) -> Any:
        """Return the value getValue action index read."""
        parameters = self.parameters(index)
        if "value" not in parameters:
            raise unexpected(f"XMO callback {index} has no value", self.text)
        return parameters["value"]


def _description(error: Any) -> str:
    return str(error.get("description", "")) if isinstance(error, dict) else ""


def parse_reply(payload: Any, text: str = "") -> XmoReply:
    """Parse a json-req answer into an XmoReply; UnexpectedPageError for anything else."""
    reply = payload.get("reply") if isinstance(payload, dict) else None
    if not isinstance(reply, dict) or not _description(reply.get("error")):
        raise unexpected("json-req did not answer with an XMO reply", text)
    result = XmoReply(_description(reply["error"]), text=text)
    actions = reply.get("actions") or []
    if not isinstance(actions, list):
        raise unexpected("XMO reply actions is not a list", text)
    for action in actions:
        if not isinstance(action, dict):
            raise unexpected("XMO reply action is not an object", text)
        result.action_errors.append(_description(action.get("error")) or "XMO_NO_ERR")
        callbacks = action.get("callbacks") or []
        result.callbacks.append([cb for cb in callbacks if isinstance(cb, dict)])
    return result


def parse_login(reply: XmoReply) -> tuple[int, str]:
    """Return (session id, server nonce) from a logIn reply."""
    parameters = reply.parameters(0)
    session_id = integer(parameters.get("id"))
    nonce = parameters.get("nonce")
    if not session_id or nonce is None:
        raise unexpected("logIn reply has no session id or nonce", reply.text)
    return session_id, str(nonce)


def _records(value: Any, what: str, text: str) -> list[dict[str, Any]]:
    return dict_rows(value, text, f"{what} is not a list of channels")


def _locked(row: dict[str, Any], result: ParseResult[Any], what: str) -> bool:
    status = row.get("LockStatus", True)
    if status is True or str(status).strip().lower() in ("true", "locked", "1"):
        return True
    result.diagnostics.append(f"{what} {row.get('ChannelID')} not locked: skipped")
    return False


def _is_ofdm(row: dict[str, Any], max_sc_qam_hz: int, word: str) -> bool:
    kind = str(row.get("ChannelType", "")).upper()
    if kind:
        return word in kind
    if word in str(row.get("Modulation", "")).upper():
        return True
    width = number(row.get("BandWidth"))
    return width is not None and width > max_sc_qam_hz


def parse_downstreams(value: Any, text: str = "") -> ParseResult[Lanes]:
    """Parse Downstreams into (SC-QAM, OFDM) records."""
    result: ParseResult[Lanes] = ParseResult(([], []))
    qam, ofdm = result.value
    for row in _records(value, "Downstreams", text):
        if not _locked(row, result, "downstream"):
            continue
        channel_id = integer(row.get("ChannelID"))
        if _is_ofdm(row, _SC_QAM_DS_MAX_HZ, "OFDM"):
            profile = modulation(row.get("Modulation"))
            record = ofdm_downstream(channel_id, row, _KEYS)
            ofdm.append({**record, "modulation": profile if profile.endswith("QAM") else "OFDM"})
        else:
            qam.append(qam_downstream(channel_id, row, _KEYS))
    return result


def parse_upstreams(value: Any, text: str = "") -> ParseResult[Lanes]:
    """Parse Upstreams into (ATDMA, OFDMA) records."""
    result: ParseResult[Lanes] = ParseResult(([], []))
    qam, ofdma = result.value
    for row in _records(value, "Upstreams", text):
        if not _locked(row, result, "upstream"):
            continue
        record = base_record(integer(row.get("ChannelID")), row, _KEYS)
        if _is_ofdm(row, _SC_QAM_US_MAX_HZ, "OFDMA"):
            ofdma.append({**record, **OFDMA})
        else:
            qam.append(
                {
                    **record,
                    "modulation": stated_modulation(row.get("Modulation"), row.get("ChannelType")),
                    "multiplex": "ATDMA",
                    "symbolRate": integer(row.get("SymbolRate")),
                }
            )
    return result
