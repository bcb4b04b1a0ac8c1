"""The code stays in small pieces: modules up to 400 lines, functions up to 60 lines."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("addon/docsight_server", "custom_components/docsight", "devtools")
#: Alembic revisions are frozen history: they are never edited once released.
FROZEN = ("addon/docsight_server/storage/migrations/versions",)
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _sources() -> list[Path]:
    files = []
    for folder in CHECKED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if not relative.startswith(FROZEN):
                files.append(path)
    return files


def test_modules_are_small() -> None:
    """No module is over 400 lines."""
    too_long = {
        path.relative_to(ROOT).as_posix(): lines
        for path in _sources()
        if (lines := path.read_text(encoding="utf-8").count("\n")) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_functions_are_short() -> None:
    """No function or method is over 60 lines."""
    too_long = {}
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno} {node.name}"
                    too_long[where] = lines
    assert too_long == {}


def test_nothing_registers_on_import() -> None:
    """Features are declared, not registered by import side effects."""
    offenders = [
        path.relative_to(ROOT).as_posix()
        for path in _sources()
        if "noqa: F401 - registers" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_ui_modules_are_small() -> None:
    """No web UI module (shell or page) is over 400 lines either."""
    too_long = {
        path.relative_to(ROOT).as_posix(): lines
        for path in sorted((ROOT / "addon/docsight_server").rglob("web/**/*.js"))
        if (lines := path.read_text(encoding="utf-8").count("\n")) > MAX_MODULE_LINES
    }
    assert too_long == {}
