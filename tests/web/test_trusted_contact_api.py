"""/api/trusted-contact: named and removed only with the PIN again; clear errors."""

import pytest

from tests.web.clients import customer_auth, make_client

URL = "/api/trusted-contact"


def test_naming_needs_the_pin_and_a_reachable_address(bank_settings, db):
    client = make_client(bank_settings, db)
    auth = customer_auth(client)
    body = {"name": "Anna", "address": "@anna:example.org"}
    assert client.put(URL, json={**body, "pin": "9999"}, headers=auth).status_code == 403
    assert client.get(URL, headers=auth).get_json() == {"contact": None}
    bad = client.put(URL, json={**body, "address": "anna", "pin": "1234"}, headers=auth)
    assert bad.status_code == 400 and "Matrix id" in bad.get_json()["error"]
    ok = client.put(URL, json={**body, "pin": "1234"}, headers=auth)
    assert ok.status_code == 200 and "cannot see your accounts" in ok.get_json()["text"]
    assert client.get(URL, headers=auth).get_json() == {
        "contact": {"name": "Anna", "channel": "matrix"}
    }


@pytest.mark.parametrize("body", [None, {}, {"name": 3, "address": "x", "pin": "1234"}])
def test_a_malformed_request_is_a_clear_400(bank_settings, db, body):
    client = make_client(bank_settings, db)
    reply = client.put(URL, json=body, headers=customer_auth(client))
    assert reply.status_code == 400 and reply.get_json()["error"]


def test_removing_needs_the_pin(bank_settings, db):
    client = make_client(bank_settings, db)
    auth = customer_auth(client)
    client.put(
        URL, json={"name": "Anna", "address": "+1 555 0100 200", "pin": "1234"}, headers=auth
    )
    assert client.delete(URL, json={"pin": "0000"}, headers=auth).status_code == 403
    assert client.delete(URL, json={"pin": "1234"}, headers=auth).get_json()["removed"] is True
    assert client.get(URL, headers=auth).get_json() == {"contact": None}


def test_nobody_else_sees_or_sets_it(bank_settings, db):
    client = make_client(bank_settings, db)
    assert client.get(URL).status_code == 401
    assert client.put(URL, json={"name": "A", "address": "a@b.org", "pin": "1"}).status_code == 401
