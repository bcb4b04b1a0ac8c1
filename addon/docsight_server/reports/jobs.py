"""What runs inside a rendering worker process: set-up once, then one document per call.

Kept free of heavy imports at module level: the server imports this module to name the
functions it sends to the workers, and only the workers import reportlab and matplotlib.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

REPORT = "report"
INCIDENT = "incident"


#: Workers yield the CPU to the server process: on a small machine a report may take a little
#: longer, but requests (and polls) never wait behind one.
WORKER_NICENESS = 10


def prepare_worker(cache_dir: str) -> None:
    """Lower this worker's priority, point matplotlib's cache at the data dir, then load the
    renderers and fonts once."""
    os.nice(WORKER_NICENESS)
    if cache_dir:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("MPLCONFIGDIR", cache_dir)
    from ..outputs.pdf.fonts import register_fonts  # in the worker only
    from . import render_report  # noqa: F401 - loads reportlab and matplotlib now

    register_fonts()


def render_document(kind: str, data: dict[str, Any]) -> bytes:
    """Return the PDF bytes of a report or an incident dossier from plain data."""
    if kind == INCIDENT:
        from .render_incident import render_incident

        return render_incident(data)
    from .render_report import render_report

    return render_report(data)
