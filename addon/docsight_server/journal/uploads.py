"""Reading one uploaded file (multipart field `file`) under a size cap."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError

from ..http.errors import ApiError

FIELD = "file"
_CHUNK = 64 * 1024
#: Room for the multipart framing around the file (boundaries, part headers, other fields).
FRAMING_BYTES = 64 * 1024
#: aiohttp's multipart reader raises these on a broken body (no boundary, bad headers).
_MALFORMED = (
    ValueError,
    AssertionError,
    LookupError,
    UnicodeDecodeError,
    HttpProcessingError,
    web.HTTPException,
)


@dataclass(frozen=True, slots=True)
class Upload:
    """The uploaded file: the name the client gave (display text only) and its bytes."""

    filename: str | None
    data: bytes


def _megabytes(limit: int) -> str:
    return f"{limit / 1_048_576:g} MB"


async def _read_part(part: BodyPartReader, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := await part.read_chunk(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"The file is larger than {_megabytes(limit)}")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_upload(request: web.Request, limit: int) -> Upload:
    """Return the `file` field of a multipart form: 400 without one, 413 above `limit` bytes."""
    if request.content_type != "multipart/form-data":
        raise ApiError(400, "Send the file as multipart/form-data in a field named file")
    try:
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or part.name != FIELD:
                continue  # another field, or a nested multipart: not the file
            return Upload(part.filename, await _read_part(part, limit))
    except ApiError:
        raise
    except _MALFORMED as err:
        raise ApiError(400, "The multipart form could not be read") from err
    raise ApiError(400, "No file: send it in the multipart field named file")
