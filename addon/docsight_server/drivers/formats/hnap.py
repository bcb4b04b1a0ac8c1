"""Arris SURFboard HNAP1: login crypto, request bodies and the `^`/`|+|` channel strings."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from .cm8200 import parse_uptime
from .common import Lanes, ParseResult, integer, split_result
from .netgear import DS_FIELDS
from .records import OFDMA, base_record, ofdm_downstream, qam_downstream, stated_modulation

SOAP_NAMESPACE = "http://purenetworks.com/HNAP1/"
WITHOUT_LOGIN_KEY = "withoutloginkey"
ALGORITHMS = ("sha256", "md5")
NAMESPACES = ("Customer", "Moto")
RECORD_SEPARATOR = "|+|"
FIELD_SEPARATOR = "^"
# The fields of the `^`-separated channel records; downstream is Netgear's tagValueList order.
_US_FIELDS = ("index", "lock", "type", "channel_id", "width", "frequency", "power")
# The S34 firmware keeps the timestamp below 2e12 ms; the web UI does the same modulo.
TIMESTAMP_MODULO = 2_000_000_000_000


def soap_action(action: str) -> str:
    """Return the quoted SOAPAction header value of an HNAP action."""
    return f'"{SOAP_NAMESPACE}{action}"'


def hmac_hex(key: str, message: str, algorithm: str) -> str:
    """Return the upper-case hex HMAC (SHA-256 or MD5) the SURFboard web UI computes."""
    return hmac.new(key.encode(), message.encode(), getattr(hashlib, algorithm)).hexdigest().upper()


def private_key(public_key: str, password: str, challenge: str, algorithm: str) -> str:
    """Return PrivateKey = HMAC(PublicKey + password, Challenge)."""
    return hmac_hex(public_key + password, challenge, algorithm)


def login_password(key: str, challenge: str, algorithm: str) -> str:
    """Return LoginPassword = HMAC(PrivateKey, Challenge)."""
    return hmac_hex(key, challenge, algorithm)


def hnap_auth(key: str, action: str, timestamp: int, algorithm: str) -> str:
    """Return the HNAP_AUTH header: HMAC(key, timestamp + SOAPAction) and the timestamp."""
    return f"{hmac_hex(key, str(timestamp) + soap_action(action), algorithm)} {timestamp}"


def login_body(user: str, action: str, password: str = "") -> dict[str, Any]:
    """Return the Login request body ("request" phase without, "login" phase with password)."""
    return {
        "Login": {
            "Action": action,
            "Username": user,
            "LoginPassword": password,
            "Captcha": "",
            "PrivateLogin": "LoginPassword",
        }
    }


def action_name(namespace: str, part: str) -> str:
    """Return e.g. GetCustomerStatusDownstreamChannelInfo for ("Customer", "Downstream...")."""
    return f"Get{namespace}Status{part}"


DOWNSTREAM = "DownstreamChannelInfo"
UPSTREAM = "UpstreamChannelInfo"
STARTUP = "StartupSequence"
CONNECTION = "ConnectionInfo"


def _records(text: object) -> list[list[str]]:
    records = []
    for chunk in str(text or "").split(RECORD_SEPARATOR):
        fields = [field.strip() for field in chunk.split(FIELD_SEPARATOR)]
        if any(fields):
            records.append(fields)
    return records


def _locked_rows(
    text: object, fields: tuple[str, ...], what: str, result: ParseResult[Lanes]
) -> list[dict[str, str]]:
    """Return the locked records with a channel id as rows of named fields; notes the others."""
    rows: list[dict[str, str]] = []
    for values in _records(text):
        if len(values) < len(fields) or values[1].lower() != "locked" or integer(values[3]) is None:
            result.diagnostics.append(f"{what} record skipped: {'^'.join(values)}")
            continue
        rows.append(dict(zip(fields, values, strict=False)))
    return rows


def parse_downstream(text: object) -> ParseResult[Lanes]:
    """Parse num^lock^modulation^id^freq^power^snr^corrected^uncorrectables records."""
    result: ParseResult[Lanes] = ParseResult(([], []))
    qam, ofdm = result.value
    for row in _locked_rows(text, DS_FIELDS, "downstream", result):
        if "ofdm" in row["modulation"].lower() or row["modulation"].lower() == "other":
            ofdm.append(ofdm_downstream(integer(row["channel_id"]), row))
        else:
            qam.append(qam_downstream(integer(row["channel_id"]), row))
    return result


def parse_upstream(text: object) -> ParseResult[Lanes]:
    """Parse num^lock^type^id^width^freq^power records (the type is SC-QAM or OFDMA)."""
    result: ParseResult[Lanes] = ParseResult(([], []))
    qam, ofdma = result.value
    for row in _locked_rows(text, _US_FIELDS, "upstream", result):
        record = base_record(integer(row["channel_id"]), row)
        if "ofdm" in row["type"].lower():
            ofdma.append({**record, **OFDMA})
        else:
            qam.append(
                {**record, "modulation": stated_modulation("", row["type"]), "multiplex": "ATDMA"}
            )
    return result


def parse_channels(ds_text: object, us_text: object) -> ParseResult[dict[str, Any]]:
    """Parse both channel strings into the split raw form."""
    return split_result(parse_downstream(ds_text), parse_upstream(us_text))


def parse_device(
    connection: dict[str, Any], startup: dict[str, Any], namespace: str
) -> ParseResult[dict[str, Any]]:
    """Return device info from the ConnectionInfo and StartupSequence answers."""
    info: dict[str, Any] = {
        "manufacturer": "ARRIS",
        "model": str(connection.get("StatusSoftwareModelName") or "SURFboard").strip(),
    }
    version = connection.get("StatusSoftwareSfVer")
    if version:
        info["sw_version"] = str(version).strip()
    uptime = parse_uptime(str(connection.get(f"{namespace}ConnSystemUpTime") or ""))
    if uptime is not None:
        info["uptime_seconds"] = uptime
    state = str(startup.get(f"{namespace}ConnConnectivityStatus") or "").strip()
    access = str(connection.get(f"{namespace}ConnNetworkAccess") or "").strip()
    if state.lower() == "operational" or access.lower() in ("allowed", "permitted"):
        info["docsis_status"] = "online"
    elif state:
        info["docsis_status"] = state
    return ParseResult(info)
