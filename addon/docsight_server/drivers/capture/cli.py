"""`python -m docsight_server capture|parse`: record one poll, or read a capture offline."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from ... import __version__
from ...config import SecretBox, Settings, environment_layer, options_layer
from ...features import FEATURES
from ...registries import build_registries
from ...runtime import Runtime, load_runtime
from ..base import DriverError, ModemDriver, UnexpectedPageError
from .fileformat import Capture, CaptureFileError, Outcome, load_capture
from .runner import (
    CAPTURES_DIR,
    DEFAULT_REPLAY_PASSWORD,
    capture_poll,
    loose_pages,
    replay_poll,
    save_capture,
)

EXIT_BAD_FILE = 1
EXIT_UNREADABLE_PAGE = 2


async def _stored_layer(runtime: Runtime, schema: Any) -> dict[str, Any]:
    """Return the settings saved through the web UI ({} when there is no database yet)."""
    from ...settings_service import load_stored
    from ...storage.database import open_database

    key_file = runtime.data_dir / ".config_key"
    if (
        runtime.sqlalchemy_url.startswith("sqlite")
        and not (runtime.data_dir / "docsight.db").exists()
    ):
        return {}
    if not key_file.exists():
        return {}
    database = await open_database(runtime.sqlalchemy_url, migrate=False)
    try:
        stored, _ = await load_stored(database, SecretBox.load_or_create(key_file), schema, [])
    finally:
        await database.close()
    return stored


async def configured_driver(runtime: Runtime) -> ModemDriver:
    """Build the driver the server polls with: stored, add-on and environment settings."""
    registries = build_registries(FEATURES)
    schema = registries.settings
    try:
        stored = await _stored_layer(runtime, schema)
    except Exception as err:  # a locked or foreign database: the other layers still count
        print(f"Stored settings not read ({type(err).__name__}); using options/environment")
        stored = {}
    settings = Settings(
        stored,
        options_layer(runtime.options, schema),
        environment_layer(os.environ, schema),
        schema=schema,
    )
    key = str(settings.get("modem_type"))
    cls = registries.drivers.get(key)
    if cls is None:
        raise DriverError(f"Unknown modem type: {key}")
    return cls(
        str(settings.get("modem_url") or ""),
        str(settings.get("modem_user") or ""),
        str(settings.get("modem_password") or ""),
    )


def summary(outcome: Outcome, requests: int) -> str:
    """Return the one-line result of a capture."""
    if outcome.ok:
        return (
            f"{requests} requests recorded; read {outcome.ds_channels} downstream and "
            f"{outcome.us_channels} upstream channels"
        )
    return f"{requests} requests recorded; the poll failed: {outcome.error}"


async def capture_command(runtime: Runtime, out: Path | None = None) -> int:
    """Record one poll of the configured modem into a file; print where and what."""
    driver = await configured_driver(runtime)
    result = await capture_poll(driver, product_version=__version__)
    directory = out or runtime.data_dir / CAPTURES_DIR
    path = await asyncio.get_running_loop().run_in_executor(
        None, save_capture, result.capture, directory
    )
    print(f"Capture written to {path}")
    print(summary(result.capture.outcome, len(result.capture.exchanges)))
    return 0 if result.capture.outcome.ok else 1


def _read_pages(specs: list[str]) -> dict[str, str]:
    pages: dict[str, str] = {}
    for spec in specs:
        path, sep, file_name = spec.partition("=")
        if not sep or not path or not file_name:
            raise CaptureFileError(f"--page wants PATH=FILE, got {spec!r}")
        try:
            pages[path] = Path(file_name).read_text(encoding="utf-8", errors="replace")
        except OSError as err:
            raise CaptureFileError(f"{file_name} cannot be read: {err.strerror or err}") from err
    return pages


def _parse_source(args: argparse.Namespace) -> Capture:
    if args.capture:
        return load_capture(Path(args.capture))
    if not args.page:
        raise CaptureFileError("give a capture file or at least one --page PATH=FILE")
    return Capture(args.driver or "", loose_pages(_read_pages(args.page)), Outcome(ok=True))


async def parse_command(args: argparse.Namespace) -> int:
    """Run a driver on a capture or loose pages and print the channels and analysis."""
    try:
        capture = _parse_source(args)
    except CaptureFileError as err:
        print(f"Cannot read the capture: {err}", file=sys.stderr)
        return EXIT_BAD_FILE
    key = args.driver or capture.driver
    cls = build_registries(FEATURES).drivers.get(key)
    if cls is None:
        print(f"Unknown driver {key!r}: pass --driver KEY", file=sys.stderr)
        return EXIT_BAD_FILE
    try:
        result = await replay_poll(cls, capture, password=args.password)
    except UnexpectedPageError as err:
        print(f"The {key} driver cannot read page {err.page or '?'}: {err}", file=sys.stderr)
        if err.excerpt:
            print(f"Excerpt: {err.excerpt}", file=sys.stderr)
        return EXIT_UNREADABLE_PAGE
    except DriverError as err:
        print(f"The {key} driver failed on the capture: {err}", file=sys.stderr)
        return EXIT_BAD_FILE
    print(json.dumps(result, indent=1, default=str))
    return 0


def parse_arguments(command: str, argv: list[str]) -> argparse.Namespace:
    """Return the parsed arguments of `capture` or `parse`."""
    parser = argparse.ArgumentParser(prog=f"docsight_server {command}")
    if command == "capture":
        parser.description = "Record one poll of the configured modem, redacted, into a file"
        parser.add_argument("--out", type=Path, help="folder (default: <data dir>/captures)")
        return parser.parse_args(argv)
    parser.description = "Run a driver on a capture (or saved pages) without a modem"
    parser.add_argument("capture", nargs="?", help="a capture file")
    parser.add_argument("--driver", help="driver key (default: the capture's)")
    parser.add_argument(
        "--page", action="append", default=[], metavar="PATH=FILE", help="a page saved by hand"
    )
    parser.add_argument("--password", default=DEFAULT_REPLAY_PASSWORD)
    return parser.parse_args(argv)


def run_command(command: str, argv: list[str]) -> int:
    """Run `capture` or `parse` with its arguments and return the exit code."""
    args = parse_arguments(command, argv)
    if command == "capture":
        return asyncio.run(capture_command(load_runtime(), args.out))
    return asyncio.run(parse_command(args))
