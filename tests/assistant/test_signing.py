"""Signed gateway requests: fresh, not from the future, and used once."""

import time

from assistant.signing import ReplayGuard, sign, verify

SECRET = "test-gateway-secret"  # noqa: S105 - a test value


def test_a_signature_is_good_only_in_a_short_past_window():
    now = time.time()
    body = b'{"sender": "web-1", "message": "hello"}'
    assert verify(SECRET, body, sign(SECRET, body, now - 20), now)
    assert not verify(SECRET, body, sign(SECRET, body, now - 45), now), "too old"
    assert not verify(SECRET, body, sign(SECRET, body, now + 50), now), "dated in the future"
    assert not verify(SECRET, body + b" ", sign(SECRET, body, now), now), "another body"


def test_a_replayed_signature_is_refused_and_the_same_message_twice_is_not():
    guard, body = ReplayGuard(), b'{"sender": "web-1", "message": "yes"}'
    first, again = sign(SECRET, body), sign(SECRET, body)
    assert guard.first_use(first) and not guard.first_use(first)
    assert guard.first_use(again), "the same text sent twice in a second has its own nonce"
