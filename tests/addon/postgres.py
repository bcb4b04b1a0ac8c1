"""A throwaway PostgreSQL cluster for tests (Debian's server binaries, loopback only).

The cluster lives in a temporary directory, listens on 127.0.0.1 only (its unix socket goes
into the same directory), trusts loopback connections and is removed after the test session.
PostgreSQL refuses to run as root, so when the tests run as root every server command runs as
the `postgres` system user through `runuser`.
"""

from __future__ import annotations

import os
import pwd
import random
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
PG_USER = "postgres"
DATABASE = "docsight_test"
START_ATTEMPTS = 8
SETUP_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) were not found under "
    f"{PG_BIN_GLOB}. Run scripts/setup, which installs Debian's `postgresql` package."
)


def find_pg_bin() -> Path:
    """Return the bin directory of the newest installed PostgreSQL, or fail the test run."""
    candidates = [
        path
        for path in Path("/").glob(PG_BIN_GLOB.lstrip("/"))
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file()
    ]
    if not candidates:
        pytest.fail(SETUP_HINT, pytrace=False)

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parent.name))

    return max(candidates, key=version)


@dataclass
class PostgresCluster:
    """A running throwaway cluster."""

    bin_dir: Path
    base_dir: Path
    port: int
    as_postgres_user: bool

    @property
    def data_dir(self) -> Path:
        """Return the cluster's data directory."""
        return self.base_dir / "data"

    @property
    def socket_dir(self) -> Path:
        """Return the directory of the cluster's unix socket."""
        return self.base_dir / "socket"

    @property
    def log_file(self) -> Path:
        """Return the server log file."""
        return self.base_dir / "server.log"

    def url(self, database: str = DATABASE) -> str:
        """Return the SQLAlchemy URL of a database in this cluster."""
        return f"postgresql+asyncpg://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        """Run one of the cluster's binaries (as the postgres user when we are root)."""
        command = [str(self.bin_dir / program), *args]
        if self.as_postgres_user:
            command = ["runuser", "-u", PG_USER, "--", *command]
        return subprocess.run(  # noqa: PLW1510 - callers check returncode themselves
            command, capture_output=True, text=True, timeout=120, cwd=self.base_dir
        )

    def check(self, program: str, *args: str) -> None:
        """Run a binary and fail the test run with its output when it fails."""
        result = self.run(program, *args)
        if result.returncode != 0:
            pytest.fail(
                f"{program} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}",
                pytrace=False,
            )

    def start(self) -> None:
        """Start the server on a free loopback port (retrying when a port is taken)."""
        for _ in range(START_ATTEMPTS):
            self.log_file.unlink(missing_ok=True)
            options = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} "
                f"-k {self.socket_dir} -c fsync=off -c full_page_writes=off"
            )
            result = self.run(
                "pg_ctl",
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-o",
                options,
            )
            if result.returncode == 0:
                return
            log = self.log_file.read_text(errors="replace") if self.log_file.exists() else ""
            if "could not bind" not in log and "already in use" not in log:
                pytest.fail(
                    f"pg_ctl start failed:\n{result.stdout}\n{result.stderr}\n{log}",
                    pytrace=False,
                )
            self.port = random_port()
        pytest.fail("pg_ctl start found no free loopback port", pytrace=False)

    def stop(self) -> None:
        """Stop the server (fast shutdown) and wait for it."""
        self.run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data_dir))


def random_port() -> int:
    """Return a port number to try (the test plugin blocks sockets, so no probe here)."""
    return random.randint(20000, 59999)


def start_cluster() -> PostgresCluster:
    """Create, start and return a cluster with an empty `docsight_test` database."""
    bin_dir = find_pg_bin()
    as_postgres_user = os.geteuid() == 0
    base_dir = Path(tempfile.mkdtemp(prefix="docsight-pg-"))
    (base_dir / "socket").mkdir()
    if as_postgres_user:
        try:
            entry = pwd.getpwnam(PG_USER)
        except KeyError:
            shutil.rmtree(base_dir, ignore_errors=True)
            pytest.fail(f"No `{PG_USER}` system user to run PostgreSQL as. {SETUP_HINT}")
        for path in (base_dir, base_dir / "socket"):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    cluster = PostgresCluster(bin_dir, base_dir, random_port(), as_postgres_user)
    try:
        cluster.check(
            "initdb",
            "-D",
            str(cluster.data_dir),
            "-U",
            PG_USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )
        cluster.start()
        cluster.check(
            "createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", PG_USER, DATABASE
        )
    except BaseException:
        cluster.stop()
        shutil.rmtree(base_dir, ignore_errors=True)
        raise
    return cluster


def stop_cluster(cluster: PostgresCluster) -> None:
    """Stop a cluster and delete its files."""
    cluster.stop()
    shutil.rmtree(cluster.base_dir, ignore_errors=True)
