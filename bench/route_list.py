"""The routes the signal section measures, with their targets and upstream's figures.

Upstream figures: upstream DOCSight in demo mode on the same kind of 2-core machine, measured
side by side (../shared/reference/upstream-figures.md; /summary from issue 13). None where
upstream has no such route or no figure.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Route:
    """One measured request: what to send, the target p50 and upstream's p50 and req/s."""

    method: str
    template: str
    target_ms: float | None = None
    upstream_ms: float | None = None
    upstream_rate: float | None = None
    label: str | None = None
    #: How to ask without a reusable answer: WINDOW moves the {now}/{day_ago} window back a
    #: minute per request, WRITE changes a target (same label) before each request.
    fresh: str | None = None

    def title(self, values: dict[str, object]) -> str:
        """Return the line's name: the label, else the path (without a query that varies)."""
        if self.label is not None:
            return self.label.format(**values)
        path = self.template.split("?")[0] if "{" in self.template else self.template
        return f"{self.method} {path.format(**values)}"

    def upstream_text(self) -> str:
        """Return upstream's figures for the brackets ("n/a" where there are none)."""
        if self.upstream_ms is None:
            return "[upstream n/a]"
        rate = "n/a" if self.upstream_rate is None else f"{self.upstream_rate:g}"
        return f"[upstream {self.upstream_ms:g} ms, {rate} req/s]"


CONNMON = "/api/connection-monitor"
#: Fresh-request kinds (see Route.fresh).
WINDOW = "window"
WRITE = "write"

ROUTES: tuple[Route, ...] = (
    Route("GET", "/api/trends?range=month", 40, 1148, 0.9),
    Route("GET", "/api/trends?range=week", None, 862, 0.9),
    Route("GET", "/api/trends?range=7d"),
    Route("GET", "/api/trends?range=day", None, 764, 0.9),
    Route("GET", "/api/channel-history?selector={selector}&days=30", 15, 370, 2.4),
    Route("GET", "/api/correlation?hours=168", 30, 949, 0.9),
    Route("GET", "/api/snapshots", 10, 40, 17),
    Route("GET", "/api/snapshots/{latest}"),
    Route("GET", "/api/channels", 2, 5.3, 243),
    Route("GET", "/api/channel-compare?channels=1,2&direction=ds&days=7", None, 114, 8.6),
    Route("GET", "/api/thresholds"),
    Route("GET", "/api/device"),
    Route("GET", "/api/connection"),
    Route("GET", "/api/collectors/status"),
    Route("GET", "/api/gaming-score", None, 1.3, 968),
    Route("GET", "/api/events?limit=200"),
    Route("GET", "/api/events?page=1&per_page=50", None, 7.5, 135),
    Route("GET", "/api/events/count"),
    Route("GET", "/api/events/export.csv", 10, 6.8, 164),
    Route("POST", "/api/events/acknowledge-all"),
    Route("GET", "/api/export?mode=full", 20, 19, 64, fresh=WRITE),
    Route("GET", "/api/export?mode=update"),
    Route(
        "GET",
        CONNMON + "/samples/{target}?start={day_ago}&end={now}",
        10,
        135,
        7.1,
        "GET " + CONNMON + "/samples/{target} (24 h)",
        fresh=WINDOW,
    ),
    Route("GET", CONNMON + "/outages/{target}?end={now}", 10, 137, 5.3, fresh=WINDOW),
    Route("GET", CONNMON + "/summary", 10, 1.2, fresh=WRITE),
    Route(
        "GET",
        CONNMON + "/stats?start={day_ago}&end={now}",
        10,
        label=f"GET {CONNMON}/stats (24 h)",
        fresh=WINDOW,
    ),
    Route("POST", "/api/test-modem"),
    Route("GET", "/metrics", None, 1.7, 651),
    Route("GET", "/health", None, 0.97, 982),
)

#: Upstream routes this product has no counterpart for (p50 ms upstream), named in the report.
UPSTREAM_ONLY: tuple[tuple[str, int], ...] = ()
