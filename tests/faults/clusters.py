"""Throwaway PostgreSQL clusters of a test's own, through .ci/postgres.sh (see its header for the verbs)."""

from __future__ import annotations

import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "postgres.sh"


def free_port(*taken: int) -> int:
    """A loopback port nobody listens on now (and not one of ``taken``)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in taken:
            return port


def pg(*args: str) -> str:
    """Run ``.ci/postgres.sh ARGS``; what it printed."""
    return subprocess.run(["bash", str(SCRIPT), *args], check=True, capture_output=True, text=True).stdout.strip()


def folder(prefix: str) -> Path:
    """A fresh folder for clusters (skips the test without the server binaries)."""
    if not list(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup")):
        pytest.skip("needs the PostgreSQL server binaries (Debian package postgresql)")
    top = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    top.chmod(0o755)  # the clusters' own folders inside are the postgres user's (and private)
    return top
