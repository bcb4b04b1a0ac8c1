"""POST /api/config refuses what it cannot keep safely: folders outside the allowed roots,
over-long text and numbers outside their range (400 naming the limit; nothing is stored)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from docsight_server.config import Setting, allowed_roots
from docsight_server.runtime import load_runtime
from docsight_server.storage.config_repo import save_config
from docsight_server.storage.schema import config_entries

from .conftest import ServerFactory
from .harness import RunningServer

PATH_KEYS = ("backup_path", "bnetz_watch_dir")


async def post_config(server: RunningServer, body: Any) -> tuple[int, Any]:
    """POST a JSON body to /api/config; return (status, parsed body)."""
    status, answer, _ = await server.request("POST", "/api/config", json=body)
    return status, answer


async def stored_keys(server: RunningServer) -> set[str]:
    """Return the keys that have a stored row."""
    async with server.context.database.read() as connection:
        rows = await connection.execute(select(config_entries.c.key))
        return {row.key for row in rows}


def data_dir(server: RunningServer) -> Path:
    """Return the server's data dir."""
    return server.context.runtime.data_dir


# --- folders ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", PATH_KEYS)
@pytest.mark.parametrize(
    "value",
    ["../../../../etc", "/etc", "{data}/../../../../etc", "{data}/../elsewhere", "", "backups"],
    ids=["relative-dotdot", "etc", "data-dotdot", "sibling", "empty", "relative"],
)
async def test_path_outside_the_roots_is_refused(
    open_server: RunningServer, key: str, value: str
) -> None:
    """backup_path "../../../../etc" and bnetz_watch_dir "/etc" are 400s naming the roots."""
    status, body = await post_config(
        open_server, {"isp_name": "Acme", key: value.format(data=data_dir(open_server))}
    )
    assert status == 400, body
    assert body == {
        "success": False,
        "error": f"{key} must be a folder inside {data_dir(open_server)}",
    }
    assert await stored_keys(open_server) == set()
    assert open_server.context.settings.get("isp_name") == ""


async def test_symbolic_link_out_of_the_roots_is_refused(open_server: RunningServer) -> None:
    """A link inside the data dir that points elsewhere is judged by where it points."""
    outside = data_dir(open_server).parent / "outside"
    outside.mkdir()
    link = data_dir(open_server) / "looks-inside"
    link.symlink_to(outside)
    status, body = await post_config(open_server, {"backup_path": str(link / "backups")})
    assert status == 400, body
    assert body["error"].startswith("backup_path must be a folder inside")
    assert "backup_path" not in await stored_keys(open_server)


async def test_path_inside_the_roots_is_stored_resolved(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """Folders inside the data dir or a PATH_ROOTS root are stored with `..` resolved."""
    share = tmp_path / "share"
    async with server_factory({"PATH_ROOTS": str(share)}) as server:
        inside = data_dir(server) / "x" / ".." / "backups"
        status, body = await post_config(
            server, {"backup_path": str(inside), "bnetz_watch_dir": f"{share}/bnetz/"}
        )
        assert status == 200, body
        settings = server.context.settings
        assert settings.get("backup_path") == os.path.realpath(data_dir(server) / "backups")
        assert settings.get("bnetz_watch_dir") == os.path.realpath(share / "bnetz")
        status, body = await post_config(server, {"backup_path": "/etc"})
        assert status == 400
        assert body["error"] == f"backup_path must be a folder inside {data_dir(server)}, {share}"


@pytest.mark.parametrize(
    ("key", "default"), [("backup_path", "/backup"), ("bnetz_watch_dir", "/data/bnetz")]
)
async def test_declared_default_is_always_accepted(
    open_server: RunningServer, key: str, default: str
) -> None:
    """A client sending back the default (e.g. the whole GET answer) is not refused."""
    status, body = await post_config(open_server, {key: default})
    assert status == 200, body


def test_add_on_roots_are_backup_share_and_data(tmp_path: Path) -> None:
    """Under the Supervisor /backup and /share are roots besides the data dir; else only it."""
    supervised = load_runtime({"DATA_DIR": str(tmp_path), "SUPERVISOR_TOKEN": "t"})
    assert allowed_roots(supervised) == (tmp_path, Path("/backup"), Path("/share"))
    assert allowed_roots(load_runtime({"DATA_DIR": str(tmp_path)})) == (tmp_path,)
    extra = load_runtime({"DATA_DIR": str(tmp_path), "PATH_ROOTS": f"/srv/a{os.pathsep}/srv/b"})
    assert allowed_roots(extra) == (tmp_path, Path("/srv/a"), Path("/srv/b"))


async def test_stored_path_outside_the_roots_is_ignored_at_start(
    server_factory: ServerFactory,
) -> None:
    """A folder an older version accepted ("/etc") falls back to the default at start."""
    async with server_factory() as server, server.context.database.transaction() as connection:
        await save_config(connection, {"backup_path": "/etc", "bnetz_watch_dir": "/etc"})
    async with server_factory() as server:
        assert server.context.settings.get("backup_path") == "/backup"
        assert server.context.settings.get("bnetz_watch_dir") == "/data/bnetz"


# --- text --------------------------------------------------------------------------------------


async def test_huge_text_is_refused(open_server: RunningServer) -> None:
    """isp_name of 7.9 MB is refused (by the length cap, or a body cap before it)."""
    status, body = await post_config(open_server, {"isp_name": "x" * 7_900_000})
    assert status in (400, 413), body
    assert await stored_keys(open_server) == set()
    assert open_server.context.settings.get("isp_name") == ""


@pytest.mark.parametrize(
    ("key", "limit"),
    [
        ("isp_name", 256),
        ("modem_user", 256),
        ("modem_url", 2048),
        ("modem_password", 1024),
        ("report_customer_address", 1024),
        ("backup_path", 1024),
    ],
)
async def test_text_longer_than_its_limit_is_refused(
    open_server: RunningServer, key: str, limit: int
) -> None:
    """Every text setting has a length cap; one character more is a 400 that names it."""
    prefix = "http://x/" if key == "modem_url" else ""
    status, body = await post_config(open_server, {key: prefix + "x" * (limit + 1 - len(prefix))})
    assert (status, body) == (
        400,
        {"success": False, "error": f"{key} must be at most {limit} characters"},
    )
    assert await stored_keys(open_server) == set()


async def test_text_at_its_limit_is_stored(open_server: RunningServer) -> None:
    """Exactly the limit is fine."""
    status, body = await post_config(open_server, {"isp_name": "x" * 256})
    assert status == 200, body
    assert open_server.context.settings.get("isp_name") == "x" * 256


async def test_stored_over_long_text_is_ignored_at_start(server_factory: ServerFactory) -> None:
    """Text an older version stored beyond the cap falls back to the default at start."""
    async with server_factory() as server, server.context.database.transaction() as connection:
        await save_config(connection, {"isp_name": "x" * 100_000, "language": "de"})
    async with server_factory() as server:
        assert server.context.settings.get("isp_name") == ""
        assert server.context.settings.get("language") == "de"


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"history_days": -1}, "history_days must be between 0 and 3650"),
        ({"history_days": 3651}, "history_days must be between 0 and 3650"),
        ({"poll_interval": 1e30}, "poll_interval must be between 60 and 14400"),
        ({"poll_interval": 10**30}, "poll_interval must be between 60 and 14400"),
        ({"poll_interval": 59}, "poll_interval must be between 60 and 14400"),
        ({"poll_interval": "14401"}, "poll_interval must be between 60 and 14400"),
        ({"mqtt_port": 0}, "mqtt_port must be between 1 and 65535"),
        ({"booked_download": -5}, "booked_download must be between 0 and 100000"),
        ({"notify_cooldown": -1}, "notify_cooldown must be between 0 and 2592000"),
        ({"connection_monitor_loss_warning_pct": 100.5}, "between 0 and 100"),
        ({"lan_rtd_loss_warning_pct": -0.1}, "lan_rtd_loss_warning_pct must be between 0 and 100"),
        ({"health_hysteresis": 101}, "health_hysteresis must be between 0 and 100"),
    ],
)
async def test_number_out_of_range_is_refused_not_clamped(
    open_server: RunningServer, body: dict[str, Any], message: str
) -> None:
    """history_days -1 and poll_interval 1e30 are 400s with the allowed range."""
    status, answer = await post_config(open_server, {"isp_name": "Acme", **body})
    assert status == 400, answer
    assert answer["success"] is False
    assert message in answer["error"]
    assert await stored_keys(open_server) == set()
    key = next(iter(body))
    assert (
        open_server.context.settings.get(key) == open_server.context.settings.schema.defaults[key]
    )


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity", "1e400"])
@pytest.mark.parametrize("key", ["poll_interval", "connection_monitor_loss_warning_pct"])
async def test_non_finite_numbers_are_refused(
    open_server: RunningServer, key: str, raw: str
) -> None:
    """NaN and infinities (as JSON literals or overflowing numbers) are never stored."""
    status, body, _ = await open_server.request(
        "POST",
        "/api/config",
        data=f'{{"{key}": {raw}}}'.encode(),
        headers={"Content-Type": "application/json"},
    )
    assert status == 400, body
    assert key not in await stored_keys(open_server)


@pytest.mark.parametrize("value", [True, 1.5, "sixty"])
async def test_non_whole_numbers_are_refused(open_server: RunningServer, value: object) -> None:
    """Booleans, fractions and words are not whole numbers."""
    status, body = await post_config(open_server, {"history_days": value})
    assert (status, body) == (
        400,
        {"success": False, "error": "history_days must be a whole number"},
    )


async def test_bad_key_keeps_everything_stored(open_server: RunningServer) -> None:
    """One bad key refuses the whole body; what was stored stays as it was."""
    assert (await post_config(open_server, {"isp_name": "Before", "history_days": 30}))[0] == 200
    status, _ = await post_config(
        open_server,
        {"isp_name": "After", "history_days": -1, "backup_path": str(data_dir(open_server))},
    )
    assert status == 400
    settings = open_server.context.settings
    assert (settings.get("isp_name"), settings.get("history_days")) == ("Before", 30)
    assert await stored_keys(open_server) == {"isp_name", "history_days"}


async def test_stored_number_out_of_range_is_clamped_at_start(
    server_factory: ServerFactory,
) -> None:
    """A number an older version stored out of range never stops a start: it is clamped."""
    async with server_factory() as server, server.context.database.transaction() as connection:
        await save_config(connection, {"poll_interval": 5, "history_days": -1})
    async with server_factory() as server:
        assert server.context.settings.get("poll_interval") == 60
        assert server.context.settings.get("history_days") == 0
        status, body, _ = await server.request("GET", "/api/config")
        assert status == 200
        assert json.dumps(body)


# --- declarations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"key": "n", "default": 5}, "needs limits"),
        ({"key": "f", "default": 1.5}, "needs limits"),
        ({"key": "n", "default": 5, "limits": (6, 9)}, "inside them"),
        ({"key": "t", "default": "x", "limits": (0, 1)}, "inside them"),
        ({"key": "p", "default": 0, "limits": (0, 1), "path": True}, "text"),
    ],
)
def test_declaration_without_a_range_is_refused(kwargs: dict[str, Any], message: str) -> None:
    """A number without limits cannot be declared, so no setting takes any number."""
    with pytest.raises(ValueError, match=message):
        Setting(**kwargs)


def test_text_limits_by_kind() -> None:
    """Text 256, URLs 2048, secrets and paths 1024, or what the declaration says."""
    assert Setting("t", "").text_limit == 256
    assert Setting("u", "", url=True).text_limit == 2048
    assert Setting("s", "", secret=True).text_limit == 1024
    assert Setting("p", "/x", path=True).text_limit == 1024
    assert Setting("l", "", max_length=10_000).text_limit == 10_000


async def test_trusted_proxies_must_be_addresses_or_ranges(open_server: RunningServer) -> None:
    """A trusted-proxy list with an entry that is no address is refused, naming the entry."""
    status, body = await post_config(open_server, {"trusted_proxies": "10.0.0.0/8, proxy.lan"})
    assert status == 400
    assert "proxy.lan" in body["error"]
    assert await stored_keys(open_server) == set()
    many = ", ".join(f"fd00:{n:x}::/64" for n in range(60))
    status, _ = await post_config(open_server, {"trusted_proxies": many})
    assert status == 200
