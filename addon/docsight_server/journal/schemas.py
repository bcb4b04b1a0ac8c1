"""What the journal routes answer: entries, attachments, incidents, timelines and imports."""

from __future__ import annotations

from ..http.schema import (
    BOOLEAN,
    INTEGER,
    STRING,
    TIMESTAMP,
    JsonSchema,
    array,
    enum,
    nullable,
    obj,
)
from .validation import STATUSES

DATE: JsonSchema = {"type": "string", "format": "date", "description": "Local date YYYY-MM-DD"}

ENTRY: JsonSchema = obj(
    {
        "id": INTEGER,
        "date": DATE,
        "title": STRING,
        "description": STRING,
        "icon": nullable(STRING),
        "incident_id": nullable(INTEGER),
        "created_at": TIMESTAMP,
        "updated_at": TIMESTAMP,
        "attachment_count": INTEGER,
    }
)
ATTACHMENT: JsonSchema = obj(
    {
        "id": INTEGER,
        "filename": {**STRING, "description": "The uploaded file's name (display text only)"},
        "mime_type": {**STRING, "description": "Detected from the file's bytes"},
        "size": {**INTEGER, "description": "Bytes"},
        "created_at": TIMESTAMP,
    }
)
ENTRY_DETAIL: JsonSchema = {
    **ENTRY,
    "properties": {**ENTRY["properties"], "attachments": array(ATTACHMENT)},
    "required": [*ENTRY["required"], "attachments"],
}
ENTRIES: JsonSchema = array(ENTRY)

INCIDENT: JsonSchema = obj(
    {
        "id": INTEGER,
        "name": STRING,
        "description": STRING,
        "status": enum(STATUSES),
        "start_date": nullable(DATE),
        "end_date": nullable(DATE),
        "icon": nullable(STRING),
        "created_at": TIMESTAMP,
        "updated_at": TIMESTAMP,
        "entry_count": INTEGER,
    }
)
INCIDENTS: JsonSchema = array(INCIDENT)

CORRELATION_ENTRY: JsonSchema = {
    **obj({"timestamp": TIMESTAMP, "source": STRING}),
    "description": "A correlation row (fields by source, as GET /api/correlation gives them)",
}
TIMELINE: JsonSchema = obj(
    {
        "incident": INCIDENT,
        "entries": array(ENTRY),
        "timeline": array(CORRELATION_ENTRY),
        "bnetz": array(obj()),
        "window": nullable(
            obj({"from": TIMESTAMP, "to": TIMESTAMP, "truncated": BOOLEAN}),
        ),
    }
)

CREATED: JsonSchema = obj({"id": INTEGER})
DELETED: JsonSchema = obj({"deleted": INTEGER})
UPDATED: JsonSchema = obj({"updated": {**INTEGER, "description": "Entries that changed"}})
IMPORTED: JsonSchema = obj(
    {
        "imported": INTEGER,
        "duplicates": {**INTEGER, "description": "Rows skipped: same date and title"},
    }
)

PREVIEW_ROW: JsonSchema = obj(
    {
        "idx": INTEGER,
        "date": nullable(STRING),
        "title": STRING,
        "description": STRING,
        "raw": array(STRING),
        "duplicate": BOOLEAN,
        "skipped": BOOLEAN,
    },
    {"reason": STRING, "raw_date": STRING},
)
IMPORT_PREVIEW: JsonSchema = obj(
    {
        "columns": array(STRING),
        "sample_headers": array(STRING),
        "mapping": obj(
            {"date": nullable(STRING), "title": nullable(STRING), "description": nullable(STRING)}
        ),
        "rows": array(PREVIEW_ROW),
        "total": INTEGER,
        "skipped": INTEGER,
        "duplicates": INTEGER,
    }
)

FILE: JsonSchema = {"type": "string", "format": "binary"}
UPLOAD_FORM: JsonSchema = {
    "type": "object",
    "properties": {"file": FILE},
    "required": ["file"],
}
