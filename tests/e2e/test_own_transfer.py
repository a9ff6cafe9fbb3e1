"""Moving money between a customer's own accounts, through /api/chat with the real servers."""

import pytest

pytestmark = pytest.mark.e2e


def test_move_between_own_accounts_is_read_back_and_moves_once(assistant, login):
    robert = login("robert", "2468")
    savings, checking = assistant.balance("robert", "savings"), assistant.balance("robert")
    robert.say("move 200 dollars from savings to checking")
    # endswith: a notice about a Matrix link made by an earlier test may come first.
    assert robert.text().endswith(
        "Please check this.\nMove $200.00 from your Savings account ending 9155 "
        "to your Checking account.\nShall I move it?"
    )
    assert assistant.balance("robert", "savings") == savings, "nothing moves before the yes"
    robert.press("Yes, move it")
    assert robert.text().startswith("Done. I moved $200.00 to your Checking account.")
    assert assistant.balance("robert", "savings") == savings - 20_000
    assert assistant.balance("robert") == checking + 20_000
    robert.say("yes")
    assert assistant.balance("robert") == checking + 20_000, "a second yes moves nothing"


def test_one_account_named_and_the_amount_asked_for(assistant, login):
    robert = login("robert", "2468")
    savings = assistant.balance("robert", "savings")
    robert.say("put some money into my savings")
    assert robert.text().startswith("How much would you like to move?")
    robert.say("75 dollars")
    assert "Move $75.00 from your Checking account ending 6012 to your Savings account." in (
        robert.text()
    )
    robert.press("No, stop")
    assert assistant.balance("robert", "savings") == savings
