"""Signed gateway requests: fresh, not from the future, in their one form, and used once,
by any Rasa process."""

import time

import pytest

from assistant.signing import ReplayGuard, sign, verify
from tests.helpers import signature_rewritten
from tests.redis_server import redis_server

SECRET = "test-gateway-secret"  # noqa: S105 - a test value
BODY = b'{"sender": "web-1", "message": "yes"}'


def test_a_signature_is_good_only_in_a_short_past_window():
    now = time.time()
    body = b'{"sender": "web-1", "message": "hello"}'
    assert verify(SECRET, body, sign(SECRET, body, now - 20), now)
    assert not verify(SECRET, body, sign(SECRET, body, now - 45), now), "too old"
    assert not verify(SECRET, body, sign(SECRET, body, now + 50), now), "dated in the future"
    assert not verify(SECRET, body + b" ", sign(SECRET, body, now), now), "another body"


def test_a_replayed_signature_is_refused_and_the_same_message_twice_is_not():
    guard = ReplayGuard()
    first, again = sign(SECRET, BODY), sign(SECRET, BODY)
    assert guard.first_use(first) and not guard.first_use(first)
    assert guard.first_use(again), "the same text sent twice in a second has its own nonce"


@pytest.mark.parametrize("form", list(signature_rewritten(sign(SECRET, BODY))))
def test_a_signature_in_any_other_form_is_refused(form):
    header = sign(SECRET, BODY)
    guard = ReplayGuard()
    assert verify(SECRET, BODY, header) and guard.first_use(header)
    forged = signature_rewritten(header)[form]
    assert not (verify(SECRET, BODY, forged) and guard.first_use(forged)), form


def test_the_replay_guard_keys_on_time_and_nonce():
    """The same time and nonce with another body is a replay too: a nonce is used once."""
    guard = ReplayGuard()
    header = sign(SECRET, BODY, 1_800_000_000)
    assert guard.first_use(header, 1_800_000_000)
    t, n, _ = header.split(",")
    assert not guard.first_use(f"{t},{n},v1={'0' * 64}", 1_800_000_000)


@pytest.mark.redis
def test_a_replay_to_another_rasa_process_is_refused_through_redis():
    with redis_server() as url:
        one, two = ReplayGuard(url), ReplayGuard(url)  # two Rasa processes
        header = sign(SECRET, BODY)
        assert one.first_use(header)
        assert not two.first_use(header), "replayed to the other process"
        assert not one.first_use(header)
        fresh = sign(SECRET, BODY)
        assert two.first_use(fresh) and not one.first_use(fresh)
