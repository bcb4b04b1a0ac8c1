"""Feature lists for tests that need more than the product declares (extra drivers)."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from typing import Any

from docsight_server.drivers.base import ModemDriver
from docsight_server.feature import Feature
from docsight_server.features import FEATURES
from docsight_server.signal.feature import FEATURE as SIGNAL

from .conftest import ServerFactory
from .harness import RunningServer


def features_with_drivers(*drivers: type[ModemDriver]) -> tuple[Feature, ...]:
    """Return the product's features with extra drivers on the signal feature."""
    signal = replace(SIGNAL, drivers=(*SIGNAL.drivers, *drivers))
    return tuple(signal if feature is SIGNAL else feature for feature in FEATURES)


def factory_with_drivers(
    server_factory: ServerFactory, *drivers: type[ModemDriver]
) -> ServerFactory:
    """Return a server factory whose servers also know the given drivers."""
    features = features_with_drivers(*drivers)

    def factory(
        env: dict[str, str] | None = None, **kwargs: Any
    ) -> AbstractAsyncContextManager[RunningServer]:
        kwargs.setdefault("features", features)
        return server_factory(env, **kwargs)

    return factory
