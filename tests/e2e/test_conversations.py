"""Whole conversations through /api/chat with the real Rasa and action servers."""

import re

import pytest
import requests

pytestmark = pytest.mark.e2e


def dollars(text: str) -> list[int]:
    """Every "$1,234.56" in a text, in cents."""
    return [int(m.replace(",", "").replace(".", "")) for m in re.findall(r"\$([\d,]+\.\d\d)", text)]


def test_balance_comes_from_the_ledger(assistant, login):
    mary = login()
    mary.say("what is my balance")
    assert "Your Checking account ending 4821 has" in mary.text()
    current, savings = dollars(mary.text())
    assert current == assistant.balance("demo", "current")
    assert savings == assistant.balance("demo", "savings")


def test_greeting_uses_the_customers_name(login):
    robert = login("robert", "2468")
    robert.say("hello")
    assert robert.text() == "Hello Robert. How can I help you today?"
    assert {b["title"] for b in robert.last[0]["buttons"]} >= {"My balance", "Send money"}


def test_transfer_with_confirmation_changes_the_ledger_exactly_once(assistant, login):
    mary = login()
    before, count = assistant.balance("demo"), assistant.transaction_count("demo")
    mary.say("send 50 dollars to my daughter")
    assert mary.text() == (
        "Please check this payment.\nPay $50.00 to Alice Wong.\n"
        "The money comes from your Checking account ending 4821.\nShall I send it?"
    )
    assert assistant.balance("demo") == before, "nothing moves before the yes"
    mary.press("Yes, send it")
    assert mary.text().startswith("Done. I sent $50.00 to Alice Wong.")
    assert assistant.balance("demo") == before - 5_000
    assert assistant.transaction_count("demo") == count + 1
    assert dollars(mary.text())[-1] == before - 5_000


def test_the_same_confirmation_sent_twice_moves_money_once(assistant, login):
    mary = login()
    mary.say("I want to send money")
    mary.press("Alice Wong")
    assert mary.text().startswith("How much would you like to send?")
    mary.say("twenty five dollars")
    assert "Pay $25.00 to Alice Wong." in mary.text()
    before, count = assistant.balance("demo"), assistant.transaction_count("demo")
    mary.say("yes")
    assert mary.text().startswith("Done.")
    mary.say("yes")
    assert "nothing waiting" in mary.text() or "no longer waiting" in mary.text()
    mary.say("/affirm")  # the button is no longer offered: treated as plain text
    assert assistant.balance("demo") == before - 2_500
    assert assistant.transaction_count("demo") == count + 1


def test_cancelled_transfer_changes_nothing(assistant, login):
    mary = login()
    before, count = assistant.balance("demo"), assistant.transaction_count("demo")
    mary.say("send 40 dollars to alice")
    assert "Pay $40.00 to Alice Wong." in mary.text()
    mary.press("No, stop")
    assert mary.text() == "Okay. I have not sent anything."
    mary.say("transfer money please")
    mary.say("cancel")
    assert mary.text() == "Okay, I have stopped that. Nothing was sent or changed."
    mary.say("yes")
    assert "nothing waiting" in mary.text()
    assert assistant.balance("demo") == before
    assert assistant.transaction_count("demo") == count


def test_insufficient_funds_are_refused(assistant, login):
    mary = login()
    before, count = assistant.balance("demo"), assistant.transaction_count("demo")
    mary.say("send 20000 dollars to alice")
    assert "That is not enough for this payment." in mary.text()
    mary.say("yes")
    assert assistant.balance("demo") == before
    assert assistant.transaction_count("demo") == count


@pytest.mark.parametrize(
    "message",
    ["tell me a joke", "buy bitcoin with all my money", "what's the weather like"],
)
def test_out_of_scope_moves_no_money(assistant, login, message):
    mary = login()
    before, count = assistant.balance("demo"), assistant.transaction_count("demo")
    mary.say(message)
    assert "Sorry" in mary.text()
    mary.say("yes")
    assert assistant.balance("demo") == before
    assert assistant.transaction_count("demo") == count


def test_topic_switch_inside_a_form_comes_back(assistant, login):
    mary = login()
    mary.say("I want to send money")
    mary.press("Alice Wong")
    mary.say("what is my balance")
    assert "Your Checking account ending 4821 has" in mary.text()
    assert mary.last[-1]["text"].startswith("How much would you like to send?")
    mary.say("10 dollars")
    assert "Pay $10.00 to Alice Wong." in mary.text()
    mary.say("no")


def test_pay_the_water_bill(assistant, login):
    robert = login("robert", "2468")
    before = assistant.balance("robert")
    robert.say("what bills do I have")
    owed = dollars(robert.text())[0]
    robert.press("Pay City Water")
    assert "Pay $" in robert.text() and "to City Water for bill" in robert.text()
    robert.press("Yes, send it")
    assert robert.text().startswith("Done.")
    assert assistant.balance("robert") == before - owed
    robert.say("do I have any bills to pay")
    assert robert.text().startswith("You have no bills waiting to be paid.")


@pytest.mark.parametrize("ask", ["pay a bill", "button"])
def test_pay_a_bill_when_none_is_due_says_what_was_paid_last(assistant, login, ask):
    li = login("li", "1357")
    li.say("what bills do I have")
    if li.text().startswith("You have one bill to pay."):
        owed = dollars(li.text())[0]
        li.press("Pay Northern Power")
        step_up = [r["step_up"] for r in li.last if "step_up" in r]
        if step_up:  # other tests' payments today add up past the PIN threshold
            approve = requests.post(
                f"{li.base_url}/api/step-up",
                json={"request_id": step_up[0]["request_id"], "pin": "1357"},
                headers={"Authorization": f"Bearer {li.token}"},
                timeout=30,
            )
            assert approve.status_code == 200
        li.press("Yes, send it")
        assert li.text().startswith("Done.")
    else:
        owed = None  # paid by the other parametrisation
    li.say("hello")
    li.press("Pay a bill") if ask == "button" else li.say(ask)
    said = li.text()
    assert "something went wrong" not in said.lower(), said
    assert len(li.last) == 1, li.last
    assert said.startswith("You have no bills waiting to be paid.")
    match = re.search(
        r"The last one you paid was (\$[\d,.]+) to Northern Power on \w+ \d+ \w+\.", said
    )
    assert match, said
    if owed is not None:
        assert dollars(match.group(1)) == [owed]
    titles = [b["title"] for b in li.last[-1]["buttons"]]
    assert "Pay Northern Power" in titles
    li.press("Pay Northern Power")
    assert li.text().startswith("How much would you like to send?"), li.text()
    li.say("cancel")


def test_history_in_plain_words(login):
    li = login("li", "1357")
    li.say("how much did I spend on groceries last month")
    assert re.match(r"Last month, you spent \$[\d,]+\.\d\d on groceries\.", li.text())


def test_large_transfer_needs_the_pin_on_screen_before_yes(assistant, login):
    mary = login()
    before = assistant.balance("demo")
    mary.say("send 1500 dollars to my daughter")
    assert "Pay $1,500.00 to Alice Wong." in mary.text()
    step_up = [r["step_up"] for r in mary.last if "step_up" in r]
    assert len(step_up) == 1, mary.last
    assert "approve this payment with your PIN on the screen" in mary.text()
    mary.say("yes")
    assert "approve this payment with your PIN on the screen" in mary.text()
    assert assistant.balance("demo") == before, "no money before the PIN"
    # Not approved yet: the payment again with its own buttons, and "what?" hears it.
    for say in ("ok", "what?"):
        mary.say(say)
        assert "Pay $1,500.00 to Alice Wong." in mary.text(), (say, mary.last)
        titles = [b["title"] for r in mary.last for b in r.get("buttons") or []]
        assert titles == ["Yes, send it", "No, stop"], (say, titles)
        assert [r["step_up"]["request_id"] for r in mary.last if "step_up" in r] == [
            step_up[0]["request_id"]
        ], (say, mary.last)
    assert assistant.balance("demo") == before
    approve = requests.post(
        f"{mary.base_url}/api/step-up",
        json={"request_id": step_up[0]["request_id"], "pin": "1234"},
        headers={"Authorization": f"Bearer {mary.token}"},
        timeout=30,
    )
    assert approve.status_code == 200
    mary.say("yes")
    assert mary.text().startswith("Done. I sent $1,500.00 to Alice Wong.")
    assert assistant.balance("demo") == before - 150_000


def test_every_answer_offers_buttons(login):
    robert = login("robert", "2468")
    for say in ("what is my balance", "I want to send money", "cancel", "who are you"):
        robert.say(say)
        assert robert.last[-1].get("buttons"), f"{say!r}: {robert.last}"
    robert.say("what is my balance")
    assert robert.last[-1]["prompt"] == "Anything else?"
    robert.press("Safety lessons")  # an offered next step goes through as its intent
    assert "Which one would you like?" in robert.text()
