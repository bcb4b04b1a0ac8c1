"""The modulation feature's declaration."""

from __future__ import annotations

from ..feature import Feature, ServiceDef
from .keys import MODULATION_VIEWS
from .routes import ROUTES
from .service import ModulationViews

FEATURE = Feature(
    name="modulation",
    title="Modulation",
    routes=ROUTES,
    services=(ServiceDef(MODULATION_VIEWS, ModulationViews, ()),),
)
