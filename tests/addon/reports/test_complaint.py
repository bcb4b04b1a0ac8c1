"""GET /api/complaint: the letter's figures, languages, customer details and variants."""

from __future__ import annotations

from docsight_server.timeutil import iso_utc, parse_timestamp

from ..harness import RunningServer
from .support import DAY, minute_now, store_bad_evening

SETTINGS = {
    "isp_name": "Vodafone",
    "report_customer_name": "Jürgen Weiß",
    "report_customer_number": "K-4711",
    "report_customer_address": "Hauptstraße 5\n50667 Köln",
}


async def complaint(server: RunningServer, query: str) -> dict:
    """GET /api/complaint with a query; assert 200 and return the body."""
    status, body, _ = await server.request("GET", f"/api/complaint?{query}")
    assert status == 200, body
    return body


async def test_english_letter_states_the_hand_checked_figures(open_server: RunningServer) -> None:
    """Three snapshots, one critical: the letter quotes its share, worst values and note."""
    await store_bad_evening(open_server, minute_now())
    status, _, _ = await open_server.request("POST", "/api/config", json={"isp_name": "Vodafone"})
    assert status == 200
    body = await complaint(open_server, "days=7")
    text = body["text"]
    assert body["lang"] == "en"
    assert text.startswith("Subject: Complaint about persistent faults")
    assert "Dear Vodafone customer service team," in text
    assert "Between " in text
    assert " it collected 3 measurements." in text
    assert "In 1 of 3 measurements (33.3%) the connection was rated critical" in text
    assert "worst value 16.5 dBmV; the warning band of the specification is -6.0 to 15.0" in text
    assert "highest value 52.0 dBmV; the warning band of the specification is 37.1 to 51.0" in text
    assert "lowest value 30.0 dB; the warning threshold is 31.0 dB. This is below" in text
    assert "Peak of uncorrectable errors: 60" in text
    assert (
        "- Downstream channel 1 (610 MHz): receive power too high, worst value 16.5 dBmV "
        "against a limit of 16.0 dBmV (0.5 dB beyond), in 1 measurement." in text
    )
    for request in ("1. check my connection", "2. send a technician", "3. confirm in writing"):
        assert request in text
    assert "Federal Network Agency" in text
    assert text.rstrip().endswith("[Your Name]\nCustomer number: [Customer Number]\n[Address]")


async def test_german_letter_uses_german_forms(open_server: RunningServer) -> None:
    """lang=de: German text with umlauts, decimal commas and the customer from the settings."""
    await store_bad_evening(open_server, minute_now())
    status, _, _ = await open_server.request("POST", "/api/config", json=SETTINGS)
    assert status == 200
    body = await complaint(open_server, "days=7&lang=de")
    text = body["text"]
    assert body["lang"] == "de"
    assert text.startswith("Betreff: Beschwerde über anhaltende Störungen")
    assert "(Kundennummer K-4711)" in text
    assert "Sehr geehrtes Kundenservice-Team von Vodafone," in text
    assert "hat DOCSight 3 Messungen erfasst." in text
    assert "Bei 1 von 3 Messungen (33,3 %) wurde die Verbindung als kritisch bewertet" in text
    assert "ungünstigster Wert 16,5 dBmV; der Warnbereich der Spezifikation reicht von -6,0" in text
    assert "höchster Wert 52,0 dBmV" in text
    assert "niedrigster Wert 30,0 dB; die Warnschwelle liegt bei 31,0 dB" in text
    assert "Downstream-Kanal 1 (610 MHz): Empfangsleistung zu hoch" in text
    assert "(0,5 dB darüber hinaus), in 1 Messung." in text
    assert "Mit freundlichen Grüßen" in text
    assert text.rstrip().endswith("Jürgen Weiß\nKundennummer: K-4711\nHauptstraße 5\n50667 Köln")


async def test_request_overrides_the_stored_customer(open_server: RunningServer) -> None:
    """name/number/address in the query win over the settings; empty ones fall back."""
    status, _, _ = await open_server.request("POST", "/api/config", json=SETTINGS)
    assert status == 200
    body = await complaint(open_server, "name=Erika%20Mustermann&number=&address=Ring%201")
    assert body["text"].rstrip().endswith("Erika Mustermann\nCustomer number: K-4711\nRing 1")


async def test_german_placeholders_without_customer_data(open_server: RunningServer) -> None:
    """No customer anywhere: the German placeholders, and the generic greeting."""
    body = await complaint(open_server, "lang=de")
    text = body["text"]
    assert "Sehr geehrte Damen und Herren," in text
    assert "(Kundennummer [Kundennummer])" in text
    assert text.rstrip().endswith("[Ihr Name]\nKundennummer: [Kundennummer]\n[Adresse]")


async def test_no_data_variant_and_window(open_server: RunningServer) -> None:
    """An empty window: the no-data letter, still with requests; the window in UTC Z."""
    body = await complaint(
        open_server, "from=2026-01-01T00:00:00%2B01:00&to=2026-01-08T00:00:00Z&lang=xx"
    )
    assert body["lang"] == "en"
    assert body["window"] == {"from": "2025-12-31T23:00:00Z", "to": "2026-01-08T00:00:00Z"}
    text = body["text"]
    assert "no DOCSIS signal measurements of my cable modem are available" in text
    assert "Findings:" not in text
    assert "1. check my connection" in text


async def test_default_window_is_seven_days(open_server: RunningServer) -> None:
    """Without parameters the window is the last 7 days (to = now, from = to - 7 days)."""
    before = minute_now()
    body = await complaint(open_server, "")
    window = body["window"]
    assert window["to"] >= iso_utc(before)
    assert parse_timestamp(window["to"]) - parse_timestamp(window["from"]) == 7 * DAY


async def test_bnetz_parameters_are_accepted_and_reported_ignored(
    open_server: RunningServer,
) -> None:
    """include_bnetz/bnetz_id do not fail; the answer says the letter has no BNetzA section."""
    body = await complaint(open_server, "include_bnetz=true&bnetz_id=3")
    assert "BNetzA" in body["notes"][0]
    assert "BNetzA" not in body["text"]
    plain = await complaint(open_server, "")
    assert "notes" not in plain


async def test_comparison_section(open_server: RunningServer) -> None:
    """comparison_* adds both periods and the verdict (SNR and errors unchanged: unchanged)."""
    now = minute_now()
    await store_bad_evening(open_server, now)
    query = (
        f"comparison_from_a={iso_utc(now - 4 * DAY)}&comparison_to_a={iso_utc(now - 2 * DAY - 60)}"
        f"&comparison_from_b={iso_utc(now - 2 * DAY)}&comparison_to_b={iso_utc(now)}"
    )
    text = (await complaint(open_server, query))["text"]
    assert "Before/after comparison:" in text
    assert "Period A (" in text
    assert "1 measurement, average downstream power 4.00 dBmV, SNR 38.00 dB" in text
    assert "Period B (" in text
    assert "2 measurements" in text
    # B's counters sum to 110 against A's 10 (upstream adds the cumulative counters): degraded
    assert "Result: the connection has deteriorated." in text
