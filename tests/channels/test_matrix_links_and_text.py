"""Link codes and the text the bot sends, on a real database."""

import datetime as dt

import pytest

from assistant.bank.models import utcnow
from assistant.channels.matrix.links import LinkCodes
from assistant.channels.matrix.settings import MatrixSettings
from assistant.channels.matrix.text import as_text, sender_for
from assistant.errors import ConfigurationError

MARY = "@mary:localhost"


def test_a_code_links_once_and_only_before_it_expires(db):
    codes = LinkCodes(db)
    code = codes.issue("demo", MARY)
    assert len(code) == 6 and code.isdigit()
    assert codes.redeem(code, "@mallory:localhost") is None, "only for the Matrix id it names"
    assert codes.redeem(code, MARY) == "demo"
    assert codes.redeem(code, MARY) is None, "a code works once"
    late = LinkCodes(db, clock=lambda: utcnow() + dt.timedelta(minutes=11))
    assert late.redeem(codes.issue("robert", MARY), MARY) is None, "and only for ten minutes"


@pytest.mark.parametrize("bad", ["", "12345", "1234567", "abcdef", "000000"])
def test_wrong_codes_link_nothing(db, bad):
    assert LinkCodes(db).redeem(bad, MARY) is None


def test_a_reissued_code_does_not_collide_and_old_codes_are_purged(db, monkeypatch):
    """The same six digits drawn twice used to hit the old row's key (a 503)."""
    from assistant.channels.matrix.models import MatrixLinkCode

    monkeypatch.setattr("assistant.channels.matrix.links.secrets.randbelow", lambda _: 424242)
    codes = LinkCodes(db)
    assert codes.issue("demo", MARY) == "424242"
    later = LinkCodes(db, clock=lambda: utcnow() + dt.timedelta(minutes=11))
    assert later.issue("robert", "@robert:localhost") == "424242"
    assert later.redeem("424242", "@robert:localhost") == "robert"
    with db.session() as session:
        assert session.query(MatrixLinkCode).count() == 1, "the expired code was purged"


def test_buttons_become_a_numbered_list():
    text, offered = as_text(
        [{"text": "Shall I send it?", "buttons": [{"title": "Yes, send it", "payload": "/affirm"},
                                                  {"title": "No, stop", "payload": "/deny"}]}]
    )  # fmt: skip
    assert text == "Shall I send it?\n\n1. Yes, send it\n2. No, stop\n\nReply with a number."
    assert offered == ["/affirm", "/deny"]


def test_sender_ids_are_stable_and_do_not_show_the_user():
    mary = sender_for("@mary:localhost", "server-secret")
    assert mary == sender_for("@mary:localhost", "server-secret")
    assert "mary" not in mary


def test_no_one_can_compute_a_matrix_users_sender_id_without_the_server_secret():
    """A plain hash of the Matrix id let anyone name another user's conversation."""
    import hashlib

    mary = sender_for("@mary:localhost", "server-secret")
    assert mary != sender_for("@mary:localhost", "another-secret")
    assert hashlib.sha256(b"@mary:localhost").hexdigest()[:24] not in mary


def test_settings_say_what_is_missing():
    with pytest.raises(ConfigurationError, match="MATRIX_HOMESERVER"):
        MatrixSettings.from_env({})
    with pytest.raises(ConfigurationError, match="MATRIX_ACCESS_TOKEN"):
        MatrixSettings.from_env({"MATRIX_HOMESERVER": "http://127.0.0.1:8008"})
    with pytest.raises(ConfigurationError, match="0 to 23"):
        MatrixSettings.from_env(
            {"MATRIX_HOMESERVER": "http://x", "MATRIX_ACCESS_TOKEN": "t", "MATRIX_DAILY_HOUR": "25"}
        )
