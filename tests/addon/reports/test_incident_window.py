"""The incident dossier analyses the incident window the timeline and checklist use, and says
when a long incident was cut to its newest 90 days."""

from __future__ import annotations

from datetime import datetime

from docsight_server.timeutil import now_epoch

from ..harness import RunningServer
from .support import DAY, add_incident, fetch_pdf, minute_now, one_line, pdf_text, store_bad_evening

CUT_EN = "The incident lasts longer than 90 days: the signal analysis covers only its newest 90"
CUT_DE = "Der Vorfall dauert länger als 90 Tage: Die Signalanalyse umfasst nur seine letzten 90"


def local_date(server: RunningServer, epoch: int) -> str:
    """Return the server's local calendar date of an epoch second."""
    return datetime.fromtimestamp(epoch, server.context.local_zone()).strftime("%Y-%m-%d")


async def dossier_text(server: RunningServer, incident_id: int, lang: str = "en") -> str:
    """Return the dossier PDF's text on one line."""
    path = f"/api/incidents/{incident_id}/report?lang={lang}"
    status, pdf, _ = await fetch_pdf(server, path)
    assert status == 200
    return one_line(pdf_text(pdf))


async def test_a_long_incident_is_analysed_for_its_newest_90_days(
    open_server: RunningServer,
) -> None:
    """200 days open: the dossier says it was cut and analyses the last 90 days (the three
    recent snapshots are in them)."""
    now = minute_now()
    await store_bad_evening(open_server, now)
    start = local_date(open_server, now_epoch() - 200 * DAY)
    incident_id = await add_incident(open_server, "Seit Monaten", start)
    text = await dossier_text(open_server, incident_id)
    assert CUT_EN in text
    assert "Measurements 3" in text
    assert CUT_DE in await dossier_text(open_server, incident_id, "de")


async def test_a_short_incident_is_not_cut(open_server: RunningServer) -> None:
    """A few days: no such note."""
    start = local_date(open_server, now_epoch() - 4 * DAY)
    incident_id = await add_incident(open_server, "Kurz", start)
    assert "longer than 90 days" not in await dossier_text(open_server, incident_id)
