"""The features this server is built from, in order (the order routes and sources appear in)."""

from __future__ import annotations

from .api.feature import FEATURE as CORE
from .comparison.feature import FEATURE as COMPARISON
from .connmon.feature import FEATURE as CONNECTION_MONITOR
from .evidence.feature import FEATURE as EVIDENCE
from .feature import Feature
from .journal.feature import FEATURE as JOURNAL
from .lan.feature import FEATURE as LAN_DEVICES
from .modulation.feature import FEATURE as MODULATION
from .reports.feature import FEATURE as REPORTS
from .signal.feature import FEATURE as SIGNAL

FEATURES: tuple[Feature, ...] = (
    CORE,
    SIGNAL,
    CONNECTION_MONITOR,
    LAN_DEVICES,
    JOURNAL,
    COMPARISON,
    MODULATION,
    REPORTS,
    EVIDENCE,
)
