"""Hitron CODA-4680 JSON: /1/Device/CM/DsInfo, UsInfo, DsOfdm, UsOfdm, Version and SysInfo."""

from __future__ import annotations

from typing import Any

from . import hitron
from .common import Channel, ParseResult, integer, unexpected

# The channel tables have the CODA-56's row fields, wrapped in an object; see formats.hitron.
# errCode values the Backbone API answers when the session is gone or never existed.
AUTH_ERROR_CODES = frozenset(("401", "403"))
OK_CODE = "000"


def payload_object(payload: Any, text: str, what: str) -> dict[str, Any]:
    """Return an API answer as an object, or raise UnexpectedPageError."""
    if not isinstance(payload, dict):
        raise unexpected(f"The modem's {what} is not a JSON object", text)
    return payload


def error_code(payload: dict[str, Any]) -> str:
    """Return the answer's errCode ("000" when the field is absent)."""
    return str(payload.get("errCode", OK_CODE)).strip() or OK_CODE


def _rows(payload: Any, text: str, key: str) -> list[dict[str, Any]]:
    body = payload_object(payload, text, key)
    rows = body.get(key)
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise unexpected(f"The modem's answer has no {key} list", text)
    return rows


def parse_downstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse DsInfo (Freq_List) into DOCSIS 3.0 downstream records."""
    return hitron.parse_downstream(_rows(payload, text, "Freq_List"), text)


def parse_upstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse UsInfo (Freq_List) into DOCSIS 3.0 upstream records (symbol rate in kSym/s)."""
    return hitron.parse_upstream(_rows(payload, text, "Freq_List"), text)


def parse_ofdm_downstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse DsOfdm (OFDMs_List): receivers with a locked PLC; SNR/counters when reported."""
    return hitron.parse_ofdm_downstream(_rows(payload, text, "OFDMs_List"), text)


def parse_ofdma_upstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse UsOfdm (OFDMAs_List): operating channels; power is repPower1_6 (per 1.6 MHz)."""
    return hitron.parse_ofdma_upstream(_rows(payload, text, "OFDMAs_List"), text)


def parse_version(payload: Any, text: str = "") -> dict[str, Any]:
    """Parse /1/Device/CM/Version into device info (model, vendor, versions)."""
    body = payload_object(payload, text, "version answer")
    model = str(body.get("modelName") or body.get("ModelReport") or "").strip()
    if not model:
        raise unexpected("The modem's version answer has no modelName", text)
    info: dict[str, Any] = {
        "manufacturer": str(body.get("vendorName") or "Hitron Technologies").strip(),
        "model": model,
    }
    for key, field in (("hw_version", "HwVersion"), ("sw_version", "SoftwareVersion")):
        value = str(body.get(field) or "").strip()
        if value:
            info[key] = value
    return info


def parse_sysinfo(payload: Any, text: str = "") -> dict[str, Any]:
    """Parse /1/Device/CM/SysInfo: network access and the provisioned rates (bit/s)."""
    body = payload_object(payload, text, "system answer")
    down = integer(body.get("DsDataRate"))
    up = integer(body.get("UsDataRate"))
    return {
        "docsis_status": str(body.get("ntAccess") or "").strip(),
        "max_downstream_kbps": down // 1000 if down else None,
        "max_upstream_kbps": up // 1000 if up else None,
    }
