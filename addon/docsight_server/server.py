"""Running the application: listeners for the API port and the ingress port, clean stop."""

from __future__ import annotations

import asyncio
import logging
import signal

from .app import create_app
from .http.logfilter import accept_failures_rate_limited
from .http.transport import make_runner, start_site
from .listen import listen_host
from .runtime import Runtime

_LOGGER = logging.getLogger(__name__)


async def serve(runtime: Runtime, stop: asyncio.Event | None = None) -> None:
    """Serve until SIGTERM/SIGINT (or `stop` is set), then shut down cleanly."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    host = await listen_host(runtime)
    app = await create_app(runtime)
    runner = make_runner(app)
    await runner.setup()
    try:
        with accept_failures_rate_limited():
            await start_site(runner, host, runtime.web_port)
            _LOGGER.info("DOCSight listening on %s:%d", host, runtime.web_port)
            if runtime.ingress_port is not None:
                await start_site(runner, host, runtime.ingress_port)
                _LOGGER.info("Ingress listening on %s:%d", host, runtime.ingress_port)
            await stop.wait()
            _LOGGER.info("Stopping")
    finally:
        await runner.cleanup()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
    _LOGGER.info("Stopped")
