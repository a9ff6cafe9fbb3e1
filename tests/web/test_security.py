"""Log-in rate limit (in memory and in a real Redis), step-up PIN, redaction."""

import pytest

from assistant.bank.ledger import Ledger
from assistant.bank.payees import PayeeBook
from assistant.bank.payments import PaymentService
from tests.helpers import app_settings, with_web
from tests.redis_server import redis_server
from web import create_app
from web.security import redact


def _client(bank_settings, db, storage="memory://", limit="3/minute", **more):
    settings = with_web(
        app_settings(bank_settings.database_url),
        login_rate_limit=limit,
        rate_limit_storage=storage,
        **more,
    )
    return create_app(settings, db=db).test_client()


def _attempts(client, n, address="10.0.0.1"):
    return [
        client.post(
            "/api/login",
            json={"customer_id": "demo", "pin": "0000"},
            environ_base={"REMOTE_ADDR": address},
        ).status_code
        for _ in range(n)
    ]


def test_login_rate_limit_per_address_in_memory(bank_settings, db):
    client = _client(bank_settings, db)
    assert _attempts(client, 5) == [401, 401, 401, 429, 429]
    assert _attempts(client, 1, address="10.0.0.2") == [401], "other addresses are not affected"
    reply = client.post("/api/login", json={}, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert reply.get_json() == {
        "error": "Too many log-in attempts from here. Please wait a minute and try again."
    }


@pytest.mark.redis
def test_login_rate_limit_shared_through_redis(bank_settings, db):
    with redis_server() as url:
        first = _client(bank_settings, db, storage=url)
        second = _client(bank_settings, db, storage=url)  # another web process
        assert _attempts(first, 2) == [401, 401]
        assert _attempts(second, 2) == [401, 429]


@pytest.fixture
def client(bank_settings, db):
    return _client(bank_settings, db, limit="100/minute")


def _token(client):
    return client.post("/api/login", json={"customer_id": "demo", "pin": "1234"}).get_json()[
        "token"
    ]


def _big_request(db, bank_settings):
    service = PaymentService(db, bank_settings)
    alice = next(p for p in PayeeBook(db).payees("demo") if p.name == "Alice Wong")
    account = Ledger(db).accounts("demo", kind="current")[0]
    return service.prepare_transfer(
        "demo", payee_id=alice.id, amount_minor=bank_settings.step_up_above_minor + 100,
        currency="USD", from_account_id=account.id,
    )  # fmt: skip


def test_step_up_with_the_right_pin_approves_that_request_only(client, db, bank_settings):
    token = _token(client)
    preview = _big_request(db, bank_settings)
    auth = {"Authorization": f"Bearer {token}"}
    wrong = client.post("/api/step-up", json={"request_id": preview.request_id, "pin": "9999"},
                        headers=auth)  # fmt: skip
    assert wrong.status_code == 403
    assert wrong.get_json() == {"error": "That PIN is not right. Please try again."}
    ok = client.post("/api/step-up", json={"request_id": preview.request_id, "pin": "1234"},
                     headers=auth)  # fmt: skip
    assert ok.status_code == 200 and ok.get_json()["status"] == "approved"
    assert not PaymentService(db, bank_settings).pending("demo", preview.request_id).needs_step_up
    other = client.post("/api/step-up", json={"request_id": "nope", "pin": "1234"}, headers=auth)
    assert other.status_code == 400
    assert other.get_json() == {"error": "There is no payment waiting for your PIN."}


def test_step_up_is_no_pin_oracle_without_a_waiting_payment(client):
    """With a stolen token and nothing waiting, the right and a wrong PIN get one answer."""
    auth = {"Authorization": f"Bearer {_token(client)}"}
    answers = {
        pin: client.post("/api/step-up", json={"request_id": "x", "pin": pin}, headers=auth)
        for pin in ("1234", "9999")
    }
    assert {(r.status_code, r.get_json()["error"]) for r in answers.values()} == {
        (400, "There is no payment waiting for your PIN.")
    }


def test_wrong_step_up_pins_lock_the_login_and_are_rate_limited(bank_settings, db):
    client = _client(bank_settings, db, limit="100/minute", step_up_rate_limit="6/minute")
    auth = {"Authorization": f"Bearer {_token(client)}"}
    preview = _big_request(db, bank_settings)

    def step_up(pin):
        return client.post(
            "/api/step-up", json={"request_id": preview.request_id, "pin": pin}, headers=auth
        )

    assert [step_up("9999").status_code for _ in range(5)] == [403] * 5
    locked = step_up("1234")  # the right PIN, after five wrong ones
    assert locked.status_code == 403 and "locked" in locked.get_json()["error"]
    assert client.post("/api/login", json={"customer_id": "demo", "pin": "1234"}).status_code == 401
    assert step_up("1234").status_code == 429, "and a seventh try within the minute is refused"
    assert PaymentService(db, bank_settings).pending("demo", preview.request_id).needs_step_up


def test_step_up_needs_a_session_and_text(client):
    assert client.post("/api/step-up", json={"request_id": "x", "pin": "1234"}).status_code == 401
    token = _token(client)
    reply = client.post("/api/step-up", json={"request_id": 1, "pin": 1234},
                        headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert reply.status_code == 400


def test_robert_cannot_approve_marys_payment(client, db, bank_settings):
    preview = _big_request(db, bank_settings)
    robert = client.post("/api/login", json={"customer_id": "robert", "pin": "2468"}).get_json()
    reply = client.post(
        "/api/step-up", json={"request_id": preview.request_id, "pin": "2468"},
        headers={"Authorization": f"Bearer {robert['token']}"},
    )  # fmt: skip
    assert reply.status_code == 400
    assert PaymentService(db, bank_settings).pending("demo", preview.request_id).needs_step_up


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("my pin is 1234", "my pin is ****"),
        ("change my PIN to 4321 please", "change my PIN to **** please"),
        ("the code they sent was 884213", "the code they sent was ****"),
        ("my card number is 4111 1111 1111 1111", "my card number is ****1111"),
        ("account 400011114821", "account ****4821"),
        ("send 5000 dollars to alice", "send 5000 dollars to alice"),
        ("what did I spend in 2025", "what did I spend in 2025"),
        # What speech recognition writes, and what people type without spaces.
        ("my pin is one two three four", "my pin is ****"),
        ("my pincode is 1234", "my pincode is ****"),
        ("pin1234", "pin****"),
        ("PIN is 1 2 3 4", "PIN is ****"),
        ("my password is twelve thirty four", "my password is ****"),
        ("4111.1111.1111.1111", "****1111"),
        ("send fifty dollars to alice", "send fifty dollars to alice"),
    ],
)
def test_redaction(typed, kept):
    assert redact(typed) == kept


def test_a_staff_lock_out_writes_an_audit_row(client, db):
    from sqlalchemy import select

    from assistant.bank.models import AuditRecord

    for _ in range(5):
        reply = client.post("/api/educator/login", json={"user": "editor", "password": "guess"})
        assert reply.status_code == 401
    locked = client.post(
        "/api/educator/login", json={"user": "editor", "password": "check-then-publish"}
    )
    unknown = client.post("/api/educator/login", json={"user": "nobody", "password": "x"})
    assert locked.status_code == unknown.status_code == 401
    assert locked.get_json() == unknown.get_json(), "a locked user looks like an unknown one"
    with db.session() as session:
        rows = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "staff_login_locked")
        ).all()
    assert len(rows) == 1 and "editor" in rows[0].detail


def _from(client, forwarded_for, customer_id="demo", proxy="127.0.0.1"):
    return client.post(
        "/api/login",
        json={"customer_id": customer_id, "pin": "0000"},
        environ_base={"REMOTE_ADDR": proxy},
        headers={"X-Forwarded-For": forwarded_for},
    ).status_code


def test_behind_a_proxy_each_real_client_has_its_own_log_in_limit(bank_settings, db):
    """Every request comes from the proxy's address; X-Forwarded-For names the client."""
    client = _client(bank_settings, db, limit="2/minute", trusted_proxies=1)
    assert [_from(client, "203.0.113.7", c) for c in ("demo", "li", "robert")] == [401, 401, 429]
    assert _from(client, "198.51.100.2") == 401, "another customer's address is not blocked"
    # A client that forges its own X-Forwarded-For gets the address our proxy saw appended.
    assert _from(client, "198.51.100.99, 203.0.113.7") == 429


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(bank_settings, db):
    client = _client(bank_settings, db, limit="2/minute")
    addresses = ["192.0.2.1", "192.0.2.2", "192.0.2.3"]
    assert [_from(client, a, proxy="10.0.0.5") for a in addresses] == [401, 401, 429]


def test_a_customer_number_has_its_own_limit_across_addresses(bank_settings, db):
    client = _client(bank_settings, db, limit="100/minute", login_customer_rate_limit="3/hour")
    for _ in range(4):  # the customer's own log-ins do not count
        assert (
            client.post("/api/login", json={"customer_id": "demo", "pin": "1234"}).status_code
            == 200
        )
    replies = [_from(client, "x", proxy=f"192.0.2.{n}") for n in range(1, 5)]
    assert replies == [401, 401, 401, 429]
    assert _from(client, "x", customer_id="li", proxy="192.0.2.9") == 401
