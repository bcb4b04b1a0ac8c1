"""The retention condition shared by the history tables: old rows outside the keep windows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_


def older_outside_windows(
    ts: ColumnElement[Any], cutoff: int, keep: Sequence[tuple[int, int]]
) -> ColumnElement[bool]:
    """Return "ts < cutoff and ts outside every [start, end] keep window"."""
    condition: ColumnElement[bool] = ts < cutoff
    for start, end in keep:
        condition = and_(condition, ~ts.between(start, end))
    return condition
