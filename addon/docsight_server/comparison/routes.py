"""GET /api/comparison: two periods side by side, their differences and a verdict."""

from __future__ import annotations

from aiohttp import web

from ..analysis.period_compare import MAX_PERIOD_DAYS, compare_aggregates
from ..api.route_group import RouteGroup
from ..api.routing import inputs
from ..http.errors import ApiError
from ..http.keys import CONTEXT
from ..http.responses import json_bytes
from ..http.schema import Reply, error
from ..http.validation import FieldError
from ..storage.period_reads import aggregate_snapshot_period
from .schemas import COMPARISON, period_json
from .validation import COMPARISON_QUERY, periods

route = RouteGroup("/api", "comparison").route


async def get_comparison(request: web.Request) -> web.Response:
    """Return periods A and B (averages, error totals, health, one row per snapshot) and B - A."""
    try:
        windows = periods(inputs(request).query)
    except FieldError as err:
        raise ApiError(err.status, err.message) from err
    context = request.app[CONTEXT]
    answer = {}
    aggregates = []
    for label, (start, end) in zip(("period_a", "period_b"), windows, strict=True):
        aggregate = await aggregate_snapshot_period(context, start, end, channels=False)
        aggregates.append(aggregate)
        answer[label] = period_json(aggregate, start, end)
    answer["delta"] = compare_aggregates(*aggregates)
    return json_bytes(answer)


ROUTES = (
    route(
        "GET",
        "/comparison",
        get_comparison,
        "Compare two periods (before/after a repair): averages, error totals, health and one "
        "row per snapshot for each, and B minus A with a verdict. Verdict score: +1 if SNR rose "
        "by more than 1 dB, -1 if it fell by more than 1 dB, -1 if uncorrectable errors grew by "
        "more than 10, +1 if they fell; above 0 improved, below 0 degraded. Error totals add up "
        "the cumulative counters of every snapshot, as upstream does (not deltas)",
        {
            200: Reply("Both periods and the delta", COMPARISON),
            400: error(
                "A bound missing or not ISO 8601, a period whose end is not after its start, or "
                f"one longer than {MAX_PERIOD_DAYS} days"
            ),
        },
        query=COMPARISON_QUERY,
    ),
)
