"""POST /api/config: validation, all-or-nothing saves, secret masking and secrets at rest."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from docsight_server.auth.passwords import verify_password
from docsight_server.config import MASK
from docsight_server.storage.schema import config_entries

from .conftest import ServerFactory
from .harness import RunningServer

ENCRYPTED_PREFIX = "enc:v1:"


async def stored_rows(server: RunningServer) -> dict[str, tuple[Any, int]]:
    """Return every config_entries row as key -> (decoded JSON value, updated_at)."""
    async with server.context.database.read() as connection:
        rows = await connection.execute(select(config_entries))
        return {row.key: (json.loads(row.value), row.updated_at) for row in rows}


def read_sqlite_rows(db_file: Path) -> dict[str, Any]:
    """Read config_entries straight from the SQLite file (blocking: run in an executor)."""
    with sqlite3.connect(db_file) as connection:
        rows = connection.execute("SELECT key, value FROM config_entries").fetchall()
    return {key: json.loads(value) for key, value in rows}


async def read_db_file(data_dir: Path) -> dict[str, Any]:
    """Return the stored config rows of a stopped server's SQLite database."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, read_sqlite_rows, data_dir / "docsight.db")


async def post_config(server: RunningServer, body: Any) -> tuple[int, Any]:
    """POST a JSON body to /api/config; return (status, parsed body)."""
    status, answer, _ = await server.request("POST", "/api/config", json=body)
    return status, answer


async def get_config(server: RunningServer) -> dict[str, Any]:
    """Return the GET /api/config body."""
    status, body, _ = await server.request("GET", "/api/config")
    assert status == 200, body
    return body


# --- validation -----------------------------------------------------------------------------


async def test_empty_object_is_no_data(open_server: RunningServer) -> None:
    """{} is refused with the upstream message "No data"."""
    assert await post_config(open_server, {}) == (400, {"success": False, "error": "No data"})


async def test_empty_body_is_refused(open_server: RunningServer) -> None:
    """A request without a body gets a 400 that says so."""
    status, body, _ = await open_server.request(
        "POST", "/api/config", data=b"", headers={"Content-Type": "application/json"}
    )
    assert status == 400
    assert "empty" in body["error"].lower()


@pytest.mark.parametrize("body", [[{"isp_name": "x"}], "isp_name", 5, None, True])
async def test_non_object_is_refused(open_server: RunningServer, body: Any) -> None:
    """Arrays, strings, numbers, null and booleans are not a settings object."""
    status, answer, _ = await open_server.request(
        "POST",
        "/api/config",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert status == 400
    assert answer["success"] is False
    assert "object" in answer["error"]


async def test_invalid_json_is_refused(open_server: RunningServer) -> None:
    """Malformed JSON gets 400 with a JSON error body."""
    status, body, _ = await open_server.request(
        "POST", "/api/config", data=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert status == 400
    assert body["error"].startswith("Invalid JSON")


async def test_form_body_is_refused(open_server: RunningServer) -> None:
    """A non-JSON content type gets 415."""
    status, body, _ = await open_server.request("POST", "/api/config", data={"isp_name": "x"})
    assert status == 415
    assert "application/json" in body["error"]


@pytest.mark.parametrize("key", ["no_such_setting", "integration_token", "MODEM_TYPE"])
async def test_unknown_key_is_refused(open_server: RunningServer, key: str) -> None:
    """Unknown keys (including internal ones and upper-case names) are named in a 400."""
    status, body = await post_config(open_server, {"isp_name": "Acme", key: "x"})
    assert status == 400
    assert body["success"] is False
    assert key in body["error"]
    assert (await get_config(open_server))["config"]["isp_name"] == ""
    assert await stored_rows(open_server) == {}


@pytest.mark.parametrize(
    "url", ["ftp://192.168.0.1", "javascript:alert(1)", "192.168.0.1", "http://", "file:///etc"]
)
async def test_modem_url_needs_http_or_https(open_server: RunningServer, url: str) -> None:
    """modem_url must be an http(s) URL with a host."""
    status, body = await post_config(open_server, {"modem_url": url})
    assert status == 400
    assert body == {"success": False, "error": "modem_url must be an http:// or https:// URL"}
    assert "modem_url" not in await stored_rows(open_server)


@pytest.mark.parametrize("url", ["http://192.168.100.1", "https://modem.local:8443/path", ""])
async def test_modem_url_accepts_http_https_and_empty(open_server: RunningServer, url: str) -> None:
    """http, https (with port and path) and the empty string are accepted and stored."""
    status, body = await post_config(open_server, {"modem_url": url})
    assert status == 200, body
    assert (await get_config(open_server))["config"]["modem_url"] == url
    assert (await stored_rows(open_server))["modem_url"][0] == url


@pytest.mark.parametrize(
    "zone",
    ["Mars/Olympus_Mons", "../../etc/passwd", "Europe/", "Europe", "America", "x" * 200],
    ids=["unknown", "path", "trailing-slash", "directory", "directory2", "long"],
)
async def test_invalid_timezone_is_refused(open_server: RunningServer, zone: str) -> None:
    """A zone that is not in the IANA database gets exactly the upstream error body."""
    status, body = await post_config(open_server, {"timezone": zone, "isp_name": "Acme"})
    assert (status, body) == (400, {"success": False, "error": "Invalid timezone"})
    assert await stored_rows(open_server) == {}


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/Argentina/Buenos_Aires", "UTC"])
async def test_valid_timezone_is_stored(open_server: RunningServer, zone: str) -> None:
    """IANA zones are accepted, stored and shown."""
    status, body = await post_config(open_server, {"timezone": zone})
    assert status == 200, body
    assert body["changed"] == ["timezone"]
    assert (await get_config(open_server))["config"]["timezone"] == zone
    assert (await stored_rows(open_server))["timezone"][0] == zone


@pytest.mark.parametrize(
    ("sent", "stored"), [(60, 60), (14400, 14400), ("120", 120), (3600.0, 3600)]
)
async def test_poll_interval_in_range_is_stored(
    open_server: RunningServer, sent: object, stored: int
) -> None:
    """poll_interval from 60 to 14400 is stored (numeric strings and whole floats too)."""
    status, body = await post_config(open_server, {"poll_interval": sent})
    assert status == 200, body
    assert (await get_config(open_server))["config"]["poll_interval"] == stored
    assert (await stored_rows(open_server))["poll_interval"][0] == stored


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"poll_interval": "often"}, "poll_interval must be a whole number"),
        ({"poll_interval": 1.5}, "poll_interval must be a whole number"),
        ({"poll_interval": True}, "poll_interval must be a whole number"),
        ({"demo_mode": "maybe"}, "demo_mode must be true or false"),
        ({"demo_mode": 2}, "demo_mode must be true or false"),
        ({"modem_user": ["admin"]}, "modem_user must be a string"),
        ({"modem_user": {"name": "admin"}}, "modem_user must be a string"),
        ({"isp_name": None}, "isp_name must not be null"),
        ({"connection_monitor_loss_warning_pct": "lots"}, "must be a number"),
    ],
)
async def test_wrong_type_is_refused_with_a_message(
    open_server: RunningServer, body: dict[str, Any], message: str
) -> None:
    """A value of the wrong type gets 400 naming the key and the expected type."""
    status, answer = await post_config(open_server, body)
    assert status == 400
    assert answer["success"] is False
    assert message in answer["error"]


async def test_refused_save_changes_nothing(open_server: RunningServer) -> None:
    """A 4xx keeps every stored row and the effective settings exactly as they were."""
    status, _ = await post_config(
        open_server,
        {
            "isp_name": "Before",
            "poll_interval": 300,
            "modem_password": "keep-me",
            "timezone": "Europe/Vienna",
        },
    )
    assert status == 200
    before_config = await get_config(open_server)
    before_rows = await stored_rows(open_server)
    assert set(before_rows) == {"isp_name", "poll_interval", "modem_password", "timezone"}

    bad_bodies: list[Any] = [
        {"isp_name": "After", "poll_interval": "often"},
        {"isp_name": "After", "modem_password": "new", "timezone": "Nowhere/Land"},
        {"isp_name": "After", "modem_url": "ftp://x"},
        {"isp_name": "After", "bogus": 1},
        {"modem_password": None},
        ["isp_name", "After"],
        {},
    ]
    for bad in bad_bodies:
        status, answer = await post_config(open_server, bad)
        assert status == 400, (bad, answer)
        assert await get_config(open_server) == before_config, bad
        assert await stored_rows(open_server) == before_rows, bad
    assert open_server.context.settings.get("modem_password") == "keep-me"


async def test_save_merges_and_reports_changes(open_server: RunningServer) -> None:
    """A save only touches the posted keys and reports which values changed."""
    status, body = await post_config(open_server, {"isp_name": "Acme", "language": "de"})
    assert (status, body["changed"]) == (200, ["isp_name", "language"])
    status, body = await post_config(open_server, {"isp_name": "Acme", "history_days": 30})
    assert (status, body["changed"], body["overridden"]) == (200, ["history_days"], [])
    config = (await get_config(open_server))["config"]
    assert (config["isp_name"], config["language"], config["history_days"]) == ("Acme", "de", 30)
    assert set(await stored_rows(open_server)) == {"isp_name", "language", "history_days"}


async def test_stored_modem_type_configures(open_server: RunningServer) -> None:
    """Saving a modem type turns configured on."""
    assert (await get_config(open_server))["configured"] is False
    status, _ = await post_config(open_server, {"modem_type": "fritzbox"})
    assert status == 200
    assert (await get_config(open_server))["configured"] is True


# --- secrets --------------------------------------------------------------------------------


async def test_secret_is_masked_kept_and_encrypted(open_server: RunningServer) -> None:
    """A saved secret reads back masked, the mask keeps it, and the DB holds only ciphertext."""
    status, body = await post_config(
        open_server, {"modem_user": "admin", "modem_password": "s3cret-Modem!"}
    )
    assert status == 200, body
    assert body["changed"] == ["modem_password", "modem_user"]

    status, _, response = await open_server.request("GET", "/api/config")
    raw = await response.text()
    assert status == 200
    config = json.loads(raw)["config"]
    assert config["modem_password"] == MASK
    assert config["modem_user"] == "admin"
    assert "s3cret-Modem!" not in raw

    status, body = await post_config(open_server, {"modem_password": MASK, "modem_user": "root"})
    assert (status, body["changed"]) == (200, ["modem_user"])
    assert open_server.context.settings.get("modem_password") == "s3cret-Modem!"
    assert (await get_config(open_server))["config"]["modem_user"] == "root"

    rows = await stored_rows(open_server)
    stored = rows["modem_password"][0]
    assert isinstance(stored, str)
    assert stored.startswith(ENCRYPTED_PREFIX)
    assert "s3cret-Modem!" not in stored
    assert rows["modem_user"][0] == "root"
    assert open_server.context.secrets.decrypt(stored) == "s3cret-Modem!"


async def test_mask_alone_changes_nothing(open_server: RunningServer) -> None:
    """Posting only the mask for a secret is accepted and stores nothing new."""
    status, _ = await post_config(open_server, {"mqtt_password": "broker-pw"})
    assert status == 200
    before = await stored_rows(open_server)
    status, body = await post_config(open_server, {"mqtt_password": MASK})
    assert (status, body["changed"]) == (200, [])
    assert await stored_rows(open_server) == before
    assert open_server.context.settings.get("mqtt_password") == "broker-pw"


async def test_empty_secret_clears_it(open_server: RunningServer) -> None:
    """Posting "" removes a secret: GET shows "" and the stored value is empty."""
    await post_config(open_server, {"notify_webhook_token": "tok"})
    status, body = await post_config(open_server, {"notify_webhook_token": ""})
    assert (status, body["changed"]) == (200, ["notify_webhook_token"])
    assert (await get_config(open_server))["config"]["notify_webhook_token"] == ""
    assert open_server.context.settings.get("notify_webhook_token") == ""
    assert (await stored_rows(open_server))["notify_webhook_token"][0] == ""


async def test_every_secret_key_is_encrypted(open_server: RunningServer) -> None:
    """Each secret config key is stored encrypted and shown masked."""
    secrets = {
        "modem_password": "pw-modem",
        "mqtt_password": "pw-mqtt",
        "speedtest_tracker_token": "pw-speed",
        "notify_webhook_token": "pw-hook",
    }
    status, _ = await post_config(open_server, secrets)
    assert status == 200
    rows = await stored_rows(open_server)
    config = (await get_config(open_server))["config"]
    for key, plain in secrets.items():
        assert rows[key][0].startswith(ENCRYPTED_PREFIX), key
        assert plain not in rows[key][0], key
        assert config[key] == MASK, key
        assert open_server.context.settings.get(key) == plain, key


async def test_secret_survives_restart(server_factory: ServerFactory, tmp_path: Path) -> None:
    """A second server on the same data dir decrypts the stored secret."""
    data_dir = tmp_path / "data"
    async with server_factory(data_dir=data_dir) as server:
        status, _ = await post_config(server, {"modem_password": "persist-me"})
        assert status == 200
    on_disk = await read_db_file(data_dir)
    assert on_disk["modem_password"].startswith(ENCRYPTED_PREFIX)
    assert "persist-me" not in on_disk["modem_password"]

    async with server_factory(data_dir=data_dir) as server:
        assert server.context.settings.get("modem_password") == "persist-me"
        assert (await get_config(server))["config"]["modem_password"] == MASK


async def test_replaced_key_file_loses_secret_without_crashing(
    server_factory: ServerFactory, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """With a new .config_key the old ciphertext is unreadable: logged, treated as unset."""
    data_dir = tmp_path / "data"
    async with server_factory(data_dir=data_dir) as server:
        assert (await post_config(server, {"modem_password": "old-key"}))[0] == 200
    (data_dir / ".config_key").unlink()
    with caplog.at_level(logging.ERROR):
        async with server_factory(data_dir=data_dir) as server:
            assert server.context.settings.get("modem_password") == ""
            assert (await get_config(server))["config"]["modem_password"] == ""
    assert any("decrypt" in r.getMessage() for r in caplog.records)


async def test_admin_password_is_stored_as_scrypt_hash(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """Setting admin_password stores a scrypt hash, never the password, and turns auth on."""
    data_dir = tmp_path / "data"
    async with server_factory(data_dir=data_dir) as server:
        status, body = await post_config(server, {"admin_password": "Tr0ub4dor&3"})
        assert status == 200, body
        assert body["changed"] == ["admin_password"]
        stored = (await stored_rows(server))["admin_password"][0]
        # The API is no longer open once a password exists.
        status, _, _ = await server.request("GET", "/api/config")
        assert status == 401
    assert stored.startswith("scrypt$")
    assert "Tr0ub4dor&3" not in stored
    assert verify_password("Tr0ub4dor&3", stored)
    assert not verify_password("wrong", stored)

    on_disk = await read_db_file(data_dir)
    assert on_disk["admin_password"] == stored
    async with server_factory(data_dir=data_dir) as server:
        assert server.context.auth.required
        assert server.context.settings.get("admin_password") == stored
        status, body, _ = await server.request("GET", "/api/config")
        assert (status, body) == (401, {"error": "Authentication required"})


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity", '"nan"', '"inf"'])
async def test_non_finite_numbers_are_refused(open_server: RunningServer, raw: str) -> None:
    """NaN and infinities are not numbers a setting can hold (GET must stay strict JSON)."""
    status, body, _ = await open_server.request(
        "POST",
        "/api/config",
        data=f'{{"connection_monitor_loss_warning_pct": {raw}}}'.encode(),
        headers={"Content-Type": "application/json"},
    )
    assert status == 400
    assert body["success"] is False
    assert "connection_monitor_loss_warning_pct must be a number" in body["error"]
    status, _, response = await open_server.request("GET", "/api/config")
    text = await response.text()
    assert status == 200
    assert json.loads(text, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))


async def test_config_describes_how_each_key_is_edited(open_server: RunningServer) -> None:
    """`fields` follows each key's declaration: type, secrecy, range and longest text."""
    status, body, _ = await open_server.request("GET", "/api/config")
    assert status == 200
    fields = body["fields"]
    assert list(fields) == list(body["config"])
    assert fields["mqtt_port"] == {
        "type": "integer",
        "secret": False,
        "minimum": 1,
        "maximum": 65535,
    }
    assert fields["mqtt_password"]["secret"] is True
    assert fields["modem_url"]["url"] is True
    assert fields["modem_url"]["max_length"] == 2048
    assert fields["demo_mode"] == {"type": "boolean", "secret": False}
    assert fields["connection_monitor_loss_warning_pct"]["type"] == "number"
    assert "integration_token" not in fields
