"""Helpers of the reports tests: controlled snapshots, incidents, PDF fetching and reading."""

from __future__ import annotations

import io
import json
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import insert

from docsight_server.analysis.analyzer import analyze
from docsight_server.journal.schema import incidents, journal_attachments, journal_entries
from docsight_server.storage.signal_repo import NewSnapshot

from ..contract import check_answer, route_of
from ..harness import RunningServer

DAY = 86400


def minute_now() -> int:
    """Return the current epoch second rounded down to the minute."""
    now = int(time.time())
    return now - now % 60


def ds(channel_id: int, power: float, mse: float = -38.0, uncorrected: int = 0) -> dict[str, Any]:
    """Return one raw DOCSIS 3.0 downstream channel (256QAM) as a driver reports it."""
    return {
        "channelID": channel_id,
        "frequency": f"{602 + 8 * channel_id}000000",
        "powerLevel": power,
        "modulation": "256QAM",
        "mse": mse,
        "corrErrors": 5 * uncorrected,
        "nonCorrErrors": uncorrected,
    }


def us(channel_id: int, power: float) -> dict[str, Any]:
    """Return one raw DOCSIS 3.0 upstream channel (64QAM, ATDMA)."""
    return {
        "channelID": channel_id,
        "frequency": f"{30 + 6 * channel_id}.8",
        "powerLevel": power,
        "modulation": "64QAM",
        "multiplex": "ATDMA",
    }


def tables(downstream: list[dict[str, Any]], upstream: list[dict[str, Any]]) -> dict[str, Any]:
    """Return channel tables in the split driver form (all DOCSIS 3.0)."""
    return {
        "channelDs": {"docsis30": downstream, "docsis31": []},
        "channelUs": {"docsis30": upstream, "docsis31": []},
    }


async def store_snapshot(server: RunningServer, ts: int, raw: dict[str, Any]) -> dict[str, Any]:
    """Analyse raw tables, store them as one snapshot at ts and return the analysis."""
    context = server.context
    analysis = analyze(raw)
    async with context.database.transaction() as connection:
        await context.signal.save(connection, NewSnapshot(ts, analysis, None, raw, False))
    return analysis


async def store_bad_evening(server: RunningServer, now: int) -> None:
    """Store three snapshots: good, then a critical one (DS power 16.5, US power 52.0, SNR
    30.0), then good again; uncorrectable counters 10, 50 and 60."""
    await store_snapshot(
        server, now - 3 * DAY, tables([ds(1, 5.0, uncorrected=10), ds(2, 3.0)], [us(1, 44.0)])
    )
    await store_snapshot(
        server,
        now - 2 * DAY,
        tables([ds(1, 16.5, uncorrected=50), ds(2, 3.0, mse=-30.0)], [us(1, 52.0)]),
    )
    await store_snapshot(
        server, now - DAY, tables([ds(1, 5.0, uncorrected=60), ds(2, 3.0)], [us(1, 44.0)])
    )


async def add_incident(
    server: RunningServer,
    name: str,
    start_date: str | None,
    end_date: str | None = None,
    entries: Sequence[tuple[str, str, str, list[str]]] = (),
) -> int:
    """Insert an incident with entries (date, title, description, attachment names)."""
    now = int(time.time())
    async with server.context.database.transaction() as connection:
        result = await connection.execute(
            insert(incidents).values(
                name=name,
                description="Abends bricht die Verbindung ab.",
                status="escalated",
                start_date=start_date,
                end_date=end_date,
                created_at=now,
                updated_at=now,
            )
        )
        incident_id = int(result.inserted_primary_key[0])
        for index, (day, title, description, files) in enumerate(entries):
            entry = await connection.execute(
                insert(journal_entries).values(
                    date=day,
                    title=title,
                    description=description,
                    incident_id=incident_id,
                    created_at=now,
                    updated_at=now,
                )
            )
            entry_id = int(entry.inserted_primary_key[0])
            for number, filename in enumerate(files):
                await connection.execute(
                    insert(journal_attachments).values(
                        entry_id=entry_id,
                        filename=filename,
                        mime_type="image/png",
                        size=10,
                        stored_name=f"{incident_id}-{index}-{number}.png",
                        created_at=now,
                    )
                )
    return incident_id


async def fetch_pdf(server: RunningServer, path: str, **kwargs: Any) -> tuple[int, bytes, Any]:
    """GET a PDF route; return (status, body bytes, response) after the contract check."""
    async with server.session.get(server.url + path, allow_redirects=False, **kwargs) as response:
        body = await response.read()
        parsed = response.content_type == "application/json"
        decoded: Any = body
        if parsed:
            decoded = json.loads(body)
    route_def = await route_of(server.app, "GET", path)
    assert route_def is not None
    check_answer(route_def, response.status, response.content_type, decoded, parsed=parsed)
    return response.status, body, response


def pdf_text(pdf: bytes) -> str:
    """Return the text of every page of a PDF (pypdf), pages joined by form feeds."""
    reader = PdfReader(io.BytesIO(pdf))
    return "\f".join(page.extract_text() for page in reader.pages)


def one_line(text: str) -> str:
    """Return text with every run of whitespace as one space (PDF lines wrap anywhere)."""
    return " ".join(text.split())


def render_pages(pdf: bytes, folder: Path, prefix: str) -> list[Path]:
    """Render every page to PNG at 50 dpi with pdftoppm; return the image paths in order."""
    source = folder / f"{prefix}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(source), str(folder / prefix)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return sorted(folder.glob(f"{prefix}-*.png"))
