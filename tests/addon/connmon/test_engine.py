"""Probe engine: absolute-deadline scheduling (on a fake clock), live target changes, bounds."""

from __future__ import annotations

import asyncio
import heapq
import socket
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from docsight_server.connmon.engine import ProbeEngine, ProbeTarget
from docsight_server.connmon.probe import (
    Capability,
    ProbeMethod,
    ProbeResult,
    detect_capability,
    resolve,
)

# The timeout only bounds a hang (a probe that never reports); nothing asserts on time.
pytestmark = [pytest.mark.usefixtures("socket_enabled"), pytest.mark.timeout(60)]

TCP = Capability(ProbeMethod.TCP, False, None, None)


class Results:
    """A sink that records results and wakes waiters once enough arrived."""

    def __init__(self) -> None:
        self.by_target: dict[int, list[ProbeResult]] = defaultdict(list)
        self.order: list[int] = []
        self._waiters: list[tuple[Callable[[], bool], asyncio.Event]] = []

    def __call__(self, target_id: int, result: ProbeResult) -> None:
        self.by_target[target_id].append(result)
        self.order.append(target_id)
        for condition, event in self._waiters:
            if condition():
                event.set()

    async def until(self, condition: Callable[[], bool]) -> None:
        """Wait until condition holds (the test runner's timeout bounds a hang)."""
        if condition():
            return
        event = asyncio.Event()
        self._waiters.append((condition, event))
        await event.wait()


# --- scheduling on a fake clock -----------------------------------------------------------------


class FakeHandle:
    """A cancellable timer entry of FakeLoop."""

    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class FakeLoop:
    """A clock plus call_at under test control; tasks go to the real loop."""

    def __init__(self, real: asyncio.AbstractEventLoop) -> None:
        self.now = 1000.0
        self.timers: list[tuple[float, int, FakeHandle, Callable[..., None], tuple[Any, ...]]] = []
        self._count = 0
        self._real = real

    def time(self) -> float:
        return self.now

    def call_at(self, when: float, callback: Callable[..., None], *args: Any) -> FakeHandle:
        handle = FakeHandle()
        self._count += 1
        heapq.heappush(self.timers, (when, self._count, handle, callback, args))
        return handle

    def create_task(self, coro: Any) -> asyncio.Task[None]:
        return self._real.create_task(coro)

    def fire_next(self, lateness: float = 0.0) -> float:
        """Run the earliest live timer `lateness` seconds after it was due; return its due time."""
        while True:
            when, _, handle, callback, args = heapq.heappop(self.timers)
            if not handle.cancelled:
                break
        self.now = when + lateness
        callback(*args)
        return when


@pytest.fixture
async def fake() -> tuple[ProbeEngine, FakeLoop, list[float]]:
    """An engine on a fake clock whose probes finish at once; yields (engine, loop, starts)."""
    starts: list[float] = []
    loop = FakeLoop(asyncio.get_running_loop())
    engine = ProbeEngine(lambda *_: None, TCP, late_after_s=0.05)

    async def instant(_slot: Any, _target: ProbeTarget) -> ProbeResult:
        starts.append(loop.now)
        return ProbeResult(0.0, 1.0, False, ProbeMethod.TCP)

    engine._probe = instant  # type: ignore[method-assign, assignment]
    engine._loop = loop  # type: ignore[assignment]
    return engine, loop, starts


async def test_deadlines_stay_on_the_grid_despite_late_starts(
    fake: tuple[ProbeEngine, FakeLoop, list[float]],
) -> None:
    """Each deadline is the previous one plus the interval, however late a start was."""
    engine, loop, _ = fake
    engine.set_targets([ProbeTarget(1, "h", 1.0)])
    first = loop.fire_next(lateness=0.0)
    dues = [first]
    for lateness in (0.3, 0.01, 0.9, 0.0, 0.2):
        dues.append(loop.fire_next(lateness=lateness))
    assert dues == pytest.approx([first + k for k in range(6)], abs=1e-9)
    stats = engine.stats()
    assert stats.probes == 6
    assert stats.late_starts == 3  # 300, 900 and 200 ms are later than 50 ms
    assert stats.jitter_ms_max == pytest.approx(900.0)
    assert stats.jitter_ms_p50 == pytest.approx(10.0)
    assert stats.skipped == 0


async def test_a_stall_skips_missed_beats_without_bursting(
    fake: tuple[ProbeEngine, FakeLoop, list[float]],
) -> None:
    """After a 3.5-interval stall the engine probes once and rejoins the grid."""
    engine, loop, _ = fake
    engine.set_targets([ProbeTarget(1, "h", 1.0)])
    first = loop.fire_next()
    loop.fire_next(lateness=3.5)
    assert engine.stats().skipped == 3
    assert loop.fire_next() == pytest.approx(first + 5.0)


async def test_first_deadlines_share_grid_ticks(
    fake: tuple[ProbeEngine, FakeLoop, list[float]],
) -> None:
    """New targets start on the next tick of a shared grid (1 s, or a shorter interval)."""
    engine, loop, _ = fake
    loop.now = 1000.3
    engine.set_targets([ProbeTarget(i, "h", 5.0) for i in range(1, 6)])
    engine.set_targets([*engine._targets.values(), ProbeTarget(9, "h", 0.25)])
    whens = {engine._slots[i].deadline for i in range(1, 6)}
    assert whens == {1001.0}
    assert engine._slots[9].deadline == pytest.approx(1000.5)


async def test_interval_change_keeps_phase_and_other_targets(
    fake: tuple[ProbeEngine, FakeLoop, list[float]],
) -> None:
    """Changing one interval reschedules that target only; others keep their timers."""
    engine, loop, _ = fake
    engine.set_targets([ProbeTarget(1, "h", 1.0), ProbeTarget(2, "h", 1.0)])
    before = {entry[2] for entry in loop.timers}
    slot_two = engine._slots[2]
    old_deadline = engine._slots[1].deadline
    engine.set_targets([ProbeTarget(1, "h", 3.0), ProbeTarget(2, "h", 1.0)])
    assert engine._slots[2] is slot_two
    live = {entry[2] for entry in loop.timers if not entry[2].cancelled}
    assert slot_two.handle in before
    assert slot_two.handle in live
    one = engine._slots[1]
    assert one.deadline == pytest.approx(old_deadline - 1.0 + 3.0)
    assert one.handle not in before


# --- the real loop ------------------------------------------------------------------------------


async def test_many_loopback_targets_all_answer() -> None:
    """Eight loopback addresses at 50 ms each produce answered ICMP results."""
    results = Results()
    engine = ProbeEngine(results, detect_capability("icmp"))
    engine.set_targets([ProbeTarget(i, f"127.0.0.{i}", 0.05) for i in range(1, 9)])
    await engine.start()
    try:
        await results.until(lambda: all(len(results.by_target[i]) >= 5 for i in range(1, 9)))
    finally:
        await engine.stop()
    every = [r for rs in results.by_target.values() for r in rs]
    assert all(not r.timeout and r.method is ProbeMethod.ICMP for r in every)
    assert all(r.latency_ms is not None and r.latency_ms >= 0 for r in every)
    stats = engine.stats()
    assert stats.probes >= 40
    assert stats.in_flight == 0
    assert stats.targets == 8
    assert 0 <= stats.jitter_ms_p50 <= stats.jitter_ms_p95 <= stats.jitter_ms_max


async def test_live_add_update_remove() -> None:
    """Removing stops results at once, adding starts a new target, the rest keep going."""
    results = Results()
    engine = ProbeEngine(results, detect_capability("icmp"))
    engine.set_targets([ProbeTarget(1, "127.0.0.1", 0.02), ProbeTarget(2, "127.0.0.2", 0.02)])
    await engine.start()
    try:
        await results.until(lambda: len(results.by_target[1]) >= 3)
        kept = engine._slots[2]
        engine.set_targets([ProbeTarget(2, "127.0.0.2", 0.03), ProbeTarget(3, "127.0.0.3", 0.02)])
        removed_at = len(results.order)
        assert engine._slots[2] is kept
        await results.until(lambda: len(results.by_target[3]) >= 3)
        seen_two = len(results.by_target[2])
        await results.until(lambda: len(results.by_target[2]) >= seen_two + 2)
    finally:
        await engine.stop()
    assert 1 not in results.order[removed_at:]
    assert engine.stats().targets == 2


async def test_host_change_drops_results_for_the_old_address() -> None:
    """A probe still in flight for the old host is not reported after the change."""
    results = Results()
    engine = ProbeEngine(results, TCP)
    gate = asyncio.Event()
    old_started = asyncio.Event()
    hosts: list[str] = []

    async def slow(_slot: Any, target: ProbeTarget) -> ProbeResult:
        hosts.append(target.host)
        if target.host == "old":
            old_started.set()
            await gate.wait()
        return ProbeResult(0.0, 1.0, False, ProbeMethod.TCP)

    engine._probe = slow  # type: ignore[method-assign, assignment]
    engine.set_targets([ProbeTarget(1, "old", 0.01)])
    await engine.start()
    try:
        await old_started.wait()
        engine.set_targets([ProbeTarget(1, "new", 0.01)])
        gate.set()
        await results.until(lambda: len(results.by_target[1]) >= 2)
    finally:
        await engine.stop()
    assert "new" in hosts
    assert len(results.by_target[1]) >= 2


async def test_in_flight_is_bounded() -> None:
    """With probes that hang, at most max_in_flight run; the rest queue once, then skip."""
    engine = ProbeEngine(lambda *_: None, TCP, max_in_flight=2)
    started: list[int] = []
    never = asyncio.Event()
    enough = asyncio.Event()

    async def hang(_slot: Any, target: ProbeTarget) -> ProbeResult:
        started.append(target.id)
        await never.wait()
        raise AssertionError("unreachable")

    engine._probe = hang  # type: ignore[method-assign, assignment]
    fire = engine._fire

    def counting_fire(slot: Any) -> None:
        fire(slot)
        if engine.stats().skipped >= 5:
            enough.set()

    engine._fire = counting_fire  # type: ignore[method-assign]
    engine.set_targets([ProbeTarget(i, "h", 0.005) for i in range(1, 5)])
    await engine.start()
    try:
        await enough.wait()
        assert engine.stats().in_flight == 2
        assert len(started) == 2
        assert len(engine._queue) <= 4
    finally:
        await engine.stop()
    assert engine.stats().in_flight == 0


async def test_queued_probe_starts_when_a_slot_frees() -> None:
    """A probe queued behind the bound starts (late) as soon as one finishes."""
    engine = ProbeEngine(lambda *_: None, TCP, max_in_flight=1)
    release = asyncio.Event()
    both = asyncio.Event()
    started: list[int] = []

    async def gated(_slot: Any, target: ProbeTarget) -> ProbeResult:
        started.append(target.id)
        if len(started) == 2:
            both.set()
        if len(started) == 1:
            await release.wait()
        return ProbeResult(0.0, 1.0, False, ProbeMethod.TCP)

    engine._probe = gated  # type: ignore[method-assign, assignment]
    fire = engine._fire

    def release_once_queued(slot: Any) -> None:
        fire(slot)
        if engine._queue:
            release.set()

    engine._fire = release_once_queued  # type: ignore[method-assign]
    engine.set_targets([ProbeTarget(1, "a", 10.0), ProbeTarget(2, "b", 10.0)])
    await engine.start()
    try:
        await both.wait()
        assert engine.stats().probes == 2
    finally:
        await engine.stop()
    assert sorted(started) == [1, 2]


async def test_sink_errors_do_not_stop_the_engine() -> None:
    """A failing sink is logged; probing continues."""
    calls: list[int] = []
    done = asyncio.Event()

    def sink(target_id: int, _result: ProbeResult) -> None:
        calls.append(target_id)
        if len(calls) >= 3:
            done.set()
        raise RuntimeError("sink broke")

    engine = ProbeEngine(sink, detect_capability("icmp"))
    engine.set_targets([ProbeTarget(1, "127.0.0.1", 0.01)])
    await engine.start()
    try:
        await done.wait()
    finally:
        await engine.stop()
    assert len(calls) >= 3


@pytest.fixture
def listener() -> Iterator[int]:
    """A TCP listener on loopback; yields its port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield int(sock.getsockname()[1])


async def test_tcp_engine_open_and_closed_ports(listener: int) -> None:
    """TCP probes answer for a listener and for a refused (closed) port alike."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe_sock:
        probe_sock.bind(("127.0.0.1", 0))
        closed = int(probe_sock.getsockname()[1])
    results = Results()
    engine = ProbeEngine(results, TCP)
    engine.set_targets(
        [ProbeTarget(1, "127.0.0.1", 0.02, listener), ProbeTarget(2, "127.0.0.1", 0.02, closed)]
    )
    await engine.start()
    try:
        await results.until(lambda: len(results.by_target[1]) >= 3 <= len(results.by_target[2]))
    finally:
        await engine.stop()
    for target in (1, 2):
        assert all(not r.timeout and r.method is ProbeMethod.TCP for r in results.by_target[target])


def test_bad_targets_and_bounds_are_rejected() -> None:
    """Non-positive intervals and an in-flight bound below 1 raise ValueError."""
    engine = ProbeEngine(lambda *_: None, TCP)
    with pytest.raises(ValueError, match="interval"):
        engine.set_targets([ProbeTarget(1, "h", 0.0)])
    with pytest.raises(ValueError, match="max_in_flight"):
        ProbeEngine(lambda *_: None, TCP, max_in_flight=0)


async def test_stop_is_idempotent_and_restartable() -> None:
    """stop() twice is harmless; start() again resumes the same targets."""
    results = Results()
    engine = ProbeEngine(results, detect_capability("icmp"))
    engine.set_targets([ProbeTarget(1, "127.0.0.1", 0.01)])
    await engine.start()
    await results.until(lambda: len(results.by_target[1]) >= 1)
    await engine.stop()
    await engine.stop()
    assert not engine.running
    count = len(results.by_target[1])
    await engine.start()
    try:
        await results.until(lambda: len(results.by_target[1]) >= count + 2)
    finally:
        await engine.stop()


async def test_a_probe_that_raises_still_reports_a_loss() -> None:
    """An unexpected error inside a probe is logged and delivered as an unanswered result."""
    results = Results()
    engine = ProbeEngine(results, TCP)

    async def broken(_slot: Any, _target: ProbeTarget) -> ProbeResult:
        raise RuntimeError("unexpected")

    engine._probe = broken  # type: ignore[method-assign, assignment]
    engine.set_targets([ProbeTarget(1, "h", 0.01)])
    await engine.start()
    try:
        await results.until(lambda: len(results.by_target[1]) >= 2)
    finally:
        await engine.stop()
    assert all(r.timeout and r.latency_ms is None for r in results.by_target[1])


async def test_an_invalid_name_is_an_oserror_not_a_crash() -> None:
    """The IDNA codec's UnicodeError (an empty label) becomes a plain resolution failure."""
    with pytest.raises(OSError, match="not a valid host name"):
        await resolve("a..b")


async def test_a_failed_lookup_is_not_repeated_every_probe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """During a DNS failure each probe is a loss, but the name is looked up once per while."""
    calls: list[str] = []

    async def counting(host: str) -> tuple[int, str]:
        calls.append(host)
        return await resolve(host)

    monkeypatch.setattr("docsight_server.connmon.engine.resolve", counting)
    results = Results()
    engine = ProbeEngine(results, TCP)
    engine.set_targets([ProbeTarget(1, "a..b", 0.01)])
    await engine.start()
    try:
        await results.until(lambda: len(results.by_target[1]) >= 20)
    finally:
        await engine.stop()
    assert all(result.timeout for result in results.by_target[1])
    assert calls == ["a..b"]


async def test_one_lookup_in_flight_per_target(monkeypatch: pytest.MonkeyPatch) -> None:
    """Probes that time out while a lookup hangs wait for that lookup instead of adding one."""
    calls: list[str] = []
    release = asyncio.Event()

    async def hanging(host: str) -> tuple[int, str]:
        calls.append(host)
        await release.wait()
        return socket.AF_INET, "127.0.0.1"

    monkeypatch.setattr("docsight_server.connmon.engine.resolve", hanging)
    results = Results()
    engine = ProbeEngine(results, TCP, timeout=0.02)
    engine.set_targets([ProbeTarget(1, "slow.example", 0.01)])
    await engine.start()
    try:
        await results.until(lambda: len(results.by_target[1]) >= 5)
        assert calls == ["slow.example"]
        assert all(result.timeout for result in results.by_target[1])
    finally:
        release.set()
        await engine.stop()
