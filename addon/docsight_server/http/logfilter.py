"""Rate-limited logging of a message that can repeat thousands of times a second.

When the process runs out of descriptors, asyncio reports every failed `accept()` (with a
traceback), which once wrote a 377 MB log in three minutes. One such record per interval gets
through, carrying the count of those held back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: What asyncio's message says when accept() fails for want of descriptors or memory.
ACCEPT_FAILURE = "out of system resource"
ACCEPT_LOG_INTERVAL = 10.0


class RepeatFilter(logging.Filter):
    """Lets one record containing `marker` through per `interval` seconds; counts the rest."""

    def __init__(
        self, marker: str, interval: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Filter records whose message contains marker."""
        super().__init__()
        self.marker = marker
        self.interval = interval
        self.suppressed = 0
        self._clock = clock
        self._next = float("-inf")

    def filter(self, record: logging.LogRecord) -> bool:
        """Return False for a repeat within the interval; note the held-back count otherwise."""
        message = record.getMessage()
        if self.marker not in message:
            return True
        now = self._clock()
        if now < self._next:
            self.suppressed += 1
            return False
        self._next = now + self.interval
        if self.suppressed:
            record.msg = f"{message} ({self.suppressed} more like it were not logged)"
            record.args = None
            self.suppressed = 0
        return True


@contextmanager
def accept_failures_rate_limited(
    interval: float = ACCEPT_LOG_INTERVAL,
) -> Iterator[RepeatFilter]:
    """Rate-limit asyncio's accept() failure records while the block runs."""
    logger = logging.getLogger("asyncio")
    repeat = RepeatFilter(ACCEPT_FAILURE, interval)
    logger.addFilter(repeat)
    try:
        yield repeat
    finally:
        logger.removeFilter(repeat)
