"""The in-memory summary columns: the same values as the database, appends and reloads."""

from __future__ import annotations

import pytest

from docsight_server.storage.signal_repo import SCALAR_NAMES, NewSnapshot
from docsight_server.storage.summary_cache import SummaryColumns

from .harness import RunningServer


def _summary(**values: object) -> dict[str, object]:
    summary: dict[str, object] = dict.fromkeys(SCALAR_NAMES)
    summary.update(values)
    return summary


def test_columns_keep_types_and_nulls() -> None:
    """Floats, ints, booleans, health and issues come back as stored; None stays None."""
    columns = SummaryColumns()
    columns.loaded = True
    columns.append(
        100, _summary(ds_total=24, ds_power_avg=3.4, errors_supported=True, health="good")
    )
    columns.append(
        200,
        _summary(health="critical", health_issues=["snr_critical", "ds_power_critical"]),
    )
    first, last = columns.span(0, 1000)
    assert (first, last) == (0, 2)
    assert columns.column("ds_total", first, last) == [24, None]
    assert columns.column("ds_power_avg", first, last) == [3.4, None]
    assert columns.column("errors_supported", first, last) == [True, None]
    assert columns.column("health", first, last) == ["good", "critical"]
    assert columns.issue_lists(first, last) == [[], ["snr_critical", "ds_power_critical"]]
    assert columns.span(150, 200) == (1, 2)


def test_an_older_append_forces_a_reload() -> None:
    """Out-of-order snapshots invalidate instead of breaking the time order."""
    columns = SummaryColumns()
    columns.loaded = True
    columns.append(200, _summary(health="good"))
    columns.append(100, _summary(health="good"))
    assert columns.loaded is False
    columns.append(300, _summary(health="good"))  # ignored until reloaded
    assert len(columns.ts) == 0


@pytest.mark.parametrize("days", [1, 30])
async def test_cache_matches_the_database(demo_server: RunningServer, days: int) -> None:
    """Trend rows built from memory equal the stored rows."""
    store = demo_server.context.signal
    newest = max(await store.timestamps())
    summaries, first, last = await store.summary_window(newest - days * 86400, newest)
    rows = await store.summary_rows(newest - days * 86400, newest)
    assert last - first == len(rows)
    for index, name in enumerate(SCALAR_NAMES, start=1):
        assert summaries.column(name, first, last) == [row[index] for row in rows], name
    assert summaries.issue_lists(first, last) == [
        [issue for issue in row[-1].split(",") if issue] for row in rows
    ]


async def test_committed_polls_append_and_saves_elsewhere_reload(
    demo_server: RunningServer,
) -> None:
    """A poll appends to loaded columns; an older snapshot saved later triggers a reload."""
    store = demo_server.context.signal
    newest = max(await store.timestamps())
    summaries, _, _ = await store.summary_window(0, newest)
    count = len(summaries.ts)
    status, _, _ = await demo_server.request("POST", "/api/poll")
    assert status == 200
    assert len(summaries.ts) == count + 1
    latest = await store.latest()
    assert latest is not None
    analysis = {key: latest[key] for key in ("summary", "ds_channels", "us_channels")}
    async with demo_server.context.database.transaction() as connection:
        await store.save(connection, NewSnapshot(newest - 7 * 86400 + 1, analysis))
    assert summaries.loaded is False
    summaries, first, last = await store.summary_window(0, latest["ts"])
    assert last - first == count + 2


async def test_a_commit_during_a_load_makes_it_load_again(demo_server: RunningServer) -> None:
    """A poll committed while the columns are being filled is not lost."""
    store = demo_server.context.signal
    store.summaries.invalidate()
    fills: list[int] = []
    original = store.summaries._fill

    def fill_with_a_commit_racing(rows: list) -> None:
        fills.append(len(rows))
        if len(fills) == 1:
            store.summaries.append(2**40, _summary(health="good"))  # arrives mid-load
        original(rows)

    store.summaries._fill = fill_with_a_commit_racing  # type: ignore[method-assign]
    await store.warm()
    assert sum(fills) == 2 * await store.count()  # the racing commit forced a second load
    assert store.summaries.loaded is True
    assert len(store.summaries.ts) == await store.count()


def test_storage_keeps_a_column_for_every_summary_scalar() -> None:
    """The snapshots table and the analyzer agree on the scalar summary fields."""
    from docsight_server.analysis.summary import SUMMARY_SCALARS

    assert tuple(SCALAR_NAMES) == SUMMARY_SCALARS
