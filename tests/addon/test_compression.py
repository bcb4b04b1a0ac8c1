"""Large JSON answers are gzip-compressed for clients that take it; small ones are left alone."""

from __future__ import annotations

import gzip
import json

import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from docsight_server.http.compression import MIN_COMPRESSED_BYTES, accepts_gzip

from .harness import RunningServer

MONTH = "/api/trends?range=month"


async def raw_get(server: RunningServer, path: str, encoding: str) -> tuple[bytes, dict[str, str]]:
    """GET without decompressing; return the bytes on the wire and the headers."""
    async with server.session.get(
        server.url + path, headers={"Accept-Encoding": encoding}, auto_decompress=False
    ) as response:
        assert response.status == 200
        return await response.read(), dict(response.headers)


async def test_a_month_of_trends_travels_compressed(demo_server: RunningServer) -> None:
    """The same rows, about a tenth of the bytes; caches told the answer varies."""
    plain, plain_headers = await raw_get(demo_server, MONTH, "identity")
    packed, headers = await raw_get(demo_server, MONTH, "gzip, deflate, br")
    assert len(plain) >= MIN_COMPRESSED_BYTES
    assert "Content-Encoding" not in plain_headers
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Vary"] == plain_headers["Vary"] == "Accept-Encoding"
    assert len(packed) * 5 < len(plain)
    assert json.loads(gzip.decompress(packed)) == json.loads(plain)


async def test_small_answers_and_refusals_stay_plain(demo_server: RunningServer) -> None:
    """Below the threshold, or with gzip refused, nothing is compressed."""
    _, headers = await raw_get(demo_server, "/api/thresholds", "gzip")
    assert "Content-Encoding" not in headers
    _, headers = await raw_get(demo_server, MONTH, "gzip;q=0, identity")
    assert "Content-Encoding" not in headers


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip", True),
        ("deflate, gzip;q=0.5", True),
        ("*", True),
        ("GZIP", True),
        ("gzip;q=0", False),
        ("gzip; q=0.000", False),
        ("br, deflate", False),
        ("", False),
    ],
)
def test_accept_encoding_is_read_like_a_browser_means_it(header: str, expected: bool) -> None:
    """gzip (or *) with a non-zero quality."""
    request = make_mocked_request(
        "GET", "/", headers={"Accept-Encoding": header}, app=web.Application()
    )
    assert accepts_gzip(request) is expected
