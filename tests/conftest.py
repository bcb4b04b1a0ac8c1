"""Shared test set-up.

Importing the integration here, before any `hass` fixture runs, makes Home Assistant's loader
find this repository's `custom_components` package rather than the test plugin's bundled one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from custom_components.docsight.const import DOMAIN
from tests.addon.harness import seed_demo_data_dir

__all__ = ["DOMAIN"]


@pytest.fixture(scope="session")
def seeded_demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed the 270-day demo history once per test session; tests copy it."""
    data_dir = tmp_path_factory.mktemp("demo-seed") / "data"
    seed_demo_data_dir(data_dir)
    return data_dir
