"""The trainer's page on a real app and database, with Rasa's real tracker store."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
import yaml
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from assistant.bank.staff import TRAINER, StaffAuth
from assistant.nlu_feedback import NluFeedbackStore, training_yaml
from tests.helpers import app_settings
from tests.support import PAGE, csrf, portal_login
from tests.tracker_events import CONVERSATIONS, write_conversations
from web import create_app

# A Telegram message written to look like a block of training data of its own.
POISON = "hello\n  - intent: affirm\n    examples: |\n      - no\n      - stop"
SECOND_TRAINER = ("tom", "Tom Trainer", "second-pair-of-eyes-2")


@pytest.fixture
def client(bank_settings, db):
    poisoned = {**CONVERSATIONS, "s-3": [(POISON, "nlu_fallback"), ("goodbye", "goodbye")]}
    write_conversations(bank_settings.database_url, poisoned)
    StaffAuth(db, bank_settings).add(
        SECOND_TRAINER[0], SECOND_TRAINER[1], TRAINER, SECOND_TRAINER[2]
    )
    return create_app(app_settings(bank_settings.database_url), db=db).test_client()


def trainer_login(client):
    return portal_login(client, "trainer", "teach-the-assistant")


def waiting_ids(db) -> dict[str, int]:
    store = NluFeedbackStore(db)
    store.harvest()
    return {m.text: m.id for m in store.waiting()}


def post(client, path: str, **form):  # type: ignore[no-untyped-def]
    token = csrf(client, "/educator/trainer/")
    return client.post(path, data={"csrf_token": token, **form}, headers=PAGE)


def test_page_needs_a_trainer(client):
    reply = client.get("/educator/trainer/", headers=PAGE)
    assert reply.status_code == 302
    assert reply.headers["Location"] == "/educator/login?next=/educator/trainer/"
    portal_login(client)  # an educator
    refused = client.get("/educator/trainer/", headers=PAGE)
    assert refused.status_code == 403
    assert "trainer role" in refused.get_data(as_text=True)


def test_trainer_sees_messages_and_assigns_an_intent(client, db):
    login = trainer_login(client)
    assert login.status_code == 302
    page = client.get("/educator/trainer/", headers=PAGE).get_data(as_text=True)
    assert "&ldquo;shift my dosh to the rainy day pot&rdquo;" in page
    assert "my pin is **** and it does not work" in page and "4321" not in page
    assert "pay the gas people" in page
    waiting = {m.text: m.id for m in NluFeedbackStore(db).waiting()}

    token = csrf(client, "/educator/trainer/")
    reply = client.post(
        "/educator/trainer/review",
        data={
            "csrf_token": token,
            "message": [str(waiting["shift my dosh to the rainy day pot"])],
            "intent": "move_money",
        },
        headers=PAGE,
    )
    assert reply.status_code == 302
    page = client.get("/educator/trainer/", headers=PAGE).get_data(as_text=True)
    assert "Marked 1 message as move_money." in page
    assert "Another trainer must approve this label" in page
    assert NluFeedbackStore(db).examples_by_intent() == {}, "not before a second trainer"


def test_review_needs_csrf_and_a_known_intent(client, db):
    trainer_login(client)
    waiting = NluFeedbackStore(db)
    waiting.harvest()
    first = str(waiting.waiting()[0].id)
    no_token = client.post(
        "/educator/trainer/review", data={"message": [first], "intent": "pay_bill"}, headers=PAGE
    )
    assert no_token.status_code == 400
    token = csrf(client, "/educator/trainer/")
    client.post(
        "/educator/trainer/review",
        data={"csrf_token": token, "message": [first], "intent": "make_tea"},
        headers=PAGE,
    )
    page = client.get("/educator/trainer/", headers=PAGE).get_data(as_text=True)
    assert "There is no intent called make_tea" in page
    assert waiting.reviewed() == []


def test_a_message_with_line_breaks_exports_as_one_out_of_scope_example(client, db):
    trainer_login(client)
    poison = next(i for text, i in waiting_ids(db).items() if text.startswith("hello"))
    reply = post(client, "/educator/trainer/review", message=[str(poison)], out_of_scope="1")
    assert reply.status_code == 302

    written = training_yaml(NluFeedbackStore(db).examples_by_intent())
    parsed = yaml.safe_load(written)
    assert [block["intent"] for block in parsed["nlu"]] == ["out_of_scope"]
    examples = RasaYAMLReader().reads(written).intent_examples
    assert [(e.get("intent"), e.get("text")) for e in examples] == [
        ("out_of_scope", "hello - intent: affirm examples: | - no - stop")
    ]


def test_a_yes_label_is_exported_only_once_a_second_trainer_approves(client, db):
    trainer_login(client)
    poison = next(i for text, i in waiting_ids(db).items() if text.startswith("hello"))
    post(client, "/educator/trainer/review", message=[str(poison)], intent="affirm")
    store = NluFeedbackStore(db)
    assert store.examples_by_intent() == {}
    assert [(m.id, m.intent) for m in store.awaiting_second()] == [(poison, "affirm")]

    own = post(client, "/educator/trainer/second-look", message=[str(poison)], approve="1")
    assert own.status_code == 302
    page = client.get("/educator/trainer/", headers=PAGE).get_data(as_text=True)
    assert "a label needs a trainer other than the one who gave it" in page
    assert store.examples_by_intent() == {}, "nobody approves their own label"
    relabel = post(client, "/educator/trainer/review", message=[str(poison)], intent="greet")
    assert relabel.status_code == 302
    assert store.awaiting_second()[0].intent == "affirm", "a label waiting is not re-labelled"

    client.post("/educator/logout", data={"csrf_token": csrf(client, "/educator/trainer/")})
    portal_login(client, SECOND_TRAINER[0], SECOND_TRAINER[2])
    page = client.get("/educator/trainer/", headers=PAGE).get_data(as_text=True)
    assert "Approve: affirm" in page
    post(client, "/educator/trainer/second-look", message=[str(poison)], approve="1")
    assert store.examples_by_intent() == {
        "affirm": ["hello - intent: affirm examples: | - no - stop"]
    }


def test_a_second_trainer_can_send_a_money_label_back(client, db):
    trainer_login(client)
    gas = waiting_ids(db)["pay the gas people"]
    post(client, "/educator/trainer/review", message=[str(gas)], intent="transfer_money")
    client.post("/educator/logout", data={"csrf_token": csrf(client, "/educator/trainer/")})
    portal_login(client, SECOND_TRAINER[0], SECOND_TRAINER[2])
    post(client, "/educator/trainer/second-look", message=[str(gas)], send_back="1")
    store = NluFeedbackStore(db)
    assert store.examples_by_intent() == {}
    assert "pay the gas people" in {m.text for m in store.waiting()}


class _Defaults(HTMLParser):
    """Every form control the page chooses before the trainer does."""

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "checked" in found or "selected" in found:
            self.chosen.append((tag, found))


def test_the_page_ticks_and_chooses_nothing_for_the_trainer(client):
    trainer_login(client)
    page = client.get("/educator/trainer/", headers=PAGE).get_data(as_text=True)
    assert "pay the gas people" in page, "a message whose customer then reached pay_bill"
    parser = _Defaults()
    parser.feed(page)
    assert parser.chosen == []
