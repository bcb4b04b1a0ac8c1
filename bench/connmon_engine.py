"""Connection-monitor probe engine: 50 loopback targets at 1 s, CPU per probe and jitter."""

from __future__ import annotations

import asyncio
import resource
import time
from pathlib import Path

from docsight_server.connmon.engine import ProbeEngine, ProbeTarget
from docsight_server.connmon.probe import ProbeResult, detect_capability

TARGETS = 50
INTERVAL_S = 1.0
DURATION_S = 20.0
WARM_UP_S = 2.0
TARGET_CPU_PCT = 5.0


def _cpu_seconds() -> tuple[float, float]:
    """Return (process, calling thread) CPU seconds, user + system."""
    process = resource.getrusage(resource.RUSAGE_SELF)
    thread = resource.getrusage(resource.RUSAGE_THREAD)
    return process.ru_utime + process.ru_stime, thread.ru_utime + thread.ru_stime


async def measure(work: Path, duration: float = DURATION_S) -> list[str]:
    """Probe 127.0.0.1-50 every second for `duration` seconds and report the cost."""
    del work  # no data dir needed: the engine keeps nothing on disk
    capability = detect_capability("auto")
    answered = timeouts = 0

    def sink(_target_id: int, result: ProbeResult) -> None:
        nonlocal answered, timeouts
        if result.timeout:
            timeouts += 1
        else:
            answered += 1

    engine = ProbeEngine(sink, capability)
    engine.set_targets(
        ProbeTarget(i, f"127.0.0.{i}", INTERVAL_S, tcp_port=9) for i in range(1, TARGETS + 1)
    )
    await engine.start()
    try:
        await asyncio.sleep(WARM_UP_S)
        probes_before = engine.stats().probes
        answered = timeouts = 0
        cpu_before = _cpu_seconds()
        wall_before = time.monotonic()
        await asyncio.sleep(duration)
        cpu_after = _cpu_seconds()
        wall = time.monotonic() - wall_before
        stats = engine.stats()
    finally:
        await engine.stop()
    probes = max(1, stats.probes - probes_before)
    process_cpu = cpu_after[0] - cpu_before[0]
    thread_cpu = cpu_after[1] - cpu_before[1]
    pct = process_cpu / wall * 100.0
    verdict = "ok" if pct < TARGET_CPU_PCT else "over"
    expected = TARGETS * wall / INTERVAL_S
    return [
        f"Connection-monitor probe engine: {TARGETS} loopback targets (127.0.0.1-{TARGETS}) "
        f"every {INTERVAL_S:.0f} s for {wall:.1f} s after a {WARM_UP_S:.0f} s warm-up,",
        f"method {capability.method.value}"
        f"{' (privileged)' if capability.privileged else ''}: {capability.reason}",
        f"probes {probes} (expected {expected:.0f}), answered {answered}, timeouts {timeouts}, "
        f"late starts {stats.late_starts}, skipped {stats.skipped}",
        f"CPU per probe {process_cpu / probes * 1e6:.0f} us (event-loop thread "
        f"{thread_cpu / probes * 1e6:.0f} us)",
        f"CPU {pct:.2f} % of one core (target < {TARGET_CPU_PCT:.0f} %): {verdict}",
        f"scheduling jitter p50 {stats.jitter_ms_p50:.2f} ms, p95 {stats.jitter_ms_p95:.2f} ms, "
        f"max {stats.jitter_ms_max:.2f} ms",
    ]
