"""What the user may change on a LAN device, validated before anything is stored.

`display_name` is kept as `user_data.name` (where Domotz keeps the user's name for a device);
`user_data` is applied as a JSON merge patch on its top-level keys (null removes a key).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from .inventory import IMPORTANCE, Device

PATCH_KEYS = ("display_name", "importance", "down_grace_s", "user_data")
MAX_GRACE_S = 86400
MAX_NAME_CHARS = 128
MAX_KEY_CHARS = 64
MAX_USER_DATA_BYTES = 4096


class SettingsError(ValueError):
    """A device change the API answers with 400 (the message says why)."""


def _name(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise SettingsError("display_name must be a string or null")
    name = value.strip()
    if len(name) > MAX_NAME_CHARS:
        raise SettingsError(f"display_name must be at most {MAX_NAME_CHARS} characters")
    return name or None


def _grace(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError("down_grace_s must be an integer number of seconds or null")
    if not 0 <= value <= MAX_GRACE_S:
        raise SettingsError(f"down_grace_s must be between 0 and {MAX_GRACE_S}")
    return int(value)


def _merge_user_data(current: Mapping[str, Any], patch: Any) -> dict[str, Any]:
    if not isinstance(patch, dict):
        raise SettingsError("user_data must be a JSON object")
    merged = dict(current)
    for key, value in patch.items():
        if not key or len(key) > MAX_KEY_CHARS:
            raise SettingsError(f"user_data keys must have 1 to {MAX_KEY_CHARS} characters")
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def validate_patch(device: Device, body: Mapping[str, Any]) -> dict[str, Any]:
    """Return the lan_devices values a PATCH body writes; raise SettingsError for bad input."""
    unknown = sorted(set(body) - set(PATCH_KEYS))
    if unknown:
        raise SettingsError(
            f"Unknown field(s): {', '.join(unknown)}; allowed: {', '.join(PATCH_KEYS)}"
        )
    if not body:
        raise SettingsError(f"Nothing to change; fields: {', '.join(PATCH_KEYS)}")
    values: dict[str, Any] = {}
    if "importance" in body:
        if body["importance"] not in IMPORTANCE:
            raise SettingsError("importance must be VITAL or FLOATING")
        values["importance"] = body["importance"]
    if "down_grace_s" in body:
        values["grace_period"] = _grace(body["down_grace_s"])
    user_data: dict[str, Any] | None = None
    if "user_data" in body:
        user_data = _merge_user_data(device.user_data, body["user_data"])
    if "display_name" in body:
        user_data = dict(device.user_data if user_data is None else user_data)
        name = _name(body["display_name"])
        if name is None:
            user_data.pop("name", None)
        else:
            user_data["name"] = name
    if user_data is not None:
        name_value = user_data.get("name")
        if name_value is not None:
            _name(name_value)
        try:
            encoded = orjson.dumps(user_data)
        except orjson.JSONEncodeError as err:
            raise SettingsError("user_data cannot be stored as JSON") from err
        if len(encoded) > MAX_USER_DATA_BYTES:
            raise SettingsError(f"user_data must be at most {MAX_USER_DATA_BYTES} bytes as JSON")
        values["user_data"] = encoded.decode()
    return values
