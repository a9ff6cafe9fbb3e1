"""Small helpers for tests that start servers."""

from __future__ import annotations

import dataclasses
import os
import random
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from assistant.app_settings import AppSettings
from assistant.settings import BankSettings

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


def app_settings(database_url: str, **extra: str) -> AppSettings:
    """The settings root read from the environment (a fixture's SMTP server, say) and
    `runtime_env` over it: fresh ports and throwaway secrets."""
    return AppSettings.from_env({**os.environ, **runtime_env(database_url, **extra)})


def settings_with_bank(bank: BankSettings) -> AppSettings:
    """The settings root with these bank settings, and the other parts from the environment."""
    return dataclasses.replace(AppSettings.from_env(), bank=bank)


def with_web(settings: AppSettings, **web: Any) -> AppSettings:
    """`settings` with these fields of its web part changed (rate limits, proxies, ...)."""
    return dataclasses.replace(settings, web=dataclasses.replace(settings.web, **web))


@contextmanager
def throwaway_assistant(prefix: str = "assistant-", **extra_env: str) -> Iterator[AppSettings]:
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
    settings = AppSettings.from_env(env)
    init_database(settings, demo=True)
    stack = Stack(settings.runtime, env, work / "logs")
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
    from assistant.bank.models import Customer, utcnow

    with db.session() as session:
        row = session.get(Customer, customer_id)
        return row.failed_logins, bool(row.locked_until and row.locked_until > utcnow())


def signature_rewritten(header: str) -> dict[str, str]:
    """A gateway signature written other ways, by what was changed: each was accepted by the
    old parser and, as a header never seen before, got past the replay guard."""
    fields = dict(item.split("=", 1) for item in header.split(","))
    t, n, v1 = fields["t"], fields["n"], fields["v1"]
    return {
        "reordered": f"n={n},t={t},v1={v1}",
        "an extra field": f"t={t},n={n},v1={v1},v0=1",
        "a field twice": f"t={t},t={t},n={n},v1={v1}",
        "a zero-padded time": f"t=0{t},n={n},v1={v1}",
        "a plus sign": f"t=+{t},n={n},v1={v1}",
        "spaces": f"t= {t},n={n},v1={v1}",
        "capital hex": f"t={t},n={n},v1={v1.upper()}",
        "a trailing comma": f"t={t},n={n},v1={v1},",
    }


@contextmanager
def sanic_on_loopback(app: Any, health_path: str) -> Iterator[str]:
    """Serve a Sanic app (an input channel's blueprint, as Rasa serves it) on a free loopback
    port in a thread of its own; yields its base URL once `health_path` answers."""
    import asyncio
    import time

    import requests

    # Sanic rewrites its request handling methods when a server first starts; a second app
    # then fails to start. In test mode it rewrites them from the originals each time.
    type(app).test_mode = True
    port, loop = free_port(), asyncio.new_event_loop()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        server = loop.run_until_complete(
            app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
        )
        loop.run_until_complete(server.startup())
        loop.run_forever()

    threading.Thread(target=serve, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            requests.get(base + health_path, timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    try:
        yield base
    finally:
        loop.call_soon_threadsafe(loop.stop)
