"""One channel's history as a JSON array built inside SQLite (no Python object per value).

Used when the answer needs no Python work: one series, counters that never drop in the window
(nothing to unwrap) and no gaps in them. Everything else takes the general path.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from .sqlite_driver import sqlite_fetchall

HISTORY_JSON_SQL = """
SELECT
  json_group_array(json_object(
    'timestamp', strftime('%Y-%m-%dT%H:%M:%SZ', s.ts, 'unixepoch'),
    'power', s.power / 100.0,
    'snr', s.snr / 100.0,
    'correctable_errors', s.corrected,
    'uncorrectable_errors', s.uncorrected,
    'modulation', m.name,
    'health', CASE s.health WHEN 1 THEN 'tolerated' WHEN 2 THEN 'warning'
                            WHEN 3 THEN 'critical' ELSE 'good' END)),
  COUNT(*),
  SUM(s.corrected < s.prev_corrected OR s.uncorrected < s.prev_uncorrected),
  COUNT(s.corrected), COUNT(s.uncorrected)
FROM (
  SELECT *,
    LAG(corrected) OVER (ORDER BY ts) AS prev_corrected,
    LAG(uncorrected) OVER (ORDER BY ts) AS prev_uncorrected
  FROM channel_samples
  WHERE series_id = ? AND ts BETWEEN ? AND ?
  ORDER BY ts
) AS s
LEFT JOIN modulation_names AS m ON m.id = s.modulation
"""


async def channel_history_json(
    connection: AsyncConnection, series_id: int, start: int, end: int
) -> str | None:
    """Return the points of one series as JSON text, or None when Python has to build them."""
    if connection.dialect.name != "sqlite":
        return None
    rows = await sqlite_fetchall(connection, HISTORY_JSON_SQL, (series_id, start, end))
    if not rows:
        return None
    text, total, drops, corrected, uncorrected = rows[0]
    if drops or corrected not in (0, total) or uncorrected not in (0, total):
        return None  # a roll-over to unwrap, or gaps the unwrap rules must skip
    return str(text)
