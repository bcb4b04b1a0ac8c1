"""The journal's service on the server context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..feature import ServiceKey

if TYPE_CHECKING:
    from .files import AttachmentFiles

ATTACHMENT_FILES: ServiceKey[AttachmentFiles] = ServiceKey("journal_attachment_files")
