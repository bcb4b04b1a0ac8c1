"""The reports feature's service key."""

from __future__ import annotations

from ..feature import ServiceKey
from .renderer import ReportRenderer

RENDERER: ServiceKey[ReportRenderer] = ServiceKey("report_renderer")
