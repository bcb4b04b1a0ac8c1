"""The modulation feature's declaration."""

from __future__ import annotations

from ..feature import Feature

FEATURE = Feature(name="modulation", title="Modulation")
