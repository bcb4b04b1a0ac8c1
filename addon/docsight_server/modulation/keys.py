"""The modulation views' service on the server context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..feature import ServiceKey

if TYPE_CHECKING:
    from .service import ModulationViews

MODULATION_VIEWS: ServiceKey[ModulationViews] = ServiceKey("modulation_views")
