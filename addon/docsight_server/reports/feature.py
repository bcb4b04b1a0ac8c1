"""The reports feature's declaration."""

from __future__ import annotations

from pathlib import Path

from ..feature import Feature, Page, ServiceDef
from .keys import RENDERER
from .renderer import ReportRenderer
from .routes import ROUTES

WEB = Path(__file__).parent / "web"

FEATURE = Feature(
    name="reports",
    title="Reports",
    routes=ROUTES,
    services=(ServiceDef(RENDERER, ReportRenderer, ()),),
    pages=(Page("reports", "Reports", WEB / "reports"),),
)
