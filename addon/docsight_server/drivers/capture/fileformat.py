"""The capture file: one JSON document per poll, its checks and its file name."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

FORMAT = "docsight-modem-capture"
VERSION = 1
#: A capture is a handful of pages; anything far larger is not one.
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_EXCHANGES = 5000
#: What a capture records at most: per body, exchanges, and body text in all.
MAX_BODY_CHARS = 4 * 1024 * 1024
MAX_RECORDED_EXCHANGES = 500
MAX_RECORDED_CHARS = 24 * 1024 * 1024
#: Captures kept in a folder: older ones are deleted after a new one is written.
KEEP_CAPTURES = 20
NAME_PATTERN = re.compile(r"^capture-[a-z0-9_]{1,64}-\d{8}T\d{6}Z(?:-\d{1,4})?\.json$")
_NAME_ORDER = re.compile(r"-(\d{8}T\d{6}Z)(?:-(\d{1,4}))?\.json$")
_MAX_SUFFIX = 9999
_FILE_MODE = 0o600
_DIR_MODE = 0o700
_METHOD = re.compile(r"^[A-Z]{1,16}$")

Headers = list[list[str]]


class CaptureFileError(ValueError):
    """A capture file cannot be read; the message says why."""


@dataclass(slots=True)
class Exchange:
    """One request to the modem and its answer (path without scheme and host; body as text)."""

    method: str
    path: str
    query: str = ""
    request_headers: Headers = field(default_factory=list)
    request_body: str = ""
    status: int = 200
    headers: Headers = field(default_factory=list)
    body: str = ""
    #: A body was longer than MAX_BODY_CHARS (or the capture's budget) and is cut.
    truncated: bool = False

    def header(self, name: str) -> str:
        """Return the first answer header of that name ("" when absent)."""
        return next((value for key, value in self.headers if key.lower() == name.lower()), "")

    def request_header(self, name: str) -> str:
        """Return the first request header of that name ("" when absent)."""
        found = (value for key, value in self.request_headers if key.lower() == name.lower())
        return next(found, "")


@dataclass(slots=True)
class Outcome:
    """How the recorded poll ended."""

    ok: bool
    error: str | None = None
    ds_channels: int = 0
    us_channels: int = 0


@dataclass(slots=True)
class Capture:
    """A recorded poll: the driver, the redacted exchanges and the outcome."""

    driver: str
    exchanges: list[Exchange]
    outcome: Outcome
    captured_at: str = ""
    product_version: str = ""
    redacted: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Return the document written to disk."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "driver": self.driver,
            "captured_at": self.captured_at,
            "product_version": self.product_version,
            "redacted": list(self.redacted),
            "notes": list(self.notes),
            "exchanges": [asdict(exchange) for exchange in self.exchanges],
            "outcome": asdict(self.outcome),
        }


def utc_stamp(moment: dt.datetime) -> str:
    """Return the ISO 8601 UTC time with Z the file carries."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def capture_name(driver: str, moment: dt.datetime) -> str:
    """Return the file name of a capture taken at moment."""
    safe = re.sub(r"[^a-z0-9_]", "_", driver.lower())[:64] or "driver"
    return f"capture-{safe}-{moment.astimezone(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}.json"


def encode_capture(capture: Capture) -> bytes:
    """Return the file's bytes, cutting the largest bodies until load_capture would accept it."""
    exchanges = [replace(exchange) for exchange in capture.exchanges[:MAX_EXCHANGES]]
    fitted = replace(capture, exchanges=exchanges)
    while True:
        data = (json.dumps(fitted.to_json(), indent=1, ensure_ascii=False) + "\n").encode()
        largest = max(exchanges, key=lambda exchange: len(exchange.body), default=None)
        if len(data) <= MAX_FILE_BYTES or largest is None or not largest.body:
            return data
        largest.body = largest.body[: len(largest.body) // 2]
        largest.truncated = True


def _create_exclusive(directory: Path, base: str, data: bytes) -> Path:
    """Create a new file (never an existing one, never through a link) and write data."""
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
    for suffix in range(_MAX_SUFFIX + 1):
        target = directory / (base if suffix == 0 else base.replace(".json", f"-{suffix}.json"))
        try:
            handle = os.open(target, flags, _FILE_MODE)
        except FileExistsError:
            continue
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        return target
    raise OSError(errno.EEXIST, f"no free capture name for {base}")


def _order(name: str) -> tuple[str, int]:
    match = _NAME_ORDER.search(name)
    return (match.group(1), int(match.group(2) or 0)) if match else ("", 0)


def prune_captures(
    directory: Path, keep: int = KEEP_CAPTURES, *, newest: Path | None = None
) -> list[Path]:
    """Delete all but the newest `keep` capture files of directory; return the deleted.

    `newest` (the file just written) is kept whatever the names say.
    """
    captures = [
        entry
        for entry in directory.iterdir()
        if NAME_PATTERN.match(entry.name) and entry.is_file() and not entry.is_symlink()
    ]
    captures.sort(key=lambda entry: (entry == newest, _order(entry.name)), reverse=True)
    deleted = []
    for entry in captures[keep:]:
        entry.unlink(missing_ok=True)
        deleted.append(entry)
    return deleted


def write_capture(
    capture: Capture, directory: Path, moment: dt.datetime, *, keep: int = KEEP_CAPTURES
) -> Path:
    """Write the capture under a fresh name in directory (created 0700), file 0600; prune.

    Blocking: call it from an executor.
    """
    directory.mkdir(mode=_DIR_MODE, parents=True, exist_ok=True)
    data = encode_capture(capture)
    target = _create_exclusive(directory, capture_name(capture.driver, moment), data)
    prune_captures(directory, keep, newest=target)
    return target


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise CaptureFileError(f"{where} must be a string")
    return value


def _headers(value: Any, where: str) -> Headers:
    if not isinstance(value, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
        for pair in value
    ):
        raise CaptureFileError(f"{where} must be a list of [name, value] pairs")
    return [list(pair) for pair in value]


def _exchange(raw: Any, index: int) -> Exchange:
    where = f"exchanges[{index}]"
    if not isinstance(raw, dict):
        raise CaptureFileError(f"{where} is not an object")
    method = _text(raw.get("method"), f"{where}.method").upper()
    path = _text(raw.get("path"), f"{where}.path")
    status = raw.get("status", 200)
    if not _METHOD.match(method):
        raise CaptureFileError(f"{where}.method is not an HTTP method")
    if not path.startswith("/"):
        raise CaptureFileError(f"{where}.path must start with /")
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise CaptureFileError(f"{where}.status must be an HTTP status (100-599)")
    return Exchange(
        method=method,
        path=path,
        query=_text(raw.get("query", ""), f"{where}.query"),
        request_headers=_headers(raw.get("request_headers", []), f"{where}.request_headers"),
        request_body=_text(raw.get("request_body", ""), f"{where}.request_body"),
        status=status,
        headers=_headers(raw.get("headers", []), f"{where}.headers"),
        body=_text(raw.get("body", ""), f"{where}.body"),
        truncated=raw.get("truncated") is True,
    )


def _outcome(raw: Any) -> Outcome:
    if not isinstance(raw, dict):
        return Outcome(ok=False, error="no outcome recorded")
    error = raw.get("error")
    counts = [raw.get(name, 0) for name in ("ds_channels", "us_channels")]
    if not all(isinstance(count, int) and not isinstance(count, bool) for count in counts):
        raise CaptureFileError("outcome channel counts must be whole numbers")
    return Outcome(bool(raw.get("ok")), error if isinstance(error, str) else None, *counts)


def capture_from_json(document: Any) -> Capture:
    """Check a parsed capture document and return it; CaptureFileError says what is wrong."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise CaptureFileError(f"not a DOCSight modem capture (format is not {FORMAT!r})")
    if document.get("version") != VERSION:
        raise CaptureFileError(f"capture version {document.get('version')!r} is not {VERSION}")
    exchanges = document.get("exchanges")
    if not isinstance(exchanges, list) or len(exchanges) > MAX_EXCHANGES:
        raise CaptureFileError(f"exchanges must be a list of at most {MAX_EXCHANGES} objects")
    notes = document.get("notes", [])
    redacted = document.get("redacted", [])
    return Capture(
        driver=_text(document.get("driver"), "driver"),
        exchanges=[_exchange(raw, index) for index, raw in enumerate(exchanges)],
        outcome=_outcome(document.get("outcome")),
        captured_at=_text(document.get("captured_at", ""), "captured_at"),
        product_version=_text(document.get("product_version", ""), "product_version"),
        redacted=[str(kind) for kind in redacted] if isinstance(redacted, list) else [],
        notes=[str(note) for note in notes] if isinstance(notes, list) else [],
    )


def load_capture(path: Path) -> Capture:
    """Read and check a capture file; CaptureFileError with a clear message otherwise."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CaptureFileError(f"{path.name} is {size} bytes, over the {MAX_FILE_BYTES} limit")
        document = json.loads(path.read_bytes())
    except FileNotFoundError as err:
        raise CaptureFileError(f"{path} does not exist") from err
    except OSError as err:
        raise CaptureFileError(f"{path} cannot be read: {err.strerror or err}") from err
    except (ValueError, RecursionError) as err:
        raise CaptureFileError(f"{path.name} is not valid JSON: {err}") from err
    return capture_from_json(document)
