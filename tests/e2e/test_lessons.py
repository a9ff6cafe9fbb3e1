"""Lessons and just-in-time protection through /api/chat with the real Rasa and action servers."""

import pytest
import requests
from sqlalchemy import select

from lessons.models import Interception, LessonEvent

pytestmark = pytest.mark.e2e


def take_steps(person, steps):
    for number in range(2, steps + 1):
        person.press("Next")
        assert f"Step {number} of {steps}" in person.text()


def test_a_whole_lesson_with_its_quiz(assistant, login):
    mary = login()
    mary.say("teach me about phone scams")
    assert mary.text().startswith('Lesson: The "safe account" phone call.')
    assert "Step 1 of 4: The call." in mary.text()
    take_steps(mary, 4)
    mary.press("Repeat")
    assert "Step 4 of 4: What to do." in mary.text()
    mary.press("Next")
    assert "Question 1 of 2:" in mary.text()
    mary.say("B")
    assert mary.text().startswith("That's right.")
    assert "Question 2 of 2:" in mary.text()
    mary.say("the second one")
    assert mary.text().startswith("That's right. Scammers can make any name or number show")
    assert "You got 2 of 2 right. Well done!" in mary.text()
    mary.say("what is my balance")
    assert "Your Checking account ending 4821 has" in mary.text(), "banking works after the quiz"


def test_an_answer_in_words_and_an_unclear_one(login):
    robert = login("robert", "2468")
    robert.say("teach me about QR code scams")
    take_steps(robert, 3)
    robert.press("Next")
    robert.say("purple")
    assert robert.text().startswith("Sorry, I did not catch your answer.")
    robert.say("pay with the meter or the official app instead")
    assert robert.text().startswith("That's right.")
    robert.say("cancel")
    assert robert.text().startswith("Okay, we have stopped the lesson.")
    robert.say("what is my balance")
    assert "Your Checking account" in robert.text()


def test_resume_after_leaving(assistant, login):
    li = login("li", "1357")
    li.say("lesson on romance scams")
    li.press("Next")
    assert "Step 2 of 4" in li.text()
    li.say("what is my balance")
    assert "has $" in li.text()
    again = login("li", "1357")  # a new log-in, a new conversation
    again.say("continue my lesson")
    assert again.text().startswith("You were on step 2 of 4.")
    assert "Step 2 of 4" in again.text()
    again.press("Next")
    assert "Step 3 of 4" in again.text()
    third = login("li", "1357")  # "next" in a new conversation shows the step, not skips it
    third.say("next")
    assert third.text().startswith("You were on step 3 of 4."), third.text()
    assert "Step 3 of 4" in third.text()


def test_the_list_and_the_lesson_of_the_day(login):
    mary = login()
    mary.say("what lessons are there")
    titles = [b["title"] for r in mary.last for b in r.get("buttons", [])]
    assert len(titles) == 5 and titles[-1] == "More lessons"
    mary.press(titles[0])
    assert mary.text().startswith(f"Lesson: {titles[0]}.")
    mary.say("what's today's lesson")
    assert mary.text().startswith("Today's lesson is:")


def test_lessons_need_no_log_in_but_accounts_do(assistant):
    # A conversation bound to no customer, as an unlinked messaging user has.
    replies = assistant.guest_say("guest-1", "teach me about gift card scams")
    assert "Lesson: Prizes, lotteries and gift cards." in replies
    assert "after you log in" in assistant.guest_say("guest-1", "what is my balance")


def _interceptions(assistant, customer):
    with assistant.db.session() as session:
        return session.scalars(
            select(Interception)
            .where(Interception.customer_id == customer)
            .order_by(Interception.id)
        ).all()


def test_a_risky_transfer_is_paused_then_cancelled(assistant, login):
    mary = login()
    before, count = assistant.balance("demo"), assistant.transaction_count("demo")
    mary.say("the police called me, they said my money is not safe")
    mary.say("send 300 dollars to my daughter")
    assert "Pay $300.00 to Alice Wong." in mary.text()
    # The read-back itself says why it is paused, before any yes.
    assert "\nI have paused this payment to keep you safe." in mary.text()
    assert "Real police and bank staff never ask you to move your money." in mary.text()
    mary.say("yes")
    assert mary.text().startswith("I have paused this payment"), "a yes does not get past it"
    mary.press("Cancel the payment")
    assert "Nothing was sent" in mary.text()
    assert assistant.balance("demo") == before
    assert assistant.transaction_count("demo") == count
    assert _interceptions(assistant, "demo")[-1].outcome == "cancelled"


def test_a_risky_transfer_with_the_lesson_then_sent_anyway(assistant, login):
    robert = login("robert", "2468")
    before, count = assistant.balance("robert"), assistant.transaction_count("robert")
    robert.say("a man on the phone said I get a guaranteed return")
    robert.say("send 200 dollars to my son")
    assert "investment" in robert.text(), "said in the read-back, before any yes"
    robert.press("Take the 1-minute lesson")
    assert robert.text().startswith("Lesson: Investments that sound too good.")
    take_steps(robert, 4)
    robert.press("Next")
    robert.press(
        next(b["title"] for r in robert.last for b in r.get("buttons", []) if b["payload"] == "B")
    )
    robert.say("A")
    assert "You got 2 of 2 right." in robert.text()
    assert "Your payment of $200.00 to Carlos Diaz is still paused." in robert.text()
    assert assistant.balance("robert") == before
    robert.press("Send it anyway")
    assert robert.text().startswith("Okay. Please check it once more before I send it.")
    assert assistant.balance("robert") == before, "still needs a fresh yes"
    robert.press("Yes, send it")
    assert robert.text().startswith("Done. I sent $200.00 to Carlos Diaz.")
    assert assistant.balance("robert") == before - 20_000
    assert assistant.transaction_count("robert") == count + 1
    interception = _interceptions(assistant, "robert")[-1]
    assert (interception.outcome, interception.lesson_started) == ("confirmed", True)
    with assistant.db.session() as session:
        linked = session.scalar(
            select(LessonEvent).where(LessonEvent.interception_id == interception.id)
        )
    assert linked is not None and linked.kind == "started"


def test_a_customer_token_cannot_publish(assistant, login):
    mary = login()
    reply = requests.post(
        f"{assistant.web_url}/api/educator/lessons/romance-scams/versions/1/unpublish",
        headers={"Authorization": f"Bearer {mary.token}"},
        timeout=30,
    )
    assert reply.status_code == 401
