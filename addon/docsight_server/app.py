"""Application factory: builds the server's parts, routes, middlewares and lifecycle hooks."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from aiohttp import web

from .analysis.events import monitoring_stopped_event
from .api.cache import RESPONSE_CACHE, VersionedCache
from .api.pages import ASSETS
from .api.routing import add_routes
from .api.services import SETTINGS_SERVICE
from .api.stream_api import close_streams
from .auth import AuthService
from .auth.sessions import SessionSigner
from .collectors import Scheduler
from .collectors.registry import build_collectors
from .config import SecretBox, allowed_roots
from .context import ServerContext
from .feature import Feature
from .features import FEATURES
from .http.bodies import body_middleware
from .http.compression import compression_middleware
from .http.headers import add_security_headers
from .http.keys import CONTEXT
from .http.middlewares import auth_middleware, error_middleware
from .http.transport import (
    CONNECTIONS,
    ConnectionGuard,
    connection_middleware,
    handling_middleware,
)
from .registries import build_registries
from .runtime import Runtime
from .settings_service import SettingsService, build_settings
from .storage import Database, open_database
from .storage.event_repo import EventStore
from .storage.meta_repo import get_meta, set_meta
from .storage.signal_repo import SignalStore
from .supervisor import announce_until_done, discovery_config, discovery_host
from .timeutil import now_epoch
from .web import WebAssets

_LOGGER = logging.getLogger(__name__)

#: aiohttp's own cap, a backstop: bodies are read under each route's cap (`http/bodies.py`).
MAX_REQUEST_BYTES = 8 * 1024 * 1024
#: Outermost first. Bodies are read after authentication, so an anonymous caller never gets
#: to upload to a protected route.
MIDDLEWARES = (
    connection_middleware,
    error_middleware,
    auth_middleware,
    compression_middleware,
    body_middleware,
    handling_middleware,
)
DISCOVERY_TASK: web.AppKey[asyncio.Task[str | None]] = web.AppKey("discovery_task")
INTERNAL: web.AppKey[dict[str, Any]] = web.AppKey("internal_settings")
INTEGRATION_TOKEN = "integration_token"
INSTANCE_ID_KEY = "instance_id"
MODEM_KEYS = {"modem_type", "modem_url", "modem_user", "modem_password", "demo_mode"}


def _prepare_data_dir(data_dir: Path) -> tuple[SecretBox, bytes]:
    data_dir.mkdir(parents=True, exist_ok=True)
    secrets = SecretBox.load_or_create(data_dir / ".config_key")
    return secrets, SessionSigner.load_key(data_dir / ".session_key")


async def build_context(
    runtime: Runtime, env: Mapping[str, str], features: Iterable[Feature] = FEATURES
) -> tuple[ServerContext, SettingsService, dict[str, Any]]:
    """Open storage and assemble settings, auth, the scheduler and the features' registries."""
    registries = build_registries(features)
    loop = asyncio.get_running_loop()
    secrets, session_key = await loop.run_in_executor(None, _prepare_data_dir, runtime.data_dir)
    database = await open_database(runtime.sqlalchemy_url)
    settings, internal = await build_settings(
        runtime, database, secrets, dict(env), registries.settings
    )
    auth = AuthService(
        database,
        settings,
        SessionSigner(session_key),
        runtime.data_dir / ".session_key",
        supervised=runtime.supervised,
        session_lifetime_days=runtime.session_lifetime_days,
    )
    await auth.load()
    instance_id = await ensure_instance_id(database)
    context = ServerContext(
        runtime,
        settings,
        database,
        secrets,
        auth,
        Scheduler(),
        SignalStore(database),
        EventStore(database),
        registries=registries,
    )
    context.state.instance_id = instance_id
    context.services.build(context, registries.service_defs)
    service = SettingsService(database, settings, secrets, path_roots=allowed_roots(runtime))
    return context, service, internal


async def ensure_instance_id(database: Database) -> str:
    """Return this installation's id (Home Assistant's unique id for it), creating it once."""
    async with database.transaction() as connection:
        instance_id = await get_meta(connection, INSTANCE_ID_KEY)
        if instance_id is None:
            instance_id = uuid.uuid4().hex
            await set_meta(connection, INSTANCE_ID_KEY, instance_id)
    return instance_id


async def ensure_integration_token(
    context: ServerContext, service: SettingsService, internal: dict[str, Any]
) -> str:
    """Return the token Home Assistant gets through discovery, creating it when needed."""
    token = str(internal.get(INTEGRATION_TOKEN) or "")
    if token and context.auth.token_is_active(token):
        return token
    created = await context.auth.create_token("Home Assistant", kind="integration")
    await service.store_internal(INTEGRATION_TOKEN, created.token)
    internal[INTEGRATION_TOKEN] = created.token
    _LOGGER.info("Created the API token for Home Assistant (id %d)", created.id)
    return created.token


async def record_monitoring_stopped(context: ServerContext) -> None:
    """Log a monitoring_stopped event when this run polled at least once."""
    if context.state.snapshot_id is None:
        return
    try:
        async with context.database.transaction() as connection:
            await context.events.add(
                connection,
                now_epoch(),
                [monitoring_stopped_event("shutdown")],
                is_demo=context.settings.demo_mode,
            )
    except Exception:  # a full disk must not stop the shutdown
        _LOGGER.exception("Could not record monitoring_stopped")


async def apply_settings_change(context: ServerContext, changed: set[str]) -> None:
    """Apply saved settings: sessions, modem state, collectors and the features' services."""
    if "admin_password" in changed:
        await context.auth.rotate_sessions()
        await context.auth.refresh_password()
    if changed & MODEM_KEYS:
        context.state.clear()
    context.scheduler.replace_collectors(build_collectors(context))
    await context.scheduler.close_retired()
    for prefixes, service in context.services.running():
        if any(key.startswith(prefixes) for key in changed):
            await service.reload()


async def start_background(app: web.Application) -> None:
    """Start the scheduler and the features' services; announce to the Supervisor."""
    context = app[CONTEXT]
    context.scheduler.start()
    for _, service in context.services.running():
        await service.start()
    runtime = context.runtime
    if runtime.supervised:
        token = await ensure_integration_token(context, app[SETTINGS_SERVICE], app[INTERNAL])
        config = discovery_config(
            discovery_host(runtime.discovery_host),
            runtime.web_port,
            token,
            context.state.instance_id,
        )
        app[DISCOVERY_TASK] = asyncio.get_running_loop().create_task(
            announce_until_done(
                context.database, runtime.supervisor_url, runtime.supervisor_token, config
            ),
            name="discovery",
        )


async def stop_background(app: web.Application) -> None:
    """Stop discovery, the scheduler and the services (in reverse order), then storage."""
    context = app[CONTEXT]
    task = app.get(DISCOVERY_TASK)
    if task is not None and not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await context.scheduler.stop()
    for _, service in reversed(context.services.running()):
        await service.stop()
    await record_monitoring_stopped(context)
    await context.auth.drain()
    await context.database.close()
    _LOGGER.info("Storage closed")


async def create_app(
    runtime: Runtime,
    env: Mapping[str, str] | None = None,
    features: Iterable[Feature] = FEATURES,
) -> web.Application:
    """Build the aiohttp application for a runtime from its features (opens the database)."""
    env = os.environ if env is None else env
    context, settings_service, internal = await build_context(runtime, env, features)
    app = web.Application(middlewares=MIDDLEWARES, client_max_size=MAX_REQUEST_BYTES)
    app[CONTEXT] = context
    app[CONNECTIONS] = ConnectionGuard(runtime.limits)
    app[SETTINGS_SERVICE] = settings_service
    app[INTERNAL] = internal
    app[RESPONSE_CACHE] = VersionedCache()
    app[ASSETS] = await asyncio.get_running_loop().run_in_executor(
        None, WebAssets.load, context.registries.pages
    )
    add_routes(app, context.registries.routes)
    # aiosignal 1.4 types Signal by the callback's arguments; aiohttp 3.11 by the callback
    app.on_response_prepare.append(add_security_headers)  # type: ignore[arg-type]
    settings_service.on_change(lambda changed: apply_settings_change(context, changed))
    context.scheduler.replace_collectors(build_collectors(context))
    context.scheduler.on_status(lambda status: context.hub.publish("collectors", status))
    app.on_startup.append(start_background)  # type: ignore[arg-type]
    app.on_shutdown.append(close_streams)  # type: ignore[arg-type]
    app.on_cleanup.append(stop_background)  # type: ignore[arg-type]
    return app
