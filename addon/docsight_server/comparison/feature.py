"""The before/after comparison feature's declaration."""

from __future__ import annotations

from ..feature import Feature

FEATURE = Feature(name="comparison", title="Before/after comparison")
