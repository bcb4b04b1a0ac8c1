"""The analyzer entry points: driver payload or stored records in, AnalysisResult out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .assess import assess_channels
from .channels import normalize
from .summary import summarize

#: Bumped whenever the meaning of stored analysis fields changes.
ANALYZER_SCHEMA = 3


def analyze(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Return {"summary", "ds_channels", "us_channels"} for a split or flat driver payload."""
    ds, us = normalize(raw)
    assess_channels(ds, us)
    return {"summary": summarize(ds, us, detail=True), "ds_channels": ds, "us_channels": us}


def analyze_records(
    ds: Iterable[Mapping[str, Any]], us: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    """Re-assess copies of already normalised records and return a full AnalysisResult."""
    ds_records = [dict(record) for record in ds]
    us_records = [dict(record) for record in us]
    assess_channels(ds_records, us_records)
    return {
        "summary": summarize(ds_records, us_records, detail=True),
        "ds_channels": ds_records,
        "us_channels": us_records,
    }
