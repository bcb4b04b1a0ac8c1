"""The rendering worker pool: a killed worker is replaced, a full queue answers 503."""

from __future__ import annotations

import asyncio
import os
import signal
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest

from docsight_server.reports import renderer as renderer_module
from docsight_server.reports.keys import RENDERER
from docsight_server.reports.renderer import ReportRenderer

from ..harness import RunningServer
from .support import fetch_pdf


async def test_killed_workers_are_replaced(open_server: RunningServer) -> None:
    """kill -9 of every worker: the next report still succeeds, on a new pool."""
    renderer = open_server.context.services[RENDERER]
    status, _, _ = await fetch_pdf(open_server, "/api/report")
    assert status == 200
    first = renderer.worker_pids()
    assert first
    for pid in first:
        os.kill(pid, signal.SIGKILL)
    status, pdf, _ = await fetch_pdf(open_server, "/api/report?days=1")
    assert status == 200
    assert pdf.startswith(b"%PDF-")
    assert renderer.pools_started == 2
    assert not set(first) & set(renderer.worker_pids())


async def test_broken_pool_twice_is_a_503(
    open_server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pool that breaks on the retry as well: 503 with Retry-After, and the server lives on."""
    original = ReportRenderer._submit
    failures = []

    async def breaking(self: ReportRenderer, *args: Any) -> bytes:
        if len(failures) < 2:
            failures.append(1)
            raise BrokenProcessPool("worker died")
        return await original(self, *args)

    monkeypatch.setattr(ReportRenderer, "_submit", breaking)
    status, body, response = await fetch_pdf(open_server, "/api/report")
    assert status == 503
    assert response.headers["Retry-After"] == str(renderer_module.RETRY_AFTER_S)
    assert b"renderer failed" in body
    status, pdf, _ = await fetch_pdf(open_server, "/api/report")
    assert status == 200
    assert pdf.startswith(b"%PDF-")


async def test_a_full_queue_answers_503(open_server: RunningServer) -> None:
    """Two render and six wait; the next requests get 503 with Retry-After at once."""
    capacity = renderer_module.WORKERS + renderer_module.MAX_WAITING
    results = await asyncio.gather(
        *(fetch_pdf(open_server, "/api/report") for _ in range(capacity + 4))
    )
    statuses = [status for status, _, _ in results]
    assert statuses.count(200) == capacity
    assert statuses.count(503) == 4
    for status, body, response in results:
        if status == 503:
            assert response.headers["Retry-After"] == str(renderer_module.RETRY_AFTER_S)
            assert b"Too many reports" in body
        else:
            assert body.startswith(b"%PDF-")


async def test_idle_pool_is_shut_down_and_restarted(open_server: RunningServer) -> None:
    """After a document the idle shutdown is armed; once idle, the workers go, and the next
    document starts a new pool."""
    renderer = open_server.context.services[RENDERER]
    status, _, _ = await fetch_pdf(open_server, "/api/report")
    assert status == 200
    assert renderer.idle_shutdown_armed
    assert renderer.worker_pids()
    renderer.close_if_idle()
    assert renderer.worker_pids() == []
    assert not renderer.idle_shutdown_armed
    status, pdf, _ = await fetch_pdf(open_server, "/api/report")
    assert status == 200
    assert pdf.startswith(b"%PDF-")
    assert renderer.pools_started == 2
