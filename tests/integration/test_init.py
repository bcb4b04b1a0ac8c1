"""Setting up and unloading the integration against the real add-on."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry


async def test_setup_and_unload(hass: HomeAssistant, setup_integration: MockConfigEntry) -> None:
    """The entry loads, creates entities and unloads cleanly."""
    entry = setup_integration
    assert entry.state is ConfigEntryState.LOADED
    states = hass.states.async_all()
    print(sorted((s.entity_id, s.state) for s in states))
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
