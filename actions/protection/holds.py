"""The words of a paused payment: why it is paused, and its choices (a lesson, a person,
cancel, send it anyway). Said by the read-back, the scam warnings and the confirmation."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from lessons import render


def hold_buttons(lesson_slug: str | None) -> list[dict[str, str]]:
    buttons = []
    if lesson_slug:
        buttons.append(
            {"title": "Take the 1-minute lesson", "payload": render.start_payload(lesson_slug)}
        )
    buttons += [
        {"title": "Cancel the payment", "payload": "/cancel"},
        {"title": "Call me back", "payload": "/human_handoff"},
        {"title": "Send it anyway", "payload": "/proceed_anyway"},
    ]
    return buttons


def warn_about_hold(dispatcher: CollectingDispatcher, hold: Any) -> None:
    """The pause, in two sentences, and the choices: lesson, person, cancel, go on."""
    dispatcher.utter_message(
        text=f"I have paused this payment to keep you safe.\n{hold.warning}\n"
        "You can take a one-minute lesson, ask a person to call you, "
        "cancel the payment, or send it anyway.",
        buttons=hold_buttons(hold.lesson_slug),
    )
