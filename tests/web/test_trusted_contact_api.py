"""/api/trusted-contact: named and removed only with the PIN again; clear errors. The
contact's e-mail pages (/contact/...), against a real SMTP server on loopback."""

import html

import pytest
from sqlalchemy import select

from assistant.bank.models import CallbackRequest
from tests.smtp_server import smtp_inbox  # noqa: F401 - a fixture
from tests.trusted_contact_support import last_code, paused_payment
from tests.web.clients import customer_auth, make_client
from web.services import services_of

URL = "/api/trusted-contact"
ANNA = "@anna:example.org"


def test_naming_needs_the_pin_and_a_reachable_address(bank_settings, db):
    client = make_client(bank_settings, db)
    auth = customer_auth(client)
    body = {"name": "Anna", "address": ANNA}
    assert client.put(URL, json={**body, "pin": "9999"}, headers=auth).status_code == 403
    assert client.get(URL, headers=auth).get_json() == {"contact": None}
    bad = client.put(URL, json={**body, "address": "anna", "pin": "1234"}, headers=auth)
    assert bad.status_code == 400 and "Matrix id" in bad.get_json()["error"]
    ok = client.put(URL, json={**body, "pin": "1234"}, headers=auth)
    assert ok.status_code == 200 and "cannot see your accounts" in ok.get_json()["text"]
    assert ok.get_json()["text"].startswith("Anna will get a message from us on Matrix.")
    assert client.get(URL, headers=auth).get_json() == {
        "contact": {"name": "Anna", "channel": "matrix", "agreed": False}
    }


@pytest.mark.parametrize("address", ["+1 555 0100 200", "anna@example.org"])
def test_a_contact_the_bank_cannot_reach_is_refused(bank_settings, db, address):
    """No phone gateway, and here no SMTP: such a contact would be "asked" through an
    outbox nothing sends, while the customer hears "I have asked Anna"."""
    client = make_client(bank_settings, db)
    auth = customer_auth(client)
    reply = client.put(URL, json={"name": "Anna", "address": address, "pin": "1234"}, headers=auth)
    assert reply.status_code == 400
    assert reply.get_json()["error"].startswith("We cannot send messages to")
    assert client.get(URL, headers=auth).get_json() == {"contact": None}


@pytest.mark.parametrize("body", [None, {}, {"name": 3, "address": "x", "pin": "1234"}])
def test_a_malformed_request_is_a_clear_400(bank_settings, db, body):
    client = make_client(bank_settings, db)
    reply = client.put(URL, json=body, headers=customer_auth(client))
    assert reply.status_code == 400 and reply.get_json()["error"]


def test_removing_needs_the_pin(bank_settings, db):
    client = make_client(bank_settings, db)
    auth = customer_auth(client)
    client.put(URL, json={"name": "Anna", "address": ANNA, "pin": "1234"}, headers=auth)
    assert client.delete(URL, json={"pin": "0000"}, headers=auth).status_code == 403
    removed = client.delete(URL, json={"pin": "1234"}, headers=auth).get_json()
    assert removed == {"removed": True, "text": "Your trusted contact is removed."}
    assert client.get(URL, headers=auth).get_json() == {"contact": None}


def test_removing_the_contact_while_a_payment_is_paused_keeps_it_paused(bank_settings, db):
    """The scammer's script: remove the contact with the PIN, then "send it anyway"."""
    client = make_client(bank_settings, db)
    contacts = services_of(client.application).bank.contacts
    auth = customer_auth(client)
    client.put(URL, json={"name": "Anna", "address": ANNA, "pin": "1234"}, headers=auth)
    contacts.replies.reply("matrix", ANNA, f"agree {last_code(contacts, ANNA)}")
    held = paused_payment(db, bank_settings)
    contacts.ask("demo", held, "Real police never ask you to move money.")
    contacts.replies.reply("matrix", ANNA, f"{last_code(contacts, ANNA)} call first")
    removed = client.delete(URL, json={"pin": "1234"}, headers=auth).get_json()
    assert removed["text"] == (
        "Your trusted contact is removed. A payment of yours is paused: it stays paused for "
        "now, and someone from the bank will call you about it."
    )
    gate = contacts.gate("demo", held)
    assert gate.state == "contact_removed" and not gate.open
    assert contacts.outbox("matrix")[-1][1:] == (
        ANNA,
        "Mary Chen has removed you as their trusted contact while a payment of theirs was "
        "paused. We keep it paused for now, and someone from our bank will call them. If you "
        "are worried, please call them too.",
    )
    with db.session() as session:
        assert session.scalars(select(CallbackRequest.topic)).all() == ["payment"]


def test_nobody_else_sees_or_sets_it(bank_settings, db):
    client = make_client(bank_settings, db)
    assert client.get(URL).status_code == 401
    assert client.put(URL, json={"name": "A", "address": "a@b.org", "pin": "1"}).status_code == 401


def _path(link: str) -> str:
    return link.removeprefix("http://bank.example")


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.get_data(as_text=True))


def test_an_email_contact_agrees_and_answers_on_the_pages(bank_settings, db, smtp_inbox):  # noqa: F811
    client = make_client(bank_settings, db)
    contacts = services_of(client.application).bank.contacts
    auth = customer_auth(client)
    named = client.put(
        URL, json={"name": "Anna", "address": "anna@example.org", "pin": "1234"}, headers=auth
    )
    assert named.get_json()["text"].startswith("We have e-mailed Anna. Once they agree,")
    [asked] = smtp_inbox.messages
    assert asked["From"] == "bank@example.org" and "Mary Chen wants to name you" in str(asked)
    agree = _path(smtp_inbox.last_link("anna@example.org"))
    assert "I agree" in _text(client.get(agree))
    assert client.get(URL, headers=auth).get_json()["contact"]["agreed"] is False, "a look only"
    assert "You are now Mary Chen's trusted contact." in _text(client.post(agree))
    assert client.get(URL, headers=auth).get_json()["contact"]["agreed"] is True
    assert client.post(agree).status_code == 404, "the link works once"

    held = paused_payment(db, bank_settings)
    assert contacts.ask("demo", held, "Real police never ask you to move money.").state == (
        "waiting"
    )
    question = str(smtp_inbox.messages[-1].get_payload(decode=True).decode())
    assert "$900.00 to Alice Wong" in question and "Real police never ask" in question
    page = _path(smtp_inbox.last_link("anna@example.org"))
    shown = _text(client.get(page))
    assert "Mary Chen wants to pay $900.00 to Alice Wong." in shown and "It looks fine" in shown
    confirm = _text(client.post(page, data={"choice": "looks_fine"}))
    assert "Please confirm" in confirm and "Yes, it looks fine" in confirm
    assert contacts.gate("demo", held).state == "waiting", "not before the confirmation"
    done = client.post(page, data={"choice": "looks_fine", "confirm": "yes"})
    assert "Thank you. I will tell Mary." in _text(done)
    assert contacts.gate("demo", held).state == "looks_fine"
    assert client.get(page).status_code == 404
    assert client.get("/contact/answer/not-a-token").status_code == 404


@pytest.mark.parametrize("address", ["anna@refused.example", "down"])
def test_an_email_that_is_not_accepted_is_never_said_to_be_sent(
    bank_settings,
    db,
    smtp_inbox,  # noqa: F811
    monkeypatch,
    address,
):
    if address == "down":  # nothing listens on the SMTP port
        from tests.helpers import free_port

        monkeypatch.setenv("SMTP_PORT", str(free_port()))
        address = "anna@example.org"
    client = make_client(bank_settings, db)
    auth = customer_auth(client)
    reply = client.put(URL, json={"name": "Anna", "address": address, "pin": "1234"}, headers=auth)
    assert reply.status_code == 400
    assert reply.get_json()["error"] == (
        "I could not send the e-mail to Anna just now. Nothing was sent."
    )
    assert client.get(URL, headers=auth).get_json() == {"contact": None}
