"""The journal's declaration: entries, attachments, import/export and incidents."""

from __future__ import annotations

from ..feature import Feature
from .schema import incidents, journal_attachments, journal_entries

FEATURE = Feature(
    name="journal",
    title="Journal and incidents",
    tables=(incidents, journal_entries, journal_attachments),
    demo_tables=(journal_attachments, journal_entries, incidents),
)
