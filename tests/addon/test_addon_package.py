"""Checks of the add-on package against the Supervisor's and HACS's published rules.

A config.yaml the Supervisor cannot read does not fail anywhere visible: the store logs a
warning and the add-on is missing from the repository. Unknown keys are dropped silently.
These tests catch that before a user does. The rules follow the Supervisor's config
validation (supervisor/apps/validate.py, options.py, const.py) and the developer docs
(docs/apps/configuration.md); the checks are written here from those rules.
"""

from __future__ import annotations

import json
import os
import re
import stat
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ADDON = ROOT / "addon"
SERVICE_DIR = ADDON / "rootfs" / "etc" / "s6-overlay" / "s6-rc.d" / "docsight"

DOMAIN = "docsight"
API_PORT = 8765

REQUIRED_KEYS = ("name", "version", "slug", "description", "arch")
SUPPORTED_ARCH = {"aarch64", "amd64"}
# Every key the Supervisor's add-on config schema knows. Anything else is dropped silently,
# so a typo (say `ingres_port`) would quietly lose the setting.
KNOWN_KEYS = {
    "name", "version", "slug", "description", "arch", "machine", "url", "startup", "boot",
    "init", "stage", "ports", "ports_description", "watchdog", "webui", "ingress",
    "ingress_port", "ingress_entry", "ingress_stream", "panel_icon", "panel_title",
    "panel_admin", "homeassistant", "host_network", "host_pid", "host_ipc", "host_uts",
    "host_dbus", "devices", "udev", "tmpfs", "map", "environment", "privileged", "apparmor",
    "full_access", "audio", "video", "gpio", "usb", "uart", "devicetree", "kernel_modules",
    "realtime", "hassio_api", "hassio_role", "homeassistant_api", "stdin", "legacy",
    "docker_api", "auth_api", "services", "discovery", "backup_exclude", "backup_pre",
    "backup_post", "backup", "options", "schema", "image", "ulimits", "timeout", "journald",
    "breaking_versions",
}  # fmt: skip
STARTUP_VALUES = {"initialize", "system", "services", "application", "once"}
BOOT_VALUES = {"auto", "manual", "manual_only"}
MAP_TYPES = {
    "data", "config", "ssl", "addons", "backup", "share", "media", "homeassistant_config",
    "all_addon_configs", "addon_config", "all_app_configs", "app_config",
}  # fmt: skip
WATCHDOG = re.compile(r"^(?:https?|tcp|\[PROTO:\w+\])://\[HOST\]:(?:\[PORT:(\d+)\]|(\d+))(.*)$")
PORT_KEY = re.compile(r"^(\d+)/(tcp|udp)$")
SLUG = re.compile(r"^[-_.A-Za-z0-9]+$")
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")

# Driver keys registered by upstream DOCSight (22 keys).
UPSTREAM_MODEM_TYPES = {
    "fritzbox", "tc4400", "ultrahub7", "vodafone_station", "ch7465", "ch7465_play", "cm3000",
    "cm1000", "cm3500", "surfboard", "sb6141", "sb6183", "sb6190", "sb8200_cbn", "cm8200",
    "hitron", "hitron_coda_4680", "sagemcom", "f3896lg", "sercom_dm1000", "cgm4981", "generic",
}  # fmt: skip

HACS_KEYS = {
    "name", "content_in_root", "country", "filename", "hacs", "hide_default_branch",
    "homeassistant", "persistent_directory", "render_readme", "zip_release",
}  # fmt: skip

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Bytes per pixel for 8-bit PNG colour types (grey, RGB, palette, grey+alpha, RGBA).
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


# --------------------------------------------------------------------------------------
# Helpers


def load_yaml(path: Path) -> Any:
    """Return the parsed YAML document at path."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class SchemaType:
    """One parsed schema element such as `int(60,14400)` or `list(a|b)?`."""

    kind: str
    optional: bool
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    pattern: str | None = None


_SIMPLE_KINDS = {"bool", "email", "url", "port", "str", "password", "int", "float"}
_RANGED = re.compile(r"^(str|password|int|float)\(([^,()]*),([^,()]*)\)$")
_DEVICE = re.compile(r"^device(?:\(subsystem=[a-z]+\))?$")
_WHOLE = re.compile(r"^\d+$")
_SIGNED_WHOLE = re.compile(r"^-?\d+$")
_DECIMAL = re.compile(r"^-?\d*\.?\d+$")


def parse_schema_type(text: str) -> SchemaType:
    """Parse a Supervisor schema element, raising ValueError when it would be rejected."""
    if not isinstance(text, str) or not text:
        raise ValueError(f"schema element must be a non-empty string: {text!r}")
    optional = text.endswith("?")
    body = text.removesuffix("?")
    if body in _SIMPLE_KINDS:
        return SchemaType(body, optional)
    if _DEVICE.match(body):
        return SchemaType("device", optional)
    if body.startswith("list(") and body.endswith(")"):
        choices = tuple(body[5:-1].split("|"))
        if not body[5:-1] or any(not choice for choice in choices):
            raise ValueError(f"empty choice in {text!r}")
        if len(set(choices)) != len(choices):
            raise ValueError(f"duplicate choice in {text!r}")
        return SchemaType("list", optional, choices=choices)
    if body.startswith("match(") and body.endswith(")"):
        pattern = body[6:-1]
        re.compile(pattern)
        return SchemaType("match", optional, pattern=pattern)
    ranged = _RANGED.match(body)
    if ranged is None:
        raise ValueError(f"unknown schema element {text!r}")
    kind, low_text, high_text = ranged.groups()
    number = {"str": _WHOLE, "password": _WHOLE, "int": _SIGNED_WHOLE, "float": _DECIMAL}[kind]
    bounds: list[float | None] = []
    for bound in (low_text, high_text):
        if bound == "":
            bounds.append(None)
        elif number.match(bound):
            bounds.append(float(bound))
        else:
            raise ValueError(f"bad bound {bound!r} in {text!r}")
    low, high = bounds
    if low is not None and high is not None and low > high:
        raise ValueError(f"minimum above maximum in {text!r}")
    return SchemaType(kind, optional, low, high)


def _in_range(value: float, schema: SchemaType) -> bool:
    return (schema.low is None or value >= schema.low) and (
        schema.high is None or value <= schema.high
    )


def value_fits(schema: SchemaType, value: object) -> bool:
    """Return True when the Supervisor would accept value for this schema element."""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    match schema.kind:
        case "bool":
            return isinstance(value, bool)
        case "int":
            return (
                isinstance(value, int) and not isinstance(value, bool) and _in_range(value, schema)
            )
        case "float":
            return is_number and _in_range(float(value), schema)  # type: ignore[arg-type]
        case "port":
            return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 65535
        case "str" | "password":
            return isinstance(value, str) and _in_range(len(value), schema)
        case "email":
            return isinstance(value, str) and bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value))
        case "url":
            if not isinstance(value, str):
                return False
            parsed = urlparse(value)
            return bool(parsed.scheme and parsed.netloc)
        case "list":
            return value in schema.choices
        case "match":
            return isinstance(value, str) and re.fullmatch(schema.pattern or "", value) is not None
    return False


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """Return (INSTRUCTION, arguments) pairs with line continuations joined."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        if full:
            keyword, _, rest = full.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def read_png(path: Path) -> tuple[int, int]:
    """Decode a non-interlaced 8-bit PNG far enough to prove it is whole; return its size."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG file"
    offset, chunks = 8, []
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, f"{path.name}: bad CRC in {kind!r}"
        chunks.append((kind, body))
        offset += 12 + length
    assert chunks[0][0] == b"IHDR", f"{path.name}: IHDR is not the first chunk"
    assert chunks[-1][0] == b"IEND", f"{path.name}: IEND is not the last chunk"
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert depth == 8, f"{path.name}: expected 8-bit samples"
    assert interlace == 0, f"{path.name}: expected a non-interlaced image"
    pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    assert len(pixels) == height * (1 + width * PNG_CHANNELS[colour]), f"{path.name}: bad data"
    return width, height


def pinned_homeassistant() -> str:
    """Return the Home Assistant version pinned in requirements_test.txt."""
    text = (ROOT / "requirements_test.txt").read_text(encoding="utf-8")
    found = re.search(r"^homeassistant==([\w.]+)\s*$", text, re.MULTILINE)
    assert found, "requirements_test.txt does not pin homeassistant=="
    return found.group(1)


def repo_files(names: set[str]) -> list[str]:
    """Return repository paths (relative, POSIX) of files with one of these names."""
    skipped = {".venv", ".git", ".data", "__pycache__", ".pytest_cache", ".ruff_cache"}
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [name for name in dirs if name not in skipped]
        found.extend(
            Path(folder, name).relative_to(ROOT).as_posix() for name in files if name in names
        )
    return sorted(found)


# --------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    """Return addon/config.yaml."""
    data = load_yaml(ADDON / "config.yaml")
    assert isinstance(data, dict), "config.yaml must hold a mapping"
    return data


@pytest.fixture(scope="module")
def schema(config: dict[str, Any]) -> dict[str, SchemaType]:
    """Return the parsed option schema."""
    return {key: parse_schema_type(text) for key, text in config["schema"].items()}


# --------------------------------------------------------------------------------------
# The schema-element parser itself


@pytest.mark.parametrize(
    ("text", "kind", "optional"),
    [
        ("str", "str", False),
        ("bool?", "bool", True),
        ("int(60,14400)", "int", False),
        ("int(-5,)", "int", False),
        ("float(0.5,2)", "float", False),
        ("email", "email", False),
        ("url?", "url", True),
        ("password?", "password", True),
        ("port", "port", False),
        ("match(^[a-z]+$)", "match", False),
        ("list(debug|info)", "list", False),
        ("str(1,)?", "str", True),
    ],
)
def test_schema_parser_accepts_supervisor_types(text: str, kind: str, optional: bool) -> None:
    """Valid Supervisor schema elements parse to the right kind."""
    parsed = parse_schema_type(text)
    assert (parsed.kind, parsed.optional) == (kind, optional)


@pytest.mark.parametrize(
    "text",
    ["string", "int(1,2", "int(5,1)", "list()", "list(a||b)", "list(a|a)", "str(-1,)", "url??", ""],
)
def test_schema_parser_rejects_invalid_types(text: str) -> None:
    """Elements the Supervisor would reject do not parse."""
    with pytest.raises(ValueError):  # noqa: PT011 - any rejection message will do
        parse_schema_type(text)


def test_value_fits_checks_range_and_choices() -> None:
    """The default checker rejects out-of-range numbers, wrong types and unknown choices."""
    assert value_fits(parse_schema_type("int(60,14400)"), 900)
    assert not value_fits(parse_schema_type("int(60,14400)"), 30)
    assert not value_fits(parse_schema_type("int(60,14400)"), True)
    assert not value_fits(parse_schema_type("list(a|b)"), "c")
    assert not value_fits(parse_schema_type("url"), "192.168.178.1")
    assert not value_fits(parse_schema_type("bool"), "false")


# --------------------------------------------------------------------------------------
# config.yaml


def test_required_keys_present(config: dict[str, Any]) -> None:
    """name, version, slug, description and arch are set and not empty."""
    missing = [key for key in REQUIRED_KEYS if not config.get(key)]
    assert not missing, f"config.yaml lacks required keys: {missing}"
    for key in ("name", "version", "slug", "description"):
        assert isinstance(config[key], str), f"{key} must be a string"
    assert SEMVER.match(config["version"]), f"version {config['version']!r} is not x.y.z"
    assert config["name"] == "DOCSight"


def test_no_unknown_or_null_top_level_keys(config: dict[str, Any]) -> None:
    """Every key is one the Supervisor reads, and none is an explicit null."""
    unknown = sorted(set(config) - KNOWN_KEYS)
    assert not unknown, f"keys the Supervisor would drop silently: {unknown}"
    nulls = sorted(key for key, value in config.items() if value is None)
    assert not nulls, f"keys set to null: {nulls}"


def test_slug_is_url_safe(config: dict[str, Any]) -> None:
    """The slug uses only URL-safe characters and matches the integration domain."""
    assert SLUG.match(config["slug"]), f"slug {config['slug']!r} is not URL-safe"
    assert config["slug"] == DOMAIN


def test_arch_only_supported_values(config: dict[str, Any]) -> None:
    """arch lists only aarch64/amd64 (the others are deprecated), without duplicates."""
    arch = config["arch"]
    assert isinstance(arch, list), "arch must be a list"
    assert arch, "arch must not be empty"
    assert len(arch) == len(set(arch)), "arch has duplicates"
    assert set(arch) <= SUPPORTED_ARCH, f"unsupported arch: {sorted(set(arch) - SUPPORTED_ARCH)}"


def test_startup_boot_and_init(config: dict[str, Any]) -> None:
    """startup and boot use known values; init is off because s6-overlay v3 is PID 1."""
    assert config.get("startup", "application") in STARTUP_VALUES
    assert config.get("boot", "auto") in BOOT_VALUES
    assert config.get("init") is False, "s6-overlay v3 base images need init: false"
    assert urlparse(config["url"]).scheme == "https"


def test_homeassistant_minimum_matches_test_pin(config: dict[str, Any]) -> None:
    """The minimum Home Assistant version is a string equal to the pinned test version."""
    assert isinstance(config["homeassistant"], str)
    assert config["homeassistant"] == pinned_homeassistant()


def test_every_option_has_a_schema_entry(config: dict[str, Any]) -> None:
    """No option without a schema entry (the Supervisor would reject the saved options)."""
    options, schema = config["options"], config["schema"]
    assert isinstance(options, dict)
    assert isinstance(schema, dict)
    assert not sorted(set(options) - set(schema)), "options without schema entry"


def test_every_required_schema_entry_has_an_option(
    config: dict[str, Any], schema: dict[str, SchemaType]
) -> None:
    """Schema entries without `?` have a default; optional ones have none (else required)."""
    options = config["options"]
    no_default = sorted(
        key for key, item in schema.items() if not item.optional and key not in options
    )
    assert not no_default, f"required options without a default: {no_default}"
    shadowed = sorted(key for key, item in schema.items() if item.optional and key in options)
    assert not shadowed, f"optional entries with a default become required: {shadowed}"


def test_schema_types_parse(config: dict[str, Any]) -> None:
    """Every schema element is one the Supervisor understands."""
    for key, text in config["schema"].items():
        try:
            parse_schema_type(text)
        except ValueError as err:  # pragma: no cover - the message is the point
            pytest.fail(f"schema entry {key}: {err}")


def test_defaults_fit_their_schema(config: dict[str, Any], schema: dict[str, SchemaType]) -> None:
    """Each default value is accepted by its own schema element."""
    bad = {
        key: value for key, value in config["options"].items() if not value_fits(schema[key], value)
    }
    assert not bad, f"defaults rejected by their schema: {bad}"


def test_option_set_and_values(config: dict[str, Any], schema: dict[str, SchemaType]) -> None:
    """The documented options exist with the documented types and defaults."""
    assert set(schema) == {
        "modem_type", "modem_url", "modem_user", "modem_password", "poll_interval",
        "admin_password", "history_days", "log_level", "demo_mode", "api_on_lan",
    }  # fmt: skip
    options = config["options"]
    assert options["modem_type"] == "fritzbox"
    assert options["modem_url"] == "http://192.168.178.1"
    poll, history = schema["poll_interval"], schema["history_days"]
    assert (options["poll_interval"], poll.kind, poll.low, poll.high) == (900, "int", 60, 14400)
    assert (options["history_days"], history.kind, history.low, history.high) == (0, "int", 0, 3650)
    assert schema["log_level"].choices == ("debug", "info", "warning", "error")
    assert options["log_level"] == "info"
    assert options["demo_mode"] is False
    assert options["api_on_lan"] is False, "the API must stay off the LAN by default"
    for secret in ("modem_password", "admin_password"):
        assert schema[secret] == SchemaType("password", optional=True), f"{secret} not password?"


def test_modem_types_are_upstream_driver_keys(schema: dict[str, SchemaType]) -> None:
    """modem_type offers exactly upstream DOCSight's 22 driver keys."""
    modem_type = schema["modem_type"]
    assert modem_type.kind == "list"
    assert set(modem_type.choices) == UPSTREAM_MODEM_TYPES
    assert len(modem_type.choices) == 22


def test_ingress_fields(config: dict[str, Any]) -> None:
    """Ingress on means an integer ingress port (not the API port) and an mdi: panel icon."""
    assert config["ingress"] is True
    port = config["ingress_port"]
    assert type(port) is int, "ingress_port must be an integer"
    assert 1 <= port <= 65535
    assert port != API_PORT, "ingress and the API must listen on different ports"
    assert re.fullmatch(r"mdi:[a-z0-9]+(?:-[a-z0-9]+)*", config["panel_icon"])
    assert isinstance(config.get("ingress_stream", False), bool)
    assert config["panel_title"] == "DOCSight"


def test_host_network_for_lan_discovery(config: dict[str, Any]) -> None:
    """The LAN monitor sees the host's neighbours; the image has the `ip -j` it reads them with."""
    assert config["host_network"] is True
    dockerfile = (ADDON / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^RUN apk add --no-cache iproute2\b", dockerfile, re.MULTILINE)


def test_ports_are_well_formed(config: dict[str, Any]) -> None:
    """Port keys are `N/tcp|udp`; the API port is internal only by default and described."""
    ports = config["ports"]
    for key, host_port in ports.items():
        found = PORT_KEY.match(key)
        assert found, f"bad port key {key!r}"
        assert 1 <= int(found.group(1)) <= 65535, f"bad port number in {key!r}"
        assert host_port is None or (isinstance(host_port, int) and 1 <= host_port <= 65535), (
            f"bad host port for {key}: {host_port!r}"
        )
    assert f"{API_PORT}/tcp" in ports
    assert ports[f"{API_PORT}/tcp"] is None, "the API port must be off on the host by default"
    descriptions = config["ports_description"]
    assert set(descriptions) == set(ports)
    assert all(isinstance(text, str) and text for text in descriptions.values())


def test_discovery_announces_the_integration_domain(config: dict[str, Any]) -> None:
    """The add-on may announce the `docsight` service (the integration's domain)."""
    discovery = config["discovery"]
    assert isinstance(discovery, list)
    assert all(isinstance(service, str) and service for service in discovery)
    assert DOMAIN in discovery
    manifest = ROOT / "custom_components" / DOMAIN / "manifest.json"
    if manifest.exists():
        assert json.loads(manifest.read_text(encoding="utf-8"))["domain"] in discovery


def test_map_entries_are_valid(config: dict[str, Any]) -> None:
    """Map entries are known folder types; backup and share are writable."""
    writable: dict[str, bool] = {}
    for entry in config["map"]:
        if isinstance(entry, str):
            found = re.fullmatch(r"([a-z_]+)(?::(rw|ro))?", entry)
            assert found, f"bad map entry {entry!r}"
            assert found.group(1) in MAP_TYPES, f"unknown map type in {entry!r}"
            kind, read_only = found.group(1), found.group(2) != "rw"
        else:
            assert isinstance(entry, dict), f"bad map entry {entry!r}"
            assert set(entry) <= {"type", "read_only", "path"}, f"unknown keys in {entry}"
            kind = entry["type"]
            assert kind in MAP_TYPES, f"unknown map type {kind!r}"
            read_only = entry.get("read_only", True)
            assert isinstance(read_only, bool)
            if "path" in entry:
                assert entry["path"].startswith("/"), "map path must be absolute"
                assert entry["path"] != "/", "map path must not be the root"
        assert kind not in writable, f"{kind} mapped twice"
        writable[kind] = not read_only
    assert writable == {"backup": True, "share": True}


def test_watchdog_points_at_the_api_port(config: dict[str, Any]) -> None:
    """The watchdog URL has the Supervisor's format and checks /health on the API port."""
    found = WATCHDOG.match(config["watchdog"])
    assert found, f"watchdog {config['watchdog']!r} has not the Supervisor's format"
    port = int(found.group(1) or found.group(2))
    assert port == API_PORT
    assert f"{port}/tcp" in config["ports"]
    assert found.group(3) == "/health"


def test_backup_mode(config: dict[str, Any]) -> None:
    """backup is hot or cold; cold backups cannot use pre/post hooks."""
    mode = config.get("backup", "hot")
    assert mode in {"hot", "cold"}
    if mode == "cold":
        assert "backup_pre" not in config
        assert "backup_post" not in config


# --------------------------------------------------------------------------------------
# Files next to config.yaml


def test_version_matches_newest_changelog_entry(config: dict[str, Any]) -> None:
    """The newest released CHANGELOG entry is the version in config.yaml."""
    text = (ADDON / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", text, re.MULTILINE)
    assert versions, "CHANGELOG.md has no released version"
    assert versions[0] == config["version"]


def test_translations_name_every_option(config: dict[str, Any]) -> None:
    """translations/en.yaml names every option and describes every port, nothing more."""
    translations = load_yaml(ADDON / "translations" / "en.yaml")
    configuration = translations["configuration"]
    assert set(configuration) == set(config["schema"])
    for key, entry in configuration.items():
        assert isinstance(entry.get("name"), str), f"{key} has no name"
        assert entry["name"].strip(), f"{key} has an empty name"
        assert isinstance(entry.get("description"), str), f"{key} has no description"
    assert set(translations["network"]) == set(config["ports"])


def test_docs_cover_options_and_differences(config: dict[str, Any]) -> None:
    """DOCS.md documents every option and the differences from upstream."""
    docs = (ADDON / "DOCS.md").read_text(encoding="utf-8")
    missing = [key for key in config["schema"] if f"`{key}`" not in docs]
    assert not missing, f"options missing from DOCS.md: {missing}"
    assert "## Where we differ from upstream DOCSight" in docs
    assert (ADDON / "README.md").read_text(encoding="utf-8").startswith("# DOCSight")


@pytest.mark.parametrize(("name", "size"), [("icon.png", (128, 128)), ("logo.png", (250, 100))])
def test_images_are_pngs_of_the_documented_size(name: str, size: tuple[int, int]) -> None:
    """icon.png is 128x128 and logo.png 250x100, both complete PNG files."""
    assert read_png(ADDON / name) == size


def test_apparmor_profile_is_named_after_the_slug(config: dict[str, Any]) -> None:
    """apparmor.txt defines a profile named like the slug and allows /data."""
    text = (ADDON / "apparmor.txt").read_text(encoding="utf-8")
    assert re.search(rf"^profile {re.escape(config['slug'])}\s", text, re.MULTILINE)
    assert "/data/** rwk," in text
    assert text.count("{") == text.count("}")


def test_dockerfile_builds_from_a_python_313_base() -> None:
    """The Dockerfile names its base (ARG default), installs the server and copies rootfs."""
    instructions = dockerfile_instructions(ADDON / "Dockerfile")
    args = {}
    for keyword, rest in instructions:
        if keyword == "ARG" and "=" in rest:
            name, _, default = rest.partition("=")
            args[name.strip()] = default.strip().strip('"')
    froms = [rest for keyword, rest in instructions if keyword == "FROM"]
    assert froms, "Dockerfile has no FROM"
    base = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), ""), froms[0].split()[0])
    assert re.fullmatch(
        r"ghcr\.io/home-assistant/(?:(?:aarch64|amd64)-)?base-python:3\.13-alpine3\.\d+", base
    ), f"base image {base!r} is not a pinned Home Assistant Python 3.13 base"
    runs = " ".join(rest for keyword, rest in instructions if keyword == "RUN")
    assert "pip install --no-cache-dir" in runs
    copies = [rest for keyword, rest in instructions if keyword == "COPY"]
    assert "rootfs /" in copies
    assert any("pyproject.toml" in rest for rest in copies)
    assert any(rest.startswith("docsight_server") for rest in copies)
    labels = " ".join(rest for keyword, rest in instructions if keyword == "LABEL")
    assert 'io.hass.type="addon"' in labels
    assert not [keyword for keyword, _ in instructions if keyword in {"CMD", "ENTRYPOINT"}], (
        "s6-overlay's /init must stay the entrypoint"
    )


def test_service_run_script(config: dict[str, Any]) -> None:
    """The s6-rc longrun is registered, executable and execs the server module."""
    assert (SERVICE_DIR / "type").read_text(encoding="utf-8").strip() == "longrun"
    contents = ADDON / "rootfs" / "etc" / "s6-overlay" / "s6-rc.d" / "user" / "contents.d"
    assert (contents / "docsight").is_file()
    run = SERVICE_DIR / "run"
    assert run.stat().st_mode & stat.S_IXUSR, "run is not executable"
    lines = run.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#!/command/with-contenv bashio"
    code = [line.strip() for line in lines[1:] if line.strip() and not line.startswith("#")]
    assert code[-1] == "exec python3 -m docsight_server"
    exports = ("DATA_DIR=/data", "WEB_HOST=0.0.0.0", f"WEB_PORT={API_PORT}")
    for export in (*exports, f"INGRESS_PORT={config['ingress_port']}"):
        assert any(line.startswith(f"export {export}") for line in code), f"no export {export}"
    assert any("bashio::config 'log_level'" in line for line in code)
    assert not any("bashio::discovery" in line for line in code), "the server does discovery"


def test_service_finish_script_halts_on_failure() -> None:
    """finish is executable, records the exit code and halts the container."""
    finish = SERVICE_DIR / "finish"
    assert finish.stat().st_mode & stat.S_IXUSR, "finish is not executable"
    text = finish.read_text(encoding="utf-8")
    assert text.startswith("#!/command/with-contenv bashio\n")
    assert "/run/s6-linux-init-container-results/exitcode" in text
    assert "/run/s6/basedir/bin/halt" in text
    assert re.search(r"exit_code\S*\"?\s+-eq\s+256", text), "a signal stop (256) must not halt"


# --------------------------------------------------------------------------------------
# Repository level


def test_repository_yaml() -> None:
    """repository.yaml at the root names the add-on repository."""
    repository = load_yaml(ROOT / "repository.yaml")
    assert repository.get("name") == "DOCSight for Home Assistant"
    assert urlparse(repository["url"]).netloc == "github.com"
    assert repository["maintainer"]


def test_hacs_json() -> None:
    """hacs.json uses only keys HACS accepts and the tested Home Assistant version."""
    hacs = json.loads((ROOT / "hacs.json").read_text(encoding="utf-8"))
    assert set(hacs) <= HACS_KEYS, f"keys HACS rejects: {sorted(set(hacs) - HACS_KEYS)}"
    assert hacs["name"] == "DOCSight"
    assert hacs["homeassistant"] == pinned_homeassistant()


def test_only_the_addon_has_a_config_file() -> None:
    """The Supervisor store treats every config.json/yaml/yml as an add-on: only addon/ has one."""
    found = repo_files({"config.json", "config.yaml", "config.yml"})
    assert found == ["addon/config.yaml"]


def test_only_the_integration_has_a_manifest() -> None:
    """hassfest validates every manifest.json: only the integration may have one."""
    found = repo_files({"manifest.json"})
    assert set(found) <= {f"custom_components/{DOMAIN}/manifest.json"}, found
