"""A conversation's sender id, and the assistant's replies as one Matrix message."""

from __future__ import annotations

from typing import Any

from assistant.signing import channel_sender_id


def sender_for(user_id: str, secret: str) -> str:
    return channel_sender_id(secret, "matrix", user_id)


def as_text(responses: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """One message for the room: the texts, then the buttons as a numbered list."""
    lines = [r["text"] for r in responses if r.get("text")]
    buttons = [b for r in responses for b in r.get("buttons") or []]
    if buttons:
        lines.append("\n".join(f"{n}. {b['title']}" for n, b in enumerate(buttons, start=1)))
        lines.append("Reply with a number.")
    return "\n\n".join(lines), [str(b["payload"]) for b in buttons]
