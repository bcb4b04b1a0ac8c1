"""The import's one error type and the limits every imported file must respect."""

from __future__ import annotations

#: The largest upload the import routes accept (they answer 413 above it; the parser trusts them).
MAX_FILE_BYTES = 5 * 1024 * 1024
#: Rows holding data beyond this row number make the file too large.
MAX_ROWS = 5_000
#: Cells holding data beyond this column make the file too wide.
MAX_COLUMNS = 50
#: Excel's own sheet height; even blank rows beyond it can only come from a crafted file.
MAX_SCANNED_ROWS = 1_048_576
#: A single cell may hold at most this many characters.
MAX_CELL_CHARS = 10_000


class ImportFileError(ValueError):
    """A file that cannot be imported; the message says why, in words meant for the user."""
