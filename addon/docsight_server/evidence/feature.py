"""The evidence feature's declaration."""

from __future__ import annotations

from ..feature import Feature
from .routes import ROUTES

FEATURE = Feature(name="evidence", title="Evidence", routes=ROUTES)
