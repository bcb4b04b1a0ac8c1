"""Shared test set-up.

Importing the integration here, before any `hass` fixture runs, makes Home Assistant's loader
find this repository's `custom_components` package rather than the test plugin's bundled one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from custom_components.docsight.const import DOMAIN
from tests.addon.harness import seed_demo_data_dir
from tests.network_guard import NetworkGuard, violations_message

__all__ = ["DOMAIN"]


@pytest.fixture(scope="session")
def seeded_demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed the 270-day demo history once per test session; tests copy it."""
    data_dir = tmp_path_factory.mktemp("demo-seed") / "data"
    seed_demo_data_dir(data_dir)
    return data_dir


@pytest.fixture(scope="session")
def network_guard() -> Iterator[NetworkGuard]:
    """Refuse sends and reverse lookups beyond loopback outside the tests' own namespaces."""
    guard = NetworkGuard()
    guard.install()
    yield guard
    guard.uninstall()


@pytest.fixture(autouse=True)
def probes_stay_local(network_guard: NetworkGuard) -> Iterator[None]:
    """Fail a test that tried to probe anything beyond loopback and its own namespaces."""
    network_guard.take_violations()
    yield
    violations = network_guard.take_violations()
    assert not violations, violations_message(violations)
