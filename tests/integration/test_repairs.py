"""Repair issues: an incompatible add-on API and an unreachable add-on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from homeassistant.components.repairs import ConfirmRepairFlow
from homeassistant.components.repairs.issue_handler import async_process_repairs_platforms
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.docsight import repairs
from custom_components.docsight.const import DOMAIN, SUPPORTED_API_VERSION

TRANSLATIONS = Path(__file__).parents[2] / "custom_components" / DOMAIN / "translations"


@pytest.fixture
def entry(hass: HomeAssistant) -> MockConfigEntry:
    """A DOCSight entry (not set up: the helpers only need its id, title and URL)."""
    entry = MockConfigEntry(
        domain=DOMAIN, title="DOCSight", data={"url": "http://a0d7b954-docsight:8765"}
    )
    entry.add_to_hass(hass)
    return entry


def assert_translated(issue: ir.IssueEntry) -> None:
    """The issue's title and description exist in both languages and use only its placeholders."""
    for language in ("en", "de"):
        texts = json.loads((TRANSLATIONS / f"{language}.json").read_text())["issues"]
        text = texts[issue.translation_key]
        assert text["title"]
        used = set(re.findall(r"{(\w+)}", text["title"] + text["description"]))
        assert used == set(issue.translation_placeholders or {}), language


async def test_incompatible_api_issue(
    hass: HomeAssistant, issue_registry: ir.IssueRegistry, entry: MockConfigEntry
) -> None:
    """An incompatible API version is an error the user cannot fix from the dialog."""
    repairs.async_report_incompatible(hass, entry, 7)
    issue = issue_registry.async_get_issue(DOMAIN, f"incompatible_api_{entry.entry_id}")
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.ERROR
    assert not issue.is_fixable
    assert issue.translation_key == "incompatible_api"
    assert issue.translation_placeholders == {
        "title": "DOCSight",
        "api_version": "7",
        "supported_version": str(SUPPORTED_API_VERSION),
    }
    assert issue.learn_more_url == repairs.TROUBLESHOOTING_URL
    assert_translated(issue)

    repairs.async_clear_incompatible(hass, entry)
    assert issue_registry.async_get_issue(DOMAIN, f"incompatible_api_{entry.entry_id}") is None


async def test_unreachable_issue_names_the_url(
    hass: HomeAssistant, issue_registry: ir.IssueRegistry, entry: MockConfigEntry
) -> None:
    """An unreachable add-on is a warning that shows the URL; clearing removes it."""
    issue_id = f"addon_unreachable_{entry.entry_id}"
    repairs.async_report_unreachable(hass, entry)
    repairs.async_report_unreachable(hass, entry)
    assert len(issue_registry.issues) == 1
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.WARNING
    assert not issue.is_fixable
    assert issue.translation_key == "addon_unreachable"
    assert issue.translation_placeholders == {
        "title": "DOCSight",
        "url": "http://a0d7b954-docsight:8765",
    }
    assert_translated(issue)

    repairs.async_clear_unreachable(hass, entry)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    repairs.async_clear_unreachable(hass, entry)  # clearing twice is harmless


async def test_issues_are_per_entry_and_cleared_together(
    hass: HomeAssistant, issue_registry: ir.IssueRegistry, entry: MockConfigEntry
) -> None:
    """Each entry has its own issues; async_clear_issues removes only that entry's."""
    other = MockConfigEntry(domain=DOMAIN, title="Second", data={"url": "http://other:8765"})
    other.add_to_hass(hass)
    for target in (entry, other):
        repairs.async_report_incompatible(hass, target, 2)
        repairs.async_report_unreachable(hass, target)
    assert len(issue_registry.issues) == 4

    repairs.async_clear_issues(hass, entry)
    assert {issue_id for _, issue_id in issue_registry.issues} == {
        f"incompatible_api_{other.entry_id}",
        f"addon_unreachable_{other.entry_id}",
    }


async def test_repairs_platform_is_valid(
    hass: HomeAssistant, setup_integration: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    """The repairs integration accepts our platform and its fix flow is a confirm flow."""
    assert await async_setup_component(hass, "repairs", {})
    await async_process_repairs_platforms(hass)
    assert "Invalid repairs platform" not in caplog.text
    assert hass.data["repairs"]["platforms"][DOMAIN] is repairs
    flow = await repairs.async_create_fix_flow(hass, "addon_unreachable_x", None)
    assert isinstance(flow, ConfirmRepairFlow)
