"""Small helpers for tests that start servers."""

from __future__ import annotations

import os
import random
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from assistant.runtime import RuntimeSettings

_RANDOM = random.SystemRandom()  # not reseeded by test plugins, unlike the module's


def _ephemeral_start() -> int:
    """Where the kernel starts handing out ports to outgoing connections."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(count: int = 1) -> int:
    """The first of `count` consecutive TCP ports on 127.0.0.1 that nothing listens on.

    Taken below the kernel's ephemeral range: a port from that range, free when it is
    picked, can be handed to an outgoing connection (to PostgreSQL, Redis...) before the
    server binds it ("address already in use"), and a server on several consecutive
    ports (RASA_WORKERS) is even more exposed.
    """
    high = _ephemeral_start() - count
    for _ in range(1000):
        first = _RANDOM.randint(10000, high)
        if all(_is_free(first + i) for i in range(count)):
            return first
    raise RuntimeError(f"No {count} consecutive free ports between 10000 and {high}.")


def runtime_env(database_url: str, **extra: str) -> dict[str, str]:
    """Environment for RuntimeSettings with fresh ports and throwaway secrets."""
    env = {
        "DATABASE_URL": database_url,
        "RASA_PORT": str(free_port(int(extra.get("RASA_WORKERS", "1")))),
        "ACTION_PORT": str(free_port()),
        "WEB_PORT": str(free_port()),
        "RASA_TOKEN": "test-rasa-token",
        "GATEWAY_SECRET": "test-gateway-secret",
        "ACTION_TOKEN": "test-action-token",
        "WEB_SECRET_KEY": "test-web-secret",
        # Every Rasa server in the tests checks its cached dialogue states against Rasa's own.
        "BANK_CHECK_STATE_CACHE": "1",
    }
    env.update(extra)
    return env


@contextmanager
def throwaway_assistant(prefix: str = "assistant-", **extra_env: str) -> Iterator[RuntimeSettings]:
    """The whole assistant on free ports with a fresh demo database; removed afterwards."""
    from assistant.cli import init_database
    from assistant.stack import Stack

    work = Path(tempfile.mkdtemp(prefix=prefix))
    env = {
        **os.environ,
        **runtime_env(
            f"sqlite:///{work / 'bank.db'}", RASA_ENDPOINTS=str(work / "endpoints.yml"), **extra_env
        ),
    }
    settings = RuntimeSettings.from_env(env)
    init_database(settings.bank, demo=True)
    stack = Stack(settings, env, work / "logs")
    try:
        stack.start(timeout=300)
        yield settings
    finally:
        stack.stop()
        shutil.rmtree(work, ignore_errors=True)


def confirm_from_threads(
    service, customer_id: str, request_id: str, threads: int = 20
) -> list[str]:
    """Confirm one payment request from many threads at once; "done" or "refused" each."""
    from concurrent.futures import ThreadPoolExecutor

    from assistant.errors import NothingToConfirm

    def confirm(_: int) -> str:
        try:
            service.confirm(customer_id, request_id)
            return "done"
        except NothingToConfirm:
            return "refused"

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(confirm, range(threads)))


def wrong_pins_from_threads(auth, customer_id: str, threads: int = 20) -> None:
    """Send `threads` wrong PINs for one customer at the same moment."""
    from concurrent.futures import ThreadPoolExecutor

    from assistant.errors import AuthenticationFailed

    start = threading.Barrier(threads)

    def attempt(_: int) -> None:
        start.wait()
        with suppress(AuthenticationFailed):
            auth.login(customer_id, "0000")

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(attempt, range(threads)))


def lockout_state(db, customer_id: str) -> tuple[int, bool]:
    """The failure count and whether the customer's log-in is locked now."""
    from assistant.models import Customer, utcnow

    with db.session() as session:
        row = session.get(Customer, customer_id)
        return row.failed_logins, bool(row.locked_until and row.locked_until > utcnow())
