"""The repair issue for a modem page the add-on cannot read: the page, the message, the capture."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.docsight import repairs
from custom_components.docsight.const import DOMAIN
from custom_components.docsight.coordinator import DocsightLiveCoordinator
from custom_components.docsight.models import CollectorStatus
from docsight_server.collectors.diagnosis import diagnose
from docsight_server.drivers import UnexpectedPageError
from tests.integration.test_coordinator import Refreshes, count_refreshes, stream_ready, wait_until

from .conftest import Addon

TRANSLATIONS = Path(__file__).parents[2] / "custom_components" / DOMAIN / "translations"
PAGE = "/cmconnectionstatus.html"
PARSER_SAYS = "the downstream table has 7 fields per channel; this driver knows layouts with 9"
#: The capture button's label on the add-on's settings page, per language.
BUTTON_LABELS = {"en": "Capture modem pages", "de": "Modemseiten aufzeichnen"}
SETTINGS_STRINGS = (
    Path(__file__).parents[2]
    / "addon"
    / "docsight_server"
    / "api"
    / "web"
    / "settings"
    / "strings.js"
)


def failed_status(addon: Addon, failures: int) -> dict[str, Any]:
    """Return the add-on's modem collector status after `failures` runs met an unreadable page."""
    diagnosis = diagnose(UnexpectedPageError(PARSER_SAYS, page=PAGE))
    return {
        **addon.server.context.scheduler.status()[0],
        "consecutive_failures": failures,
        "last_error": diagnosis.message,
        "last_error_kind": diagnosis.kind,
        "last_error_page": diagnosis.page,
        "hint": diagnosis.hint,
    }


def unreadable(failures: int | None, page: str = PAGE, error: str = PARSER_SAYS) -> CollectorStatus:
    """Return a modem collector status whose last of `failures` runs met an unreadable page."""
    return CollectorStatus.from_json(
        {
            "name": "modem",
            "consecutive_failures": failures,
            "last_error": f"Could not read the modem's page {page}: {error}",
            "last_error_kind": "unexpected_page",
            "last_error_page": page,
        }
    )


def timed_out(failures: int) -> CollectorStatus:
    """Return a modem collector status whose last of `failures` runs timed out."""
    return CollectorStatus.from_json(
        {
            "name": "modem",
            "consecutive_failures": failures,
            "last_error": "TimeoutError",
            "last_error_kind": "timeout",
        }
    )


READ = CollectorStatus.from_json({"name": "modem", "consecutive_failures": 0})


@pytest.fixture
def entry(hass: HomeAssistant) -> MockConfigEntry:
    """An entry of an add-on (the watch needs only its id and title)."""
    entry = MockConfigEntry(domain=DOMAIN, title="DOCSight", data={"url": "http://docsight:8765"})
    entry.add_to_hass(hass)
    return entry


def watch_raises(
    hass: HomeAssistant, entry: MockConfigEntry, statuses: list[CollectorStatus | None]
) -> list[bool]:
    """Feed a new watch the statuses in turn; return whether the issue is up after each."""
    watch = repairs.UnreadablePageWatch(hass, entry)
    registry = ir.async_get(hass)
    issue_id = repairs.MODEM_PAGE_UNREADABLE.issue_id(entry)
    raised = []
    for status in statuses:
        watch.async_update(status)
        raised.append(registry.async_get_issue(DOMAIN, issue_id) is not None)
    return raised


def has_seen_failures(coordinator: DocsightLiveCoordinator, failures: int) -> bool:
    """Return whether the live coordinator knows of the modem collector's `failures`."""
    collector = coordinator.data.modem_collector
    return collector is not None and collector.consecutive_failures == failures


@pytest.fixture
def refreshes() -> Iterator[Refreshes]:
    """Count the live coordinator's refreshes (set up before the integration)."""
    with count_refreshes() as counter:
        yield counter


def test_issue_text_names_the_page_and_the_capture_action() -> None:
    """Both languages show the page and the add-on's message and name the capture action and
    the add-on's capture button as the settings page labels it in that language."""
    labels = SETTINGS_STRINGS.read_text(encoding="utf-8")
    for language in ("en", "de"):
        assert f'"modem.capture": "{BUTTON_LABELS[language]}"' in labels, language
        text = json.loads((TRANSLATIONS / f"{language}.json").read_text())["issues"]
        issue = text["modem_page_unreadable"]
        assert issue["title"], language
        used = set(re.findall(r"{(\w+)}", issue["title"] + issue["description"]))
        assert used == {"title", "page", "error"}, language
        assert "docsight.capture_modem_pages" in issue["description"], language
        assert BUTTON_LABELS[language] in issue["description"], language


async def test_one_unreadable_run_is_not_an_issue_three_in_a_row_are(
    hass: HomeAssistant, entry: MockConfigEntry, issue_registry: ir.IssueRegistry
) -> None:
    """A transient odd page does not raise the issue; the third failed run in a row does."""
    assert watch_raises(hass, entry, [READ, unreadable(1), unreadable(2), unreadable(3)]) == [
        False,
        False,
        False,
        True,
    ]
    issue = issue_registry.async_get_issue(DOMAIN, repairs.MODEM_PAGE_UNREADABLE.issue_id(entry))
    assert issue is not None
    assert (issue.severity, issue.is_fixable) == (ir.IssueSeverity.WARNING, False)
    assert issue.translation_placeholders == {
        "title": "DOCSight",
        "page": PAGE,
        "error": f"Could not read the modem's page {PAGE}: {PARSER_SAYS}",
    }


@pytest.mark.parametrize(
    ("statuses", "raised"),
    [
        ([unreadable(3)], [True]),
        ([unreadable(3), READ], [True, False]),
        ([unreadable(3), timed_out(4)], [True, False]),
        ([unreadable(3), None], [True, False]),
        ([unreadable(1), READ, unreadable(1), unreadable(2)], [False] * 4),
        ([unreadable(1), unreadable(1), unreadable(1)], [False] * 3),
        ([timed_out(1), timed_out(2), unreadable(3), unreadable(4)], [False] * 4),
        ([timed_out(1), unreadable(2), unreadable(3), unreadable(4)], [False, False, False, True]),
        ([unreadable(1), unreadable(2, "/other.html"), unreadable(3, "/other.html")], [False] * 3),
        (
            [timed_out(4), unreadable(5), unreadable(1), unreadable(2), unreadable(3)],
            [False, False, False, False, True],
        ),
        ([unreadable(None), unreadable(None), unreadable(None)], [False, False, True]),
    ],
    ids=[
        "counted-before-the-first-look",
        "cleared-by-a-read",
        "cleared-by-another-failure",
        "cleared-without-collector",
        "read-in-between",
        "same-run-seen-again",
        "earlier-failures-of-another-kind",
        "page-fails-from-the-second-run",
        "another-page",
        "count-starts-again",
        "addon-without-a-count",
    ],
)
async def test_issue_follows_runs_failing_on_the_same_page(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    statuses: list[CollectorStatus | None],
    raised: list[bool],
) -> None:
    """Only runs in a row that failed on one page count; a read or another failure clears."""
    assert watch_raises(hass, entry, statuses) == raised


async def test_long_addon_texts_are_cut_in_the_issue(
    hass: HomeAssistant, entry: MockConfigEntry, issue_registry: ir.IssueRegistry
) -> None:
    """An add-on message of any length cannot blow up the repair text."""
    page = "/" + "p" * 400
    assert watch_raises(hass, entry, [unreadable(3, page, "x" * 5000)]) == [True]
    issue = issue_registry.async_get_issue(DOMAIN, repairs.MODEM_PAGE_UNREADABLE.issue_id(entry))
    assert issue is not None
    placeholders = issue.translation_placeholders or {}
    for name in ("page", "error"):
        assert len(placeholders[name]) == repairs.MAX_PLACEHOLDER_LENGTH == 300, name
        assert placeholders[name].endswith("\u2026"), name
    assert placeholders["error"].startswith(f"Could not read the modem's page {page[:50]}")
    assert repairs.capped("short") == "short"


async def test_pushed_unreadable_page_raises_the_issue(
    hass: HomeAssistant,
    addon: Addon,
    refreshes: Refreshes,
    setup_integration: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
) -> None:
    """The stream reports the same unreadable page three runs in a row: the issue appears at the
    third, and goes on recovery."""
    await stream_ready(setup_integration, refreshes)
    issue_id = repairs.MODEM_PAGE_UNREADABLE.issue_id(setup_integration)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    hub = addon.server.context.hub
    coordinator = setup_integration.runtime_data.live
    for failures in (1, 2):
        hub.publish("collectors", [failed_status(addon, failures)])
        await wait_until(partial(has_seen_failures, coordinator, failures))
        assert issue_registry.async_get_issue(DOMAIN, issue_id) is None, failures
    hub.publish("collectors", [failed_status(addon, 3)])
    await wait_until(lambda: issue_registry.async_get_issue(DOMAIN, issue_id) is not None)
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    placeholders = issue.translation_placeholders or {}
    assert placeholders["page"] == PAGE
    assert PARSER_SAYS in placeholders["error"]
    hub.publish("collectors", addon.server.context.scheduler.status())
    await wait_until(lambda: issue_registry.async_get_issue(DOMAIN, issue_id) is None)
