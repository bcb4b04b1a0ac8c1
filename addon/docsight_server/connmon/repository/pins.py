"""Pinned days: local calendar days whose samples retention keeps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from datetime import time as clock_time
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from ...storage.database import Database
from ..schema import cm_pinned_days


def local_zone() -> tzinfo:
    """Return the zone of this machine's clock."""
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


class PinnedDays:
    """Pins and unpins days; a pinned day keeps its span in epoch seconds as of pinning."""

    def __init__(
        self, database: Database, clock: Callable[[], float], zone: Callable[[], tzinfo]
    ) -> None:
        """Use `database`; `clock` gives "now" and `zone` the zone of the calendar days."""
        self.database = database
        self._clock = clock
        self._zone = zone

    async def all(self) -> list[dict[str, Any]]:
        """Return the pinned days, newest first."""
        async with self.database.read() as connection:
            rows = (
                await connection.execute(
                    select(cm_pinned_days).order_by(cm_pinned_days.c.day.desc())
                )
            ).all()
        return [
            {
                "date": row.day,
                "label": row.label,
                "created_at": row.created_at,
                "utc_start": row.utc_start,
                "utc_end": row.utc_end,
            }
            for row in rows
        ]

    async def pin(self, day: date, label: str) -> bool:
        """Pin a local calendar day so retention keeps it; False if it was pinned already."""
        zone = self._zone()
        first = int(datetime.combine(day, clock_time.min, zone).timestamp())
        after = int(datetime.combine(day + timedelta(days=1), clock_time.min, zone).timestamp())
        text = day.isoformat()
        try:
            async with self.database.transaction() as connection:
                exists = (
                    await connection.execute(
                        select(cm_pinned_days.c.day).where(cm_pinned_days.c.day == text)
                    )
                ).first()
                if exists is not None:
                    return False
                await connection.execute(
                    insert(cm_pinned_days).values(
                        day=text,
                        label=label,
                        created_at=int(self._clock()),
                        utc_start=first,
                        utc_end=after,
                    )
                )
        except IntegrityError:
            return False  # pinned by a concurrent request between the check and the insert
        return True

    async def unpin(self, day: date) -> bool:
        """Unpin a day; False if it was not pinned."""
        async with self.database.transaction() as connection:
            result = await connection.execute(
                delete(cm_pinned_days).where(cm_pinned_days.c.day == day.isoformat())
            )
        return result.rowcount > 0
