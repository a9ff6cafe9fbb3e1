"""The lock-down's one question: the fraud first hour (cards frozen, payments waiting
cancelled, new payments paused, a case opened) asked about before it is done.

Asked only when the customer's words say a fraud happened to them (actions/protection/scams.py,
`sure_of_fraud`), or about a payment found that they say was not theirs
(actions/protection/unknown_payment.py); a guess hears a question that offers no lock-down.
"""

from __future__ import annotations

from actions.consent import Question
from actions.replies import BANK_PHONE
from actions.services import services

PROTECT = (
    "I am sorry. Shall I protect your accounts now?\n"
    "I will freeze your cards, stop payments that have not gone yet, and pause new "
    "payments for {hours} hours. Our fraud team will call you."
)


# The kind of the protection question (actions/consent.py ON_YES).
PROTECT_ACCOUNTS = "protect_accounts"


def protect_question() -> Question:
    """The one question before the first hour, asked only when the customer's words say
    a fraud happened (`sure_of_fraud`). Its yes must be a plain one (`firm`): "ok" or
    "hmm ok" to a lock-down hears the question again."""
    hours = services().settings.scam_pause_hours
    return Question(
        PROTECT_ACCOUNTS,
        PROTECT.format(hours=hours),
        yes="Yes, protect my accounts",
        declined=f"Okay. I have not changed anything. If you are worried, call us on {BANK_PHONE}.",
        firm=True,
    )
