"""Report routes over HTTP: window errors with codes, access, bad input, the incident dossier."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

import pytest

from docsight_server.timeutil import now_epoch

from ..harness import RunningServer
from .support import add_incident, fetch_pdf, minute_now, one_line, pdf_text, store_bad_evening

ROUTES = ("/api/report", "/api/complaint", "/api/incidents/1/report")


@pytest.mark.parametrize("path", ["/api/report", "/api/complaint"])
@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ("days=abc", "window_invalid_days", "days"),
        ("days=3&from=2026-01-01T00:00:00Z", "window_ambiguous_mode", None),
        ("from=2026-01-01T00:00:00Z", "window_bounds_required", "to"),
        ("from=2026-01-01T00:00:00&to=2026-01-02T00:00:00Z", "window_timezone_required", "from"),
        ("from=2026-01-01T00:00:00Z&to=2026-04-01T00:00:01Z", "window_too_large", "to"),
        ("comparison_from_a=2026-01-01T00:00:00Z", "comparison_incomplete", "comparison_to_a"),
    ],
)
async def test_window_errors_carry_their_code(
    open_server: RunningServer, path: str, query: str, code: str, field: str | None
) -> None:
    """A broken window rule is a 400 with error, code and (where it applies) field."""
    status, body, _ = await open_server.request("GET", f"{path}?{query}")
    assert status == 400
    assert body["code"] == code
    assert body.get("field") == field
    assert body["error"]


async def test_other_bad_input_is_a_plain_400(open_server: RunningServer) -> None:
    """A name longer than 200 characters is refused by the query layer (no window code)."""
    status, body, _ = await open_server.request("GET", f"/api/complaint?name={'x' * 201}")
    assert status == 400
    assert "name" in body["error"]
    assert "code" not in body


@pytest.mark.parametrize("path", ROUTES)
async def test_routes_need_sign_in(password_server: RunningServer, path: str) -> None:
    """Without credentials every reports route answers 401."""
    status, _, _ = await password_server.request("GET", path)
    assert status == 401


async def test_unknown_incident_is_404(open_server: RunningServer) -> None:
    """An incident that does not exist (or cannot: beyond the id range) is a 404."""
    for incident_id in (7, 99999999999):
        status, body, _ = await fetch_pdf(open_server, f"/api/incidents/{incident_id}/report")
        assert status == 404
        assert b"Incident not found" in body


async def test_incident_dossier_in_german(open_server: RunningServer) -> None:
    """The dossier: incident, connection, signal analysis of its dates, entries, letter."""
    now = minute_now()
    await store_bad_evening(open_server, now)
    zone = open_server.context.local_zone()
    start = datetime.fromtimestamp(now - 4 * 86400, zone).strftime("%Y-%m-%d")
    incident_id = await add_incident(
        open_server,
        "Ausfälle am Abend / Störung",
        start,
        entries=[
            (start, "Kein Internet ab 20 Uhr", "Modem blinkt, Neustart half nicht.", ["foto.png"]),
            (start, "Techniker bestellt", "Termin am Freitag.", []),
        ],
    )
    path = f"/api/incidents/{incident_id}/report?lang=de&name=Jürgen%20Weiß&number=K-1"
    status, pdf, response = await fetch_pdf(open_server, path)
    assert status == 200
    day = datetime.fromtimestamp(now_epoch(), zone).strftime("%Y-%m-%d")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="DOCSight_Beschwerde_Ausfaelle_am_Abend_Stoerung_{day}.pdf"'
    )
    text = one_line(pdf_text(pdf))
    for expected in (
        "DOCSight-Beschwerdeunterlagen: Ausfälle am Abend / Störung",
        "Status eskaliert",
        "bis heute",
        "Abends bricht die Verbindung ab.",
        "Signalanalyse des Vorfallzeitraums",
        "Messungen 3",
        "Höchste Downstream-Leistung (dBmV) 16,5",
        "Kein Internet ab 20 Uhr",
        "Modem blinkt, Neustart half nicht.",
        "Anhänge: foto.png",
        "Techniker bestellt",
        "Beschwerdeschreiben",
        "Kundenname Jürgen Weiß",
        "Bei 1 von 3 Messungen (33,3 %)",
    ):
        assert expected in text, expected


async def test_incident_without_start_date_says_so(open_server: RunningServer) -> None:
    """No start date: the dossier says there is no period, the letter needs none."""
    incident_id = await add_incident(open_server, "Ohne Datum", None)
    status, pdf, response = await fetch_pdf(open_server, f"/api/incidents/{incident_id}/report")
    assert status == 200
    assert "DOCSight_Beschwerde_Ohne_Datum_" in response.headers["Content-Disposition"]
    text = one_line(pdf_text(pdf))
    assert "The incident has no start date, so there is no period to analyse." in text
    assert "No journal entries are assigned to this incident." in text
    assert "as documented in the attached journal entries" in text


async def test_markup_and_control_characters_in_customer_fields(open_server: RunningServer) -> None:
    """Markup is printed as text, control characters are dropped, a long address wraps."""
    name = quote("<b>Ann & Bob</b>\x00\x07 😀")
    address = quote("Lange Straße 1, " * 60)
    status, pdf, _ = await fetch_pdf(open_server, f"/api/report?name={name}&address={address}")
    assert status == 200
    text = one_line(pdf_text(pdf))
    assert "Customer name <b>Ann & Bob</b>" in text
    assert "\x00" not in text
    assert "Lange Straße 1, Lange Straße 1," in text
    status, body, _ = await open_server.request("GET", f"/api/complaint?name={name}")
    assert status == 200
    assert "<b>Ann & Bob</b> 😀\nCustomer number" in body["text"]
    # an address of 150 lines is taller than a page: its table row continues on the next one
    status, pdf, _ = await fetch_pdf(open_server, f"/api/report?address={quote('Zeile\n' * 150)}")
    assert status == 200
    assert one_line(pdf_text(pdf)).count("Zeile") >= 300  # the connection table and the letter
