"""Arris SURFboard HNAP1: login crypto, request bodies and the `^`/`|+|` channel strings."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from .cm8200 import parse_uptime
from .common import Channel, ParseResult, integer, mhz_label, modulation, number, split_form

SOAP_NAMESPACE = "http://purenetworks.com/HNAP1/"
WITHOUT_LOGIN_KEY = "withoutloginkey"
ALGORITHMS = ("sha256", "md5")
NAMESPACES = ("Customer", "Moto")
RECORD_SEPARATOR = "|+|"
FIELD_SEPARATOR = "^"
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


def parse_downstream(text: object) -> ParseResult[tuple[list[Channel], ...]]:
    """Parse num^lock^modulation^id^freq^power^snr^corrected^uncorrectables records."""
    result: ParseResult[tuple[list[Channel], ...]] = ParseResult(([], []))
    qam, ofdm = result.value
    for fields in _records(text):
        if len(fields) < 9 or fields[1].lower() != "locked" or integer(fields[3]) is None:
            result.diagnostics.append(f"downstream record skipped: {'^'.join(fields)}")
            continue
        snr = number(fields[6])
        record: Channel = {
            "channelID": integer(fields[3]),
            "frequency": mhz_label(fields[4]),
            "powerLevel": number(fields[5]),
            "corrErrors": integer(fields[7]),
            "nonCorrErrors": integer(fields[8]),
        }
        if "ofdm" in fields[2].lower() or fields[2].lower() == "other":
            ofdm.append({**record, "type": "OFDM", "modulation": "OFDM", "mer": snr})
        else:
            qam.append(
                {
                    **record,
                    "modulation": modulation(fields[2]),
                    "mse": None if snr is None else -snr,
                }
            )
    return result


def parse_upstream(text: object) -> ParseResult[tuple[list[Channel], ...]]:
    """Parse num^lock^type^id^width^freq^power records (the type is SC-QAM or OFDMA)."""
    result: ParseResult[tuple[list[Channel], ...]] = ParseResult(([], []))
    qam, ofdma = result.value
    for fields in _records(text):
        if len(fields) < 7 or fields[1].lower() != "locked" or integer(fields[3]) is None:
            result.diagnostics.append(f"upstream record skipped: {'^'.join(fields)}")
            continue
        record: Channel = {
            "channelID": integer(fields[3]),
            "frequency": mhz_label(fields[5]),
            "powerLevel": number(fields[6]),
        }
        if "ofdm" in fields[2].lower():
            ofdma.append({**record, "type": "OFDMA", "modulation": "OFDMA", "multiplex": "OFDMA"})
        else:
            qam.append({**record, "modulation": "", "multiplex": "ATDMA"})
    return result


def parse_channels(ds_text: object, us_text: object) -> ParseResult[dict[str, Any]]:
    """Parse both channel strings into the split raw form."""
    ds = parse_downstream(ds_text)
    us = parse_upstream(us_text)
    return ParseResult(
        split_form(ds.value[0], ds.value[1], us.value[0], us.value[1]),
        ds.diagnostics + us.diagnostics,
    )


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
