"""/api/matrix/*: codes only for a named Matrix id, and not without limit."""

import dataclasses

import pytest

from assistant.runtime import RuntimeSettings
from tests.helpers import runtime_env
from web import create_app
from web.settings import WebSettings


def _client(bank_settings, db, **limits):
    runtime = RuntimeSettings.from_env(runtime_env(bank_settings.database_url))
    settings = dataclasses.replace(WebSettings.from_runtime(runtime, {}), **limits)
    return create_app(runtime, db=db, settings=settings).test_client()


def _auth(client, customer_id="demo", pin="1234"):
    reply = client.post("/api/login", json={"customer_id": customer_id, "pin": pin})
    return {"Authorization": f"Bearer {reply.get_json()['token']}"}


def _ask(client, auth, matrix_user="@mary:example.org"):
    return client.post("/api/matrix/link-code", json={"matrix_user": matrix_user}, headers=auth)


@pytest.mark.parametrize("body", [None, {}, {"matrix_user": "mary"}, {"matrix_user": "@x"}])
def test_a_code_needs_the_matrix_id_it_is_for(bank_settings, db, body):
    client = _client(bank_settings, db)
    reply = client.post("/api/matrix/link-code", json=body, headers=_auth(client))
    assert reply.status_code == 400 and "Matrix id" in reply.get_json()["error"]


def test_codes_are_limited_per_customer_and_for_everyone(bank_settings, db):
    client = _client(bank_settings, db, link_code_limit="3/hour", link_code_global_limit="5/hour")
    mary, robert = _auth(client), _auth(client, "robert", "2468")
    assert [_ask(client, mary).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert "wait an hour" in _ask(client, mary).get_json()["error"]
    assert [_ask(client, robert).status_code for _ in range(3)] == [200, 200, 503]
