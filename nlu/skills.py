"""One table of what each intent is: the facts that the NLU, the actions and the rules
generator share, kept in one place.

A new skill is one row here (and its intent in domain.yml and the training data);
`tests/nlu/test_skills.py` fails when an intent of domain.yml or one of its forms is
missing from the table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Skill:
    """What an intent means to the rest of the assistant.

    Attributes:
        intent: the intent's name in domain.yml.
        label: how a button offers it to a customer ("Pay a bill"), or "" when it is
            never offered (a yes, a greeting).
        moves_money: starting it starts a payment or a move (read back, then a yes).
        form: the form it starts, or "".
        urgent: the action it runs even in the middle of a lesson's quiz, or "".
        request: a request a customer makes of the bank (not a yes, a no, a thank-you
            or a voice control): it may be offered when a message is not understood, and
            it counts as a second request in one message.
        read_back: the action that ends by reading a payment back for a yes (preparing
            it when its form is done, or asking again), or "": a yes right after it is
            a yes to that payment (actions/money/confirm.py).
        read_back_again: the action that may read the waiting payment back again (a
            correction, "what?", "hmm"), or "": a yes after it counts only when it did.
        payment_kind: the kind of payment it prepares (assistant/bank/payment_kinds.py),
            or "".
        button_only: only ever reached by the payload of a button the assistant sent (a
            practice call's answers): no sentence means it, so it has no examples to
            train on or to measure.
    """

    intent: str
    label: str = ""
    moves_money: bool = False
    form: str = ""
    urgent: str = ""
    request: bool = False
    read_back: str = ""
    read_back_again: str = ""
    payment_kind: str = ""
    button_only: bool = False

    @property
    def action(self) -> str:
        """What the rules run for it when it is said alone: its form, or its action."""
        return self.form or f"action_{self.intent}"


SKILLS: dict[str, Skill] = {
    s.intent: s
    for s in (
        Skill("check_balance", "My balance", urgent="action_check_balance", request=True),
        Skill("transaction_history", "My payments", request=True),
        Skill("check_bills", "My bills", request=True),
        Skill(
            "transfer_money",
            "Send money",
            moves_money=True,
            form="transfer_form",
            request=True,
            read_back="action_prepare_transfer",
            payment_kind="transfer",
        ),
        Skill(
            "pay_bill",
            "Pay a bill",
            moves_money=True,
            form="pay_bill_form",
            request=True,
            read_back="action_prepare_bill_payment",
            payment_kind="bill",
        ),
        Skill(
            "move_money",
            "Move money between my accounts",
            moves_money=True,
            form="move_form",
            request=True,
            read_back="action_prepare_move",
            payment_kind="own_transfer",
        ),
        Skill(
            "open_deposit",
            "Open a savings deposit",
            moves_money=True,
            form="deposit_form",
            read_back="action_prepare_deposit",
            payment_kind="time_deposit",
        ),
        # "send it anyway" on a paused payment: released, then read back for a yes.
        Skill("proceed_anyway", moves_money=True, read_back="action_release_payment"),
        Skill("freeze_card", "Freeze my card", urgent="action_freeze_card", request=True),
        Skill("unfreeze_card", "Unfreeze my card"),
        Skill(
            "report_lost_card", "My card is lost", urgent="action_report_lost_card", request=True
        ),
        Skill("report_fraud", "Report a fraud", urgent="action_report_fraud"),
        Skill("find_branch", "Find a branch", form="branch_form", request=True),
        Skill("loan_consultation", "Loans", request=True),
        Skill("deposit_products", "Savings rates", request=True),
        Skill("payment_code", "A payment code for a shop"),
        Skill("change_pin", "Change my PIN"),
        Skill("add_payee", "Add someone to pay"),
        Skill("human_handoff", "Talk to a person", urgent="action_human_handoff", request=True),
        Skill("what_have_you_done", "What have you done?"),
        # "why are my payments paused", "how long for": why, until when, who lifts it.
        Skill("ask_about_pause", "Why my payments are paused", request=True),
        # "how do I know you are really the bank": how to check it is us; changes nothing.
        Skill("ask_is_it_the_bank", "How to know it is really the bank"),
        Skill("ask_trusted_contact", "Ask my trusted contact"),
        # "he is still on the phone with me": a scam going on now (lessons/scam_signs.py).
        Skill("scam_story", urgent="action_answer_scam_story"),
        Skill("list_lessons", "Safety lessons"),
        Skill("start_lesson"),
        Skill("lesson_of_the_day", "Today's safety lesson"),
        Skill("lesson_next"),
        Skill("lesson_back", read_back_again="action_lesson_back"),
        Skill("lesson_stop"),
        # "let me practise": the assistant plays a scammer (actions/classroom/rehearsals.py).
        Skill("start_rehearsal", "Practise a scam call"),
        Skill("list_rehearsals", button_only=True),  # "Another practice call"
        Skill("rehearsal_answer", button_only=True),
        Skill("rehearsal_stop", button_only=True),
        Skill("help", "What can I say?"),
        Skill("greet"),
        Skill("goodbye"),
        Skill("thank_you"),
        Skill("bot_challenge"),
        Skill("affirm", read_back="action_handle_affirm"),  # an unclear yes: asked again
        Skill("deny", read_back_again="action_handle_deny"),  # "no, 40": a correction
        Skill("cancel"),
        Skill("inform", read_back_again="action_answer_without_question"),
        Skill("hesitate", read_back_again="action_take_your_time"),
        # "put it back" right after a move: the reverse move, read back.
        Skill("out_of_scope", read_back_again="action_out_of_scope"),
        # "what's my routing number": a bank question a person answers; a call offered.
        Skill("bank_question", read_back_again="action_bank_question"),
        Skill("repeat", read_back_again="action_repeat"),
        Skill("speak_slower"),
        Skill("speak_faster"),
        Skill("speak_louder"),
        Skill("speak_softer"),
    )
}


def money_moving() -> tuple[str, ...]:
    """The intents that start moving money."""
    return tuple(s.intent for s in SKILLS.values() if s.moves_money)


def requests() -> tuple[str, ...]:
    """The requests a customer makes of the bank, money-moving ones included."""
    return tuple(s.intent for s in SKILLS.values() if s.request)


def labels() -> dict[str, str]:
    """The plain words a button offers each intent by."""
    return {s.intent: s.label for s in SKILLS.values() if s.label}


def forms() -> dict[str, str]:
    """Each intent that starts a form, and the form."""
    return {s.intent: s.form for s in SKILLS.values() if s.form}


def urgent() -> dict[str, str]:
    """Each intent that interrupts a lesson's quiz, and the action it runs."""
    return {s.intent: s.urgent for s in SKILLS.values() if s.urgent}


def leave_the_quiz() -> dict[str, str]:
    """Each intent that leaves a lesson's quiz, its place kept, and what it runs then:
    the urgent ones, and every other request of the customer's own ("what bills do I
    have"); the quiz form would take them as an answer."""
    asked = {i: SKILLS[i].action for i in requests() if i not in urgent()}
    return {**asked, **urgent()}


def read_back_actions() -> frozenset[str]:
    """The actions that end by reading a payment back for a yes."""
    return frozenset(s.read_back for s in SKILLS.values() if s.read_back)


def read_back_again_actions() -> frozenset[str]:
    """The actions that may read the waiting payment back again."""
    return frozenset(s.read_back_again for s in SKILLS.values() if s.read_back_again)
