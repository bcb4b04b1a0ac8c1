"""The before/after comparison feature's declaration."""

from __future__ import annotations

from ..feature import Feature
from .routes import ROUTES

FEATURE = Feature(name="comparison", title="Before/after comparison", routes=ROUTES)
