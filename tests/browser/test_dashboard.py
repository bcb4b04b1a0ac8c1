"""The Dashboard page: health in words, issues explained, figures, charts, markers, side cards."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from playwright.async_api import Page, expect

from docsight_server.analysis import health, summary

from .conftest import OpenUi, WatchedPages
from .helpers import serious_violations
from .servers import UiServer

type Shoot = Callable[[Page, str], Awaitable[Path]]

HEALTH_WORDS = {
    "good": "Line OK",
    "tolerated": "Line OK (tolerated)",
    "marginal": "Line marginal",
    "critical": "Line critical",
}
CHART = '#dash-charts [data-chart="{}"] svg.chart-svg'


def get(ui: UiServer, path: str) -> Any:
    """Return the API's answer to a GET (asserting a 200)."""
    code, answer = ui.api("GET", path)
    assert code == 200, answer
    return answer


def current_summary(ui: UiServer) -> dict[str, Any]:
    """Return the summary /api/channels reports now."""
    found: dict[str, Any] = get(ui, "api/channels")["summary"]
    assert found is not None
    return found


def ds_power_points(ui: UiServer, range_name: str) -> int:
    """Return how many rows of the API's trends window carry a DS power average."""
    rows = get(ui, f"api/trends?range={range_name}")
    return sum(1 for row in rows if row.get("ds_power_avg") is not None)


def every_issue_code() -> list[str]:
    """Return every summary health issue the analysis can report."""
    suffixes = list(summary._SUFFIX.values())
    codes = [f"{prefix}_{s}" for prefix in ("ds_power", "ds_modulation", "snr") for s in suffixes]
    codes += [f"us_modulation_{summary._SUFFIX[level]}" for level in summary._LEVELS[:2]]
    codes += [f"us_power_{s}_{side}" for s in suffixes for side in ("low", "high")]
    codes += list(health.UNCORR_ISSUES)
    return codes


async def chart_points(page: Page, key: str) -> int:
    """Return the points the chart `key` draws."""
    return int(await page.locator(CHART.format(key)).get_attribute("data-points") or "-1")


async def wait_for_range(page: Page, range_name: str) -> None:
    """Wait until the charts show `range_name`."""
    await expect(page.locator("#dash-charts")).to_have_attribute("data-loaded", range_name)


async def test_the_health_words_match_the_api(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """The health badge says the API's summary health in words, with a verdict sentence."""
    before = current_summary(ui)["health"]
    await open_ui(page, "dashboard")
    badge = page.locator("#dash-health")
    shown = await badge.get_attribute("data-health")
    assert shown in {before, current_summary(ui)["health"]}  # a poll may land in between
    await expect(badge).to_have_text(HEALTH_WORDS[str(shown)])
    await expect(page.locator(".dash-verdict")).not_to_contain_text("verdict.")


async def test_current_issues_are_explained_or_none_said(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Each issue of the API's summary has an explanation; without issues the page says so."""
    await open_ui(page, "dashboard")
    issues = current_summary(ui)["health_issues"]
    if not issues:
        await expect(page.locator("#dash-no-issues")).to_have_text("No issues: nothing to do.")
        return
    for code in issues:
        item = page.locator(f'#dash-issues li[data-issue="{code}"]')
        await expect(item.locator("h3")).not_to_be_empty()
        await expect(item).to_contain_text("What to do:")
        await expect(item).not_to_contain_text("issue.")


async def test_every_issue_code_has_an_explanation_in_both_languages(
    page: Page, open_ui: OpenUi
) -> None:
    """Every code the analysis produces maps to a headline, a meaning and an advice, en and de."""
    await open_ui(page, "dashboard")
    missing = await page.evaluate(
        """async (codes) => {
            const base = new URL("static/pages/dashboard/", document.baseURI).href;
            const { parseIssue } = await import(base + "issues.js");
            const strings = (await import(base + "strings.js")).default;
            const missing = [];
            for (const code of codes) {
                const parts = parseIssue(code);
                if (!parts) { missing.push(`${code}: not parsed`); continue; }
                const [meaning, action, level] = parts;
                for (const lang of ["en", "de"]) {
                    const keys = [`issue.${code}`, `meaning.${meaning}`,
                                  `action.${action}.${level}`];
                    for (const key of keys) {
                        if (!strings[lang][key]) missing.push(`${lang} ${key}`);
                    }
                }
            }
            return missing;
        }""",
        every_issue_code(),
    )
    assert missing == []


async def test_a_snapshot_from_the_stream_redraws_health_and_explains_its_issues(
    pages: WatchedPages, ui: UiServer, open_ui: OpenUi, shoot: Shoot
) -> None:
    """A `snapshot` stream event redraws the health: a stored snapshot with issues shows them,
    each explained with glossary links, and the explanations pass axe-core."""
    page = await pages.new(bypass_csp=True)
    rows = get(ui, "api/trends?range=30d")
    with_issues = [row for row in rows if row.get("health_issues")]
    assert with_issues, "the demo history has no snapshot with health issues in 30 days"
    stored = get(ui, f"api/snapshots/{with_issues[-1]['timestamp']}")
    event = {
        "snapshot_id": stored["snapshot_id"],
        "timestamp": stored["timestamp"],
        "summary": stored["summary"],
    }
    body = f"retry: 600000\nevent: snapshot\ndata: {json.dumps(event)}\n\n"
    held: list[Any] = []

    def hold(route: Any) -> None:
        """Keep the stream request unanswered until the page listens, then answer it once."""
        held.append(route)

    await page.route("**/api/stream", hold)
    await open_ui(page, "dashboard")
    assert held, "the shell did not open the live stream"
    await held[0].fulfill(status=200, content_type="text/event-stream", body=body)
    wanted = stored["summary"]["health"]
    await expect(page.locator("#dash-health")).to_have_attribute("data-health", wanted)
    await expect(page.locator("#dash-health")).to_have_text(HEALTH_WORDS[wanted])
    for code in stored["summary"]["health_issues"]:
        item = page.locator(f'#dash-issues li[data-issue="{code}"]')
        await expect(item).to_contain_text("What it means:")
        await expect(item.locator("a.term").first).to_have_attribute(
            "href", re.compile(r"^#/glossary\?term=")
        )
        await expect(item).not_to_contain_text("meaning.")
    await shoot(page, "dashboard-issues")
    serious = await serious_violations(page, "'#page'")
    assert not serious, "\n".join(serious)


async def test_the_key_figures_show_the_summary_against_limits(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """DS power, SNR, US power and the uncorrectable rate each show a value, a level and a limit."""
    await open_ui(page, "dashboard")
    before = current_summary(ui)
    figures = page.locator("#dash-figures .figure")
    await expect(figures).to_have_count(6)
    avg = (await page.locator("#fig-ds-power-avg .value").inner_text()).split(" ")[0]
    after = current_summary(ui)
    assert avg in {f"{before['ds_power_avg']:.1f}", f"{after['ds_power_avg']:.1f}"}
    levels = await figures.evaluate_all("els => els.map(e => e.dataset.level)")
    assert set(levels) <= {"good", "tolerated", "warning", "critical"}
    good = get(ui, "api/thresholds")["errors"]["uncorrectable_pct"]["warning"]
    await expect(page.locator("#fig-uncorr .limit")).to_contain_text(f"< {good:g} %")
    await expect(page.locator("#fig-snr-min .limit")).to_contain_text("good ≥")


async def test_the_charts_draw_the_api_rows_of_24_h_then_7_days(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """The DS power chart draws one point per API row of the window; 7 d redraws with 7 d's rows."""
    await open_ui(page, "dashboard")
    await wait_for_range(page, "1d")
    before = ds_power_points(ui, "1d")
    drawn = await chart_points(page, "ds-power")
    assert drawn in {before, ds_power_points(ui, "1d")}
    assert drawn > 0
    await page.locator('label[for="dash-range-7d"]').click()
    await wait_for_range(page, "7d")
    week_before = ds_power_points(ui, "7d")
    week = await chart_points(page, "ds-power")
    assert week in {week_before, ds_power_points(ui, "7d")}
    assert week > drawn
    assert "range=7d" in page.url


async def test_the_charts_mark_warning_and_critical_events(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Each chart carries one marker per warning/critical event of the API in its window."""
    await open_ui(page, "dashboard", "range=30d")
    await wait_for_range(page, "30d")
    svg = page.locator(CHART.format("ds-power"))
    start = int(await svg.get_attribute("data-from") or 0)
    end = int(await svg.get_attribute("data-to") or 0)
    events = [
        event
        for severity in ("warning", "critical")
        for event in get(ui, f"api/events?severity={severity}&limit=500")["events"]
    ]
    inside = [
        event
        for event in events
        if start <= datetime.fromisoformat(event["timestamp"]).timestamp() * 1000 <= end
    ]
    assert inside, "the demo has warning or critical events in the last 30 days"
    for key in ("ds-power", "snr", "us-power", "errors"):
        await expect(page.locator(f"{CHART.format(key)} line.marker")).to_have_count(len(inside))
    severities = await svg.locator("line.marker").evaluate_all(
        "els => els.map(e => e.classList.contains('critical') ? 'critical' : 'warning')"
    )
    assert sorted(severities) == sorted(event["severity"] for event in inside)


async def test_the_side_cards_follow_the_api(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """Latest events, connection monitor, LAN devices down and gaming score match the API."""
    await open_ui(page, "dashboard")
    latest = get(ui, "api/events?limit=8&exclude_operational=true")["events"]
    items = page.locator("#dash-events-list li")
    await expect(items).to_have_count(len(latest))
    await expect(items.first).to_contain_text(latest[0]["message"])
    await expect(page.locator('#dash-events a[href="#/events"]')).to_be_visible()

    monitor = get(ui, "api/connection-monitor/summary")
    if monitor:
        await expect(page.locator("#dash-connmon tbody tr")).to_have_count(len(monitor))
    else:
        await expect(page.locator("#dash-connmon-off")).to_be_visible()
    await expect(page.locator('#dash-connmon a[href="#/connection-monitor"]')).to_be_visible()

    down = [d for d in get(ui, "api/lan/devices")["devices"] if d["status"] != "ONLINE"]
    if down:
        await expect(page.locator("#dash-lan-count")).to_have_attribute("data-down", str(len(down)))
        for device in down:
            await expect(page.locator(".dash-lan-down")).to_contain_text(device["display_name"])
    await expect(page.locator('#dash-lan a[href="#/lan"]')).to_be_visible()

    score = get(ui, "api/gaming-score")
    if score["enabled"] and score["score"] is not None:
        await expect(page.locator("#dash-gaming-score")).to_contain_text(f"{score['score']} / 100")
        await expect(page.locator("#dash-gaming-score")).to_contain_text(f"Grade {score['grade']}")


async def test_german_title_and_labels(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """With lang=de the title, card headings, health words and figure labels are German."""
    await open_ui(page, "dashboard", lang="de")
    assert await page.title() == "Übersicht · DOCSight"
    await expect(page.locator("#dash-health-card h2")).to_have_text("Leitungszustand")
    await expect(page.locator("#dash-figures-card h2")).to_have_text("Kennzahlen")
    await expect(page.locator("#dash-charts h2")).to_have_text("Verlauf")
    await expect(page.locator('label[for="dash-range-7d"]')).to_have_text("7 Tage")
    await expect(page.locator("#fig-ds-power-min .label a.term")).to_have_text("DS-Pegel min.")
    shown = await page.locator("#dash-health").get_attribute("data-health")
    german = {"good": "Leitung OK", "tolerated": "Leitung OK (toleriert)"}
    german |= {"marginal": "Leitung grenzwertig", "critical": "Leitung kritisch"}
    await expect(page.locator("#dash-health")).to_have_text(german[str(shown)])
