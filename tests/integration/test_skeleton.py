"""The integration skeleton is found by Home Assistant's loader and by HACS' rules."""

from __future__ import annotations

import json
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration

from custom_components.docsight.const import DOMAIN

ROOT = Path(__file__).parents[2]


async def test_home_assistant_finds_the_integration(
    hass: HomeAssistant, enable_custom_integrations: None
) -> None:
    """Home Assistant's loader resolves our domain to this repository's folder."""
    integration = await async_get_integration(hass, DOMAIN)
    assert integration.domain == DOMAIN
    assert Path(integration.file_path) == ROOT / "custom_components" / DOMAIN
    assert not integration.is_built_in
    # One entry (the add-on) with many devices: the modem, monitor targets and LAN devices.
    assert integration.integration_type == "hub"


def test_manifest_has_what_hacs_and_hassfest_require() -> None:
    """Required keys are present and ordered domain, name, then alphabetical."""
    manifest = json.loads((ROOT / "custom_components" / DOMAIN / "manifest.json").read_text())
    for key in ("domain", "name", "version", "codeowners", "documentation", "issue_tracker"):
        assert manifest.get(key), key
    assert manifest["domain"] == DOMAIN
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    assert manifest["documentation"].startswith("https://")
    assert manifest["integration_type"] in ("device", "hub", "service")
