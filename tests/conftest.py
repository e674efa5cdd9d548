"""Shared fixtures: the real pipeline, the CLI as a user runs it, and ../shared when present."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.parse import load_pipeline

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COMMUNIQUE_SHARED", REPO.parent / "shared"))
SEED = SHARED / "seed" / "presstv-2009-10-13.txt"


def require_shared(path: Path = SHARED) -> Path:
    """``path`` inside ../shared, or skip the test saying what is missing."""
    if not path.exists():
        pytest.skip(f"needs {path} (the shared data folder beside the repository); it is absent here")
    return path


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture
def cli():
    """Run ``communique ARGS...`` in-process; returns the click Result (stdout, stderr, exit_code)."""
    runner = CliRunner()

    def run(*args: str, input: bytes | str | None = None):
        return runner.invoke(app, [str(arg) for arg in args], input=input)

    return run


def run_command(*args: str, env: dict | None = None, input: bytes | None = None) -> subprocess.CompletedProcess:
    """Run ``communique ARGS...`` in a fresh Python process, as a user's shell would."""
    return subprocess.run(
        [sys.executable, "-m", "communique", *map(str, args)],
        capture_output=True,
        input=input,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def run_python(code: str) -> str:
    """Run ``python -c CODE`` in a fresh process and return its stdout (fails on a non-zero exit)."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout

from db_servers import database_url, postgres_server  # noqa: E402,F401  (fixtures: SQLite and PostgreSQL)
