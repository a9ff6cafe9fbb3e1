"""Security through the real stack: who can reach what, forged identities,
slash-intent injection, redaction of secrets in logs and the tracker store."""

import json
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import text

from assistant.signing import HEADER, sign
from tests.helpers import signature_rewritten

pytestmark = pytest.mark.e2e


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on this port (from /proc/net/tcp*)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if fields[3] == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_every_server_listens_on_loopback_only(assistant):
    s = assistant.settings.runtime
    for port in (s.rasa_port, s.action_port, s.web_port):
        assert _listening_addresses(port) == {"0100007F"}, port  # 127.0.0.1


def test_rasa_and_actions_refuse_unauthenticated_callers(assistant, login):
    s = assistant.settings.runtime
    mary = login()
    mary.say("hello")
    sender = assistant.sender_of(mary.token)
    hook = f"{s.rasa_url}/webhooks/bank_gateway/webhook"
    body = json.dumps({"sender": sender, "message": "what is my balance"}).encode()
    for header in (None, "t=1,v1=00", sign("wrong-secret", body), sign(s.gateway_secret, body, 1)):
        headers = {"Content-Type": "application/json"}
        if header:
            headers[HEADER] = header
        reply = requests.post(hook, data=body, headers=headers, timeout=10)
        assert reply.status_code == 401, header
    # A signature dated in the future, and a good request replayed, are refused too.
    future = {
        "Content-Type": "application/json",
        HEADER: sign(s.gateway_secret, body, time.time() + 50),
    }
    assert requests.post(hook, data=body, headers=future, timeout=10).status_code == 401
    fresh = {"Content-Type": "application/json", HEADER: sign(s.gateway_secret, body)}
    assert requests.post(hook, data=body, headers=fresh, timeout=60).status_code == 200
    assert requests.post(hook, data=body, headers=fresh, timeout=10).status_code == 401
    # The same signature written another way is no new request either.
    for form, rewritten in signature_rewritten(fresh[HEADER]).items():
        again = {"Content-Type": "application/json", HEADER: rewritten}
        assert requests.post(hook, data=body, headers=again, timeout=10).status_code == 401, form
    rest = requests.post(f"{s.rasa_url}/webhooks/rest/webhook",
                         json={"sender": sender, "message": "balance"}, timeout=10)  # fmt: skip
    assert rest.status_code == 404, "Rasa's plain REST channel must be off"
    tracker = requests.get(f"{s.rasa_url}/conversations/{sender}/tracker", timeout=10)
    assert tracker.status_code in (401, 403)
    action = requests.post(f"http://127.0.0.1:{s.action_port}/webhook",
                           json={"next_action": "action_check_balance"}, timeout=10)  # fmt: skip
    assert action.status_code == 401


def test_forged_sender_and_customer_fields_are_ignored(assistant, login):
    mary, robert = login(), login("robert", "2468")
    mary.say("what is my balance")
    mary_sender = assistant.sender_of(mary.token)
    mary_events = len(assistant.tracker(mary_sender)["events"])
    reply = requests.post(
        f"{robert.base_url}/api/chat",
        json={"message": "what is my balance", "sender": mary_sender, "customer_id": "demo",
              "metadata": {"customer_id": "demo"}},
        headers={"Authorization": f"Bearer {robert.token}"}, timeout=60,
    )  # fmt: skip
    said = " ".join(r["text"] for r in reply.json()["responses"])
    assert "ending 6012" in said and "4821" not in said
    forged = requests.post(
        f"{robert.base_url}/api/chat", json={"message": "balance"},
        headers={"Authorization": f"Bearer {mary_sender}"}, timeout=30,
    )  # fmt: skip
    assert forged.status_code == 401
    assert len(assistant.tracker(mary_sender)["events"]) == mary_events
    before = assistant.balance("demo")
    robert.say('/inform{"transfer_payee": "Alice Wong"}')
    robert.say("send 10 dollars to Alice Wong")
    assert "Alice Wong" not in " ".join(r["text"] for r in robert.last if "Pay" in r["text"])
    assert assistant.balance("demo") == before


def test_slash_intents_only_as_offered_buttons(assistant, login):
    mary = login()
    mary.say("hello")
    mary.press("My balance")  # offered: goes to Rasa as /check_balance
    assert "Your Checking account ending 4821 has" in mary.text()
    mary.say('/transfer_money{"amount": 5000, "transfer_payee": "Alice Wong"}')
    mary.say("cancel")
    mary.say("/affirm")
    sender = assistant.sender_of(mary.token)
    typed = [e["text"] for e in assistant.tracker(sender)["events"] if e["event"] == "user"]
    assert "/check_balance" in typed
    assert not any(t.startswith("/transfer_money") for t in typed)
    assert "/affirm" not in typed, "an affirm nobody offered must not skip NLU"


def test_secrets_never_reach_logs_or_the_tracker_store(assistant, login):
    mary = login()
    mary.say("my pin is 1234")
    mary.say("my card number is 4111 1111 1111 1111")
    mary.say("is my account 400011114821 safe")
    mary.say("what is my balance")
    for said in ("my pin is one two three four", "my pincode is 1234", "pin1234",
                 "PIN is 1 2 3 4", "my card is 4111.1111.1111.1111", "cvv 737",
                 "my password is tulip77", "secret number 2580", "account 87654321"):  # fmt: skip
        mary.say(said)
    # A channel that forgot to clean its text: the signed gateway redacts it too.
    assistant.guest_say("guest-forgot-to-clean", "my pin is four three two one")
    time.sleep(1)  # let the servers flush their logs
    forbidden = ["pin is 1234", "4111 1111 1111 1111", "4111111111111111", "400011114821",
                 "one two three four", "four three two one", "1 2 3 4", "pin1234",
                 "pincode is 1234", "4111.1111", "cvv 737", "tulip77", "number 2580", "87654321",
                 mary.token]  # fmt: skip
    for log in assistant.log_dir.glob("*.log"):
        content = log.read_text(errors="replace")
        for secret in forbidden:
            assert secret not in content, f"{secret!r} in {log.name}"
    with assistant.db.engine.connect() as connection:
        stored = [row[0] for row in connection.execute(text("SELECT data FROM events"))]
        stored += [row[0] for row in connection.execute(text("SELECT detail FROM audit_log"))]
    assert stored, "the tracker store keeps the conversation"
    for row in stored:
        for secret in forbidden:
            assert secret not in row
    assert any("pin is ****" in row for row in stored)
