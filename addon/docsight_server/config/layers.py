"""Effective settings: defaults < stored config < add-on options < environment."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from .coerce import CoercionError, coerce_value
from .schema import MASK, SettingsSchema, env_name

_LOGGER = logging.getLogger(__name__)


class Source(StrEnum):
    """Where a setting's effective value comes from."""

    DEFAULT = "default"
    STORED = "stored"
    OPTIONS = "options"
    ENVIRONMENT = "environment"


def options_layer(options: Mapping[str, object], schema: SettingsSchema) -> dict[str, Any]:
    """Return the known, non-empty add-on options coerced to their types."""
    return _known_values(options, schema, "add-on option")


def environment_layer(env: Mapping[str, str], schema: SettingsSchema) -> dict[str, Any]:
    """Return config keys set by non-empty environment variables (upper-case key names)."""
    raw = {key: env[env_name(key)] for key in schema if env.get(env_name(key), "").strip()}
    return _known_values(raw, schema, "environment variable")


def _known_values(raw: Mapping[str, object], schema: SettingsSchema, what: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in schema or value is None or value == "":
            continue
        try:
            values[key] = coerce_value(schema[key], value)
        except CoercionError as err:
            _LOGGER.error("Ignoring %s for %s: %s", what, key, err)
    return values


class Settings:
    """The merged view of all configuration layers; the stored layer can change at run time."""

    def __init__(
        self,
        stored: Mapping[str, Any],
        options: Mapping[str, Any],
        environment: Mapping[str, Any],
        *,
        schema: SettingsSchema,
    ) -> None:
        """Keep the three explicit layers; the schema gives the keys and their defaults."""
        self.schema = schema
        self._stored = dict(stored)
        self._options = dict(options)
        self._environment = dict(environment)

    def get(self, key: str) -> Any:
        """Return the effective value of a key."""
        for layer in (self._environment, self._options, self._stored):
            if key in layer:
                return layer[key]
        return self.schema.defaults[key]

    def source(self, key: str) -> Source:
        """Return which layer provides a key's effective value."""
        if key in self._environment:
            return Source.ENVIRONMENT
        if key in self._options:
            return Source.OPTIONS
        if key in self._stored:
            return Source.STORED
        return Source.DEFAULT

    def locked(self) -> dict[str, str]:
        """Return the keys fixed by add-on options or environment, with their source."""
        return {
            key: str(self.source(key))
            for key in self.schema
            if self.source(key) in (Source.OPTIONS, Source.ENVIRONMENT)
        }

    def update_stored(self, values: Mapping[str, Any], removed: tuple[str, ...] = ()) -> None:
        """Apply a change that has already been written to storage."""
        self._stored.update(values)
        for key in removed:
            self._stored.pop(key, None)

    @property
    def configured(self) -> bool:
        """Return True once a modem type was chosen (any layer) or demo mode is on."""
        return self.demo_mode or self.source("modem_type") is not Source.DEFAULT

    @property
    def demo_mode(self) -> bool:
        """Return True when the server runs on demo data."""
        return bool(self.get("demo_mode"))

    @property
    def demo_forced(self) -> bool:
        """Return True when demo mode is switched on by options or environment."""
        return self.demo_mode and self.source("demo_mode") in (Source.OPTIONS, Source.ENVIRONMENT)

    @property
    def has_admin_password(self) -> bool:
        """Return True when an admin password is set in any layer."""
        return bool(self.get("admin_password"))

    def masked(self) -> dict[str, Any]:
        """Return every effective setting with secrets replaced by the mask."""
        result: dict[str, Any] = {}
        for key in self.schema:
            value = self.get(key)
            result[key] = (MASK if value else "") if key in self.schema.secret_keys else value
        return result
