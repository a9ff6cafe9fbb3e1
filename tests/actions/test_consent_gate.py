"""Nothing changes a customer's money or access without one yes to one question.

Walks every action in domain.yml: each is run on the requests that lead to it (the
intents of the rules, said in words from the training data, with the entities a clear
request carries and a payment waiting), and must change nothing. Then each kind of
change in actions/consent.py is made by a yes to its question, and by nothing else.
"""

from __future__ import annotations

import asyncio
import importlib
import pkgutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

import actions
from actions import consent
from actions.money.confirm import ActionHandleAffirm
from assistant.bank.models import (
    Card,
    ContactAsk,
    FraudCase,
    PaymentCode,
    PaymentPause,
    PaymentRequest,
    Posting,
)
from tests.support import answering, bind, make_tracker, say_yes

ROOT = Path(__file__).resolve().parents[2]
SENDER = "s-gate"


def _domain_actions() -> list[str]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    return [name for name in domain["actions"] if name.startswith(("action_", "validate_"))]


def _custom_actions() -> dict[str, type[Action]]:
    for module in pkgutil.walk_packages(actions.__path__, "actions."):
        importlib.import_module(module.name)
    found: dict[str, type[Action]] = {}
    stack = list(Action.__subclasses__())
    while stack:
        cls = stack.pop()
        stack += cls.__subclasses__()
        if cls.__module__.startswith("actions.") and not getattr(cls, "__abstractmethods__", None):
            try:
                found[cls().name()] = cls
            except Exception:  # noqa: S112 - a helper base class without a name
                continue
    return found


def _triggers() -> dict[str, set[str]]:
    """For each action, the intents that the rules run it after."""
    triggers: dict[str, set[str]] = {}
    for path in sorted((ROOT / "data").glob("rules*.yml")):
        for rule in yaml.safe_load(path.read_text()).get("rules") or []:
            intent = None
            for step in rule.get("steps") or []:
                if "intent" in step:
                    intent = step["intent"]
                elif "action" in step and intent:
                    triggers.setdefault(step["action"], set()).add(intent)
    return triggers


def _examples() -> dict[str, str]:
    """One training sentence for each intent: the words a customer would use."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text()).get("nlu") or []:
            if "intent" in block and block["intent"] not in found:
                lines = [
                    line.removeprefix("- ").strip()
                    for line in str(block.get("examples", "")).splitlines()
                    if line.strip().startswith("- ")
                ]
                if lines:
                    found[block["intent"]] = lines[0].replace("[", "").replace("]", "")
    return found


ACTIONS = _domain_actions()
TRIGGERS = _triggers()
EXAMPLES = _examples()
# What a clear request carries: a card, an amount and payee, a town.
ENTITIES = [
    {"entity": "card_last4", "value": "5309"},
    {"entity": "amount", "value": "50"},
    {"entity": "transfer_payee", "value": "Alice Wong"},
    {"entity": "renew", "value": "yes"},
]


def fingerprint(db: Any) -> dict[str, Any]:
    """Everything that is the customer's money or access."""
    with db.session() as session:
        return {
            "cards": sorted(session.execute(select(Card.id, Card.status)).all()),
            "postings": session.scalar(select(func.count(Posting.id))),
            "executed": session.scalar(
                select(func.count(PaymentRequest.id)).where(PaymentRequest.status == "executed")
            ),
            "pauses": session.scalar(select(func.count(PaymentPause.id))),
            "cases": session.scalar(select(func.count(FraudCase.id))),
            "codes": session.scalar(select(func.count(PaymentCode.id))),
            "contact_asks": session.scalar(select(func.count(ContactAsk.id))),
        }


def _run(action: Action, tracker: Any) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages


@pytest.fixture
def waiting_payment(db, services) -> str:
    """Mary, logged in, with a payment read back and waiting for its yes."""
    bind(db, SENDER, "demo")
    payee = services.payees.payees("demo")[0]
    account = services.ledger.accounts("demo")[0]
    preview = services.payments.prepare_transfer(
        "demo", payee_id=payee.id, from_account_id=account.id, amount_minor=5000, currency="USD"
    )
    return preview.request_id


def test_every_domain_action_is_walked():
    custom = _custom_actions()
    missing = [name for name in ACTIONS if name not in custom]
    assert missing == [], f"actions in domain.yml with no class in actions/: {missing}"


@pytest.mark.parametrize("name", ACTIONS)
def test_no_action_changes_anything_on_a_request_alone(name, db, services, waiting_payment):
    action = _custom_actions()[name]()
    intents = sorted(TRIGGERS.get(name, set())) or ["inform"]
    slots = {"pending_request": waiting_payment, "amount": "50", "transfer_payee": "Alice Wong"}
    before = fingerprint(db)
    for intent in intents:
        text = EXAMPLES.get(intent, "please do it now")
        tracker = make_tracker(SENDER, text, intent, entities=ENTITIES, slots=slots)
        said = _run(action, tracker)
        assert fingerprint(db) == before, f"{name} changed state on {text!r} ({intent}): {said}"


def test_a_yes_with_no_question_changes_nothing(db, services, waiting_payment):
    before = fingerprint(db)
    tracker = make_tracker(SENDER, "yes", "affirm", slots={"pending_request": waiting_payment})
    said = _run(ActionHandleAffirm(), tracker)
    assert fingerprint(db) == before
    assert "Shall I send it?" in said[-1]["text"], "the read-back again, never the payment"


# Each kind of change: the request that asks it, and what its yes changed.
ASKED = [
    ("actions.cards.cards:ActionFreezeCard", "freeze my card", "freeze_card", "cards"),
    ("actions.cards.cards:ActionReportLostCard", "i lost my card", "report_lost_card", "cards"),
    ("actions.protection.scams:ActionReportFraud", "i have been scammed", "report_fraud", "pauses"),
    ("actions.money.codes:ActionPaymentCode", "i need a new payment code", "payment_code", "codes"),
]


def _action(path: str) -> Action:
    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)()


@pytest.mark.parametrize(("path", "text", "intent", "changed"), ASKED)
def test_each_change_waits_for_its_yes_and_a_no_leaves_it(
    path, text, intent, changed, db, services
):
    bind(db, SENDER, "demo")
    before = fingerprint(db)
    asked = _run(_action(path), make_tracker(SENDER, text, intent))
    question, fresh = consent.last_question(answering(SENDER, text, asked, "no", "deny"))
    assert question is not None and fresh, f"{path} asked no question: {asked}"
    assert fingerprint(db) == before
    from actions.money.confirm import ActionHandleDeny

    said = _run(ActionHandleDeny(), answering(SENDER, text, asked, "no", "deny"))
    assert said[0]["text"] == question.declined
    assert fingerprint(db) == before
    say_yes(SENDER, text, asked, "yes please")
    assert fingerprint(db)[changed] != before[changed]


def test_a_stale_yes_hears_the_question_again(db, services):
    bind(db, SENDER, "demo")
    before = fingerprint(db)
    asked = _run(_action(ASKED[0][0]), make_tracker(SENDER, "freeze my card", "freeze_card"))
    later = answering(SENDER, "freeze my card", asked, "what is my balance", "check_balance")
    events = [
        *later.events,
        {"event": "action", "name": "action_check_balance"},
        {"event": "bot", "text": "Your Current account has $10.00."},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "yes"},
    ]
    said = _run(ActionHandleAffirm(), make_tracker(SENDER, "yes", "affirm", events=events))
    assert said[0]["text"].startswith("Earlier I asked you this. I want to be sure.")
    assert "Shall I freeze your card ending 5309 now?" in said[0]["text"]
    assert fingerprint(db) == before


def test_a_yes_said_as_a_question_is_asked_again(db, services):
    bind(db, SENDER, "demo")
    before = fingerprint(db)
    asked = _run(_action(ASKED[0][0]), make_tracker(SENDER, "freeze my card", "freeze_card"))
    tracker = answering(SENDER, "freeze my card", asked, "yes?", "affirm")
    said = _run(ActionHandleAffirm(), tracker)
    assert said[0]["text"].startswith("I want to be sure.")
    assert fingerprint(db) == before


def test_a_yes_to_the_offers_after_a_warning_asks_which(db, services):
    bind(db, SENDER, "demo")
    from actions.protection.scams import ActionAnswerScamStory

    story = "a man from the police told me to move my savings to a safe account"
    asked = _run(ActionAnswerScamStory(), make_tracker(SENDER, story, "scam_story"))
    before = fingerprint(db)
    said, _ = say_yes(SENDER, story, asked)
    assert said[0]["text"].startswith("Which would you like?")
    assert [b["title"] for b in said[0]["buttons"]][-1] == "Freeze my card"
    assert fingerprint(db) == before


def test_a_yes_to_a_call_offer_books_the_call(db, services):
    from actions.conversation.out_of_scope import ActionOutOfScope
    from assistant.bank.models import CallbackRequest

    bind(db, SENDER, "demo")
    asked = _run(ActionOutOfScope(), make_tracker(SENDER, "my husband died", "out_of_scope"))
    assert asked[-1]["text"].endswith("Shall I ask them to call you?")
    said, _ = say_yes(SENDER, "my husband died", asked, "yes please")
    assert said[0]["text"].startswith("I have asked a person from our team to call you")
    with db.session() as session:
        assert session.query(CallbackRequest).filter_by(customer_id="demo").count() == 1


@pytest.mark.parametrize(("path", "text", "intent", "changed"), ASKED)
def test_a_yes_that_says_the_change_makes_it(path, text, intent, changed, db, services):
    """ "yes, freeze it" typed as the Yes button says, which the classifier takes for
    the request again (or "stop" for a cancel), is the yes."""
    bind(db, SENDER, "demo")
    asked = _run(_action(path), make_tracker(SENDER, text, intent))
    question, _ = consent.last_question(answering(SENDER, text, asked, "x"))
    assert question is not None
    if len(question.yes.split()) < 2:
        pytest.skip(f"{question.kind}'s Yes button says no change")
    before = fingerprint(db)
    echo = question.yes.lower()
    said = _run(
        ActionHandleAffirm(),
        answering(SENDER, text, asked, echo, intent, confidence=0.45),
    )
    assert fingerprint(db)[changed] != before[changed], said


def test_a_yes_that_says_another_change_is_asked_again(db, services):
    bind(db, SENDER, "demo")
    before = fingerprint(db)
    asked = _run(_action(ASKED[0][0]), make_tracker(SENDER, "freeze my card", "freeze_card"))
    tracker = answering(
        SENDER, "freeze my card", asked, "yes, unfreeze it", "unfreeze_card", confidence=0.6
    )
    said = _run(ActionHandleAffirm(), tracker)
    assert said[0]["text"].startswith("I want to be sure.")
    assert fingerprint(db) == before


def _later_yes(asked: list[dict[str, Any]], said_between: list[tuple[str, str]]) -> Any:
    """A tracker where, after the freeze question, the customer said each of
    `said_between` (text, intent) and then "yes"."""
    first_text, first_intent = said_between[0]
    tracker = answering(SENDER, "freeze my card", asked, first_text, first_intent)
    events = list(tracker.events)
    for text, intent in said_between[1:]:
        events += [
            {"event": "action", "name": "action_check_balance"},
            {"event": "bot", "text": "Your Current account has $10.00."},
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}},
        ]
    events += [
        {"event": "action", "name": "action_check_balance"},
        {"event": "bot", "text": "Is there anything else I can help with?"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "yes"},
    ]
    return make_tracker(SENDER, "yes", "affirm", events=events)


@pytest.mark.parametrize(
    "said_between",
    [
        # Answered already: "no" to the question, then a yes to something else.
        [("no it's in my handbag I think", "deny")],
        # Long ago: three other messages since.
        [("my balance", "check_balance"), ("thank you", "thank_you"), ("ok", "affirm")],
    ],
)
def test_a_yes_to_something_else_never_brings_back_an_answered_or_old_question(
    db, services, said_between
):
    bind(db, SENDER, "demo")
    before = fingerprint(db)
    asked = _run(_action(ASKED[0][0]), make_tracker(SENDER, "freeze my card", "freeze_card"))
    said = _run(ActionHandleAffirm(), _later_yes(asked, said_between))
    assert not any("Shall I freeze" in s.get("text", "") for s in said), said
    assert fingerprint(db) == before
