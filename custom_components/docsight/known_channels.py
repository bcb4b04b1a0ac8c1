"""The channel-history action's error for a channel DOCSight has never seen."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from homeassistant.exceptions import ServiceValidationError

from .const import DOMAIN

if TYPE_CHECKING:
    from .coordinator import LiveData

#: At most this many known channels are named in the error.
LISTED_CHANNELS = 40


def _known(data: LiveData | None, direction: str, by_selector: bool) -> list[str]:
    """Return the selectors or ids of the channels of a direction the modem reports now."""
    channels = data.channels(direction).values() if data is not None else ()
    if by_selector:
        return sorted(channel.selector for channel in channels if channel.selector)
    return [str(n) for n in sorted({c.channel_id for c in channels if c.channel_id is not None})]


def unknown_channel_error(
    data: LiveData | None, request: Mapping[str, Any]
) -> ServiceValidationError:
    """Return the error for a channel the add-on never saw (its 404), with the modem's channels."""
    direction = str(request.get("direction", "ds"))
    selector = request.get("selector")
    by_selector = selector is not None
    known = _known(data, direction, by_selector)
    listed = ", ".join(known[:LISTED_CHANNELS]) + (", …" if len(known) > LISTED_CHANNELS else "")
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="unknown_channel" if by_selector else "unknown_channel_id",
        translation_placeholders={
            "channel": str(selector if by_selector else request.get("channel_id")),
            "direction": direction,
            "known": listed or "-",
        },
    )
