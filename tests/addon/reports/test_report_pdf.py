"""GET /api/report: a real PDF (read back with pypdf) with the window's figures and customer."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from docsight_server.timeutil import iso_utc

from ..harness import RunningServer
from .support import DAY, fetch_pdf, minute_now, one_line, pdf_text, render_pages, store_bad_evening
from .test_complaint import SETTINGS


async def report_text(server: RunningServer, query: str) -> tuple[bytes, str]:
    """GET /api/report; assert a PDF attachment and return (bytes, text on one line)."""
    status, body, response = await fetch_pdf(server, f"/api/report?{query}")
    assert status == 200, body[:300]
    assert response.content_type == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="docsight_incident_report_')
    assert disposition.endswith('.pdf"')
    assert body.startswith(b"%PDF-")
    return body, one_line(pdf_text(body))


async def test_english_report_sections_figures_and_customer(open_server: RunningServer) -> None:
    """Every section, the worst values as printed, the channel tables and the customer."""
    now = minute_now()
    await store_bad_evening(open_server, now)
    status, _, _ = await open_server.request("POST", "/api/config", json=SETTINGS)
    assert status == 200
    _, text = await report_text(open_server, "days=7&name=Erika%20Mustermann")
    for section in (
        "DOCSight incident report",
        "Connection information",
        "Current status in the report period",
        "Downstream channels",
        "Upstream channels",
        "Diagnostic notes",
        "Historical analysis",
        "Signal over the report period",
        "Threshold reference",
        "Complaint letter",
    ):
        assert section in text, section
    assert "Internet provider Vodafone" in text
    assert "Customer name Erika Mustermann" in text
    assert "Customer number K-4711" in text
    assert "Hauptstraße 5 50667 Köln" in text
    assert "Highest downstream power (dBmV) 16.5" in text
    assert "Lowest downstream power (dBmV) 3.0" in text
    assert "Highest upstream power (dBmV) 52.0" in text
    assert "Lowest downstream SNR (dB) 30.0" in text
    assert "Peak uncorrectable errors 60" in text
    assert "good 2 (66.7%), critical 1 (33.3%)" in text
    assert "Overall health: good" in text  # the latest snapshot of the window
    assert "Downstream receive power too high" not in text
    assert "receive power too high 16.5 16.0 0.5 1" in text  # the diagnostic note's row
    assert "In 1 of 3 measurements (33.3%)" in text


async def test_german_report_with_umlauts_and_comparison(open_server: RunningServer) -> None:
    """lang=de: German sections and figures (decimal commas), umlauts extracted intact."""
    now = minute_now()
    await store_bad_evening(open_server, now)
    status, _, _ = await open_server.request("POST", "/api/config", json=SETTINGS)
    assert status == 200
    query = (
        f"lang=de&days=7&comparison_from_a={iso_utc(now - 4 * DAY)}"
        f"&comparison_to_a={iso_utc(now - 2 * DAY - 60)}"
        f"&comparison_from_b={iso_utc(now - 2 * DAY)}&comparison_to_b={iso_utc(now)}"
    )
    _, text = await report_text(open_server, query)
    for section in (
        "DOCSight-Störungsbericht",
        "Anschlussdaten",
        "Aktueller Zustand im Berichtszeitraum",
        "Diagnosehinweise",
        "Vorher-Nachher-Vergleich",
        "Verlaufsanalyse",
        "Signalverlauf im Berichtszeitraum",
        "Referenzwerte",
        "Beschwerdeschreiben",
    ):
        assert section in text, section
    assert "Kundenname Jürgen Weiß" in text
    assert "Anschrift Hauptstraße 5 50667 Köln" in text
    assert "Höchste Downstream-Leistung (dBmV) 16,5" in text
    assert "Niedrigster Downstream-SNR (dB) 30,0" in text
    assert "gut 2 (66,7 %), kritisch 1 (33,3 %)" in text
    assert "Mittlere Downstream-Leistung (dBmV) 4,00 6,90 +2,90" in text
    assert "Ergebnis: Die Verbindung hat sich verschlechtert." in text
    assert "Mit freundlichen Grüßen" in text


async def test_report_on_an_empty_database(open_server: RunningServer, tmp_path: Path) -> None:
    """No snapshots: still a valid PDF that says so, with placeholders and the letter."""
    pdf, text = await report_text(open_server, "")
    assert text.count("No DOCSIS measurements are stored for this period.") >= 3
    assert "Customer name [Your Name]" in text
    assert "no DOCSIS signal measurements of my cable modem are available" in text
    pages = render_pages(pdf, tmp_path, "empty")
    assert len(pages) >= 2


async def test_pages_render_to_images(open_server: RunningServer, tmp_path: Path) -> None:
    """pdftoppm renders every page; each has ink on it (not a blank page)."""
    await store_bad_evening(open_server, minute_now())
    pdf, _ = await report_text(open_server, "days=7")
    pages = render_pages(pdf, tmp_path, "report")
    assert len(pages) >= 4
    for page in pages:
        with Image.open(page) as image:
            grey = image.convert("L")
            dark = sum(count for level, count in enumerate(grey.histogram()) if level < 128)
            assert grey.size[0] > 300
            assert dark > 500, page.name
