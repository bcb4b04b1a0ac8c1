"""SQL expressions that format values in the database (C speed) for both dialects."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class iso_utc_text(FunctionElement[str]):
    """Epoch seconds as ISO 8601 UTC text with a Z suffix."""

    type = String()
    inherit_cache = True


@compiles(iso_utc_text, "sqlite")
def _iso_sqlite(element: iso_utc_text, compiler: Any, **kw: Any) -> str:
    argument = compiler.process(element.clauses, **kw)
    return f"strftime('%Y-%m-%dT%H:%M:%SZ', {argument}, 'unixepoch')"


@compiles(iso_utc_text, "postgresql")
def _iso_postgresql(element: iso_utc_text, compiler: Any, **kw: Any) -> str:
    argument = compiler.process(element.clauses, **kw)
    return f"to_char(to_timestamp({argument}) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
