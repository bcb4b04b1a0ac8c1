"""Outage and packet-loss detection per target: pure bookkeeping over probe results."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .events import packet_loss_event, recovered_event, unreachable_event

LOSS_WINDOW_S = 60
LOSS_WARNING_EVERY_S = 300.0
#: Automatic traceroutes (outage starts, loss warnings) keep this distance per target.
TRACE_EVERY_S = 300.0


@dataclass(slots=True)
class TargetState:
    """Outage and loss bookkeeping of one probed target."""

    host: str
    timeouts: int = 0
    first_timeout: float = 0.0
    in_outage: bool = False
    recent: deque[tuple[float, bool]] = field(default_factory=deque)
    recent_timeouts: int = 0
    last_loss_warning: float | None = None
    last_trace: float | None = None
    last_outage_trace: float | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """An event to store, and the traceroute it asks for (None: no trace)."""

    ts: float
    event: dict[str, Any]
    trace_reason: str | None = None


def observe(
    state: TargetState,
    target_id: int,
    ts: float,
    timeout: bool,
    threshold: int,
    loss_warning_pct: float,
) -> list[Finding]:
    """Feed one probe result into a target's state; return the events it causes (no I/O)."""
    findings: list[Finding] = []
    if timeout:
        if state.timeouts == 0:
            state.first_timeout = ts
        state.timeouts += 1
        if not state.in_outage and state.timeouts >= threshold:
            state.in_outage = True
            event = unreachable_event(
                target_id, state.host, state.timeouts, threshold, state.first_timeout
            )
            findings.append(Finding(ts, event, _trace_reason(state, ts, "outage")))
    else:
        if state.in_outage:
            event = recovered_event(target_id, state.host, state.first_timeout, ts, state.timeouts)
            findings.append(Finding(ts, event))
        state.in_outage = False
        state.timeouts = 0
    recent = state.recent
    recent.append((ts, timeout))
    state.recent_timeouts += timeout
    while recent and recent[0][0] <= ts - LOSS_WINDOW_S:
        state.recent_timeouts -= recent.popleft()[1]
    if state.in_outage or not state.recent_timeouts:
        return findings  # an outage has its own event
    loss = 100.0 * state.recent_timeouts / len(recent)
    last = state.last_loss_warning
    if loss < loss_warning_pct or (last is not None and ts - last < LOSS_WARNING_EVERY_S):
        return findings
    state.last_loss_warning = ts
    event = packet_loss_event(
        target_id, state.host, loss, loss_warning_pct, LOSS_WINDOW_S, len(recent)
    )
    findings.append(Finding(ts, event, _trace_reason(state, ts, "packet_loss")))
    return findings


def _trace_reason(state: TargetState, ts: float, reason: str) -> str | None:
    """Return the reason to trace now, or None within TRACE_EVERY_S of a trace that counts.

    An outage start counts only earlier outage traces (a loss warning's trace seconds
    before does not show the broken route); a loss warning counts every trace.
    """
    outage = reason == "outage"
    last = state.last_outage_trace if outage else state.last_trace
    if last is not None and ts - last < TRACE_EVERY_S:
        return None  # a flapping target is traced at most every 5 minutes
    state.last_trace = ts
    if outage:
        state.last_outage_trace = ts
    return reason
