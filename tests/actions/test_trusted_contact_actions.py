"""The trusted contact in the dialogue, with an e-mail contact and a real SMTP server.

"I have asked Anna" is said only once the bank's SMTP server has taken the
e-mail; when it has not, the customer hears that nothing was sent and the
payment stays paused.
"""

from __future__ import annotations

import pytest

from actions import consent
from actions.money.held_payment import ActionReleasePayment
from actions.protection.trusted_contact import ActionAskTrustedContact, ask_contact_question
from actions.services import use_services
from assistant.wiring import build_services
from tests.helpers import settings_with_bank
from tests.smtp_server import smtp_inbox  # noqa: F401 - a fixture
from tests.support import answering, bind, make_tracker
from tests.support import run_action as run
from tests.trusted_contact_support import paused_payment

ANNA = "anna@example.org"


@pytest.fixture
def mailing(bank_settings, db, smtp_inbox):  # noqa: F811
    """The actions' services built with the SMTP settings; Mary with Anna, who agreed."""
    services = build_services(settings_with_bank(bank_settings), db)
    use_services(services)
    bind(db, "s-mary", "demo")
    services.contacts.set("demo", "Anna", ANNA)
    token = smtp_inbox.last_link(ANNA).rsplit("/", 1)[1]
    assert services.contacts.replies.agree_by_link(token, confirm=True)
    yield services
    use_services(None)


def _send_it_anyway(request_id: str) -> list[str]:
    tracker = make_tracker(
        "s-mary", "send it anyway", "proceed_anyway", slots={"pending_request": request_id}
    )
    return [m["text"] for m in run(ActionReleasePayment(), tracker)[0]]


def _ask(request_id: str) -> list[str]:
    """ "ask her", said to "Before I send it, shall I ask Anna?"."""
    asked = [consent.message(ask_contact_question("Anna"))]
    tracker = answering(
        "s-mary", "send it anyway", asked, "ask her", "ask_trusted_contact",
        slots={"pending_request": request_id},
    )  # fmt: skip
    return [m["text"] for m in run(ActionAskTrustedContact(), tracker)[0]]


def test_anna_is_asked_by_email(mailing, bank_settings, db, smtp_inbox):  # noqa: F811
    held = paused_payment(db, bank_settings)
    assert _send_it_anyway(held)[0].startswith("Before I send it, shall I ask Anna")
    assert _ask(held)[0].startswith("I have asked Anna.")
    question = smtp_inbox.messages[-1]
    assert question["To"] == ANNA and question["Subject"] == "A payment is paused"
    assert "/contact/answer/" in smtp_inbox.last_link(ANNA)
    assert _send_it_anyway(held)[0].startswith("I have asked Anna."), "still paused"


def test_an_email_the_server_did_not_take_is_never_said_to_be_sent(
    mailing,
    bank_settings,
    db,
    smtp_inbox,  # noqa: F811
):
    held = paused_payment(db, bank_settings)
    smtp_inbox.close()  # the bank's mail server is down
    assert _ask(held) == ["I could not send the e-mail to Anna just now. Nothing was sent."]
    assert mailing.contacts.gate("demo", held).state == "not_asked"
    assert _send_it_anyway(held)[0].startswith("Before I send it, shall I ask Anna"), "still paused"
