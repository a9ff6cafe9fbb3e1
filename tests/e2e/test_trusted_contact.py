"""The trusted contact as a second key, with the contact on the real Synapse homeserver.

The customer talks through the web API; the contact is a Matrix user who is
invited by the bank's bot, agrees with the code it sends ("agree KXPTM"),
reads the question and answers with that payment's code ("KXPTM call first",
or "KXPTM looks fine" and then "KXPTM yes"), or does not answer at all (the
cooling-off, TRUSTED_CONTACT_WAIT_SECONDS=30 in tests/e2e/conftest.py, runs out).
"""

from __future__ import annotations

import itertools
import re
import time

import pytest
import requests
from sqlalchemy import delete, select

from assistant.bank.models import AuditRecord, CallbackRequest
from assistant.channels.matrix.client import MatrixClient
from assistant.channels.matrix.models import MatrixState

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module", autouse=True)
def bot_state_of_one_homeserver(assistant):
    """This module runs its own Synapse: the bot's sync position and token from another
    module's homeserver (same database) must not carry over, in either direction."""

    def forget() -> None:
        with assistant.db.session() as session:
            session.execute(delete(MatrixState))

    forget()
    yield
    forget()


POLICE = "a man from the police told me to move my savings to a safe account"
_contacts = itertools.count(1)


class Contact:
    """The trusted contact's own Matrix app."""

    def __init__(self, homeserver) -> None:  # noqa: F811 - the fixture's value
        name = f"anna{next(_contacts)}"
        homeserver.register(name, f"{name}-password")
        self.client = MatrixClient(homeserver.url)
        self.client.login(name, f"{name}-password")
        self.user_id = self.client.user_id
        self.room: str | None = None
        self.seen: set[str] = set()
        self.code = ""  # the code of the question they were last asked
        # Synapse answers a repeated initial sync from its cache: sync on from here.
        self.since = self.client.sync(timeout_ms=0)["next_batch"]

    def next_message(self, wait: float = 60) -> str:
        """Join the bot's invitation if needed; the bot's next new message."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.room is None:
                batch = self.client.sync(self.since, timeout_ms=1000)
                self.since = batch["next_batch"]
                invites = batch.get("rooms", {}).get("invite", {})
                if invites:
                    self.room = next(iter(invites))
                    self.client.join(self.room)
            if self.room is not None:
                for m in reversed(self.client.messages(self.room, 50)):
                    if m["sender"].startswith("@bank:") and m["event_id"] not in self.seen:
                        self.seen.add(m["event_id"])
                        return m["content"]["body"]
            time.sleep(0.5)
        raise AssertionError(f"no message for {self.user_id} within {wait} s")

    def say(self, text: str, room: str | None = None) -> str:
        assert self.room is not None
        self.client.send_text(room or self.room, text, f"t-{time.monotonic_ns()}")
        return self.next_message() if room is None else self.next_in(room)

    def next_in(self, room: str, wait: float = 60) -> str:
        """The bot's next new message in another room of this person's (their own chat)."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            for m in reversed(self.client.messages(room, 50)):
                if m["sender"].startswith("@bank:") and m["event_id"] not in self.seen:
                    self.seen.add(m["event_id"])
                    return m["content"]["body"]
            time.sleep(0.5)
        raise AssertionError(f"no message for {self.user_id} in {room} within {wait} s")


def code_in(message: str) -> str:
    """The five-letter code the bot's message asks the contact to reply with."""
    found = re.search(r"\bagree ([A-Z]{5})\b|'([A-Z]{5}) call first'", message)
    assert found, message
    return found.group(1) or found.group(2)


def agreed_contact(assistant, homeserver, customer) -> Contact:
    """A contact named with the PIN, who agreed with the code the bot sent them."""
    contact = Contact(homeserver)
    assert name_contact(assistant, customer, contact).status_code == 200
    invitation = contact.next_message()
    assert "wants to name you as their trusted contact" in invitation
    agreed = contact.say(f"agree {code_in(invitation)}")
    assert agreed.startswith("Thank you. You are now Mary Chen's trusted contact.")
    return contact


def name_contact(assistant, customer, contact: Contact, pin: str = "1234"):
    return requests.put(
        f"{assistant.web_url}/api/trusted-contact",
        json={"name": "Anna", "address": contact.user_id, "pin": pin},
        headers={"Authorization": f"Bearer {customer.token}"}, timeout=30,
    )  # fmt: skip


def paused_and_asked(assistant, homeserver, victim):  # noqa: F811
    """A customer with a contact, a paused $900 payment, and the contact asked about it."""
    customer_id, customer = victim
    contact = agreed_contact(assistant, homeserver, customer)
    customer.say(POLICE)
    customer.say("send 900 dollars to my daughter")
    assert "I have paused this payment to keep you safe." in customer.text()
    customer.press("Send it anyway")
    assert customer.text().startswith("Before I send it, shall I ask Anna, your trusted contact?")
    customer.press("Yes, ask Anna")
    assert customer.text().startswith("I have asked Anna.")
    question = contact.next_message()
    assert "Mary Chen" in question and "$900.00" in question and "Alice Wong" in question
    assert "Real police and bank staff never ask you to move your money." in question
    assert question.count("$") == 1, "the amount only: never a balance"
    contact.code = code_in(question)
    return customer_id, customer, contact


def _audited(assistant, customer_id) -> list[str]:
    with assistant.db.session() as session:
        return list(
            session.scalars(
                select(AuditRecord.action).where(AuditRecord.customer_id == customer_id)
            )
        )


def test_the_contact_says_it_looks_fine(assistant, homeserver, bot, victim):  # noqa: F811
    customer_id, customer, contact = paused_and_asked(assistant, homeserver, victim)
    before = assistant.balance(customer_id)
    customer.say("send it anyway")
    assert customer.text().startswith("I have asked Anna."), "paused until Anna answers"
    assert "Mary Chen's payment of $900.00 to Alice Wong looks fine" in contact.say(
        f"{contact.code} looks fine"
    )
    customer.say("send it anyway")
    assert customer.text().startswith("I have asked Anna."), "not before Anna confirms"
    assert contact.say(f"{contact.code} yes") == (
        "Thank you. I will tell Mary. You cannot see their accounts or move their money."
    )
    customer.say("send it anyway")
    assert customer.text().startswith("Anna said it looks fine.")
    assert "Shall I send it?" in customer.text(), "a fresh read-back"
    assert assistant.balance(customer_id) == before
    customer.press("Yes, send it")
    assert customer.text().startswith("Done. I sent $900.00 to Alice Wong.")
    assert assistant.balance(customer_id) == before - 90_000
    # The contact can see and move nothing.
    assert "$" not in contact.say("what is my balance")
    assert "$" not in contact.say("send 50 dollars to my daughter")
    assert {
        "trusted_contact_set", "trusted_contact_agreed", "trusted_contact_asked",
        "trusted_contact_answered",
    } <= set(_audited(assistant, customer_id))  # fmt: skip


def test_the_contact_says_call_them_first(assistant, homeserver, bot, victim):  # noqa: F811
    customer_id, customer, contact = paused_and_asked(assistant, homeserver, victim)
    before = assistant.balance(customer_id)
    contact.say(f"{contact.code} call them first")
    customer.say("send it anyway")
    assert customer.text().startswith("Anna asked to talk to you first.")
    customer.say("yes")
    assert assistant.balance(customer_id) == before


def test_no_answer_and_the_cooling_off_ends(assistant, homeserver, bot, victim):  # noqa: F811
    customer_id, customer, _ = paused_and_asked(assistant, homeserver, victim)
    before = assistant.balance(customer_id)
    customer.say("send it anyway")
    assert customer.text().startswith("I have asked Anna.")
    time.sleep(31)
    customer.say("send it anyway")
    assert customer.text().startswith("Okay. Please check it once more before I send it.")
    customer.press("Yes, send it")
    assert customer.text().startswith("Done. I sent $900.00 to Alice Wong.")
    assert assistant.balance(customer_id) == before - 90_000


def test_naming_and_removing_the_contact_needs_the_pin(assistant, homeserver, victim):  # noqa: F811
    customer_id, customer = victim
    contact = Contact(homeserver)
    assert name_contact(assistant, customer, contact, pin="9999").status_code == 403
    assert name_contact(assistant, customer, contact).status_code == 200
    auth = {"Authorization": f"Bearer {customer.token}"}
    url = f"{assistant.web_url}/api/trusted-contact"
    assert requests.get(url, headers=auth, timeout=30).json()["contact"]["name"] == "Anna"
    wrong = requests.delete(url, json={"pin": "0000"}, headers=auth, timeout=30)
    assert wrong.status_code == 403
    right = requests.delete(url, json={"pin": "1234"}, headers=auth, timeout=30)
    assert right.json()["removed"] is True
    assert requests.get(url, headers=auth, timeout=30).json()["contact"] is None
    assert "trusted_contact_removed" in _audited(assistant, customer_id)


def test_a_contact_presses_2_in_their_own_chat(assistant, homeserver, bot, victim):  # noqa: F811
    """Anna also uses the bot. In her own chat she presses "2. Repeat" of a lesson: that
    is her button, never "it looks fine" to Mary's paused payment."""
    customer_id, customer, contact = paused_and_asked(assistant, homeserver, victim)
    own = contact.client.create_direct_room("@bank:localhost")
    picture = contact.say("teach me about phone scams", room=own)
    assert picture.startswith("A ringing mobile phone."), "the step's picture comes first"
    assert "1. Next\n2. Repeat" in contact.next_in(own)
    contact.say("2", room=own)  # the step's picture again, then its words
    assert "Step 1 of 4" in contact.next_in(own), "her own button"
    customer.say("send it anyway")
    assert customer.text().startswith("I have asked Anna."), "still paused"
    contact.say("2")  # in the question's room too, a bare number answers nothing
    customer.say("send it anyway")
    assert customer.text().startswith("I have asked Anna."), "still paused"
    assert "trusted_contact_answered" not in _audited(assistant, customer_id)


def test_removing_the_contact_keeps_it_paused(assistant, homeserver, bot, victim):  # noqa: F811
    """The scammer's script: Anna said "call them first"; the customer removes her with
    the PIN and says "send it anyway"."""
    customer_id, customer, contact = paused_and_asked(assistant, homeserver, victim)
    before = assistant.balance(customer_id)
    contact.say(f"{contact.code} call first")
    removed = requests.delete(
        f"{assistant.web_url}/api/trusted-contact", json={"pin": "1234"},
        headers={"Authorization": f"Bearer {customer.token}"}, timeout=30,
    )  # fmt: skip
    assert removed.json()["text"].startswith("Your trusted contact is removed. A payment of")
    customer.say("send it anyway")
    assert customer.text().startswith(
        "Your trusted contact was changed while this payment was paused, so it stays paused."
    )
    customer.say("yes")
    assert assistant.balance(customer_id) == before
    assert contact.next_message().startswith(
        "Mary Chen has removed you as their trusted contact while a payment of theirs was paused."
    )
    with assistant.db.session() as session:
        topics = session.scalars(
            select(CallbackRequest.topic).where(CallbackRequest.customer_id == customer_id)
        ).all()
    assert "payment" in topics, "a person at the bank is asked to call"
