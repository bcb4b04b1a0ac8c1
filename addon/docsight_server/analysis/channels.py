"""Normalisation of driver channel lists into downstream and upstream channel records."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from .qam import bits_per_symbol, clean_modulation, qam_order

#: Default symbol rates in kSym/s when a driver does not report one.
DS_SYMBOL_RATE_KSYM = 6952.0
US_SYMBOL_RATE_KSYM = 5120.0

_NUMBER_WITH_UNIT = re.compile(
    r"\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*([^\d+\-.]*?)\s*"
)
_OFDM_VERSIONS = frozenset(("3.1", "4.0"))
_FREQUENCY_SCALE = {"": None, "mhz": 1.0, "hz": 1e-6, "khz": 1e-3, "ghz": 1e3}


def _number_and_unit(value: object) -> tuple[float, str] | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        unit = ""
    else:
        match = _NUMBER_WITH_UNIT.fullmatch(str(value))
        if match is None:
            return None
        number = float(match.group(1))
        unit = match.group(2)
    return (number, unit) if math.isfinite(number) else None


def to_float(value: object) -> float | None:
    """Return a float from 4.2, "4.2" or " 4.2 dBmV"; None for None, "", "-" and other text."""
    if type(value) is str:
        try:
            number = float(value)
        except ValueError:
            pass
        else:
            return number if math.isfinite(number) else None
    elif type(value) is float:
        return value if math.isfinite(value) else None
    parsed = _number_and_unit(value)
    return None if parsed is None else parsed[0]


def to_count(value: object) -> int | None:
    """Return an error counter as int; None (never 0) when it is missing or not a number."""
    if type(value) is int:
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return int(text)
    number = to_float(value)
    return None if number is None else int(number)


def frequency_mhz(value: object) -> float | None:
    """Return a frequency in MHz ("602 MHz" -> 602.0, Hz >= 1e6 converted); None for ranges."""
    parsed = _number_and_unit(value)
    if parsed is None:
        return None
    number, unit = parsed
    scale = _FREQUENCY_SCALE.get(unit.lower())
    if scale is None:
        scale = 1e-6 if number >= 1e6 else 1.0
    mhz = round(number * scale, 6)
    return mhz if mhz >= 0 else None


def frequency_label(value: object) -> str:
    """Return the Prometheus frequency label: compact MHz ("114", "602.5") or the text itself."""
    mhz = frequency_mhz(value)
    if mhz is None:
        return "" if value is None else str(value).strip()
    return f"{mhz:.6f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=1024)
def downstream_family(
    modulation: str | None,
    docsis_version: str | None,
    *,
    channel_type: str | None = None,
) -> str:
    """Classify a downstream channel as "sc_qam", "ofdm" or "unknown"."""
    kind = clean_modulation(channel_type)
    if "OFDM" in kind:
        return "ofdm"
    if kind == "QAM" or "SCQAM" in kind:
        return "sc_qam"
    if "OFDM" in clean_modulation(modulation):
        return "ofdm"
    is_31 = docsis_version in _OFDM_VERSIONS
    order = qam_order(modulation)
    if order is not None:
        return "ofdm" if order >= 1024 and is_31 else "sc_qam"
    if is_31:
        # Upstream's "profile modulation on 3.1" rule is covered: any other 3.1 channel is OFDM.
        return "ofdm"
    return "sc_qam" if docsis_version == "3.0" else "unknown"


@lru_cache(maxsize=1024)
def upstream_family(
    modulation: str | None,
    docsis_version: str | None,
    *,
    channel_type: str | None = None,
    multiplex: str | None = None,
) -> str:
    """Classify an upstream channel as "sc_qam", "ofdma" or "unknown"."""
    kinds = (clean_modulation(channel_type), clean_modulation(multiplex))
    if any("OFDMA" in kind for kind in kinds):
        return "ofdma"
    if any(tag in kind for kind in kinds for tag in ("ATDMA", "SCQAM", "TDMA")):
        return "sc_qam"
    if "OFDM" in clean_modulation(modulation):
        return "ofdma"
    if docsis_version in _OFDM_VERSIONS:
        return "ofdma"
    return "sc_qam" if qam_order(modulation) is not None else "unknown"


def theoretical_bitrate(
    family: str | None, modulation: str | None, symbol_rate_ksym: object, direction: str
) -> float | None:
    """Return an SC-QAM channel's raw bitrate in Mbit/s (symbol rate x bits / 1000), else None."""
    if family != "sc_qam":
        return None
    bits = bits_per_symbol(modulation)
    if bits is None:
        return None
    rate = to_float(symbol_rate_ksym)
    if rate is None or rate <= 0:
        rate = US_SYMBOL_RATE_KSYM if direction in ("us", "upstream") else DS_SYMBOL_RATE_KSYM
    return round(rate * bits / 1000, 2)


def _channel_id(value: object) -> int:
    try:
        return int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return 0


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _profile_modulation(channel: Mapping[str, Any]) -> str | None:
    value = channel.get("profile_modulation")
    if value is None or value == "":
        value = channel.get("profileModulation")
    return None if value is None or value == "" else str(value)


def _downstream(channel: Mapping[str, Any], version: str) -> dict[str, Any]:
    channel_type = channel.get("type")
    modulation = _text(channel.get("modulation") or channel_type)
    profile = _profile_modulation(channel)
    family = downstream_family(
        modulation, version, channel_type=None if channel_type is None else str(channel_type)
    )
    if version == "3.0":
        mse = to_float(channel.get("mse"))
        snr = None if mse is None else abs(mse)
    else:
        snr = to_float(channel.get("mer"))
    record: dict[str, Any] = {
        "channel_id": _channel_id(channel.get("channelID")),
        "frequency": _text(channel.get("frequency")),
        "power": to_float(channel.get("powerLevel")),
        "modulation": modulation,
        "snr": snr,
        "correctable_errors": to_count(channel.get("corrErrors")),
        "uncorrectable_errors": to_count(channel.get("nonCorrErrors")),
        "docsis_version": version,
        "channel_family": family,
        "theoretical_bitrate": theoretical_bitrate(
            family, modulation, channel.get("symbolRate"), "ds"
        ),
    }
    if profile is not None:
        record["profile_modulation"] = profile
    return record


def _upstream(channel: Mapping[str, Any], version: str) -> dict[str, Any]:
    channel_type = channel.get("type")
    modulation = _text(channel.get("modulation") or channel_type)
    multiplex = _text(channel.get("multiplex"))
    family = upstream_family(
        modulation,
        version,
        channel_type=None if channel_type is None else str(channel_type),
        multiplex=multiplex,
    )
    record: dict[str, Any] = {
        "channel_id": _channel_id(channel.get("channelID")),
        "frequency": _text(channel.get("frequency")),
        "power": to_float(channel.get("powerLevel")),
        "modulation": modulation,
        "multiplex": multiplex,
        "docsis_version": version,
        "channel_family": family,
        "theoretical_bitrate": theoretical_bitrate(
            family, modulation, channel.get("symbolRate"), "us"
        ),
    }
    profile = _profile_modulation(channel)
    if profile is not None:
        record["profile_modulation"] = profile
    return record


def _lanes(direction: object) -> tuple[Iterable[Any], Iterable[Any]]:
    if not isinstance(direction, Mapping):
        return (), ()
    return direction.get("docsis30") or (), direction.get("docsis31") or ()


def _by_id(record: dict[str, Any]) -> int:
    channel_id: int = record["channel_id"]
    return channel_id


def normalize(raw: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return sorted downstream and upstream records from a split or flat driver payload."""
    if "channelDs" in raw or "channelUs" in raw:
        ds30, ds31 = _lanes(raw.get("channelDs"))
        us30, us31 = _lanes(raw.get("channelUs"))
    else:
        downstream = raw.get("downstream") or ()
        upstream = raw.get("upstream") or ()
        if str(raw.get("docsis", "")).strip() == "3.1":
            ds30, ds31, us30, us31 = (), downstream, (), upstream
        else:
            ds30, ds31, us30, us31 = downstream, (), upstream, ()
    ds = [_downstream(ch, "3.0") for ch in ds30 if isinstance(ch, Mapping)]
    ds += [_downstream(ch, "3.1") for ch in ds31 if isinstance(ch, Mapping)]
    us = [_upstream(ch, "3.0") for ch in us30 if isinstance(ch, Mapping)]
    us += [_upstream(ch, "3.1") for ch in us31 if isinstance(ch, Mapping)]
    ds.sort(key=_by_id)
    us.sort(key=_by_id)
    return ds, us
