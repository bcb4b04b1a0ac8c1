"""A stand-in for the Supervisor's ingress proxy: python -m devtools.ingress_proxy.

Home Assistant shows an add-on's web UI at /api/hassio_ingress/<token>/ and forwards each
request, without that prefix, to the add-on's ingress port with `X-Ingress-Path` naming the
prefix. This proxy does the same on loopback, so the UI can be opened (and tested) as it is
under the Supervisor: `--target http://127.0.0.1:8099 --port 8124`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "upgrade", "host", "content-length"}
TOKEN_KEY: web.AppKey[str] = web.AppKey("token")
TARGET_KEY: web.AppKey[str] = web.AppKey("target")
CLIENT_KEY: web.AppKey[aiohttp.ClientSession] = web.AppKey("client")


def ingress_prefix(token: str) -> str:
    """Return the path prefix Home Assistant gives an add-on's panel."""
    return f"/api/hassio_ingress/{token}"


async def forward(request: web.Request) -> web.StreamResponse:
    """Forward one request to the add-on's ingress port and stream the answer back."""
    prefix = ingress_prefix(request.app[TOKEN_KEY])
    if not request.path.startswith(prefix):
        raise web.HTTPNotFound(text="Unknown ingress session")
    inner = request.rel_url.raw_path[len(prefix) :] or "/"
    query = request.rel_url.raw_query_string
    url = request.app[TARGET_KEY] + inner + (f"?{query}" if query else "")
    headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_HEADERS}
    headers["X-Ingress-Path"] = prefix
    body = await request.read()
    client = request.app[CLIENT_KEY]
    async with client.request(
        request.method, url, headers=headers, data=body or None, allow_redirects=False
    ) as upstream:
        response = web.StreamResponse(status=upstream.status)
        for name, value in upstream.headers.items():
            if name.lower() not in HOP_HEADERS and name.lower() != "content-encoding":
                response.headers.add(name, value)
        await response.prepare(request)
        async for chunk in upstream.content.iter_any():
            await response.write(chunk)
        await response.write_eof()
        return response


async def build_app(target: str, token: str) -> web.Application:
    """Return the proxy application for an add-on at `target`."""
    app = web.Application()
    app[TOKEN_KEY] = token
    app[TARGET_KEY] = target.rstrip("/")

    async def client_context(app: web.Application) -> AsyncIterator[None]:
        # The add-on's gzip is undone here (auto_decompress) and the header dropped above.
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None)) as client:
            app[CLIENT_KEY] = client
            yield

    app.cleanup_ctx.append(client_context)
    app.router.add_route("*", "/{tail:.*}", forward)
    return app


async def _serve(args: argparse.Namespace) -> None:
    app = await build_app(args.target, args.token)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", args.port).start()
    print(f"Ingress at http://127.0.0.1:{args.port}{ingress_prefix(args.token)}/", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def main() -> None:
    """Parse the arguments and serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="the add-on's ingress URL")
    parser.add_argument("--port", type=int, default=8124)
    parser.add_argument("--token", default=secrets.token_urlsafe(16))
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
