"""A burst of log-ins sent at once for one customer: at most the lock-out's tries are checked.

The guesser sends many PINs at the same moment, from several addresses, through the real
HTTP app (a threaded server on loopback) and directly against `Auth`, on SQLite and on a
real PostgreSQL. The lock and the per-customer limit used to be read before the PIN was
checked and counted after it, so every PIN of the burst was checked and the right one,
sent last, logged in.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from argon2 import PasswordHasher
from sqlalchemy import update
from werkzeug.serving import make_server

from assistant.bank import auth as auth_module
from assistant.bank.auth import Auth, dummy_hash
from assistant.bank.db import Database
from assistant.bank.models import Customer
from assistant.bank.seed import seed_demo
from assistant.errors import AuthenticationFailed
from assistant.settings import BankSettings
from tests.helpers import app_settings, with_web
from tests.postgres import postgres_server
from web import create_app

pytestmark = pytest.mark.slow  # dozens of PIN hashes

WRONG_PINS = 23
ADDRESSES = 3  # the burst comes from WRONG_PINS / 10 addresses: under the per-address limit


class CountingHasher(PasswordHasher):
    """The real Argon2id PIN hasher, counting the checks made against a real PIN hash."""

    def __init__(self) -> None:
        real = auth_module.PIN_HASHER
        super().__init__(real.time_cost, real.memory_cost, real.parallelism)
        self.checked = 0
        self._lock = threading.Lock()
        # Made now, before the burst: threads that make it at once would each get their own.
        self._dummy = dummy_hash()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002
        if hash != self._dummy:
            with self._lock:
                self.checked += 1
        return super().verify(hash, password)

    def wait_for(self, count: int, seconds: float = 20.0) -> None:
        """Wait until `count` real PINs are being checked (or the burst is over)."""
        deadline = time.monotonic() + seconds
        while self.checked < count and time.monotonic() < deadline:
            time.sleep(0.002)


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    counting = CountingHasher()
    monkeypatch.setattr(auth_module, "PIN_HASHER", counting)
    return counting


@pytest.fixture(scope="module")
def postgres() -> Iterator[Database]:
    with postgres_server() as url:
        database = Database(url)
        database.upgrade()
        seed_demo(database, "USD")
        yield database
        database.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, bank_settings: BankSettings) -> Database:
    """The test's SQLite copy of the demo bank, or the module's PostgreSQL one."""
    if request.param == "sqlite":
        return request.getfixturevalue("db")
    database = request.getfixturevalue("postgres")
    with database.session() as session:
        session.execute(update(Customer).values(failed_logins=0, locked_until=None))
    return database


def _burst(try_pin: Callable[[str, int], bool], hasher: CountingHasher, lockout_after: int) -> bool:
    """Send WRONG_PINS wrong PINs at once, then the right one while they are being checked;
    True when the right one logged in."""
    start = threading.Barrier(WRONG_PINS)

    def wrong(n: int) -> bool:
        start.wait()
        return try_pin("0000", n)

    with ThreadPoolExecutor(max_workers=WRONG_PINS) as pool:
        guesses = [pool.submit(wrong, n) for n in range(WRONG_PINS)]
        hasher.wait_for(lockout_after)  # the lock-out's tries are all under way
        logged_in = try_pin("1234", WRONG_PINS)
        assert not any(g.result() for g in guesses)
    return logged_in


def test_a_burst_against_the_service_checks_only_the_lock_outs_tries(database, hasher):
    settings = BankSettings.from_env({"DATABASE_URL": database.url})
    auth = Auth(database, settings)

    def try_pin(pin: str, _: int) -> bool:
        try:
            return bool(auth.login("demo", pin))
        except AuthenticationFailed:
            return False

    assert not _burst(try_pin, hasher, settings.lockout_after), "the right PIN got in"
    assert hasher.checked <= settings.lockout_after
    with pytest.raises(AuthenticationFailed):
        auth.login("demo", "1234")  # and the lock holds afterwards


@pytest.fixture
def web_server(database: Database) -> Iterator[Callable[..., str]]:
    """Start the real web app behind one trusted proxy, with these bank settings
    (environment names) and web settings; returns its base URL."""
    servers = []

    def start(env: dict[str, str], **settings: object) -> str:
        app = create_app(
            with_web(app_settings(database.url, **env), trusted_proxies=1, **settings),
            db=database,
        )
        http = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=http.serve_forever, daemon=True).start()
        servers.append(http)
        return f"http://127.0.0.1:{http.server_port}"

    yield start
    for http in servers:
        http.shutdown()


@pytest.mark.parametrize(
    ("lockout_after", "per_customer", "checked_at_most"),
    [
        (5, "20/hour", 5),  # the lock-out stops the burst
        (1000, "3/hour", 3),  # the per-customer limit stops it
    ],
)
def test_a_burst_through_http_checks_only_what_the_limits_allow(
    database, hasher, web_server, lockout_after, per_customer, checked_at_most
):
    base = web_server({"LOCKOUT_AFTER": str(lockout_after)}, login_customer_rate_limit=per_customer)

    def try_pin(pin: str, n: int) -> bool:
        reply = requests.post(
            f"{base}/api/login",
            json={"customer_id": "demo", "pin": pin},
            headers={"X-Forwarded-For": f"203.0.113.{n % ADDRESSES + 1}"},
            timeout=60,
        )
        assert reply.status_code in (200, 401, 429), reply.text
        return reply.status_code == 200

    assert not _burst(try_pin, hasher, checked_at_most), "the right PIN got in"
    assert hasher.checked <= checked_at_most
