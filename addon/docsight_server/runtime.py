"""Process-level settings read once from the environment (not stored, not editable via API)."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .http.limits import TransportLimits

_LOGGER = logging.getLogger(__name__)

DEFAULT_WEB_PORT = 8765
DEFAULT_SUPERVISOR_URL = "http://supervisor"
DEFAULT_INGRESS_PEERS = ("172.30.32.2",)
LOG_LEVELS = ("debug", "info", "warning", "error")


@dataclass(frozen=True, slots=True)
class Runtime:
    """Where the server keeps data, where it listens and whether a Supervisor manages it."""

    data_dir: Path
    web_host: str = "0.0.0.0"
    web_port: int = DEFAULT_WEB_PORT
    ingress_port: int | None = None
    ingress_peers: tuple[str, ...] = DEFAULT_INGRESS_PEERS
    database_url: str = ""
    log_level: str = "info"
    timezone: str = ""
    session_lifetime_days: int = 30
    supervisor_token: str = ""
    supervisor_url: str = DEFAULT_SUPERVISOR_URL
    discovery_host: str = ""
    options: Mapping[str, object] = field(default_factory=dict)
    limits: TransportLimits = field(default_factory=TransportLimits)
    #: Folders besides data_dir (and the add-on's /backup and /share) that path settings may name.
    path_roots: tuple[Path, ...] = ()

    @property
    def supervised(self) -> bool:
        """Return True when the Home Assistant Supervisor runs this server as an add-on."""
        return bool(self.supervisor_token)

    @property
    def sqlalchemy_url(self) -> str:
        """Return the database URL, SQLite in the data dir unless DATABASE_URL says otherwise."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'docsight.db'}"


def _int_env(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return max(low, min(high, int(raw)))
    except ValueError:
        _LOGGER.warning("Ignoring %s=%r: not a whole number", name, raw)
        return default


def read_options_file(path: Path) -> dict[str, object]:
    """Read add-on options (a JSON object) or return {} when the file is absent or broken."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as err:
        _LOGGER.error("Ignoring add-on options in %s: %s", path, err)
        return {}
    if not isinstance(data, dict):
        _LOGGER.error("Ignoring add-on options in %s: not a JSON object", path)
        return {}
    return data


def load_runtime(env: Mapping[str, str] | None = None) -> Runtime:
    """Build the runtime settings from environment variables and the add-on options file."""
    env = os.environ if env is None else env
    data_dir = Path(env.get("DATA_DIR") or "/data")
    options_path = Path(env.get("OPTIONS_FILE") or data_dir / "options.json")
    options = read_options_file(options_path)
    ingress_raw = env.get("INGRESS_PORT", "").strip()
    peers = tuple(p.strip() for p in env.get("INGRESS_ALLOWED_PEERS", "").split(",") if p.strip())
    log_level = (env.get("LOG_LEVEL") or str(options.get("log_level") or "info")).lower()
    return Runtime(
        data_dir=data_dir,
        web_host=env.get("WEB_HOST") or "0.0.0.0",
        web_port=_int_env(env, "WEB_PORT", DEFAULT_WEB_PORT, 1, 65535),
        ingress_port=int(ingress_raw) if ingress_raw.isdigit() else None,
        ingress_peers=peers or DEFAULT_INGRESS_PEERS,
        database_url=env.get("DATABASE_URL", "").strip(),
        log_level=log_level if log_level in LOG_LEVELS else "info",
        timezone=env.get("TZ", "").strip(),
        session_lifetime_days=_int_env(env, "SESSION_LIFETIME_DAYS", 30, 1, 365),
        supervisor_token=env.get("SUPERVISOR_TOKEN", "").strip(),
        supervisor_url=(env.get("SUPERVISOR_URL") or DEFAULT_SUPERVISOR_URL).rstrip("/"),
        discovery_host=env.get("DISCOVERY_HOST", "").strip(),
        options=options,
        path_roots=tuple(Path(p) for p in env.get("PATH_ROOTS", "").split(os.pathsep) if p.strip()),
    )
