"""What the assistant says for a move between the customer's own accounts.

Apart from actions/money/own_transfer.py so that the shared read-back and the yes
(actions/money/read_back.py, actions/money/confirm.py) can use it without a cycle.
"""

from __future__ import annotations

from actions.replies import account_phrase, button, money
from assistant.bank.payments import PaymentPreview, Receipt


def move_read_back(preview: PaymentPreview) -> tuple[str, list[dict[str, str]]]:
    """The read-back of a pending move, and its yes and no buttons."""
    amount = money(preview.amount_minor, preview.currency)
    source = account_phrase(preview.from_account_name, preview.from_last4)
    lines = [
        "Please check this.",
        f"Move {amount} from your {source} to your {preview.payee_name}.",
        "Shall I move it?",
    ]
    return "\n".join(lines), [button("Yes, move it", "affirm"), button("No, stop", "deny")]


def move_done(receipt: Receipt, from_account_name: str) -> str:
    amount = money(receipt.amount_minor, receipt.currency)
    source = account_phrase(from_account_name, receipt.from_last4)
    left = money(receipt.new_balance_minor, receipt.currency)
    return f"Done. I moved {amount} to your {receipt.payee_name}.\nYour {source} now has {left}."
