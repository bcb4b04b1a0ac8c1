"""App keys for services handlers use besides the server context."""

from __future__ import annotations

from aiohttp import web

from ..settings_service import SettingsService

SETTINGS_SERVICE: web.AppKey[SettingsService] = web.AppKey("settings_service")
