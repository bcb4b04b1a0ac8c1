"""Shared test set-up.

Importing the integration here, before any `hass` fixture runs, makes Home Assistant's loader
find this repository's `custom_components` package rather than the test plugin's bundled one.
"""

from __future__ import annotations

from custom_components.docsight.const import DOMAIN

__all__ = ["DOMAIN"]
