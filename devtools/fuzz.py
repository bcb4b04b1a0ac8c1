"""Fuzz the real server from its own OpenAPI document with schemathesis (scripts/fuzz).

The server runs on a fresh demo data dir with an admin password, so every protected route
is reached twice: once with an API token and once with a browser session. A run passes
when schemathesis finds no server error and no answer outside the declared responses, and
the server logged no unexpected error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.server_process import ServerProcess, server_process

PASSWORD = "fuzz password"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
SESSION_COOKIE = "docsight_session"
# The checks that make a run fail: no 5xx, and every answer as the document declares it.
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    )
)
# Endless by design (server-sent events): a request never completes.
ALWAYS_EXCLUDED = ("stream",)
# Operations that would end the fuzzer's own credential half-way through its run.
EXCLUDED_WITH = {"token": ("revoke_token",), "session": ("logout",)}
# Operations that reach out to hosts named in the request: only inside a network namespace.
OUTBOUND = (
    "test_modem",
    "test_fritz",
    "probe_modem",
    "capture_modem",
    "run_traceroute",
    "create_target",
)
# The server's own log lines that mean a request went wrong inside it.
LOG_FAULT = re.compile(r" (ERROR|CRITICAL) ")
LOG_RECORD = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


@dataclass
class RunResult:
    """What one schemathesis run reported."""

    label: str
    operations: int
    failures: int
    errors: int
    exit_code: int


async def _session_cookie(session: aiohttp.ClientSession, url: str) -> str:
    """Sign in through the login form (with its CSRF token) and return the session cookie."""
    async with session.get(f"{url}/login") as response:
        match = CSRF_FIELD.search(await response.text())
    if match is None:
        raise RuntimeError("the login page has no CSRF token")
    form = {"password": PASSWORD, "csrf_token": match.group(1)}
    async with session.post(f"{url}/login", data=form, allow_redirects=False) as response:
        if response.status != 302:
            raise RuntimeError(f"sign-in failed: {response.status}")
    for cookie in session.cookie_jar:
        if cookie.key == SESSION_COOKIE:
            return cookie.value
    raise RuntimeError("sign-in set no session cookie")


async def _prepare(server: ServerProcess, work: Path) -> tuple[str, str]:
    """Wait for the demo history, sign in, create a token and save the OpenAPI document."""
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        for _ in range(1200):
            async with session.get(f"{server.url}/health") as response:
                if (await response.json())["docsis_health"] != "waiting":
                    break
            await asyncio.sleep(0.1)
        cookie = await _session_cookie(session, server.url)
        headers = {"Origin": server.url}
        async with session.post(
            f"{server.url}/api/tokens", json={"name": "fuzz"}, headers=headers
        ) as response:
            token = str((await response.json())["token"])
        async with session.get(f"{server.url}/api/openapi.json") as response:
            (work / "openapi.json").write_bytes(await response.read())
    return token, cookie


def _junit_counts(report: Path) -> tuple[int, int, int]:
    """Return (operations, failures, errors) from a schemathesis JUnit report."""
    root = ET.parse(report).getroot()
    return (
        int(root.get("tests", "0")),
        int(root.get("failures", "0")),
        int(root.get("errors", "0")),
    )


async def _schemathesis(
    args: argparse.Namespace, server: ServerProcess, work: Path, label: str, header: str
) -> RunResult:
    """Run schemathesis once with one credential header; its output goes to our stdout."""
    excluded = [*ALWAYS_EXCLUDED, *EXCLUDED_WITH[label]]
    if not args.isolated:
        excluded += OUTBOUND
    report = work / f"junit-{label}.xml"
    command = [
        str(Path(args.st).resolve()),
        "run",
        str(work / "openapi.json"),
        "--url",
        server.url,
        "--header",
        header,
        "--header",
        f"Origin: {server.url}",
        "--checks",
        CHECKS,
        "--max-examples",
        str(args.examples),
        "--workers",
        "2",
        "--request-timeout",
        "30",
        "--seed",
        str(args.seed),
        "--no-color",
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
        *(part for operation in excluded for part in ("--exclude-operation-id", operation)),
    ]
    print(f"== schemathesis with a {label} ({args.examples} examples per operation)", flush=True)
    # schemathesis keeps a cache folder in its working directory: the run's own temp dir
    process = await asyncio.create_subprocess_exec(*command, cwd=work)
    exit_code = await process.wait()
    operations, failures, errors = _junit_counts(report) if report.exists() else (0, 0, 1)
    return RunResult(label, operations, failures, errors, exit_code)


async def _answers_health(server: ServerProcess) -> bool:
    """Return True when the server still answers /health."""
    async with aiohttp.ClientSession() as session, session.get(f"{server.url}/health") as response:
        return response.status == 200


def _log_faults(log: Path) -> list[str]:
    """Return the server's error records (each with its traceback) from its log."""
    faults: list[str] = []
    in_fault = False
    for line in log.read_text(errors="replace").splitlines():
        if LOG_RECORD.match(line):
            in_fault = bool(LOG_FAULT.search(line))
        if in_fault:
            faults.append(line)
    return faults


async def fuzz(args: argparse.Namespace) -> int:
    """Start the server, fuzz it with a token and with a session, print a summary."""
    with tempfile.TemporaryDirectory(prefix="docsight-fuzz-") as tmp:
        work = Path(tmp)
        data_dir = work / "data"
        data_dir.mkdir()
        (data_dir / "options.json").write_text(json.dumps({"admin_password": PASSWORD}))
        log = work / "server.log"
        env = {"DEMO_MODE": "true", "LOG_LEVEL": "warning"}
        async with server_process(data_dir, env, log) as server:
            token, cookie = await _prepare(server, work)
            results = [
                await _schemathesis(args, server, work, "token", f"Authorization: Bearer {token}"),
                await _schemathesis(
                    args, server, work, "session", f"Cookie: {SESSION_COOKIE}={cookie}"
                ),
            ]
            alive = await _answers_health(server)
        faults = _log_faults(log)
    return _summary(results, alive, faults)


def _summary(results: list[RunResult], alive: bool, faults: list[str]) -> int:
    """Print the fuzz summary and return the exit code (0 when everything held)."""
    print("== fuzz summary")
    for result in results:
        print(
            f"  with a {result.label}: {result.operations} operations, "
            f"{result.failures} failures, {result.errors} errors "
            f"(schemathesis exit {result.exit_code})"
        )
    print(f"  server still answering /health: {'yes' if alive else 'NO'}")
    print(f"  server log error lines: {len(faults)}")
    for line in faults[:200]:
        print(f"    {line}")
    failed = any(r.exit_code or r.failures or r.errors for r in results)
    return 1 if failed or not alive or faults else 0


def main() -> None:
    """Parse the command line and run the fuzz."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--st", default=".venv-fuzz/bin/st", help="the schemathesis CLI")
    parser.add_argument("--examples", type=int, default=50, help="examples per operation")
    parser.add_argument("--seed", type=int, default=1, help="hypothesis seed (reproducible runs)")
    parser.add_argument(
        "--isolated",
        action="store_true",
        help="the run is inside its own network namespace: fuzz the outbound operations too",
    )
    sys.exit(asyncio.run(fuzz(parser.parse_args())))


if __name__ == "__main__":
    main()
