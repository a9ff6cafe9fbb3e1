"""The web API on a real app and database. Rasa is not running here, so these
tests cover everything decided before a message reaches Rasa, and what the
customer sees when Rasa cannot be reached."""

import importlib.util

import pytest

from assistant.messages import clean_text, safe_message
from tests.helpers import app_settings
from web import create_app
from web.api import chosen_by_position


@pytest.fixture
def client(bank_settings, db):
    app = create_app(app_settings(bank_settings.database_url), db=db)
    return app.test_client()


def login(client, customer_id="demo", pin="1234"):
    return client.post("/api/login", json={"customer_id": customer_id, "pin": pin})


def test_health(client):
    assert client.get("/healthz").get_json() == {
        "status": "ok",
        "speech_recognition": "not loaded yet",
        # The neural voice where requirements-speech.lock installed it, else espeak-ng.
        "speech_output": "piper en_US-joe-medium"
        if importlib.util.find_spec("piper")
        else "espeak-ng",
    }


def test_login_gives_a_token(client):
    reply = login(client)
    assert reply.status_code == 200
    assert len(reply.get_json()["token"]) >= 40


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"customer_id": "demo", "pin": "0000"}, 401),
        ({"customer_id": "nobody", "pin": "1234"}, 401),
        ({"customer_id": "demo' OR 1=1 --", "pin": "1234"}, 401),
        ({"customer_id": "demo", "pin": 1234}, 400),
        ({"customer_id": ["demo"], "pin": "1234"}, 400),
        ({}, 400),
        ([1, 2], 400),
    ],
)
def test_bad_logins_get_clear_json_errors(client, body, status):
    reply = client.post("/api/login", json=body)
    assert reply.status_code == status
    assert set(reply.get_json()) == {"error"}


def test_malformed_json_is_a_400(client):
    reply = client.post("/api/login", data="{not json", content_type="application/json")
    assert reply.status_code == 400 and "JSON" in reply.get_json()["error"]


def test_chat_needs_a_session(client):
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic x"}):
        reply = client.post("/api/chat", json={"message": "balance"}, headers=headers)
        assert reply.status_code == 401
        assert reply.get_json() == {"error": "Please log in."}


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"message": 5}, "as text"),
        ({"message": "x" * 1001}, "too long"),
        ({"message": "   \u0000\u200b  "}, "empty"),
        ({"text": "hi"}, "as text"),
    ],
)
def test_chat_rejects_bad_messages(client, body, fragment):
    token = login(client).get_json()["token"]
    reply = client.post("/api/chat", json=body, headers={"Authorization": f"Bearer {token}"})
    assert reply.status_code == 400
    assert fragment in reply.get_json()["error"]


def test_chat_when_rasa_is_down_says_so_plainly(client):
    token = login(client).get_json()["token"]
    reply = client.post(
        "/api/chat", json={"message": "balance"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert reply.status_code == 503
    assert reply.get_json() == {
        "error": "The assistant is not available right now. Nothing was changed. "
        "Please try again in a minute."
    }


def test_unknown_paths_and_methods_answer_json(client):
    assert client.get("/nope").get_json() == {"error": "There is no such page."}
    assert client.get("/api/chat").status_code == 405


def test_slash_messages_only_as_offered_buttons():
    offered = ["/affirm", '/inform{"transfer_payee": "Alice Wong"}']
    assert safe_message("/affirm", offered) == "/affirm"
    assert safe_message('/transfer_money{"amount": 5000}', offered) == (
        'transfer_money{"amount": 5000}'
    )
    assert safe_message("//deny", offered) == "deny"
    assert safe_message("what is 1/2", offered) == "what is 1/2"


def test_clean_text_drops_control_characters():
    assert clean_text("  hello\u0000 \u202ethere\n\tfriend ") == "hello there friend"


def test_keep_alive_needs_and_refreshes_a_session(client):
    assert client.post("/api/keep-alive").status_code == 401
    token = login(client).get_json()["token"]
    reply = client.post("/api/keep-alive", headers={"Authorization": f"Bearer {token}"})
    assert reply.get_json() == {"status": "ok"}


OFFERED = ['/inform{"amount": "250"}', '/inform{"amount": "2.5"}', "/cancel"]


@pytest.mark.parametrize(
    ("typed", "pressed"),
    [
        ("the first one", OFFERED[0]),
        ("First.", OFFERED[0]),
        ("second one please", OFFERED[1]),
        ("number two", OFFERED[1]),
        ("option 3", OFFERED[2]),
        ("the last one", OFFERED[2]),
        # Typed, a bare number is more often an amount; words beyond a choice are a request.
        ("two", None),
        ("1", None),
        ("first of all I want my balance", None),
        ("the fifth one", None),  # no such button
    ],
)
def test_a_button_named_by_its_place_is_pressed(typed, pressed):
    assert chosen_by_position(typed, OFFERED) == pressed
