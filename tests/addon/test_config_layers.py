"""Config precedence: defaults < stored config < add-on options < environment."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from docsight_server.config import (
    MASK,
    Settings,
    Source,
    environment_layer,
    options_layer,
)
from docsight_server.features import FEATURES
from docsight_server.registries import build_registries
from docsight_server.runtime import load_runtime, read_options_file

from .conftest import ServerFactory
from .harness import RunningServer

SCHEMA = build_registries(FEATURES).settings
DEFAULTS = SCHEMA.defaults

# --- the layers as plain objects -----------------------------------------------------------


def test_defaults_apply_when_no_layer_sets_a_key() -> None:
    """With every layer empty, each key has its default and the default source."""
    settings = Settings({}, {}, {}, schema=SCHEMA)
    for key, default in DEFAULTS.items():
        assert settings.get(key) == default
        assert settings.source(key) is Source.DEFAULT
    assert settings.locked() == {}
    assert settings.configured is False


def test_each_layer_overrides_the_ones_below() -> None:
    """Stored beats defaults, options beat stored, environment beats options."""
    settings = Settings(
        stored={"isp_name": "stored", "modem_url": "http://stored", "language": "de"},
        options={"modem_url": "http://options", "language": "fr"},
        environment={"language": "es"},
        schema=SCHEMA,
    )
    assert settings.get("history_days") == DEFAULTS["history_days"]
    assert settings.get("isp_name") == "stored"
    assert settings.source("isp_name") is Source.STORED
    assert settings.get("modem_url") == "http://options"
    assert settings.source("modem_url") is Source.OPTIONS
    assert settings.get("language") == "es"
    assert settings.source("language") is Source.ENVIRONMENT
    assert settings.locked() == {"modem_url": "options", "language": "environment"}


def test_stored_update_does_not_beat_options_or_environment() -> None:
    """Saving a stored value changes the effective value only where nothing overrides it."""
    settings = Settings({}, {"modem_type": "cm1000"}, {"isp_name": "env"}, schema=SCHEMA)
    settings.update_stored({"modem_type": "sb6183", "isp_name": "stored", "timezone": "UTC"})
    assert settings.get("modem_type") == "cm1000"
    assert settings.get("isp_name") == "env"
    assert settings.get("timezone") == "UTC"
    settings.update_stored({}, removed=("timezone",))
    assert settings.get("timezone") == DEFAULTS["timezone"]
    assert settings.source("timezone") is Source.DEFAULT


@pytest.mark.parametrize(
    ("layers", "configured"),
    [
        (({}, {}, {}), False),
        (({"modem_type": "cm1000"}, {}, {}), True),
        (({}, {"modem_type": "cm1000"}, {}), True),
        (({}, {}, {"modem_type": "fritzbox"}), True),
        (({}, {}, {"demo_mode": True}), True),
        (({"isp_name": "x", "modem_url": "http://x"}, {}, {}), False),
    ],
)
def test_configured_once_a_modem_type_is_chosen_anywhere(
    layers: tuple[dict, dict, dict], configured: bool
) -> None:
    """Any layer naming a modem type (even the default's value) or demo mode configures."""
    assert Settings(*layers, schema=SCHEMA).configured is configured


def test_masked_hides_secrets_only() -> None:
    """Set secrets show the mask, unset secrets show "", other values show as they are."""
    settings = Settings({"modem_password": "hunter2", "modem_user": "admin"}, {}, {}, schema=SCHEMA)
    masked = settings.masked()
    assert set(masked) == set(DEFAULTS)
    assert masked["modem_password"] == MASK
    assert masked["mqtt_password"] == ""
    assert masked["modem_user"] == "admin"
    assert "hunter2" not in json.dumps(masked)


@pytest.mark.parametrize("word", ["true", "1", "yes", "on", "TRUE", " Yes ", "On"])
def test_environment_true_words(word: str) -> None:
    """true/1/yes/on (any case, padded) switch a boolean on."""
    assert environment_layer({"DEMO_MODE": word}, SCHEMA) == {"demo_mode": True}


@pytest.mark.parametrize("word", ["false", "0", "no", "off", "OFF"])
def test_environment_false_words(word: str) -> None:
    """false/0/no/off switch a boolean off (and still lock the key)."""
    layer = environment_layer({"GAMING_QUALITY_ENABLED": word}, SCHEMA)
    assert layer == {"gaming_quality_enabled": False}
    assert Settings({}, {}, layer, schema=SCHEMA).locked() == {
        "gaming_quality_enabled": "environment"
    }


def test_environment_bad_boolean_is_ignored_with_an_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A word that is not a boolean is dropped and logged, not guessed."""
    with caplog.at_level(logging.ERROR):
        assert environment_layer({"DEMO_MODE": "maybe", "ISP_NAME": "Acme"}, SCHEMA) == {
            "isp_name": "Acme"
        }
    assert any("demo_mode" in r.getMessage() for r in caplog.records)
    assert any(r.levelno == logging.ERROR for r in caplog.records)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("900", 900),
        (" 300 ", 300),
        ("60", 60),
        ("59", 60),
        ("5", 60),
        ("-1", 60),
        ("14400", 14400),
        ("14401", 14400),
        ("99999", 14400),
    ],
)
def test_environment_poll_interval_is_an_int_clamped_to_60_14400(raw: str, expected: int) -> None:
    """POLL_INTERVAL is read as an integer and clamped to 60..14400 seconds."""
    assert environment_layer({"POLL_INTERVAL": raw}, SCHEMA) == {"poll_interval": expected}


def test_environment_ints_floats_and_strings_are_typed() -> None:
    """Integers, floats and strings come out as their key's type."""
    layer = environment_layer(
        {
            "MQTT_PORT": "8883",
            "CONNECTION_MONITOR_LOSS_WARNING_PCT": "2.5",
            "MODEM_URL": "  http://10.0.0.1  ",
        },
        SCHEMA,
    )
    assert layer == {
        "mqtt_port": 8883,
        "connection_monitor_loss_warning_pct": 2.5,
        "modem_url": "http://10.0.0.1",
    }
    assert isinstance(layer["mqtt_port"], int)
    assert isinstance(layer["connection_monitor_loss_warning_pct"], float)


def test_environment_ignores_blank_unknown_and_lower_case_names() -> None:
    """Empty or blank variables, unknown names and lower-case names set nothing."""
    env = {
        "MODEM_TYPE": "",
        "ISP_NAME": "   ",
        "NOT_A_SETTING": "x",
        "modem_url": "http://lower",
        "PATH": "/usr/bin",
    }
    assert environment_layer(env, SCHEMA) == {}


@pytest.mark.parametrize("raw", ["nan", "inf", "-Infinity", "lots"])
def test_environment_bad_float_is_ignored(raw: str) -> None:
    """Non-numbers and non-finite numbers for a float key set nothing."""
    assert environment_layer({"CONNECTION_MONITOR_LOSS_WARNING_PCT": raw}, SCHEMA) == {}


def test_environment_bad_int_is_ignored() -> None:
    """A non-number for an integer key is dropped; other keys still apply."""
    assert environment_layer({"POLL_INTERVAL": "often", "MQTT_PORT": "1.5"}, SCHEMA) == {}
    assert environment_layer({"POLL_INTERVAL": "often", "HISTORY_DAYS": "7"}, SCHEMA) == {
        "history_days": 7
    }


def test_options_layer_types_known_keys_and_drops_the_rest() -> None:
    """Add-on options are typed and clamped; unknown, null and empty options are dropped."""
    layer = options_layer(
        {
            "modem_type": "cm1000",
            "poll_interval": "30",
            "demo_mode": "on",
            "isp_name": "",
            "modem_url": None,
            "log_level": "debug",
            "history_days": 99999,
            "mqtt_port": True,
        },
        SCHEMA,
    )
    assert layer == {
        "modem_type": "cm1000",
        "poll_interval": 60,
        "demo_mode": True,
        "history_days": 3650,
    }


# --- the runtime reading add-on options -----------------------------------------------------


def test_runtime_reads_options_json_from_the_data_dir(tmp_path: Path) -> None:
    """Without OPTIONS_FILE the options come from DATA_DIR/options.json."""
    (tmp_path / "options.json").write_text(json.dumps({"modem_type": "cm1000"}))
    runtime = load_runtime({"DATA_DIR": str(tmp_path)})
    assert runtime.options == {"modem_type": "cm1000"}
    assert load_runtime({"DATA_DIR": str(tmp_path / "elsewhere")}).options == {}


def test_runtime_reads_options_file_variable(tmp_path: Path) -> None:
    """OPTIONS_FILE points at another file, which wins over DATA_DIR/options.json."""
    (tmp_path / "options.json").write_text(json.dumps({"modem_type": "cm1000"}))
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"modem_type": "sb6183"}))
    runtime = load_runtime({"DATA_DIR": str(tmp_path), "OPTIONS_FILE": str(other)})
    assert runtime.options == {"modem_type": "sb6183"}


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '"text"', "\xff\xfe"])
def test_broken_options_file_is_ignored_with_an_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: str
) -> None:
    """A broken or non-object options file gives {} and an error log, not an exception."""
    path = tmp_path / "options.json"
    path.write_bytes(content.encode("latin-1"))
    with caplog.at_level(logging.ERROR):
        assert read_options_file(path) == {}
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors
    assert str(path) in errors[0].getMessage()


def test_missing_options_file_is_silent(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """No options file (standalone use) is normal: {} and no error."""
    with caplog.at_level(logging.WARNING):
        assert read_options_file(tmp_path / "absent.json") == {}
    assert not caplog.records


# --- end to end through the running server --------------------------------------------------


def write_options(data_dir: Path, options: object) -> None:
    """Write an add-on options file where the runtime looks for it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "options.json").write_text(json.dumps(options), encoding="utf-8")


async def get_config(server: RunningServer) -> dict:
    """Return the GET /api/config body, asserting it succeeded."""
    status, body, _ = await server.request("GET", "/api/config")
    assert status == 200, body
    return body


async def test_fresh_server_uses_defaults_and_is_not_configured(
    open_server: RunningServer,
) -> None:
    """A new instance shows defaults, nothing locked and configured false."""
    body = await get_config(open_server)
    assert body["configured"] is False
    assert body["demo_mode"] is False
    assert body["locked"] == {}
    assert body["config"]["poll_interval"] == DEFAULTS["poll_interval"]
    assert body["config"]["modem_type"] == DEFAULTS["modem_type"]
    assert body["config"]["modem_password"] == ""


async def test_all_layers_through_the_server(server_factory: ServerFactory, tmp_path: Path) -> None:
    """Environment beats options beats stored beats defaults, in GET /api/config."""
    data_dir = tmp_path / "data"
    write_options(
        data_dir,
        {"modem_type": "cm1000", "modem_url": "http://options.example", "isp_name": "Options"},
    )
    env = {"MODEM_URL": "https://env.example", "POLL_INTERVAL": "5"}
    async with server_factory(env) as server:
        status, body, _ = await server.request(
            "POST",
            "/api/config",
            json={
                "modem_type": "sb6183",
                "modem_url": "http://stored.example",
                "isp_name": "Stored",
                "poll_interval": 600,
                "language": "de",
            },
        )
        assert status == 200, body
        assert body["overridden"] == ["isp_name", "modem_type", "modem_url", "poll_interval"]
        config_body = await get_config(server)
        # What was stored is still stored; it is just not effective.
        assert server.context.settings.source("language") is Source.STORED

    config = config_body["config"]
    assert config["modem_type"] == "cm1000"
    assert config["isp_name"] == "Options"
    assert config["modem_url"] == "https://env.example"
    assert config["poll_interval"] == 60
    assert config["language"] == "de"
    assert config["history_days"] == DEFAULTS["history_days"]
    assert config_body["locked"] == {
        "modem_type": "options",
        "isp_name": "options",
        "modem_url": "environment",
        "poll_interval": "environment",
    }
    assert config_body["configured"] is True

    # Without options and environment the stored values show through.
    (data_dir / "options.json").unlink()
    async with server_factory() as server:
        body = await get_config(server)
    assert body["locked"] == {}
    assert body["config"]["modem_type"] == "sb6183"
    assert body["config"]["modem_url"] == "http://stored.example"
    assert body["config"]["isp_name"] == "Stored"
    assert body["config"]["poll_interval"] == 600


async def test_environment_only_modem_type_configures(server_factory: ServerFactory) -> None:
    """MODEM_TYPE in the environment alone makes the instance configured (unlike upstream)."""
    async with server_factory({"MODEM_TYPE": "fritzbox"}) as server:
        body = await get_config(server)
    assert body["configured"] is True
    assert body["locked"] == {"modem_type": "environment"}
    assert body["config"]["modem_type"] == "fritzbox"


async def test_environment_coercion_through_the_server(server_factory: ServerFactory) -> None:
    """Environment words and numbers arrive typed in GET /api/config."""
    env = {
        "DEMO_MODE": "yes",
        "MQTT_TLS_INSECURE": "on",
        "BNETZ_ENABLED": "off",
        "MQTT_PORT": "8883",
        "POLL_INTERVAL": "99999",
    }
    async with server_factory(env) as server:
        body = await get_config(server)
    config = body["config"]
    assert config["demo_mode"] is True
    assert body["demo_mode"] is True
    assert body["configured"] is True
    assert config["mqtt_tls_insecure"] is True
    assert config["bnetz_enabled"] is False
    assert config["mqtt_port"] == 8883
    assert config["poll_interval"] == 14400
    assert set(body["locked"]) == {
        "demo_mode",
        "mqtt_tls_insecure",
        "bnetz_enabled",
        "mqtt_port",
        "poll_interval",
    }


async def test_options_file_variable_through_the_server(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """OPTIONS_FILE names the options the server reads."""
    options = tmp_path / "addon-options.json"
    options.write_text(json.dumps({"modem_type": "cm1000", "poll_interval": 120}))
    async with server_factory({"OPTIONS_FILE": str(options)}) as server:
        body = await get_config(server)
    assert body["config"]["modem_type"] == "cm1000"
    assert body["config"]["poll_interval"] == 120
    assert body["locked"] == {"modem_type": "options", "poll_interval": "options"}


async def test_options_secret_is_masked_and_locked(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """A secret from add-on options is used but only shown masked."""
    write_options(tmp_path / "data", {"modem_password": "from-options"})
    async with server_factory() as server:
        status, body, response = await server.request("GET", "/api/config")
        raw = await response.text()
        assert server.context.settings.get("modem_password") == "from-options"
    assert status == 200
    assert body["config"]["modem_password"] == MASK
    assert body["locked"] == {"modem_password": "options"}
    assert "from-options" not in raw


@pytest.mark.parametrize("content", ["{broken", "[]", "null"])
async def test_broken_options_json_does_not_stop_the_server(
    server_factory: ServerFactory,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    content: str,
) -> None:
    """A broken options.json is logged as an error and the server runs on its other layers."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "options.json").write_text(content)
    with caplog.at_level(logging.ERROR):
        async with server_factory({"ISP_NAME": "Env ISP"}) as server:
            body = await get_config(server)
    assert body["locked"] == {"isp_name": "environment"}
    assert body["config"]["isp_name"] == "Env ISP"
    assert body["configured"] is False
    assert any(r.levelno == logging.ERROR and "options" in r.getMessage() for r in caplog.records)
