"""Runs collectors on their intervals with back-off; serves status and manual polls."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .backoff import PollRecord
from .base import Collector
from .diagnosis import Diagnosis, diagnose

_LOGGER = logging.getLogger(__name__)

MANUAL_POLL_COOLDOWN = 10
TICK_SECONDS = 1.0
#: Shutdown lets running collections finish this long, then cancels them (the Supervisor
#: kills an add-on that is not stopped within its timeout; long runs watch `stopping`).
STOP_GRACE_SECONDS = 5.0


class PollBusyError(Exception):
    """The collector is running already."""


class PollRateLimitedError(Exception):
    """A manual poll came too soon after the last successful one."""

    def __init__(self, retry_after: int) -> None:
        """Remember how long the caller has to wait."""
        super().__init__(f"Please wait {retry_after} s before polling again")
        self.retry_after = retry_after


class NoCollectorError(Exception):
    """No collector can answer a manual poll."""


@dataclass(slots=True)
class _Slot:
    collector: Collector
    record: PollRecord = field(default_factory=PollRecord)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_manual_success: float = 0.0
    task: asyncio.Task[None] | None = None


class Scheduler:
    """Owns the collectors: one run at a time per collector, never two overlapping."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        """Create an empty scheduler; `clock` returns epoch seconds."""
        self._clock = clock
        self._slots: dict[str, _Slot] = {}
        self._loop_task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._listeners: list[Callable[[list[dict[str, Any]]], None]] = []
        self._retired: list[Collector] = []
        self._spare_lock = asyncio.Lock()

    def on_status(self, listener: Callable[[list[dict[str, Any]]], None]) -> None:
        """Call `listener(status)` after every collector run."""
        self._listeners.append(listener)

    def _announce(self) -> None:
        if self._listeners:
            status = self.status()
            for listener in self._listeners:
                listener(status)

    def replace_collectors(self, collectors: list[Collector]) -> None:
        """Swap in a new set of collectors, keeping the records of those that stay."""
        slots: dict[str, _Slot] = {}
        for collector in collectors:
            old = self._slots.get(collector.name)
            slot = _Slot(collector)
            if old is not None and old.collector is not collector:
                self._retired.append(old.collector)
            if old is not None:
                slot.record, slot.lock, slot.task = old.record, old.lock, old.task
                slot.last_manual_success = old.last_manual_success
            slots[collector.name] = slot
        for name, old in self._slots.items():
            if name not in slots:
                self._retired.append(old.collector)
        self._slots = slots

    @property
    def stopping(self) -> bool:
        """Return True once stop() began: long collector runs end at their next batch."""
        return self._stopping.is_set()

    @property
    def collectors(self) -> list[Collector]:
        """Return the registered collectors."""
        return [slot.collector for slot in self._slots.values()]

    def modem_lock(self) -> asyncio.Lock:
        """Return the lock every poll of the modem holds (a spare one without a collector).

        Talking to the modem outside the schedule (a capture) holds it too, so a
        single-session modem never sees two logins at once.
        """
        slot = next((s for s in self._slots.values() if s.collector.primary), None)
        return slot.lock if slot is not None else self._spare_lock

    def start(self) -> None:
        """Start the background loop."""
        self._stopping.clear()
        self._loop_task = asyncio.get_running_loop().create_task(self._run(), name="scheduler")

    async def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Stop scheduling and let running collections finish (cancel after `grace` s)."""
        self._stopping.set()
        if self._loop_task is not None:
            await self._loop_task
            self._loop_task = None
        running = [slot.task for slot in self._slots.values() if slot.task and not slot.task.done()]
        if running:
            _done, pending = await asyncio.wait(running, timeout=grace)
            for task in pending:
                _LOGGER.warning("Cancelling %s: still running at shutdown", task.get_name())
                task.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
        await self.close_retired()
        for slot in self._slots.values():
            await self._close(slot.collector)

    async def close_retired(self) -> None:
        """Close collectors that were replaced since the last call."""
        retired, self._retired = self._retired, []
        for collector in retired:
            await self._close(collector)

    @staticmethod
    async def _close(collector: Collector) -> None:
        try:
            await collector.close()
        except Exception:  # closing is best effort: log and go on
            _LOGGER.exception("Closing collector %s failed", collector.name)

    async def _run(self) -> None:
        while not self._stopping.is_set():
            self.launch_due()
            try:
                await asyncio.wait_for(self._stopping.wait(), TICK_SECONDS)
            except TimeoutError:
                continue

    def _due(self, slot: _Slot, now: float) -> bool:
        if not slot.collector.enabled or slot.lock.locked():
            return False
        if slot.task is not None and not slot.task.done():
            return False
        if slot.record.scheduled_at == 0:
            return True
        interval = slot.collector.poll_interval + slot.record.penalty(now)
        return now - slot.record.scheduled_at >= interval

    def launch_due(self) -> list[asyncio.Task[None]]:
        """Start every collector whose time has come; return the started tasks."""
        now = self._clock()
        started = []
        for slot in self._slots.values():
            if self._due(slot, now):
                slot.task = asyncio.get_running_loop().create_task(
                    self._scheduled_run(slot), name=f"collector:{slot.collector.name}"
                )
                started.append(slot.task)
        return started

    async def _scheduled_run(self, slot: _Slot) -> None:
        async with slot.lock:
            try:
                await slot.collector.collect()
            except Exception as err:  # one collector's fault must not stop the others
                slot.record.failure(self._clock(), diagnose(err))
                _LOGGER.warning(
                    "Collector %s failed (%d in a row): %s",
                    slot.collector.name,
                    slot.record.consecutive_failures,
                    err,
                )
            else:
                slot.record.success(self._clock())
        self._announce()

    async def poll_now(self) -> Any:
        """Run the primary collector at once; it counts as its last poll, not as a scheduled run.

        The automatic schedule and the back-off are left as they were (upstream's behaviour).
        """
        slot = next((s for s in self._slots.values() if s.collector.primary), None)
        if slot is None:
            raise NoCollectorError
        now = self._clock()
        if slot.lock.locked():
            raise PollBusyError
        wait = MANUAL_POLL_COOLDOWN - (now - slot.last_manual_success)
        if slot.last_manual_success and wait > 0:
            raise PollRateLimitedError(int(wait + 0.999))
        try:
            async with slot.lock:
                result = await slot.collector.collect()
            slot.last_manual_success = self._clock()
            slot.record.manual_success(slot.last_manual_success)
        finally:
            self._announce()
        return result

    def status(self) -> list[dict[str, Any]]:
        """Return one status object per collector (upstream's keys)."""
        now = self._clock()
        result = []
        for slot in self._slots.values():
            record = slot.record
            penalty = record.penalty(now)
            effective = slot.collector.poll_interval + penalty
            due_at = record.scheduled_at + effective
            next_in = max(0, due_at - now) if record.scheduled_at else 0
            result.append(
                {
                    "name": slot.collector.name,
                    "enabled": slot.collector.enabled,
                    "consecutive_failures": record.consecutive_failures,
                    "penalty_seconds": penalty,
                    "poll_interval": slot.collector.poll_interval,
                    "effective_interval": effective,
                    "last_poll": record.last_poll,
                    "next_poll_in": int(next_in),
                    "last_error": record.last_error,
                    "primary": slot.collector.primary,
                    **_diagnosis_fields(record.diagnosis),
                    **slot.collector.status_details(),
                }
            )
        return result


def _diagnosis_fields(diagnosis: Diagnosis | None) -> dict[str, str]:
    """Return the status keys that explain the last failure (none after a success)."""
    if diagnosis is None:
        return {}
    fields = {"last_error_kind": diagnosis.kind}
    if diagnosis.page:
        fields["last_error_page"] = diagnosis.page
    if diagnosis.hint:
        fields["hint"] = diagnosis.hint
    return fields
