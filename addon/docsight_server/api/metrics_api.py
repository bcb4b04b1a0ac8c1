"""Placeholder: routes arrive with the signal pipeline."""

from __future__ import annotations

from .routing import RouteDef

ROUTES: list[RouteDef] = []
