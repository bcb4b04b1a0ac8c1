"""The journal's section of the /api/export report: the newest entries, for a language model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .repository.entries import EntryFilter, list_entries

if TYPE_CHECKING:
    from ..context import ServerContext

#: Entries in the report; older ones are counted, not listed (the report is pasted into a chat).
ENTRY_LIMIT = 50
#: Characters of a description; the rest is cut with an ellipsis.
DESCRIPTION_LIMIT = 500


def _one_line(text: str, limit: int) -> str:
    """Return the text on one line, cut to `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


async def journal_section(context: ServerContext, mode: str) -> str | None:
    """Return the journal's newest entries (full mode only); None when there are none."""
    if mode != "full":
        return None
    async with context.database.read() as connection:
        entries = await list_entries(connection, EntryFilter(), ENTRY_LIMIT + 1)
    if not entries:
        return None
    lines = ["## Journal", "", "What the user noted about the line, newest first.", ""]
    for entry in entries[:ENTRY_LIMIT]:
        incident = f" (incident {entry['incident_id']})" if entry["incident_id"] else ""
        lines.append(f"- {entry['date']}: **{_one_line(entry['title'], 200)}**{incident}")
        if entry["description"]:
            lines.append(f"  {_one_line(entry['description'], DESCRIPTION_LIMIT)}")
    if len(entries) > ENTRY_LIMIT:
        lines += ["", f"Older entries are not listed (the newest {ENTRY_LIMIT} are shown)."]
    return "\n".join(lines)
