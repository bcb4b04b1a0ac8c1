"""Turn raw values (environment strings, option JSON, request JSON) into a key's type."""

from __future__ import annotations

import math

from .schema import Setting, Value

TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
FALSE_WORDS = frozenset({"false", "0", "no", "off", ""})


class CoercionError(ValueError):
    """A value cannot be read as the type its key needs."""


def coerce_value(setting: Setting, value: object) -> Value:
    """Return value as the type of the setting's default, clamped where it has limits."""
    key, default = setting.key, setting.default
    if isinstance(default, bool):
        result: Value = _to_bool(key, value)
    elif isinstance(default, int):
        result = _to_int(key, value)
    elif isinstance(default, float):
        result = _to_float(key, value)
    else:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise CoercionError(f"{key} must be a string")
        result = _text(key, str(value).strip())
    if setting.limits and isinstance(result, int) and not isinstance(result, bool):
        low, high = setting.limits
        result = max(low, min(high, result))
    return result


def _text(key: str, value: str) -> str:
    # A lone surrogate (stored by an older version) cannot be encoded in any JSON answer.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise CoercionError(f"{key} must be valid text") from err
    return value


def _to_bool(key: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise CoercionError(f"{key} must be true or false")


def _to_int(key: str, value: object) -> int:
    if isinstance(value, bool):
        raise CoercionError(f"{key} must be a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise CoercionError(f"{key} must be a whole number")


def _to_float(key: str, value: object) -> float:
    if isinstance(value, bool):
        raise CoercionError(f"{key} must be a number")
    result: float | None = None
    if isinstance(value, int | float):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value.strip())
        except ValueError:
            result = None
    # NaN and infinities would be stored and then break strict JSON clients of GET /api/config.
    if result is None or not math.isfinite(result):
        raise CoercionError(f"{key} must be a number")
    return result
