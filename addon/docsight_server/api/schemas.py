"""What the core routes answer: JSON Schemas for the OpenAPI document and the route tests."""

from __future__ import annotations

from ..http.schema import (
    ANY,
    BOOLEAN,
    FLAG,
    INTEGER,
    NUMBER,
    STRING,
    TIMESTAMP,
    TRUE,
    JsonSchema,
    array,
    enum,
    mapping,
    nullable,
    obj,
)

HEALTH = obj({"status": {"const": "ok"}, "docsis_health": STRING, "version": STRING})
INSTANCE = obj(
    {
        "instance_id": STRING,
        "name": STRING,
        "version": STRING,
        "api_version": INTEGER,
        "demo_mode": BOOLEAN,
        "modem_type": nullable(STRING),
    }
)
OPENAPI_DOCUMENT = obj(
    {
        "openapi": STRING,
        "info": obj({"title": STRING, "version": STRING}),
        "paths": mapping({"type": "object"}),
    }
)

#: How a form edits one key: its type, whether it is masked, its range or longest text.
SETTING_FIELD = obj(
    {"type": enum(("boolean", "integer", "number", "string")), "secret": BOOLEAN},
    optional={
        "minimum": NUMBER,
        "maximum": NUMBER,
        "max_length": INTEGER,
        "url": BOOLEAN,
        "path": BOOLEAN,
    },
)
CONFIG = obj(
    {
        "config": mapping(ANY),
        "locked": mapping(enum(("options", "environment"))),
        "configured": BOOLEAN,
        "demo_mode": BOOLEAN,
        "fields": mapping(SETTING_FIELD),
    }
)
#: Any subset of the settings keys; the mask value keeps a stored secret.
CONFIG_CHANGES: JsonSchema = {
    "type": "object",
    "description": "Any subset of config keys; the mask value keeps a stored secret.",
    "additionalProperties": True,
}
CONFIG_SAVED = obj({"success": TRUE, "changed": array(STRING), "overridden": array(STRING)})

TOKEN = obj(
    {
        "id": INTEGER,
        "name": STRING,
        "token_prefix": STRING,
        "kind": STRING,
        "created_at": TIMESTAMP,
        "last_used_at": nullable(TIMESTAMP),
        "revoked": FLAG,
    }
)
TOKENS = obj({"tokens": array(TOKEN)})
TOKEN_CREATED = obj({"id": INTEGER, "token": STRING, "name": STRING})

DEMO_STATE = obj({"success": BOOLEAN, "demo_mode": BOOLEAN, "status": STRING})
DEMO_LEFT = obj({"success": TRUE, "purged": INTEGER, "next": STRING})

LOGIN_FORM = obj({"password": STRING, "csrf_token": STRING})
