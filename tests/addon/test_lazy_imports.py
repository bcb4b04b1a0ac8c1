"""The server starts without the libraries only some requests need (memory at idle)."""

from __future__ import annotations

import subprocess
import sys

#: Imported by the request that needs them: workbook import (openpyxl, which pulls numpy and
#: Pillow), PDF rendering (reportlab, matplotlib: only in the render worker processes).
HEAVY = ("openpyxl", "numpy", "PIL", "reportlab", "matplotlib")


def test_building_the_server_imports_no_heavy_library() -> None:
    """Importing the app and its features loads none of HEAVY (each costs memory at idle)."""
    script = (
        "import sys\n"
        "from docsight_server import app, features\n"
        f"print(','.join(name for name in {HEAVY!r} if name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""
