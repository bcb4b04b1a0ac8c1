"""Reports: the PDF report, the complaint letter and the incident dossier."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

from aiohttp import web

from ..api.route_group import RouteGroup
from ..api.routing import inputs
from ..context import ServerContext
from ..http.errors import ApiError
from ..http.keys import CONTEXT
from ..http.responses import json_bytes
from ..http.schema import Reply, error
from ..journal.windows import MAX_INCIDENT_DAYS
from ..timeutil import iso_utc, now_epoch
from .gather import ReportRequest, letter_parts, report_document
from .incident_data import incident_window, load_incident
from .jobs import INCIDENT, REPORT
from .keys import RENDERER
from .renderer import RETRY_AFTER_S, RendererBusy, RendererFailed
from .schemas import BUSY, COMPLAINT, WINDOW_ERROR, pdf_reply
from .strings import language
from .validation import (
    COMPLAINT_QUERY,
    INCIDENT_ID,
    INCIDENT_REPORT_QUERY,
    REPORT_QUERY,
    comparison_windows,
    customer_fields,
)
from .window import WindowError, parse_window

route = RouteGroup("/api", "reports").route
BNETZ_IGNORED = (
    "include_bnetz and bnetz_id are ignored: this add-on has no BNetzA measurements, so the "
    "letter has no BNetzA section"
)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def _request_of(request: web.Request, *, windowed: bool = True) -> ReportRequest:
    """Return the window, language, customer and comparison a request asks for (400 if bad)."""
    query = inputs(request).query
    try:
        window = parse_window(query, now_epoch()) if windowed else None
        comparison = comparison_windows(query)
    except WindowError as err:
        raise ApiError(400, err.message, **err.details()) from err
    return ReportRequest(window, language(query.get("lang")), customer_fields(query), comparison)


async def _render(context: ServerContext, kind: str, data: dict[str, Any]) -> bytes:
    """Return the PDF from the worker pool; 503 with Retry-After when it cannot take more."""
    try:
        return await context.services[RENDERER].render(kind, data)
    except RendererBusy as err:
        raise ApiError(
            503,
            "Too many reports are being generated; try again shortly",
            retry_after=RETRY_AFTER_S,
        ) from err
    except RendererFailed as err:
        raise ApiError(
            503, "The report renderer failed twice; try again", retry_after=RETRY_AFTER_S
        ) from err


def _pdf(body: bytes, filename: str) -> web.Response:
    return web.Response(
        body=body,
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


async def get_report(request: web.Request) -> web.Response:
    """Return the PDF report of a window (rendered in a worker process)."""
    context = request.app[CONTEXT]
    report_request = _request_of(request)
    async with context.services[RENDERER].gather_turn:
        document = await report_document(context, report_request)
    pdf = await _render(context, REPORT, document)
    stamp = datetime.now(context.local_zone()).strftime("%Y%m%d_%H%M")
    return _pdf(pdf, f"docsight_incident_report_{stamp}.pdf")


async def get_complaint(request: web.Request) -> web.Response:
    """Return the complaint letter of a window as text."""
    context = request.app[CONTEXT]
    report_request = _request_of(request)
    text, _, _ = await letter_parts(context, report_request)
    window = report_request.window
    assert window is not None  # windowed requests always have one
    body: dict[str, Any] = {
        "text": text,
        "lang": report_request.lang,
        "window": {"from": iso_utc(window.start), "to": iso_utc(window.end)},
    }
    query = inputs(request).query
    if query.get("include_bnetz") or query.get("bnetz_id"):
        body["notes"] = [BNETZ_IGNORED]
    return json_bytes(body)


def safe_filename_part(text: str, fallback: str) -> str:
    """Return text as ASCII letters, digits, dots, dashes and underscores (at most 60)."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_GERMAN))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    cleaned = _UNSAFE.sub("_", ascii_text).strip("._-")[:60].strip("._-")
    return cleaned or fallback


async def get_incident_report(request: web.Request) -> web.Response:
    """Return the complaint dossier PDF of an incident."""
    context = request.app[CONTEXT]
    incident_id: int = inputs(request).path["incident_id"]
    found = await load_incident(context, incident_id)
    if found is None:
        raise ApiError(404, "Incident not found")
    incident, entries = found
    base = _request_of(request, windowed=False)
    found_window = incident_window(incident, context.local_zone(), now_epoch())
    window, capped = found_window or (None, False)
    report_request = ReportRequest(window, base.lang, base.given_customer)
    async with context.services[RENDERER].gather_turn:
        document = await report_document(context, report_request)
    document.update(
        incident=incident, entries=entries, capped_days=MAX_INCIDENT_DAYS if capped else None
    )
    pdf = await _render(context, INCIDENT, document)
    name = safe_filename_part(str(incident["name"]), f"incident_{incident_id}")
    day = datetime.now(context.local_zone()).strftime("%Y-%m-%d")
    return _pdf(pdf, f"DOCSight_Beschwerde_{name}_{day}.pdf")


_BUSY = Reply(
    "Too many reports are rendering or waiting (Retry-After), or the database is busy", BUSY
)
_BAD_WINDOW = Reply(
    "A window_* or comparison_* rule is broken, or another input is bad", WINDOW_ERROR
)

ROUTES = (
    route(
        "GET",
        "/report",
        get_report,
        "PDF report of a window: connection, status and channels, diagnostic notes, optional "
        "before/after comparison, worst values, charts, thresholds and the complaint letter. "
        "Renders in a worker process; at most 2 at once and 6 waiting, beyond that 503",
        {
            200: pdf_reply("The report", "docsight_incident_report_YYYYmmdd_HHMM.pdf"),
            400: _BAD_WINDOW,
            503: _BUSY,
        },
        query=REPORT_QUERY,
    ),
    route(
        "GET",
        "/complaint",
        get_complaint,
        "Complaint letter to the provider built from the window's measurements (plain text)",
        {200: Reply("The letter, its language and window", COMPLAINT), 400: _BAD_WINDOW},
        query=COMPLAINT_QUERY,
    ),
    route(
        "GET",
        "/incidents/{incident_id:\\d+}/report",
        get_incident_report,
        "Complaint dossier PDF of an incident: summary, connection, signal analysis of its "
        "window (start_date 00:00 to end_date 24:00 local time, until now while open; the "
        f"newest {MAX_INCIDENT_DAYS} days of a longer incident, which the PDF says), its "
        "journal entries and the complaint letter",
        {
            200: pdf_reply("The dossier", "DOCSight_Beschwerde_<name>_<YYYY-MM-DD>.pdf"),
            404: error("Incident not found"),
            503: _BUSY,
        },
        query=INCIDENT_REPORT_QUERY,
        path_params={"incident_id": INCIDENT_ID},
    ),
)
