"""Running one poll for a capture (record, redact, write) and replaying a capture offline."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...analysis.analyzer import analyze
from ..base import ModemDriver, UnexpectedPageError, note_page
from ..formats.common import forget_parsed_pages
from ..http_driver import HttpDriver
from .fileformat import Capture, Exchange, Outcome, utc_stamp, write_capture
from .matching import ExchangeBook
from .recorder import Recorder
from .redaction import Redactor
from .replay import ReplayHttp
from .sealing import open_answers, sealer

CAPTURES_DIR = "captures"
CAPTURE_TIMEOUT_SECONDS = 60.0
#: Logging out and closing the transport after the poll: short, they must not hold a capture.
CLOSE_TIMEOUT_SECONDS = 5.0
#: The address a replayed driver believes it talks to (never contacted).
REPLAY_URL = "http://modem.replay"
DEFAULT_REPLAY_PASSWORD = "replay-password"
NO_HTTP_NOTE = "This driver does not talk HTTP to a modem: there is nothing to record."


@dataclass(slots=True)
class PollReading:
    """What one poll returned."""

    device: dict[str, Any]
    connection: dict[str, Any]
    docsis: dict[str, Any]


@dataclass(slots=True)
class CaptureResult:
    """A finished capture and the analysis of the live poll (None when the poll failed)."""

    capture: Capture
    analysis: dict[str, Any] | None


async def poll_once(driver: ModemDriver) -> PollReading:
    """Do what the modem collector does in one poll: login, device, connection, channels."""
    try:
        await driver.login()
        device = await driver.get_device_info()
        connection = await driver.get_connection_info()
        docsis = await driver.get_docsis_data()
    except UnexpectedPageError as err:
        note_page(err, driver)  # before finish_poll: logging out reads another page
        raise
    finally:
        forget_parsed_pages()
        await _within(driver.finish_poll(), CLOSE_TIMEOUT_SECONDS)
    return PollReading(device, connection, docsis)


async def _within(step: Coroutine[Any, Any, None], limit: float) -> bool:
    """Run a clean-up step for at most limit seconds; return False when it was cut short."""
    try:
        async with asyncio.timeout(limit):
            await step
    except TimeoutError:
        return False
    return True


def describe_error(err: BaseException) -> str:
    """Return a failure in words, naming the page a parser could not read (as test-modem does)."""
    if isinstance(err, UnexpectedPageError):
        return err.in_words()
    return f"{type(err).__name__}: {err}"


def _count(analysis: dict[str, Any] | None, direction: str) -> int:
    return len(analysis[direction]) if analysis else 0


async def capture_poll(
    driver: ModemDriver,
    *,
    product_version: str,
    time_limit: float = CAPTURE_TIMEOUT_SECONDS,
    close_limit: float = CLOSE_TIMEOUT_SECONDS,
    recorder: Recorder | None = None,
) -> CaptureResult:
    """Poll once through a recording transport, then return the redacted capture.

    `recorder` receives the exchanges unredacted (the caller's own, for checks); it is not
    written anywhere by this function. Opening and redacting run in a worker thread.
    """
    recorder = recorder if recorder is not None else Recorder()
    http = driver.http if isinstance(driver, HttpDriver) else None
    if http is not None:
        http.recorder = recorder
    analysis: dict[str, Any] | None = None
    error: str | None = None
    try:
        async with asyncio.timeout(time_limit):
            reading = await poll_once(driver)
        analysis = analyze(reading.docsis)
    except TimeoutError:
        error = f"The modem did not answer within {time_limit:.0f} s"
    except Exception as err:  # every failure belongs in the capture's outcome
        error = describe_error(err)
    finally:
        closed = await _within(driver.close(), close_limit)
    notes = list(recorder.notes())
    if http is None:
        notes.append(NO_HTTP_NOTE)
    if not closed:
        notes.append(f"Closing the modem session took over {close_limit:g} s and was cut short")
    capture = await asyncio.to_thread(
        _redacted_capture, driver, list(recorder.exchanges), error, analysis, notes
    )
    capture.product_version = product_version
    return CaptureResult(capture, analysis)


def _redacted_capture(
    driver: ModemDriver,
    exchanges: list[Exchange],
    error: str | None,
    analysis: dict[str, Any] | None,
    notes: list[str],
) -> Capture:
    """Open, redact and assemble the capture (CPU work: runs in a worker thread)."""
    opened = open_answers(driver.key, exchanges, driver.password)
    redactor = Redactor(driver.user, driver.password, opened.secrets)
    redacted = redactor.redact(opened.exchanges)
    outcome = Outcome(
        ok=error is None,
        error=redactor.redact_text(error) if error else None,
        ds_channels=_count(analysis, "ds_channels"),
        us_channels=_count(analysis, "us_channels"),
    )
    return Capture(
        driver=driver.key,
        exchanges=redacted,
        outcome=outcome,
        captured_at=utc_stamp(dt.datetime.now(dt.UTC)),
        redacted=redactor.kinds,
        notes=[*opened.notes, *notes],
    )


def save_capture(capture: Capture, directory: Path) -> Path:
    """Write a capture into directory under a fresh name (blocking: use an executor)."""
    return write_capture(capture, directory, dt.datetime.now(dt.UTC))


def loose_pages(pages: dict[str, str]) -> list[Exchange]:
    """Return exchanges answering GET path with a page's text (for pages saved by hand)."""
    return [
        Exchange("GET", path if path.startswith("/") else f"/{path}", body=text)
        for path, text in pages.items()
    ]


async def replay_poll(
    driver_class: type[ModemDriver],
    capture: Capture,
    *,
    password: str = DEFAULT_REPLAY_PASSWORD,
) -> dict[str, Any]:
    """Run a driver on a capture without a modem; return device, connection and analysis.

    Raises what the driver raises: UnexpectedPageError (with its page) for a page it cannot read.
    """
    driver = driver_class(REPLAY_URL, "", password)
    if isinstance(driver, HttpDriver):
        book = ExchangeBook(capture.exchanges, sealer(capture.driver, capture.exchanges, password))
        driver.http = ReplayHttp(driver.url, book, tls=driver.tls_mode)
    try:
        reading = await poll_once(driver)
    finally:
        await driver.close()
    return {
        "driver": driver.key,
        "device": reading.device,
        "connection": reading.connection,
        "analysis": analyze(reading.docsis),
        "notes": list(driver.diagnostics),
    }
