"""The add-on server and the ingress proxy as subprocesses, as a user runs them."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.addon.harness import LOOPBACK, free_port

REPO = Path(__file__).resolve().parents[2]
START_LIMIT = 120.0


@dataclass
class UiServer:
    """A running add-on server with an ingress proxy in front of its ingress port."""

    port: int
    ingress_proxy_port: int
    ingress_token: str
    log: Path
    password: str = ""

    @property
    def root_url(self) -> str:
        """Return the UI's address on the API port."""
        return f"http://{LOOPBACK}:{self.port}/"

    @property
    def ingress_url(self) -> str:
        """Return the UI's address through the ingress proxy (as in Home Assistant's panel)."""
        return (
            f"http://{LOOPBACK}:{self.ingress_proxy_port}/api/hassio_ingress/{self.ingress_token}/"
        )

    def api(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str | None = None,
        ingress: bool = False,
    ) -> tuple[int, Any]:
        """Call the API directly (as a test's own check); return (status, parsed body).

        `ingress=True` goes through the ingress proxy, where the Supervisor vouches for the
        caller (no credential needed even with an admin password).
        """
        data = None if body is None else json.dumps(body).encode()
        base = self.ingress_url if ingress else self.root_url
        request = urllib.request.Request(base + path.lstrip("/"), data=data, method=method)
        request.add_header("Origin", base.split("/api/hassio_ingress")[0].rstrip("/"))
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, _parse(response.headers.get_content_type(), response.read())
        except urllib.error.HTTPError as error:
            return error.code, _parse(error.headers.get_content_type(), error.read())


def _parse(content_type: str, raw: bytes) -> Any:
    return json.loads(raw) if content_type == "application/json" else raw.decode(errors="replace")


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)  # waiting for a process to listen: nothing to wait on but time
    raise RuntimeError(f"{url} did not answer within {START_LIMIT} s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def ui_server(data_dir: Path, env: Mapping[str, str]) -> Iterator[UiServer]:
    """Run the add-on server (API port + ingress port) and an ingress proxy; stop both after."""
    port, ingress_port, proxy_port = free_port(), free_port(), free_port()
    log = data_dir.parent / f"server-{port}.log"
    full_env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "WEB_HOST": LOOPBACK,
        "WEB_PORT": str(port),
        "INGRESS_PORT": str(ingress_port),
        "INGRESS_ALLOWED_PEERS": LOOPBACK,
        "LOG_LEVEL": "info",
        **env,
    }
    token = secrets.token_urlsafe(12)
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "docsight_server"], env=full_env, stdout=out, stderr=out
        )
        proxy = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "devtools.ingress_proxy",
                "--target",
                f"http://{LOOPBACK}:{ingress_port}",
                "--port",
                str(proxy_port),
                f"--token={token}",
            ],
            cwd=REPO,
            stdout=out,
            stderr=out,
        )
        try:
            _wait_until_up(f"http://{LOOPBACK}:{port}/health", server, log)
            running = UiServer(port, proxy_port, token, log, env.get("ADMIN_PASSWORD", ""))
            _wait_until_up(running.ingress_url + "health", proxy, log)
            yield running
        finally:
            _stop(proxy)
            _stop(server)
