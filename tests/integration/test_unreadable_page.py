"""The repair issue for a modem page the add-on cannot read: the page, the message, the capture."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.docsight import repairs
from custom_components.docsight.const import DOMAIN
from custom_components.docsight.models import CollectorStatus
from docsight_server.collectors.diagnosis import diagnose
from docsight_server.drivers import UnexpectedPageError
from tests.integration.test_coordinator import Refreshes, count_refreshes, stream_ready, wait_until

from .conftest import Addon

TRANSLATIONS = Path(__file__).parents[2] / "custom_components" / DOMAIN / "translations"
PAGE = "/cmconnectionstatus.html"
PARSER_SAYS = "the downstream table has 7 fields per channel; this driver knows layouts with 9"


def failed_status(addon: Addon) -> dict[str, Any]:
    """Return the add-on's modem collector status after a run that met an unreadable page."""
    diagnosis = diagnose(UnexpectedPageError(PARSER_SAYS, page=PAGE))
    return {
        **addon.server.context.scheduler.status()[0],
        "consecutive_failures": 1,
        "last_error": diagnosis.message,
        "last_error_kind": diagnosis.kind,
        "last_error_page": diagnosis.page,
        "hint": diagnosis.hint,
    }


@pytest.fixture
def refreshes() -> Iterator[Refreshes]:
    """Count the live coordinator's refreshes (set up before the integration)."""
    with count_refreshes() as counter:
        yield counter


def test_issue_text_names_the_page_and_the_capture_action() -> None:
    """Both languages show the page and the add-on's message and name the capture action."""
    for language in ("en", "de"):
        text = json.loads((TRANSLATIONS / f"{language}.json").read_text())["issues"]
        issue = text["modem_page_unreadable"]
        assert issue["title"], language
        used = set(re.findall(r"{(\w+)}", issue["title"] + issue["description"]))
        assert used == {"title", "page", "error"}, language
        assert "docsight.capture_modem_pages" in issue["description"], language


async def test_unreadable_page_raises_and_clears_the_issue(
    hass: HomeAssistant, issue_registry: ir.IssueRegistry
) -> None:
    """The issue follows the collector: raised on an unreadable page, cleared otherwise."""
    entry = MockConfigEntry(domain=DOMAIN, title="DOCSight", data={"url": "http://docsight:8765"})
    entry.add_to_hass(hass)
    issue_id = repairs.MODEM_PAGE_UNREADABLE.issue_id(entry)
    unreadable = CollectorStatus.from_json(
        {
            "name": "modem",
            "last_error": f"Could not read the modem's page {PAGE}: {PARSER_SAYS}",
            "last_error_kind": "unexpected_page",
            "last_error_page": PAGE,
        }
    )
    repairs.async_update_unreadable_page(hass, entry, unreadable)
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert (issue.severity, issue.is_fixable) == (ir.IssueSeverity.WARNING, False)
    assert issue.translation_placeholders == {
        "title": "DOCSight",
        "page": PAGE,
        "error": f"Could not read the modem's page {PAGE}: {PARSER_SAYS}",
    }
    refused = CollectorStatus.from_json(
        {"name": "modem", "last_error": "DriverAuthError: refused", "last_error_kind": "auth"}
    )
    repairs.async_update_unreadable_page(hass, entry, refused)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    repairs.async_update_unreadable_page(hass, entry, unreadable)
    repairs.async_update_unreadable_page(hass, entry, None)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


async def test_pushed_unreadable_page_raises_the_issue(
    hass: HomeAssistant,
    addon: Addon,
    refreshes: Refreshes,
    setup_integration: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
) -> None:
    """The add-on's stream reports an unreadable page: the issue appears, and goes on recovery."""
    await stream_ready(setup_integration, refreshes)
    issue_id = repairs.MODEM_PAGE_UNREADABLE.issue_id(setup_integration)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    hub = addon.server.context.hub
    hub.publish("collectors", [failed_status(addon)])
    await wait_until(lambda: issue_registry.async_get_issue(DOMAIN, issue_id) is not None)
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    placeholders = issue.translation_placeholders or {}
    assert placeholders["page"] == PAGE
    assert PARSER_SAYS in placeholders["error"]
    hub.publish("collectors", addon.server.context.scheduler.status())
    await wait_until(lambda: issue_registry.async_get_issue(DOMAIN, issue_id) is None)
