"""Small steps a customer takes in the chat page, for the browser tests."""

from __future__ import annotations


def log_in(page, customer_id: str = "demo", pin: str = "1234") -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.get_by_label("Customer number").fill(customer_id)
    page.get_by_label("PIN").fill(pin)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/chat")
    wait_for_answer(page, 0)


def bot_count(page) -> int:  # type: ignore[no-untyped-def]
    return page.locator(".msg.bot").count()


def wait_for_answer(page, before: int) -> str:  # type: ignore[no-untyped-def]
    """Wait until the assistant has answered (new messages, nothing pending); their text."""
    page.wait_for_function(
        "n => document.querySelectorAll('.msg.bot').length > n"
        " && document.getElementById('status').textContent === ''",
        arg=before,
    )
    return "\n".join(page.locator(".msg.bot .text").all_inner_texts()[before:])


def say(page, text: str) -> str:  # type: ignore[no-untyped-def]
    before = bot_count(page)
    page.get_by_label("Type your message").fill(text)
    page.keyboard.press("Enter")
    return wait_for_answer(page, before)


def press(page, title: str) -> str:  # type: ignore[no-untyped-def]
    before = bot_count(page)
    page.locator(".msg.bot").last.get_by_role("button", name=title, exact=True).click()
    return wait_for_answer(page, before)
