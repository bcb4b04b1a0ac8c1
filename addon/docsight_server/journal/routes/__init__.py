"""The journal's routes: entries, attachments, export/import and incidents."""

from __future__ import annotations

from . import attachments, entries, incidents, transfer

ROUTES = (*entries.ROUTES, *attachments.ROUTES, *transfer.ROUTES, *incidents.ROUTES)
