"""Stable channel selectors ("c1_...") for channels whose id alone is not unique."""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import Counter
from typing import Any

from .channels import frequency_mhz

SELECTOR_PREFIX = "c1_"


def _normalized_id(channel_id: object) -> Any:
    if isinstance(channel_id, bool):
        return int(channel_id)
    if isinstance(channel_id, int):
        return channel_id
    try:
        number = float(channel_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "" if channel_id is None else str(channel_id).strip()
    if not math.isfinite(number):
        return str(channel_id).strip()
    return int(number) if number.is_integer() else number


def integral_channel_id(channel_id: object) -> int | None:
    """Return the channel id as int when it is integral (1, 1.0, "1"), else None."""
    normalized = _normalized_id(channel_id)
    return normalized if isinstance(normalized, int) else None


def channel_selector(channel_id: object, frequency: object) -> str:
    """Return "c1_" + base64url (unpadded) of the first 18 bytes of SHA-256 of [id, MHz].

    The MHz are taken to six significant digits, as frequency labels had them before they
    kept every digit: selectors already handed out (Home Assistant's entities are keyed by
    them) stay the same, and no two channels of a lineup are that close.
    """
    mhz = frequency_mhz(frequency)
    if mhz is not None:
        mhz = float(f"{round(mhz, 4):g}")
    where: Any = mhz if mhz is not None else ("" if frequency is None else str(frequency).strip())
    payload = json.dumps([_normalized_id(channel_id), where], separators=(",", ":"))
    digest = hashlib.sha256(payload.encode("utf-8")).digest()[:18]
    return SELECTOR_PREFIX + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def annotate_selectors(channels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return copies of channel records with selector, selector_required and legacy_channel_id."""
    ids = [integral_channel_id(channel.get("channel_id")) for channel in channels]
    seen = Counter(_normalized_id(channel.get("channel_id")) for channel in channels)
    annotated = []
    for channel, legacy_id in zip(channels, ids, strict=True):
        copy = dict(channel)
        copy["selector"] = channel_selector(channel.get("channel_id"), channel.get("frequency"))
        copy["selector_required"] = (
            legacy_id is None or seen[_normalized_id(channel.get("channel_id"))] > 1
        )
        copy["legacy_channel_id"] = legacy_id
        annotated.append(copy)
    return annotated
