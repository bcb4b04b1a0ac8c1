"""The evidence feature's declaration."""

from __future__ import annotations

from ..feature import Feature

FEATURE = Feature(name="evidence", title="Evidence")
