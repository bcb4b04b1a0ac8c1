"""Validation of a POST /api/config body into typed changes (no I/O here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from .coerce import CoercionError, coerce_value
from .schema import MASK, SettingsSchema


class ConfigValidationError(ValueError):
    """The submitted settings cannot be saved; the message says why."""


def validate_changes(body: object, schema: SettingsSchema) -> dict[str, Any]:
    """Return the typed changes of a config submission; masked secrets are left out.

    Any bad value refuses the whole submission: a number outside its range, text longer than
    its key allows, a URL that is not http(s). Path settings are confined by the caller (I/O).
    """
    if not isinstance(body, Mapping):
        raise ConfigValidationError("Request body must be a JSON object")
    if not body:
        raise ConfigValidationError("No data")
    unknown = sorted(str(key) for key in body if key not in schema)
    if unknown:
        raise ConfigValidationError(f"Unknown setting: {', '.join(unknown)}")
    changes: dict[str, Any] = {}
    for key, raw in body.items():
        if key in schema.secret_keys and raw == MASK:
            continue
        if raw is None:
            raise ConfigValidationError(f"{key} must not be null")
        try:
            value = coerce_value(schema[key], raw, strict=True)
        except CoercionError as err:
            raise ConfigValidationError(str(err)) from err
        if key in schema.url_keys and value:
            _check_url(key, str(value))
        check = schema[key].check
        if check is not None and value:
            try:
                check(str(value))
            except ValueError as err:
                raise ConfigValidationError(f"{key}: {err}") from err
        changes[key] = value
    return changes


def _check_url(key: str, value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigValidationError(f"{key} must be an http:// or https:// URL")
