"""What a validated PATCH of a LAN device writes, merged with what the device already has.

`display_name` is kept as `user_data.name` (where Domotz keeps the user's name for a device);
`user_data` is applied as a JSON merge patch on its top-level keys (null removes a key). The
request itself is checked by `validation.DEVICE_PATCH`; only the merged result is checked here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from .models import Device

MAX_USER_DATA_BYTES = 4096


class SettingsError(ValueError):
    """A device change the API answers with 400 (the message says why)."""


def _merge_user_data(current: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(current)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def _encoded(user_data: Mapping[str, Any]) -> str:
    try:
        encoded = orjson.dumps(user_data)
    except orjson.JSONEncodeError as err:
        raise SettingsError("user_data cannot be stored as JSON") from err
    if len(encoded) > MAX_USER_DATA_BYTES:
        raise SettingsError(f"user_data must be at most {MAX_USER_DATA_BYTES} bytes as JSON")
    return encoded.decode()


def patch_values(device: Device, patch: Mapping[str, Any]) -> dict[str, Any]:
    """Return the lan_devices values a validated PATCH writes; SettingsError when too large."""
    values: dict[str, Any] = {}
    if "importance" in patch:
        values["importance"] = patch["importance"]
    if "down_grace_s" in patch:
        values["grace_period"] = patch["down_grace_s"]
    user_data: dict[str, Any] | None = None
    if "user_data" in patch:
        user_data = _merge_user_data(device.user_data, patch["user_data"])
    if "display_name" in patch:
        user_data = dict(device.user_data if user_data is None else user_data)
        name = patch["display_name"]
        if name is None:
            user_data.pop("name", None)
        else:
            user_data["name"] = name
    if user_data is not None:
        values["user_data"] = _encoded(user_data)
    return values
