"""The collector scheduler: due times, back-off, manual polls, shutdown, and its HTTP routes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from docsight_server.collectors import (
    Collector,
    CollectorError,
    NoCollectorError,
    PollBusyError,
    PollRateLimitedError,
    Scheduler,
)
from docsight_server.collectors.backoff import PENALTY_MAX, penalty_for

from .harness import RunningServer

UPSTREAM_STATUS_KEYS = {
    "name",
    "enabled",
    "consecutive_failures",
    "penalty_seconds",
    "poll_interval",
    "effective_interval",
    "last_poll",
    "next_poll_in",
}
START = 1_800_000_000.0
DAY = 86400
GUARD_SECONDS = 10  # only reached if the code under test regresses into waiting


class FakeClock:
    """A clock that only moves when the test says so."""

    def __init__(self, now: float = START) -> None:
        """Start at a fixed epoch time."""
        self.now = now

    def __call__(self) -> float:
        """Return the current fake time."""
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += seconds


class ScriptedCollector(Collector):
    """A collector that returns a result or raises, as the test sets it."""

    def __init__(
        self,
        name: str,
        *,
        interval: int = 300,
        primary: bool = False,
        error: Exception | None = None,
        result: Any = None,
        enabled: bool = True,
    ) -> None:
        """Configure the collector."""
        self.name = name
        self.primary = primary
        self.interval = interval
        self.error = error
        self.result = result
        self.is_enabled = enabled
        self.calls = 0

    @property
    def poll_interval(self) -> int:
        """Return the configured interval."""
        return self.interval

    @property
    def enabled(self) -> bool:
        """Return whether the scheduler may run this collector."""
        return self.is_enabled

    async def collect(self) -> Any:
        """Count the call, then raise the configured error or return the result."""
        self.calls += 1
        if self.error is not None:
            raise self.error
        return self.result


class BlockingCollector(Collector):
    """A collector that waits for the test to release it."""

    def __init__(self, name: str = "modem", *, primary: bool = True) -> None:
        """Create the events the test uses to follow and release a run."""
        self.name = name
        self.primary = primary
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        self.finished = False
        self.cancelled = False
        self.calls = 0

    @property
    def poll_interval(self) -> int:
        """Return a long interval."""
        return 900

    async def collect(self) -> Any:
        """Signal the start, wait for release, then mark completion."""
        self.calls += 1
        self.started.set()
        try:
            await self.release.wait()
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        self.finished = True
        return {"run": self.calls}


def make_scheduler(*collectors: Collector) -> tuple[Scheduler, FakeClock]:
    """Return a scheduler on a fake clock with the given collectors."""
    clock = FakeClock()
    scheduler = Scheduler(clock=clock)
    scheduler.replace_collectors(list(collectors))
    return scheduler, clock


async def run_due(scheduler: Scheduler) -> int:
    """Launch every due collector, wait for them and return how many ran."""
    tasks = scheduler.launch_due()
    await asyncio.gather(*tasks)
    return len(tasks)


def status_of(scheduler: Scheduler, name: str) -> dict[str, Any]:
    """Return one collector's status object."""
    matches = [entry for entry in scheduler.status() if entry["name"] == name]
    assert len(matches) == 1
    return matches[0]


# --- scheduling -----------------------------------------------------------------------------


async def test_first_run_is_due_immediately() -> None:
    """A new collector runs on the first check, and its last_poll is the clock's time."""
    collector = ScriptedCollector("modem")
    scheduler, clock = make_scheduler(collector)
    assert status_of(scheduler, "modem")["next_poll_in"] == 0
    assert await run_due(scheduler) == 1
    assert collector.calls == 1
    status = status_of(scheduler, "modem")
    assert status["last_poll"] == clock.now
    assert status["next_poll_in"] == 300


async def test_not_due_again_before_the_interval() -> None:
    """After a run the collector waits its poll_interval, to the second."""
    collector = ScriptedCollector("modem", interval=300)
    scheduler, clock = make_scheduler(collector)
    await run_due(scheduler)
    clock.advance(299)
    assert scheduler.launch_due() == []
    assert status_of(scheduler, "modem")["next_poll_in"] == 1
    clock.advance(1)
    assert await run_due(scheduler) == 1
    assert collector.calls == 2
    assert scheduler.launch_due() == []


def test_penalty_formula() -> None:
    """The back-off is min(30·2^(n-1), 3600) seconds, 0 without failures."""
    assert [penalty_for(n) for n in range(9)] == [0, 30, 60, 120, 240, 480, 960, 1920, 3600]
    assert penalty_for(100) == PENALTY_MAX == 3600
    assert penalty_for(-1) == 0


async def test_backoff_grows_with_failures_and_is_capped() -> None:
    """Each failure adds the penalty to the interval; the scheduler honours it."""
    collector = ScriptedCollector("modem", interval=300, error=CollectorError("unreachable"))
    scheduler, clock = make_scheduler(collector)
    for failures in range(1, 11):
        assert await run_due(scheduler) == 1
        status = status_of(scheduler, "modem")
        penalty = min(30 * 2 ** (failures - 1), 3600)
        assert status["consecutive_failures"] == failures
        assert status["penalty_seconds"] == penalty
        assert status["effective_interval"] == 300 + penalty
        assert status["next_poll_in"] == 300 + penalty
        assert status["last_error"] == "CollectorError: unreachable"
        clock.advance(300 + penalty - 1)
        assert scheduler.launch_due() == [], failures
        clock.advance(1)
    assert collector.calls == 10
    assert status_of(scheduler, "modem")["penalty_seconds"] == 3600


async def test_first_three_penalties() -> None:
    """After 1, 2 and 3 failures the penalty is 30, 60 and 120 seconds."""
    collector = ScriptedCollector("modem", interval=60, error=RuntimeError("boom"))
    scheduler, clock = make_scheduler(collector)
    seen = []
    for _ in range(3):
        await run_due(scheduler)
        status = status_of(scheduler, "modem")
        seen.append((status["penalty_seconds"], status["effective_interval"]))
        clock.advance(status["effective_interval"])
    assert seen == [(30, 90), (60, 120), (120, 180)]


async def test_success_resets_the_backoff() -> None:
    """One successful run clears failures, penalty and the last error."""
    collector = ScriptedCollector("modem", interval=300, error=CollectorError("down"))
    scheduler, clock = make_scheduler(collector)
    for _ in range(3):
        await run_due(scheduler)
        clock.advance(status_of(scheduler, "modem")["effective_interval"])
    assert status_of(scheduler, "modem")["consecutive_failures"] == 3
    collector.error = None
    assert await run_due(scheduler) == 1
    status = status_of(scheduler, "modem")
    assert status["consecutive_failures"] == 0
    assert status["penalty_seconds"] == 0
    assert status["effective_interval"] == 300
    assert status["last_error"] is None
    assert status["last_poll"] == clock.now


async def test_penalty_clears_a_day_after_the_last_failure() -> None:
    """24 h after the last failure the penalty is gone even without a success."""
    collector = ScriptedCollector("modem", interval=300, error=CollectorError("down"))
    scheduler, clock = make_scheduler(collector)
    last_failure = clock.now
    for _ in range(3):
        await run_due(scheduler)
        last_failure = clock.now
        clock.advance(status_of(scheduler, "modem")["effective_interval"])
    collector.is_enabled = False  # keep it from running while time passes
    clock.now = last_failure + DAY - 1
    assert status_of(scheduler, "modem")["penalty_seconds"] == 120
    clock.now = last_failure + DAY
    status = status_of(scheduler, "modem")
    assert status["penalty_seconds"] == 0
    assert status["consecutive_failures"] == 0
    assert status["effective_interval"] == 300


async def test_failing_collector_does_not_stop_another() -> None:
    """One collector raising leaves the other running and recorded as healthy."""
    bad = ScriptedCollector("bad", error=ValueError("parse error"))
    good = ScriptedCollector("good", result={"ok": True})
    scheduler, clock = make_scheduler(bad, good)
    assert await run_due(scheduler) == 2
    assert (bad.calls, good.calls) == (1, 1)
    assert status_of(scheduler, "bad")["last_error"] == "ValueError: parse error"
    assert status_of(scheduler, "good")["consecutive_failures"] == 0
    assert status_of(scheduler, "good")["last_poll"] == clock.now
    clock.advance(300)  # good is due again; bad still serves its 30 s penalty
    tasks = scheduler.launch_due()
    assert [t.get_name() for t in tasks] == ["collector:good"]
    await asyncio.gather(*tasks)
    clock.advance(30)
    await run_due(scheduler)
    assert (bad.calls, good.calls) == (2, 2)


async def test_status_has_upstream_keys() -> None:
    """Every status object has upstream's keys plus last_error, with plain JSON values."""
    scheduler, _ = make_scheduler(
        ScriptedCollector("modem", interval=900, primary=True),
        ScriptedCollector("speedtest", interval=3600, enabled=False),
    )
    statuses = scheduler.status()
    assert [s["name"] for s in statuses] == ["modem", "speedtest"]
    for status in statuses:
        assert set(status) == UPSTREAM_STATUS_KEYS | {"last_error", "primary"}
    assert statuses[0] == {
        "name": "modem",
        "enabled": True,
        "consecutive_failures": 0,
        "penalty_seconds": 0,
        "poll_interval": 900,
        "effective_interval": 900,
        "last_poll": 0.0,
        "next_poll_in": 0,
        "last_error": None,
        "primary": True,
    }
    assert statuses[1]["enabled"] is False
    assert statuses[1]["primary"] is False
    assert statuses[1]["poll_interval"] == 3600


async def test_disabled_collector_never_runs() -> None:
    """A disabled collector is listed but never launched."""
    collector = ScriptedCollector("weather", enabled=False)
    scheduler, clock = make_scheduler(collector)
    assert scheduler.launch_due() == []
    clock.advance(10 * DAY)
    assert scheduler.launch_due() == []
    assert collector.calls == 0


async def test_running_collector_is_not_launched_twice() -> None:
    """While a run is in progress, later checks do not start a second one."""
    collector = BlockingCollector(primary=False)
    scheduler, clock = make_scheduler(collector)
    tasks = scheduler.launch_due()
    assert len(tasks) == 1
    await collector.started.wait()
    clock.advance(10 * DAY)
    assert scheduler.launch_due() == []
    collector.release.set()
    await asyncio.gather(*tasks)
    assert collector.calls == 1
    assert collector.finished


async def test_replace_collectors_keeps_records_of_those_that_stay() -> None:
    """Swapping the collector set keeps back-off state by name and drops removed ones."""
    scheduler, _ = make_scheduler(
        ScriptedCollector("modem", error=CollectorError("down")), ScriptedCollector("other")
    )
    await run_due(scheduler)
    scheduler.replace_collectors([ScriptedCollector("modem", interval=600)])
    assert [c.name for c in scheduler.collectors] == ["modem"]
    status = status_of(scheduler, "modem")
    assert status["consecutive_failures"] == 1
    assert status["effective_interval"] == 630


# --- manual polls ---------------------------------------------------------------------------


async def test_poll_now_without_primary_collector() -> None:
    """poll_now needs a primary collector; secondary ones do not count."""
    empty, _ = make_scheduler()
    with pytest.raises(NoCollectorError):
        await empty.poll_now()
    secondary_only, _ = make_scheduler(ScriptedCollector("speedtest"))
    with pytest.raises(NoCollectorError):
        await secondary_only.poll_now()


async def test_poll_now_returns_the_primary_result() -> None:
    """poll_now runs the primary collector and returns what it returned."""
    primary = ScriptedCollector("modem", primary=True, result={"summary": {"health": "good"}})
    other = ScriptedCollector("speedtest")
    scheduler, _ = make_scheduler(other, primary)
    assert await scheduler.poll_now() == {"summary": {"health": "good"}}
    assert (primary.calls, other.calls) == (1, 0)


async def test_poll_now_is_busy_while_the_collector_runs() -> None:
    """A manual poll during a running collection is refused, manual or scheduled."""
    collector = BlockingCollector()
    scheduler, clock = make_scheduler(collector)
    first = asyncio.get_running_loop().create_task(scheduler.poll_now())
    await collector.started.wait()
    async with asyncio.timeout(GUARD_SECONDS):  # a regression would wait for the lock
        with pytest.raises(PollBusyError):
            await scheduler.poll_now()
    collector.release.set()
    assert await first == {"run": 1}

    collector.release.clear()
    collector.started.clear()
    clock.advance(60)
    tasks = scheduler.launch_due()
    assert len(tasks) == 1
    await collector.started.wait()
    async with asyncio.timeout(GUARD_SECONDS):  # a regression would wait for the lock
        with pytest.raises(PollBusyError):
            await scheduler.poll_now()
    collector.release.set()
    await asyncio.gather(*tasks)
    assert collector.calls == 2


async def test_poll_now_rate_limit() -> None:
    """Within 10 s of a successful manual poll another is refused, with the wait."""
    collector = ScriptedCollector("modem", primary=True, result={"n": 1})
    scheduler, clock = make_scheduler(collector)
    await scheduler.poll_now()
    last_poll = status_of(scheduler, "modem")["last_poll"]
    with pytest.raises(PollRateLimitedError) as caught:
        await scheduler.poll_now()
    assert caught.value.retry_after == 10
    clock.advance(9.5)
    with pytest.raises(PollRateLimitedError) as caught:
        await scheduler.poll_now()
    assert caught.value.retry_after == 1
    assert "1 s" in str(caught.value)
    assert collector.calls == 1
    assert status_of(scheduler, "modem")["last_poll"] == last_poll
    clock.advance(0.5)
    assert await scheduler.poll_now() == {"n": 1}
    assert collector.calls == 2


async def test_manual_poll_leaves_the_schedule_alone() -> None:
    """A manual poll moves last_poll but not the next scheduled run; failures are not recorded."""
    collector = ScriptedCollector("modem", primary=True, result="ok", interval=300)
    scheduler, clock = make_scheduler(collector)
    await run_due(scheduler)
    clock.advance(100)
    assert await scheduler.poll_now() == "ok"
    manual_at = clock.now
    status = status_of(scheduler, "modem")
    assert (status["last_poll"], status["next_poll_in"]) == (manual_at, 200)
    collector.error = CollectorError("down")
    clock.advance(100)
    with pytest.raises(CollectorError):
        await scheduler.poll_now()
    status = status_of(scheduler, "modem")
    assert status["consecutive_failures"] == 0
    assert (status["last_poll"], status["next_poll_in"]) == (manual_at, 100)
    assert scheduler.launch_due() == []
    clock.advance(100)
    assert await run_due(scheduler) == 1  # due 300 s after the scheduled run, not the manual one


async def test_failed_manual_poll_is_not_rate_limited() -> None:
    """Only successful manual polls start the 10 s cool-down."""
    collector = ScriptedCollector("modem", primary=True, error=CollectorError("down"))
    scheduler, _ = make_scheduler(collector)
    with pytest.raises(CollectorError):
        await scheduler.poll_now()
    collector.error = None
    collector.result = "up"
    assert await scheduler.poll_now() == "up"
    assert collector.calls == 2


# --- shutdown -------------------------------------------------------------------------------


async def test_stop_waits_for_a_running_collection() -> None:
    """stop() returns only after a collection in progress has finished."""
    collector = BlockingCollector()
    scheduler, _ = make_scheduler(collector)
    tasks = scheduler.launch_due()
    await collector.started.wait()
    collector.release.set()
    assert not collector.finished  # it still needs the loop to resume
    await scheduler.stop()
    assert collector.finished
    assert not collector.cancelled
    assert all(task.done() for task in tasks)


async def test_stop_ends_the_background_loop_after_its_run() -> None:
    """The started loop launches due collectors; stop() ends it and waits for the run."""
    collector = BlockingCollector()
    scheduler, _ = make_scheduler(collector)
    scheduler.start()
    await collector.started.wait()
    collector.release.set()
    await scheduler.stop()
    assert collector.finished
    assert collector.calls == 1


async def test_stop_cancels_after_the_grace_period() -> None:
    """A collection still running when the grace period ends is cancelled."""
    collector = BlockingCollector()
    scheduler, _ = make_scheduler(collector)
    tasks = scheduler.launch_due()
    await collector.started.wait()
    await scheduler.stop(grace=0)
    assert collector.cancelled
    assert not collector.finished
    assert all(task.cancelled() for task in tasks)


# --- through HTTP ---------------------------------------------------------------------------


async def install(server: RunningServer, collectors: list[Collector]) -> None:
    """Stop the server's background loop (so only the test triggers runs) and swap collectors."""
    await server.context.scheduler.stop()
    server.context.scheduler.replace_collectors(collectors)


async def test_http_poll_without_collector_is_503(open_server: RunningServer) -> None:
    """POST /api/poll with no modem collector answers 503 JSON."""
    assert open_server.context.scheduler.collectors == []
    status, body, response = await open_server.request("POST", "/api/poll")
    assert status == 503
    assert response.content_type == "application/json"
    assert body == {"error": "No modem collector is running", "success": False}


async def test_http_poll_success_then_rate_limited(open_server: RunningServer) -> None:
    """A poll returns the analysis; an immediate second one gets 429 with Retry-After."""
    analysis = {"summary": {"health": "good", "ds_total": 32}}
    collector = ScriptedCollector("modem", primary=True, interval=900, result=analysis)
    await install(open_server, [collector])

    status, body, _ = await open_server.request("POST", "/api/poll")
    assert (status, body) == (200, {"success": True, "analysis": analysis})

    status, body, response = await open_server.request("POST", "/api/poll")
    assert status == 429
    assert body["success"] is False
    retry_after = int(response.headers["Retry-After"])
    assert 1 <= retry_after <= 10
    assert body["error"] == f"Please wait {retry_after} s before polling again"
    assert body["retry_after"] == retry_after


async def test_http_poll_collector_failure_is_502(open_server: RunningServer) -> None:
    """A collector error becomes 502 with success false; a retry is not rate limited."""
    collector = ScriptedCollector("modem", primary=True, error=CollectorError("login refused"))
    await install(open_server, [collector])
    for _ in range(2):
        status, body, _ = await open_server.request("POST", "/api/poll")
        assert status == 502
        assert body == {"error": "CollectorError: login refused", "success": False}


async def test_http_poll_busy_is_429(open_server: RunningServer) -> None:
    """A poll while the collector runs answers 429 "Poll already in progress"."""
    collector = BlockingCollector()
    await install(open_server, [collector])
    first = asyncio.get_running_loop().create_task(open_server.request("POST", "/api/poll"))
    await collector.started.wait()
    async with asyncio.timeout(GUARD_SECONDS):
        status, body, _ = await open_server.request("POST", "/api/poll")
    assert (status, body) == (429, {"error": "Poll already in progress", "success": False})
    collector.release.set()
    status, body, _ = await first
    assert (status, body) == (200, {"success": True, "analysis": {"run": collector.calls}})


async def test_http_collectors_status_lists_collectors(open_server: RunningServer) -> None:
    """GET /api/collectors/status returns one upstream-shaped object per collector."""
    status, body, _ = await open_server.request("GET", "/api/collectors/status")
    assert (status, body) == (200, [])
    await install(
        open_server,
        [
            ScriptedCollector("modem", primary=True, interval=900),
            ScriptedCollector("weather", interval=3600, enabled=False),
        ],
    )
    status, body, _ = await open_server.request("GET", "/api/collectors/status")
    assert status == 200
    assert [entry["name"] for entry in body] == ["modem", "weather"]
    for entry in body:
        assert set(entry) == UPSTREAM_STATUS_KEYS | {"last_error", "primary"}
    assert (body[0]["enabled"], body[0]["poll_interval"]) == (True, 900)
    assert [entry["primary"] for entry in body] == [True, False]
    assert (body[1]["enabled"], body[1]["poll_interval"]) == (False, 3600)
