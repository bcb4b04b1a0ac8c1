"""Collectors and the scheduler that runs them."""

from .base import Collector, CollectorError
from .scheduler import NoCollectorError, PollBusyError, PollRateLimitedError, Scheduler

__all__ = [
    "Collector",
    "CollectorError",
    "NoCollectorError",
    "PollBusyError",
    "PollRateLimitedError",
    "Scheduler",
]
