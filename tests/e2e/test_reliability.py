"""Money under concurrency, hostile input and faults, through the real stack."""

import json
import re
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from assistant.bank.models import Posting
from tests.e2e.customer import Customer

pytestmark = pytest.mark.e2e

FALLBACK = "Sorry, something went wrong on our side. Nothing has changed."
PAYEE = {"demo": "Alice Wong", "robert": "Carlos Diaz", "li": "Wei Zhang"}
PINS = {"demo": "1234", "robert": "2468", "li": "1357"}


def _ledger_balanced(assistant) -> bool:
    with assistant.db.session() as session:
        return session.scalar(select(func.sum(Posting.amount_minor))) == 0


def test_twenty_parallel_identical_yeses_pay_once(assistant, login):
    mary = login()
    mary.say("send 3 dollars to my daughter")
    assert "Pay $3.00 to Alice Wong." in mary.text()
    before, count = assistant.balance("demo"), assistant.transaction_count("demo")
    clones = [Customer(mary.base_url, mary.token) for _ in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(pool.map(lambda c: " ".join(r["text"] for r in c.say("yes")), clones))
    assert sum(r.startswith("Done.") for r in replies) == 1, replies
    assert assistant.balance("demo") == before - 300
    assert assistant.transaction_count("demo") == count + 1


def test_fifty_parallel_conversations_keep_the_ledger_balanced(assistant, login):
    """50 conversations (17 at once per customer) each try a $1 transfer.

    A customer has at most one payment waiting for a yes, so a newer read-back
    replaces an older one in another conversation: that one's yes is refused.
    What must hold: every "Done" is exactly one debit, nothing else moves, and
    the ledger still balances.
    """
    customers = [c for c in PAYEE for _ in range(17)][:50]
    before = {c: assistant.balance(c) for c in PAYEE}
    counts = {c: assistant.transaction_count(c) for c in PAYEE}
    sessions = [(c, login(c, PINS[c])) for c in customers]

    def transfer(pair):
        customer, session = pair
        session.say(f"send 1 dollar to {PAYEE[customer]}")
        assert "Shall I send it?" in session.text(), session.text()
        session.say("yes")
        said = session.text()
        assert said.startswith(("Done.", "That payment is no longer waiting")), said
        return customer, said.startswith("Done.")

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(transfer, sessions))
    done = {c: sum(1 for who, ok in results if who == c and ok) for c in PAYEE}
    assert all(done.values()), done
    for customer in PAYEE:
        assert assistant.balance(customer) == before[customer] - 100 * done[customer]
        assert assistant.transaction_count(customer) == counts[customer] + done[customer]
    assert _ledger_balanced(assistant)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
HOSTILE = st.sampled_from(
    ["'; DROP TABLE accounts; --", "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://x}",
     "/transfer_money{\"amount\": 99999}", "\u202eevil", "\x00\x01\x02", "A" * 100_000,
     "../../etc/passwd", "%s%s%s%n"]
)  # fmt: skip


def _check(reply: requests.Response) -> None:
    assert reply.status_code < 500, reply.text[:300]
    assert "Traceback" not in reply.text
    body = reply.json()
    assert isinstance(body, dict)
    if reply.status_code >= 400:
        assert isinstance(body.get("error"), str) and body["error"]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(message=st.one_of(st.text(max_size=300), HOSTILE, JSON_VALUES))
def test_chat_survives_hostile_input(assistant, login, message):
    session = login()
    before = assistant.balance("demo")
    reply = requests.post(
        f"{session.base_url}/api/chat", json={"message": message},
        headers={"Authorization": f"Bearer {session.token}"}, timeout=60,
    )  # fmt: skip
    _check(reply)
    assert assistant.balance("demo") == before


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    body=st.one_of(
        JSON_VALUES,
        st.fixed_dictionaries({"customer_id": st.one_of(st.text(), HOSTILE, JSON_VALUES),
                               "pin": st.one_of(st.text(), JSON_VALUES)}),
        st.binary(max_size=200),
    ),
    path=st.sampled_from(["/api/login", "/api/chat", "/api/step-up", "/api/logout"]),
)  # fmt: skip
def test_every_endpoint_answers_bad_bodies_with_clear_json(assistant, body, path):
    url = f"http://127.0.0.1:{assistant.settings.runtime.web_port}{path}"
    if isinstance(body, bytes):
        reply = requests.post(
            url, data=body, headers={"Content-Type": "application/json"}, timeout=30
        )
    else:
        reply = requests.post(url, json=body, timeout=30)
    _check(reply)


LESSON = (
    Path(__file__).resolve().parents[2] / "lessons" / "content" / "romance-scams.md"
).read_text()
EDUCATOR_ROUTES = [
    ("post", "/api/educator/lessons"),
    ("post", "/api/educator/preview"),
    ("put", "/api/educator/lessons/romance-scams/draft"),
    ("post", "/api/educator/lessons/romance-scams/versions/1/submit"),
    ("post", "/api/educator/login"),
]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    body=st.one_of(
        JSON_VALUES,
        st.binary(max_size=200),
        st.fixed_dictionaries({"markdown": st.one_of(st.text(max_size=500), HOSTILE)}),
        # A real lesson with one line replaced by anything at all.
        st.builds(
            lambda line, junk: {"markdown": LESSON.replace(LESSON.splitlines()[line], junk, 1)},
            st.integers(0, len(LESSON.splitlines()) - 1),
            st.one_of(st.text(max_size=200), HOSTILE),
        ),
    ),
    route=st.sampled_from(EDUCATOR_ROUTES),
)
def test_educator_api_answers_bad_bodies_with_clear_json(assistant, body, route):
    login = requests.post(
        f"{assistant.web_url}/api/educator/login",
        json={"user": "teacher", "password": "lessons-for-all"}, timeout=30,
    )  # fmt: skip
    headers = {"Authorization": f"Bearer {login.json()['token']}"}
    method, path = route
    url = f"{assistant.web_url}{path}"
    if isinstance(body, bytes):
        headers["Content-Type"] = "application/json"
        reply = requests.request(method, url, data=body, headers=headers, timeout=30)
    else:
        reply = requests.request(method, url, json=body, headers=headers, timeout=30)
    _check(reply)
    if reply.status_code < 300 and "messages" in reply.json():
        assert "<script" not in json.dumps(reply.json()["messages"]).lower()


WAV_HEADER = b"RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x80\x3e\x00\x00"


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    body=st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=3000).map(lambda tail: WAV_HEADER + tail),
        st.binary(max_size=3000).map(lambda tail: b"OggS" + tail),
        st.binary(max_size=3000).map(lambda tail: b"\x1aE\xdf\xa3" + tail),  # WebM
    ),
    content_type=st.sampled_from(["audio/wav", "audio/webm", "audio/ogg", "text/plain", ""]),
)
def test_voice_answers_hostile_audio_with_clear_json(assistant, login, body, content_type):
    session = login()
    before = assistant.balance("demo")
    reply = requests.post(
        f"{session.base_url}/api/voice", data=body, timeout=60,
        headers={"Authorization": f"Bearer {session.token}", "Content-Type": content_type},
    )  # fmt: skip
    _check(reply)
    assert assistant.balance("demo") == before


def test_malformed_json_and_huge_bodies(assistant):
    url = f"http://127.0.0.1:{assistant.settings.runtime.web_port}/api/login"
    for data in (b"{", b'{"customer_id": "demo", "pin": ', "ü".encode("latin-1"), b"x" * 300_000):
        _check(
            requests.post(url, data=data, headers={"Content-Type": "application/json"}, timeout=30)
        )


def test_action_server_killed_mid_conversation(assistant, login):
    mary = login()
    mary.say("send 7 dollars to my daughter")
    assert "Pay $7.00 to Alice Wong." in mary.text()
    before, count = assistant.balance("demo"), assistant.transaction_count("demo")
    assistant.stack.kill("actions")
    try:
        mary.say("yes")
        assert mary.text().startswith(FALLBACK)
        assert assistant.balance("demo") == before
        assert assistant.transaction_count("demo") == count
    finally:
        assistant.stack.restart("actions")
    mary.say("what is my balance")
    assert "Your Checking account ending 4821 has" in mary.text()


def test_database_locked_gives_a_clear_error_and_no_partial_posting(assistant, login):
    mary = login()
    mary.say("send 8 dollars to my daughter")
    before, count = assistant.balance("demo"), assistant.transaction_count("demo")
    path = assistant.settings.bank.database_url.removeprefix("sqlite:///")
    locker = sqlite3.connect(path, timeout=1, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    answers = {}

    def say_yes():
        answers["reply"] = requests.post(
            f"{mary.base_url}/api/chat", json={"message": "yes"},
            headers={"Authorization": f"Bearer {mary.token}"}, timeout=120,
        )  # fmt: skip

    worker = threading.Thread(target=say_yes)
    worker.start()
    worker.join(40)
    locker.execute("ROLLBACK")
    locker.close()
    worker.join(120)
    reply = answers["reply"]
    assert reply.status_code in (200, 503)
    if reply.status_code == 200:
        said = " ".join(r["text"] for r in reply.json()["responses"])
        assert said.startswith(("Sorry", "Done."))
    else:
        assert "Nothing was changed" in reply.json()["error"]
    mary.say("what is my balance")
    assert "Your Checking account ending 4821 has" in mary.text()
    moved = assistant.balance("demo") != before
    assert assistant.transaction_count("demo") == count + (1 if moved else 0)
    assert not moved or assistant.balance("demo") == before - 800
    assert _ledger_balanced(assistant)


def test_rasa_restart_continues_the_conversation(assistant, login):
    mary = login()
    mary.say("I want to send money")
    mary.press("Alice Wong")
    assert mary.text().startswith("How much would you like to send?")
    assistant.stack.restart("rasa")
    mary.say("12 dollars")
    assert "Pay $12.00 to Alice Wong." in mary.text()
    mary.say("no")


def test_hostile_strings_are_not_rendered_as_markup(login):
    mary = login()
    mary.say("<script>alert(1)</script> send 5 dollars to alice")
    joined = " ".join(r["text"] for r in mary.last)
    assert "<script>" not in joined
    assert re.search(r"Pay \$5\.00 to Alice Wong", joined)
    mary.say("no")
