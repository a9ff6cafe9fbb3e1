"""/api/matrix/*: codes only for a named Matrix id, and not without limit."""

import pytest

from tests.web.clients import customer_auth, make_client


def _ask(client, auth, matrix_user="@mary:example.org"):
    return client.post("/api/matrix/link-code", json={"matrix_user": matrix_user}, headers=auth)


@pytest.mark.parametrize("body", [None, {}, {"matrix_user": "mary"}, {"matrix_user": "@x"}])
def test_a_code_needs_the_matrix_id_it_is_for(bank_settings, db, body):
    client = make_client(bank_settings, db)
    reply = client.post("/api/matrix/link-code", json=body, headers=customer_auth(client))
    assert reply.status_code == 400 and "Matrix id" in reply.get_json()["error"]


def test_codes_are_limited_per_customer_and_for_everyone(bank_settings, db):
    client = make_client(
        bank_settings, db, link_code_limit="3/hour", link_code_global_limit="5/hour"
    )
    mary, robert = customer_auth(client), customer_auth(client, "robert", "2468")
    assert [_ask(client, mary).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert "wait an hour" in _ask(client, mary).get_json()["error"]
    assert [_ask(client, robert).status_code for _ in range(3)] == [200, 200, 503]
