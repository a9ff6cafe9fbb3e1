"""Secrets typed or said are masked before they are stored: in Rasa's tracker (every
channel cleans its text, the gateway again) and in the trainers' queue, which is
harvested from the tracker store."""

import pytest

from assistant.messages import redact
from assistant.nlu_feedback import NluFeedbackStore
from tests.tracker_events import write_conversations

# What was typed, what may be kept, and what must never be kept.
SECRETS = [
    ("cvv 737", "cvv ****", "737"),
    ("the CVV2 on the back is 737", "the CVV2 on the back is ****", "737"),
    ("security code 4512", "security code ****", "4512"),
    ("cvv seven three seven", "cvv ****", "7 3 7"),
    ("my personal identification number is 1234", "my personal identification number is ****",
     "1234"),
    ("personal identification number 1234", "personal identification number ****", "1234"),
    ("secret number 1234", "secret number ****", "1234"),
    ("my secret code is 9911", "my secret code is ****", "9911"),
    ("my account number is 12345678", "my account number is ****5678", "12345678"),
    ("send it to account 1234 5678", "send it to account ****5678", "1234 5678"),
    ("is 87654321 my account", "is ****4321 my account", "87654321"),
    ("my social security number is 123-45-6789", "my social security number is ****",
     "6789"),
    ("my password is tulip77", "my password is ****", "tulip77"),
    ("password: Sunflower!", "password: ****", "Sunflower"),
    ("my password is sunflower", "my password is ****", "sunflower"),
    ("change my password to Blue-Sky9 please", "change my password to **** please", "Sky9"),
    ("the passphrase is: daisy-chain", "the passphrase is: ****", "daisy"),
]  # fmt: skip

# Ordinary banking sentences: nothing in them is a secret, and nothing may change.
ORDINARY = [
    "send 20 to alice",
    "pay 1234 dollars",
    "pay 1234 dollars to city water",
    "my card ending 4321",
    "my account ending 4821",
    "what is my account number",
    "move 500 from my savings account to checking",
    "send 10000000 dollars to alice",
    "what did I spend in 2025",
    "I forgot my password",
    "my password is not working",
    "my password is wrong",
    "change my password",
    "reset my pin please",
    "the payment code is not working",
    "my security code did not arrive",
    "call me on 555 123 4567",
]


@pytest.mark.parametrize(("typed", "kept", "secret"), SECRETS)
def test_secrets_are_masked(typed, kept, secret):
    assert redact(typed) == kept
    assert secret not in redact(typed)


@pytest.mark.parametrize("typed", ORDINARY)
def test_ordinary_banking_sentences_are_kept_whole(typed):
    assert redact(typed) == typed


def test_the_trainers_queue_keeps_no_secret(bank_settings, db):
    """Each form as a message the assistant did not understand, in Rasa's own tracker store."""
    write_conversations(
        bank_settings.database_url,
        {f"s-{n}": [(typed, "nlu_fallback")] for n, (typed, _, _) in enumerate(SECRETS)},
    )
    queue = NluFeedbackStore(db)
    assert queue.harvest() == len(SECRETS)
    assert sorted(item.text for item in queue.waiting()) == sorted(kept for _, kept, _ in SECRETS)
