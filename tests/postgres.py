"""A throwaway PostgreSQL server for tests, started from Debian's binaries.

The cluster lives in a temporary folder, listens on 127.0.0.1 on a free port,
trusts local connections and is removed after the test session.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2

from tests.helpers import free_port


def _pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def _as_server_user(argv: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; Debian's package makes a postgres user.
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of an empty database `bank` on a fresh server."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        raise RuntimeError(
            "PostgreSQL is not installed. Run `make system-deps` (apt-get install postgresql)."
        )
    home = tempfile.mkdtemp(prefix="bank-pg-")
    data = os.path.join(home, "data")
    if os.geteuid() == 0:
        shutil.chown(home, "postgres", "postgres")
    port = free_port()
    initdb = [f"{bin_dir}/initdb", "-D", data, "-A", "trust", "-U", "bank", "--no-sync"]
    subprocess.run(_as_server_user(initdb), check=True, capture_output=True)
    options = (
        f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    )
    subprocess.run(
        _as_server_user([f"{bin_dir}/pg_ctl", "-D", data, "-o", options, "-w", "-l",
                         os.path.join(home, "log"), "start"]),
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        for _ in range(50):
            try:
                conn = psycopg2.connect(host="127.0.0.1", port=port, user="bank", dbname="postgres")
                break
            except psycopg2.OperationalError:
                time.sleep(0.2)
        else:
            raise RuntimeError("PostgreSQL did not accept connections.")
        conn.autocommit = True
        conn.cursor().execute("CREATE DATABASE bank")
        conn.close()
        yield f"postgresql+psycopg2://bank@127.0.0.1:{port}/bank"
    finally:
        subprocess.run(
            _as_server_user([f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(home, ignore_errors=True)
