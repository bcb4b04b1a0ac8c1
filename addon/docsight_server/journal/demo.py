"""Demo journal: three incidents and a dozen entries on the demo line's bad evenings."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ..demo.episodes import DAY, EPISODE_BLOCK_DAYS, Episode, block_episode
from ..demo.seeders import DemoPlan
from ..storage.bulk import BatchWriter
from .demo_texts import DEMO_INCIDENTS, LOOSE_ENTRY, DemoEntry
from .repository.entries import insert_entry
from .repository.incidents import insert_incident

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from ..context import ServerContext

#: Where the incidents fall when the span has too few severe episodes (days before now).
_FALLBACK_DAYS_AGO = (0.8, 0.45, 0.05)


def _episodes(plan: DemoPlan) -> list[Episode]:
    """Return the episodes that start and end within the plan's span, oldest first."""
    blocks = range(
        plan.start // DAY // EPISODE_BLOCK_DAYS, plan.now // DAY // EPISODE_BLOCK_DAYS + 1
    )
    found = [block_episode(block) for block in blocks]
    return [episode for episode in found if plan.start <= episode.start and episode.end <= plan.now]


def _anchors(plan: DemoPlan) -> tuple[list[int], int]:
    """Return the bad evenings of the three incidents and of the loose entry (epochs)."""
    episodes = _episodes(plan)
    severe = [episode.start for episode in episodes if episode.severe]
    if len(severe) >= 3:
        incidents = [severe[0], severe[len(severe) // 2], severe[-1]]
    else:
        incidents = [plan.days_ago(plan.days * share) for share in _FALLBACK_DAYS_AGO]
    mild = [e.start for e in episodes if not e.severe and incidents[0] < e.start < incidents[1]]
    loose = mild[0] if mild else (incidents[0] + incidents[1]) // 2
    return incidents, loose


def _entry_row(
    entry: DemoEntry, evening: int, zone: ZoneInfo, plan: DemoPlan, incident_id: int | None
) -> dict[str, object]:
    """Return the values of an entry `days_after` an evening (never after today)."""
    written = min(evening + entry.days_after * DAY + 3600, plan.now)
    return {
        "date": datetime.fromtimestamp(written, zone).date().isoformat(),
        "title": entry.title,
        "description": entry.description,
        "icon": entry.icon,
        "incident_id": incident_id,
        "created_at": written,
    }


async def seed_journal(writer: BatchWriter, context: ServerContext, plan: DemoPlan) -> int:
    """Write the demo incidents (open, resolved, escalated) and their entries; return rows."""
    zone = context.local_zone()
    evenings, loose = _anchors(plan)
    written = 0
    async with writer.batch() as connection:
        for incident, evening in zip(DEMO_INCIDENTS, evenings, strict=True):
            first = datetime.fromtimestamp(evening, zone).date()
            last = None if incident.days is None else first + timedelta(days=incident.days)
            values = {
                "name": incident.name,
                "description": incident.description,
                "status": incident.status,
                "start_date": first.isoformat(),
                "end_date": None if last is None else min(last, _today(plan, zone)).isoformat(),
                "icon": incident.icon,
                "created_at": min(evening + 86400, plan.now),
            }
            incident_id = await insert_incident(connection, values, plan.now, is_demo=True)
            for entry in incident.entries:
                row = _entry_row(entry, evening, zone, plan, incident_id)
                await insert_entry(connection, row, plan.now, is_demo=True)
            written += 1 + len(incident.entries)
        await insert_entry(
            connection, _entry_row(LOOSE_ENTRY, loose, zone, plan, None), plan.now, is_demo=True
        )
    return written + 1


def _today(plan: DemoPlan, zone: ZoneInfo) -> date:
    return datetime.fromtimestamp(plan.now, zone).date()
