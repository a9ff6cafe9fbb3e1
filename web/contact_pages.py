"""The trusted contact's pages, reached from the links in the bank's e-mails.

A contact has no log-in: the long token in the link is what lets them in, so
these forms need no CSRF cookie (a site that does not know the token cannot
post to it). Opening a link changes nothing; every step is a button, and
"it looks fine", the answer that lets a payment go, is confirmed on a second
page. What the answers do is in assistant/bank/contact_replies.py.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from assistant.bank.contact_replies import CALL_FIRST, LOOKS_FINE, ContactReplies
from web.errors import NotFoundError
from web.services import services

bp = Blueprint("contact_pages", __name__)

GONE = "This link is no longer waiting for an answer. You cannot see anyone's accounts here."


def _replies() -> ContactReplies:
    return services().bank.contacts.replies


def _page(title: str, *lines: str, buttons: list[tuple[str, dict[str, str]]] | None = None) -> str:
    return render_template("contact/page.html", title=title, lines=lines, buttons=buttons or [])


@bp.route("/contact/agree/<token>", methods=["GET", "POST"])
def agree(token: str) -> str:
    said = _replies().agree_by_link(token, confirm=request.method == "POST")
    if said is None:
        raise NotFoundError(GONE)
    if request.method == "POST":
        return _page("Thank you", said)
    return _page(
        "Will you be a trusted contact?",
        f"{said} wants to name you as their trusted contact at our bank. When a payment of "
        "theirs looks like a scam, we will ask you about it before it is sent.",
        "You cannot see their accounts or move their money.",
        buttons=[("I agree", {})],
    )


@bp.route("/contact/answer/<token>", methods=["GET", "POST"])
def answer(token: str) -> str:
    contacts = _replies()
    question = contacts.question_by_link(token)
    if question is None:
        raise NotFoundError(GONE)
    choice = request.form.get("choice") if request.method == "POST" else None
    payment = f"{question.customer_name} wants to pay {question.amount} to {question.payee}."
    if choice == CALL_FIRST or (choice == LOOKS_FINE and request.form.get("confirm") == "yes"):
        return _page("Thank you", contacts.answer_by_link(token, choice) or GONE)
    if choice == LOOKS_FINE:
        return _page(
            "Please confirm",
            payment,
            "You are saying it looks fine, so they may send it.",
            buttons=[
                ("Yes, it looks fine", {"choice": LOOKS_FINE, "confirm": "yes"}),
                ("No, I want to talk to them first", {"choice": CALL_FIRST}),
            ],
        )
    return _page(
        "A payment is paused",
        payment,
        "We paused it because it looks like a scam. Please tell us what you think.",
        buttons=[
            ("Call them first", {"choice": CALL_FIRST}),
            ("It looks fine", {"choice": LOOKS_FINE}),
        ],
    )
