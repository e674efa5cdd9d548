"""Database fixtures: the same tests run on an SQLite file and on a real PostgreSQL server.

The PostgreSQL server is started once per test session from Debian's
``postgresql`` package in a temporary data directory, listening on 127.0.0.1
only, and stopped at the end; each test gets a fresh database in it. Set
COMMUNIQUE_TEST_POSTGRES_URL (postgresql+psycopg://user@host:port) to use a
running server instead. Tests on PostgreSQL skip, saying why, only when no
server can be started.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

_databases = itertools.count(1)


def _postgres_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(path.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the postgres user the Debian package creates."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _start_server(bindir: Path, workdir: Path) -> str:
    data, port = workdir / "data", _free_port()
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(workdir, user.pw_uid, user.pw_gid)
    run = lambda *args: subprocess.run(_as_postgres_user([str(arg) for arg in args]), check=True, capture_output=True, timeout=120)
    run(bindir / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale", "C")
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={workdir} -c fsync=off"
    run(bindir / "pg_ctl", "-D", data, "-o", options, "-l", workdir / "server.log", "-w", "start")
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}"


def _stop_server(bindir: Path, workdir: Path) -> None:
    subprocess.run(_as_postgres_user([str(bindir / "pg_ctl"), "-D", str(workdir / "data"), "-m", "fast", "stop"]), capture_output=True, timeout=60, check=False)


@pytest.fixture(scope="session")
def postgres_server():
    """URL of a PostgreSQL server (without database name), or skip saying why there is none."""
    if os.environ.get("COMMUNIQUE_TEST_POSTGRES_URL"):
        yield os.environ["COMMUNIQUE_TEST_POSTGRES_URL"].rstrip("/")
        return
    bindir = _postgres_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL tests need a server: install Debian's postgresql package (no initdb found)")
    if os.geteuid() == 0 and not _user_exists("postgres"):
        pytest.skip("PostgreSQL tests need the 'postgres' user to run the server as (running as root)")
    workdir = Path(tempfile.mkdtemp(prefix="communique-pg-"))
    try:
        url = _start_server(bindir, workdir)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        detail = getattr(error, "stderr", b"") or b""
        shutil.rmtree(workdir, ignore_errors=True)
        pytest.skip(f"PostgreSQL tests skipped: could not start a server ({error}; {detail.decode(errors='replace').strip()[:300]})")
    yield url
    _stop_server(bindir, workdir)
    shutil.rmtree(workdir, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def fresh_postgres_database(server_url: str) -> str:
    """Create an empty database on the server and return its URL."""
    import psycopg

    name = f"communique_test_{os.getpid()}_{next(_databases)}"
    plain = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """An empty database: an SQLite file, then a PostgreSQL database (the same test runs on both)."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return fresh_postgres_database(request.getfixturevalue("postgres_server"))
