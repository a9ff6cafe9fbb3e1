"""Helpers of the portal's browser tests."""

from __future__ import annotations


def portal_log_in(page, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/educator/")
    assert "/educator/login" in page.url, "the portal asks for a staff log-in first"
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/educator/")


def tab_to(page, name: str, most: int = 150) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the focused control's label or text starts with `name`."""
    for _ in range(most):
        page.keyboard.press("Tab")
        said = page.evaluate(
            """() => { const el = document.activeElement;
                       const label = el.labels && el.labels[0] ? el.labels[0].innerText : '';
                       return (label || el.innerText || el.value || '').trim(); }"""
        )
        if said.startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def focused_id(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("document.activeElement.id")
