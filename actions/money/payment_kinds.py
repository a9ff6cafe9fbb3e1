"""How the dialogue speaks of each kind of payment: its read-back, its receipt, what was
not done, what cannot be undone, and how the fraud first hour recounts it.

assistant/bank/payment_kinds.py says what each kind does in the bank; this table says how
each is said, so that the read-back, the yes (confirm.py), "undo that" (already_done.py)
and the scam warnings (actions/protection/scams.py) look a kind up instead of branching
on its name, and amend.py prepares each kind again from the same names. A new kind of
payment is one `SaidKind` here (tests/actions/test_payment_kinds.py checks that this
table, the bank's and amend.py's name the same kinds).

A move between the customer's own accounts is never paused by the risk rules nor needs
the PIN (`PaymentService.prepare_own_transfer`), so its read-back never warns or asks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.bank.payment_kinds import BILL, OWN_TRANSFER, TIME_DEPOSIT, TRANSFER
from assistant.bank.payments import PaymentPreview


@dataclass(frozen=True)
class SaidKind:
    """The words of one kind of payment.

    Attributes:
        name: the bank's name of the kind (`PaymentRequest.kind`).
        what: the read-back's line of what will happen, from the preview, its amount and
            the account it comes from ("Pay $40.00 to Alice Wang").
        says_source: the read-back adds "The money comes from your ..." (a move names
            both accounts in `what`).
        check: the read-back's first line.
        ask: the read-back's question, and `yes` its button.
        done: the receipt's first line, from the amount and who or what received it.
        not_done: said when the waiting payment is dropped, from the amount and receiver.
        already: what is done and cannot be undone here ("payment is already sent").
        moved_back: the reverse move undoes it ("move it back"); otherwise a person can
            look at it.
        in_the_log: the fraud first hour's account of one done, from its receiver.
    """

    name: str
    what: Callable[[PaymentPreview, str, str], str]
    check: str
    ask: str
    yes: str
    done: Callable[[str, str], str]
    not_done: Callable[[str, str], str]
    already: str
    in_the_log: Callable[[str], str]
    says_source: bool = True
    moved_back: bool = False

    def read_back(self, preview: PaymentPreview, amount: str, source: str) -> list[str]:
        """The lines of the read-back, before the yes."""
        lines = [self.check, self.what(preview, amount, source) + "."]
        if self.says_source:
            lines.append(f"The money comes from your {source}.")
        return [*lines, self.ask]


def _pay(preview: PaymentPreview, amount: str, source: str) -> str:
    return f"Pay {amount} to {preview.payee_name}"


def _pay_bill(preview: PaymentPreview, amount: str, source: str) -> str:
    what = _pay(preview, amount, source)
    return f"{what} for bill {preview.reference}" if preview.reference else what


def _open_deposit(preview: PaymentPreview, amount: str, source: str) -> str:
    assert preview.rate_bp is not None  # a time deposit's preview always has its rate
    rate = f"{preview.rate_bp / 100:.2f}".rstrip("0").rstrip(".")
    return f"Put {amount} into a {preview.payee_name} at {rate}% a year"


def _move(preview: PaymentPreview, amount: str, source: str) -> str:
    return f"Move {amount} from your {source} to your {preview.payee_name}"


def _sent(name: str, what: Callable[[PaymentPreview, str, str], str]) -> SaidKind:
    """A payment that leaves the bank: to a saved payee, or a bill to its biller."""
    return SaidKind(
        name,
        what,
        check="Please check this payment.",
        ask="Shall I send it?",
        yes="Yes, send it",
        done=lambda amount, to: f"Done. I sent {amount} to {to}.",
        not_done=lambda amount, to: f"I have not sent the {amount} to {to}.",
        already="payment is already sent",
        in_the_log=lambda to: f"I sent money to {to}.",
    )


SAID = {
    said.name: said
    for said in (
        _sent(TRANSFER.name, _pay),
        _sent(BILL.name, _pay_bill),
        SaidKind(
            TIME_DEPOSIT.name,
            _open_deposit,
            check="Please check this.",
            ask="Shall I open it?",
            yes="Yes, open it",
            done=lambda amount, to: f"Done. I put {amount} into your new {to}.",
            not_done=lambda amount, to: f"I have not opened the {to}.",
            already="deposit is already opened",
            in_the_log=lambda to: f"I put money into your new {to}.",
        ),
        SaidKind(
            OWN_TRANSFER.name,
            _move,
            check="Please check this.",
            ask="Shall I move it?",
            yes="Yes, move it",
            done=lambda amount, to: f"Done. I moved {amount} to your {to}.",
            not_done=lambda amount, to: f"I have not moved the {amount}.",
            already="move is already done",
            in_the_log=lambda to: f"I moved money to your {to}.",
            says_source=False,
            moved_back=True,
        ),
    )
}


def said_as(kind: str | None) -> SaidKind:
    """The words of a kind; a payment of a kind not known here is said as a transfer."""
    return SAID.get(kind or "", SAID[TRANSFER.name])
