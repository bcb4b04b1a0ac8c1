"""Turn raw values (environment strings, option JSON, request JSON) into a key's type."""

from __future__ import annotations

import math

from .schema import Setting, Value

TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
FALSE_WORDS = frozenset({"false", "0", "no", "off", ""})


class CoercionError(ValueError):
    """A value cannot be read as the type its key needs."""


def coerce_value(setting: Setting, value: object, *, strict: bool = False) -> Value:
    """Return value as the type of the setting's default, checked against its declaration.

    A number outside the setting's limits is refused when `strict` (a client's change) and
    clamped otherwise (stored, option and environment values: an old value never stops a start).
    """
    key, default = setting.key, setting.default
    if isinstance(default, bool):
        return _to_bool(key, value)
    if isinstance(default, int):
        return int(_in_range(setting, _to_int(key, value), strict))
    if isinstance(default, float):
        return float(_in_range(setting, _to_float(key, value), strict))
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise CoercionError(f"{key} must be a string")
    return _text(setting, str(value).strip())


def _in_range(setting: Setting, number: float, strict: bool) -> float:
    if setting.limits is None:  # a declaration never leaves a number without limits
        return number
    low, high = setting.limits
    if low <= number <= high:
        return number
    if strict:
        raise CoercionError(f"{setting.key} must be between {_plain(low)} and {_plain(high)}")
    return max(low, min(high, number))


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _text(setting: Setting, value: str) -> str:
    if len(value) > setting.text_limit:
        raise CoercionError(f"{setting.key} must be at most {setting.text_limit} characters")
    # A lone surrogate (stored by an older version) cannot be encoded in any JSON answer.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise CoercionError(f"{setting.key} must be valid text") from err
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
