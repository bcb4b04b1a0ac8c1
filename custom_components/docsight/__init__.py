"""The DOCSight integration: cable-line and home-network monitoring from the DOCSight add-on."""

from __future__ import annotations

from .const import DOMAIN

__all__ = ["DOMAIN"]
