"""Journal import: an .xlsx or .csv file read into cell texts, then mapped to a preview."""

from __future__ import annotations

from .errors import ImportFileError
from .preview import build_preview
from .reading import read_import_file

__all__ = ["ImportFileError", "build_preview", "read_import_file"]
