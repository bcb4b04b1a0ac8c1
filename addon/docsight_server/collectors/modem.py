"""The modem collector: driver -> signal pipeline, on the configured poll interval."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from ..drivers import DriverError, DriverTimeoutError, ModemDriver, UnexpectedPageError
from ..drivers.formats.common import forget_parsed_pages
from ..timeutil import now_epoch
from .base import Collector, CollectorError
from .diagnosis import note_page
from .pipeline import PollData, SignalPipeline

if TYPE_CHECKING:
    from ..context import ServerContext

_LOGGER = logging.getLogger(__name__)

DRIVER_TIMEOUT_SECONDS = 60.0


class ModemCollector(Collector):
    """Reads one modem through its driver and feeds the signal pipeline."""

    primary = True

    def __init__(
        self,
        context: ServerContext,
        driver: ModemDriver,
        *,
        name: str = "modem",
        is_demo: bool = False,
    ) -> None:
        """Bind a driver to the server."""
        self.name = name
        self.context = context
        self.driver = driver
        self.pipeline = SignalPipeline(context, is_demo=is_demo)
        self._connection_info: dict[str, Any] | None = None

    @property
    def poll_interval(self) -> int:
        """Return the configured poll interval."""
        return int(self.context.settings.get("poll_interval") or 900)

    async def read_modem(self) -> PollData:
        """Log in and read device info, connection info (first poll only) and channels."""
        driver = self.driver
        driver.diagnostics.clear()
        try:
            await driver.login()
            info = await driver.get_device_info()
            fresh_connection = None
            if self._connection_info is None:
                fresh_connection = await driver.get_connection_info()
                self._connection_info = fresh_connection
            docsis = await driver.get_docsis_data()
        except UnexpectedPageError as err:
            note_page(err, driver)  # before finish_poll: logging out reads another page
            raise
        finally:
            forget_parsed_pages()
            await driver.finish_poll()
        if driver.diagnostics:
            _LOGGER.debug("%s parser notes: %s", driver.key, "; ".join(driver.diagnostics))
        return PollData(now_epoch(), docsis, info, fresh_connection)

    async def collect(self) -> dict[str, Any]:
        """Poll the modem once and return the analysis."""
        try:
            async with asyncio.timeout(DRIVER_TIMEOUT_SECONDS):
                poll = await self.read_modem()
        except TimeoutError as err:
            raise DriverTimeoutError(
                f"The modem did not answer within {DRIVER_TIMEOUT_SECONDS:.0f} s"
            ) from err
        except DriverError:
            raise
        except Exception as err:
            raise CollectorError(f"{type(err).__name__}: {err}") from err
        if self._connection_info is not None and poll.connection_info is None:
            poll.connection_info = self._connection_info
        return await self.pipeline.process(poll)

    def status_details(self) -> dict[str, Any]:
        """Name the driver and what its parsers noticed in the last poll (skipped rows...)."""
        return {"driver": self.driver.key, "driver_notes": list(self.driver.diagnostics)}

    async def close(self) -> None:
        """Let the driver log out."""
        await self.driver.close()
