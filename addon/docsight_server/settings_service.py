"""Loading and saving stored configuration (secrets encrypted, password hashed)."""

from __future__ import annotations

import asyncio
import logging
import zoneinfo
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from .auth.passwords import hash_password
from .config import (
    INTERNAL_KEYS,
    ConfigValidationError,
    PathError,
    SecretBox,
    Settings,
    SettingsSchema,
    Source,
    allowed_roots,
    confine_paths,
    environment_layer,
    options_layer,
    validate_changes,
)
from .config.coerce import CoercionError, coerce_value
from .runtime import Runtime
from .storage import Database
from .storage.config_repo import load_config, save_config

_LOGGER = logging.getLogger(__name__)

ChangeListener = Callable[[set[str]], Awaitable[None]]


async def load_stored(
    database: Database, secrets: SecretBox, schema: SettingsSchema, roots: Sequence[Path]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (stored config layer, internal values) decoded from storage.

    Keys no enabled feature declares stay stored, untouched, for when it is enabled again.
    A stored value an older version accepted but this one refuses (over-long text, a folder
    outside the roots) is skipped with a warning; a number out of range is clamped.
    """
    async with database.read() as connection:
        raw = await load_config(connection)
    stored: dict[str, Any] = {}
    internal: dict[str, Any] = {}
    for key, value in raw.items():
        if key in INTERNAL_KEYS:
            internal[key] = secrets.decrypt(value) if isinstance(value, str) else value
            continue
        if key not in schema:
            continue
        if key == "admin_password":
            stored[key] = value  # already a one-way hash
            continue
        secret = key in schema.secret_keys
        clear = secrets.decrypt(value) if secret and isinstance(value, str) else value
        try:
            stored[key] = coerce_value(schema[key], clear)
        except CoercionError:
            _LOGGER.warning("Ignoring stored setting %s: no longer valid", key)
    if schema.path_keys & stored.keys():
        loop = asyncio.get_running_loop()
        stored = await loop.run_in_executor(None, _confined_stored, stored, schema, roots)
    return stored, internal


def _confined_stored(
    stored: dict[str, Any], schema: SettingsSchema, roots: Sequence[Path]
) -> dict[str, Any]:
    kept = dict(stored)
    for key in schema.path_keys & stored.keys():
        try:
            kept.update(confine_paths({key: stored[key]}, schema, roots))
        except PathError as err:
            _LOGGER.warning("Ignoring stored setting %s: %s", key, err)
            del kept[key]
    return kept


async def build_settings(
    runtime: Runtime,
    database: Database,
    secrets: SecretBox,
    env: dict[str, str],
    schema: SettingsSchema,
) -> tuple[Settings, dict[str, Any]]:
    """Return the merged settings of the schema's keys and the server's internal values."""
    stored, internal = await load_stored(database, secrets, schema, allowed_roots(runtime))
    settings = Settings(
        stored,
        options_layer(runtime.options, schema),
        environment_layer(env, schema),
        schema=schema,
    )
    return settings, internal


class SettingsService:
    """Validates, stores and applies configuration changes."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        secrets: SecretBox,
        *,
        path_roots: Sequence[Path],
    ) -> None:
        """Wire the service; path settings may only name folders inside path_roots."""
        self._database = database
        self._settings = settings
        self._secrets = secrets
        self._path_roots = tuple(path_roots)
        self._listeners: list[ChangeListener] = []
        self._lock = asyncio.Lock()

    def on_change(self, listener: ChangeListener) -> None:
        """Call listener with the changed keys after each successful save."""
        self._listeners.append(listener)

    async def save(self, body: object) -> tuple[set[str], list[str]]:
        """Validate and store a submission; return (changed keys, keys still overridden)."""
        schema = self._settings.schema
        changes = validate_changes(body, schema)
        timezone = changes.get("timezone")
        loop = asyncio.get_running_loop()
        try:
            changes = await loop.run_in_executor(
                None, confine_paths, changes, schema, self._path_roots
            )
        except PathError as err:
            raise ConfigValidationError(str(err)) from err
        if timezone:
            try:
                await loop.run_in_executor(None, zoneinfo.ZoneInfo, timezone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as err:
                raise ConfigValidationError("Invalid timezone") from err
        async with self._lock:
            changed = {k for k, v in changes.items() if self._settings.get(k) != v}
            if "admin_password" in changes:
                password = str(changes["admin_password"])
                changed.add("admin_password")
                if password:
                    changes["admin_password"] = await loop.run_in_executor(
                        None, hash_password, password
                    )
            stored_form = {
                key: self._secrets.encrypt(value)
                if key in self._settings.schema.secret_keys and key != "admin_password" and value
                else value
                for key, value in changes.items()
            }
            async with self._database.transaction() as connection:
                await save_config(connection, stored_form)
            self._settings.update_stored(changes)
        overridden = sorted(
            key
            for key in changes
            if self._settings.source(key) in (Source.OPTIONS, Source.ENVIRONMENT)
        )
        if changed:
            for listener in self._listeners:
                await listener(changed)
        return changed, overridden

    async def store_internal(self, key: str, value: str) -> None:
        """Store one of the server's own secret values (encrypted)."""
        async with self._database.transaction() as connection:
            await save_config(connection, {key: self._secrets.encrypt(value)})
