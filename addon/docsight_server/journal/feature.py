"""The journal's declaration: entries, attachments, import/export and incidents."""

from __future__ import annotations

from pathlib import Path

from ..feature import Feature, Page, ServiceDef
from .demo import seed_journal
from .files import AttachmentFiles
from .keys import ATTACHMENT_FILES
from .llm_section import journal_section
from .routes import ROUTES
from .schema import incidents, journal_attachments, journal_entries
from .windows import incident_keep_windows

WEB = Path(__file__).parent / "web"

FEATURE = Feature(
    name="journal",
    title="Journal and incidents",
    routes=ROUTES,
    # the sweep after a demo-mode change removes files of entries purged with the demo data
    services=(ServiceDef(ATTACHMENT_FILES, AttachmentFiles, ("demo_mode",)),),
    tables=(incidents, journal_entries, journal_attachments),
    demo_tables=(journal_attachments, journal_entries, incidents),
    demo_seeders=(("journal", seed_journal),),
    keep_windows=(incident_keep_windows,),
    export_sections=(("journal", journal_section),),
    pages=(
        Page("journal", "Journal", WEB / "journal"),
        Page("incidents", "Incidents", WEB / "incidents"),
    ),
)
