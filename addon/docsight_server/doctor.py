"""`python -m docsight_server doctor`: local checks that explain a broken set-up."""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import create_async_engine

from . import __version__
from .config import Settings, environment_layer, options_layer
from .features import FEATURES
from .registries import build_registries
from .runtime import Runtime
from .storage.migrate import current_revision, head_revision


@dataclass(slots=True)
class Check:
    """One diagnostic line."""

    name: str
    ok: bool
    detail: str


def _data_dir_check(data_dir: Path) -> Check:
    if not data_dir.exists():
        return Check("data_dir", True, f"{data_dir} does not exist yet; created at first start")
    writable = os.access(data_dir, os.W_OK)
    return Check("data_dir", writable, f"{data_dir} {'is' if writable else 'is NOT'} writable")


async def _database_check(runtime: Runtime) -> Check:
    engine = create_async_engine(runtime.sqlalchemy_url)
    try:
        current = await current_revision(engine)
        head = await head_revision()
    except Exception as err:  # any failure here is the finding
        return Check("database", False, f"{type(err).__name__}: {err}")
    finally:
        await engine.dispose()
    if current is None:
        return Check("database", True, "empty; the schema is created at first start")
    state = "up to date" if current == head else f"at {current}, {head} applied at next start"
    return Check("database", True, f"schema {state}")


async def collect_checks(runtime: Runtime) -> list[Check]:
    """Run every check without changing anything."""
    loop = asyncio.get_running_loop()
    schema = build_registries(FEATURES).settings
    settings = Settings(
        {},
        options_layer(runtime.options, schema),
        environment_layer(os.environ, schema),
        schema=schema,
    )
    return [
        Check("version", True, __version__),
        await loop.run_in_executor(None, _data_dir_check, runtime.data_dir),
        await _database_check(runtime),
        Check(
            "supervisor",
            True,
            "running as a Home Assistant add-on" if runtime.supervised else "standalone",
        ),
        Check(
            "configuration",
            True,
            "options/environment choose a modem or demo mode"
            if settings.configured
            else "no modem chosen by options or environment (may be stored in the database)",
        ),
    ]


async def run_doctor(runtime: Runtime, *, as_json: bool = False) -> int:
    """Print the checks; exit code 1 when one failed."""
    checks = await collect_checks(runtime)
    if as_json:
        print(json.dumps([asdict(check) for check in checks], indent=2))
    else:
        for check in checks:
            print(f"[{'ok' if check.ok else 'FAIL'}] {check.name}: {check.detail}")
    return 0 if all(check.ok for check in checks) else 1
