"""Helpers of the portal's browser tests."""

from __future__ import annotations


def portal_log_in(page, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/educator/")
    assert "/educator/login" in page.url, "the portal asks for a staff log-in first"
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/educator/")
