"""An unreadable modem page: test-modem and the collector status name the page and the hint."""

from __future__ import annotations

import asyncio
from pathlib import Path

from devtools.modem_sim import run_simulator
from docsight_server.collectors.diagnosis import CAPTURE_HINT, diagnose, note_page
from docsight_server.drivers import DriverAuthError, UnexpectedPageError
from docsight_server.drivers.transport import ModemHttp

from .conftest import ServerFactory
from .harness import RunningServer

#: The TC4400 checks its login on this page and then parses it: with a garbage answer the
#: login passes (HTTP 200) and the parser fails on exactly this page.
INFO_PAGE = "/cmswinfo.html"


async def _wait_for_failed_poll(server: RunningServer, limit: float = 60.0) -> None:
    """Return once the modem collector has failed a scheduled run."""
    context = server.context

    def failed() -> bool:
        return any(status["consecutive_failures"] for status in context.scheduler.status())

    with context.hub.subscribe() as queue:
        async with asyncio.timeout(limit):
            while not failed():
                await queue.get()


async def test_test_modem_names_the_unreadable_page_and_the_capture(
    server_factory: ServerFactory,
) -> None:
    """A page the parser cannot read: the failure names the page and points to the capture."""
    async with run_simulator("tc4400") as sim, server_factory() as server:
        sim.state.garbage = True
        request = {
            "modem_type": "tc4400",
            "modem_url": sim.url,
            "modem_user": sim.state.user,
            "modem_password": sim.state.password,
        }
        status, body, _ = await server.request("POST", "/api/test-modem", json=request)
    assert status == 200
    assert (body["success"], body["error_kind"]) == (False, "unexpected_page")
    assert body["page"] == INFO_PAGE
    assert body["error"].startswith(f"Could not read the modem's page {INFO_PAGE}: ")
    assert body["hint"] == CAPTURE_HINT
    assert "docsight.capture_modem_pages" in body["hint"]
    assert sim.state.password not in body["error"]


async def test_test_modem_other_failures_carry_no_page(server_factory: ServerFactory) -> None:
    """A refused login is not about a page: no page, no capture hint."""
    async with run_simulator("tc4400") as sim, server_factory() as server:
        request = {"modem_type": "tc4400", "modem_url": sim.url, "modem_password": "wrong-1234"}
        _, body, _ = await server.request("POST", "/api/test-modem", json=request)
    assert (body["success"], body["error_kind"]) == (False, "auth")
    assert "page" not in body
    assert "hint" not in body


async def test_collector_status_names_the_unreadable_page_and_the_capture(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """A poll that meets an unreadable page: the status says which and what to do."""
    async with run_simulator("tc4400") as sim:
        sim.state.garbage = True
        env = {
            "MODEM_TYPE": "tc4400",
            "MODEM_URL": sim.url,
            "MODEM_USER": sim.state.user,
            "MODEM_PASSWORD": sim.state.password,
        }
        async with server_factory(env, data_dir=tmp_path / "data") as server:
            await _wait_for_failed_poll(server)
            status, statuses, _ = await server.request("GET", "/api/collectors/status")
            poll_status, polled, _ = await server.request("POST", "/api/poll")
    assert status == 200
    [entry] = statuses
    assert entry["name"] == "modem"
    assert entry["last_error_kind"] == "unexpected_page"
    assert entry["last_error_page"] == INFO_PAGE
    assert entry["last_error"].startswith(f"Could not read the modem's page {INFO_PAGE}: ")
    assert entry["hint"] == CAPTURE_HINT
    assert poll_status == 502  # a manual poll's answer names the page too
    assert polled["error"].startswith(f"Could not read the modem's page {INFO_PAGE}: ")


def test_an_explicit_page_is_kept() -> None:
    """A parser that names its page wins over the transport's last path."""
    http = ModemHttp("http://127.0.0.1:9")
    http.last_path = "/logout.html"

    class Driver:
        def __init__(self) -> None:
            self.http = http

    named = UnexpectedPageError("the table has 7 fields", page="/status.html")
    note_page(named, Driver())
    unnamed = UnexpectedPageError("the table has 7 fields")
    note_page(unnamed, Driver())
    assert (named.page, unnamed.page) == ("/status.html", "/logout.html")
    diagnosis = diagnose(named)
    assert (
        diagnosis.message == "Could not read the modem's page /status.html: the table has 7 fields"
    )
    assert (diagnosis.kind, diagnosis.hint) == ("unexpected_page", CAPTURE_HINT)


def test_old_callers_and_unknown_pages_still_work() -> None:
    """The excerpt stays the second argument; without a page the message says "a modem page"."""
    err = UnexpectedPageError("no table", "x" * 500)
    note_page(err, object())
    assert (len(err.excerpt), err.page) == (200, "")
    assert diagnose(err).message == "Could not read a modem page: no table"
    refused = diagnose(DriverAuthError("refused"))
    assert (refused.message, refused.kind) == ("DriverAuthError: refused", "auth")
    assert (refused.page, refused.hint) == ("", "")
