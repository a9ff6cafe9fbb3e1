"""The trainer's page on a real app and database, with Rasa's real tracker store."""

from __future__ import annotations

import pytest

from assistant.nlu_feedback import NluFeedbackStore
from assistant.runtime import RuntimeSettings
from tests.helpers import runtime_env
from tests.support import PAGE, csrf, portal_login
from tests.tracker_events import write_conversations
from web import create_app


@pytest.fixture
def client(bank_settings, db):
    write_conversations(bank_settings.database_url)
    runtime = RuntimeSettings.from_env(runtime_env(bank_settings.database_url))
    return create_app(runtime, db=db).test_client()


def trainer_login(client):
    return portal_login(client, "trainer", "teach-the-assistant")


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
    assert "shift my dosh" not in page
    assert NluFeedbackStore(db).examples_by_intent() == {
        "move_money": ["shift my dosh to the rainy day pot"]
    }


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
