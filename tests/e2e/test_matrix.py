"""The assistant on Matrix, against a real Synapse homeserver on loopback.

Synapse runs from its own venv with SQLite; the bot runs as `assistant
matrix-bot` next to the real Rasa server, action server and web app; people
talk to it through the Matrix client-server API, as their app would.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import pytest
import requests
from sqlalchemy import func, select

from assistant.channels.matrix.client import MatrixClient
from assistant.channels.matrix.models import LessonDelivery
from tests.matrix_server import Homeserver

pytestmark = [pytest.mark.e2e, pytest.mark.synapse]


@dataclass
class Person:
    client: MatrixClient
    room: str
    seen: set[str] = field(default_factory=set)

    def bot_messages(self) -> list[dict]:
        return [
            m for m in reversed(self.client.messages(self.room, 100))
            if m["sender"].startswith("@bank:")
        ]  # fmt: skip

    def say(self, text: str, wait: float = 60) -> str:
        self.seen |= {m["event_id"] for m in self.bot_messages()}
        self.client.send_text(self.room, text, f"t-{time.monotonic_ns()}")
        return self.next_message(wait)

    def next_message(self, wait: float = 60) -> str:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            new = [m for m in self.bot_messages() if m["event_id"] not in self.seen]
            if new:
                self.seen.add(new[0]["event_id"])
                return new[0]["content"]["body"]
            time.sleep(0.3)
        raise AssertionError(f"no answer to {self.room} within {wait} s")


def person(homeserver: Homeserver, name: str) -> Person:
    client = MatrixClient(homeserver.url)
    client.login(name, f"{name}-password")
    room = client.create_direct_room("@bank:localhost")
    return Person(client, room)


LINKED = (
    "Linked. You can now ask about your accounts here. "
    "If you did not ask for this, send 'unlink' and call us."
)


def link_code(assistant, token: str, matrix_user: str) -> str:
    reply = requests.post(
        f"{assistant.web_url}/api/matrix/link-code", json={"matrix_user": matrix_user},
        headers={"Authorization": f"Bearer {token}"}, timeout=30,
    )  # fmt: skip
    assert reply.status_code == 200, reply.text
    return reply.json()["code"]


def link(assistant, login, who: Person, customer: str, pin: str):
    web = login(customer, pin)
    assert who.say(f"link {link_code(assistant, web.token, who.client.user_id)}") == LINKED
    return web


def test_a_linked_customer_asks_for_the_balance(assistant, login, homeserver, bot):
    mary = person(homeserver, "mary")
    link(assistant, login, mary, "demo", "1234")
    answer = mary.say("what is my balance")
    assert "Your Checking account ending 4821 has" in answer


def test_an_unlinked_user_gets_no_account_data(homeserver, bot):
    stranger = person(homeserver, "stranger")
    answer = stranger.say("what is my balance")
    assert "after you log in" in answer and "$" not in answer
    assert stranger.say("link 000000").startswith("That code did not work.")
    assert "$" not in stranger.say("send 50 dollars to my daughter")


def test_a_lesson_with_its_quiz_and_numbered_buttons(homeserver, bot):
    learner = person(homeserver, "learner")
    picture = learner.say("teach me about phone scams")
    assert picture.startswith("A ringing mobile phone."), "the step's picture comes first"
    first = learner.next_message()
    assert "Step 1 of 4: The call." in first
    assert "1. Next\n2. Repeat\n3. Stop the lesson" in first and "Reply with a number." in first
    for step in (2, 3, 4):
        assert f"Step {step} of 4" in learner.say("1")
    assert "Question 1 of 2" in learner.say("1")
    assert learner.say("B").startswith("That's right.")
    assert "You got 2 of 2 right." in learner.say("the second one")


def test_subscribe_receive_the_daily_lesson_once_and_unsubscribe(assistant, homeserver, bot):
    learner = person(homeserver, "learner")
    assert learner.say("daily lesson on").startswith("You will get a short safety lesson")
    lesson = learner.next_message(wait=60)  # the bot sends it on its next sync: it is due
    assert lesson.startswith("Today's safety lesson:") and "1. Start the lesson" in lesson
    time.sleep(8)  # more syncs go by: no second copy
    copies = [m for m in learner.bot_messages() if m["content"]["body"].startswith("Today's")]
    assert len(copies) == 1
    with assistant.db.session() as session:
        assert session.scalar(select(func.count()).select_from(LessonDelivery)) >= 1
    assert "Lesson:" in learner.say("1")  # the number starts the lesson it offered
    assert learner.say("stop").startswith("Okay, we have stopped the lesson.")
    assert learner.say("daily lessons off").startswith("Okay, no more daily lessons.")


def test_bot_restart_mid_conversation(assistant, login, homeserver, bot):
    robert = person(homeserver, "robert")
    link(assistant, login, robert, "robert", "2468")
    before = assistant.balance("robert")
    assert "Pay $20.00 to Carlos Diaz." in robert.say("send 20 dollars to my son")
    answers_before = len(robert.bot_messages())
    bot.kill()
    robert.client.send_text(robert.room, "yes", f"t-{time.monotonic_ns()}")  # while it is down
    bot.start()
    done = robert.next_message(wait=90)
    assert done.startswith("Done. I sent $20.00 to Carlos Diaz.")
    time.sleep(6)
    assert len(robert.bot_messages()) == answers_before + 1, "nothing was answered twice"
    assert assistant.balance("robert") == before - 2_000
    assert os.path.getsize(bot.log) > 0


def test_a_code_works_only_for_the_matrix_id_it_was_made_for(assistant, login, homeserver, bot):
    """Mallory (also a customer) sees or guesses Mary's code: it links nothing for her."""
    li = person(homeserver, "li")
    mallory = person(homeserver, "mallory")
    web = login("li", "1357")
    code = link_code(assistant, web.token, li.client.user_id)
    assert mallory.say(f"link {code}").startswith("That code did not work.")
    assert "$" not in mallory.say("what is my balance")
    assert li.say(f"link {code}") == LINKED


def test_wrong_codes_count_for_good_even_across_links_of_ones_own(
    assistant, login, homeserver, bot
):
    """The brute force that worked: guess, link one's own account to reset the count, repeat."""
    eve = person(homeserver, "eve")
    web = login("robert", "2468")  # Eve is a customer too
    for _ in range(2):
        for guess in ("111111", "222222"):
            assert eve.say(f"link {guess}").startswith("That code did not work.")
        assert eve.say(f"link {link_code(assistant, web.token, '@eve:localhost')}") == (LINKED)
    assert eve.say("link 333333").startswith("That code did not work.")  # the fifth
    own = link_code(assistant, web.token, "@eve:localhost")
    refused = eve.say(f"link {own}")
    assert refused == "Too many wrong codes. Please call us to link this account."


def test_the_customer_sees_links_and_can_unlink_on_both_sides(assistant, login, homeserver, bot):
    learner = person(homeserver, "learner")
    web = link(assistant, login, learner, "li", "1357")
    # The customer is told on the web, once, in the next answer of the chat.
    told = [r["text"] for r in web.say("hello")]
    assert (
        "Please note: the Matrix account @learner:localhost can now see your accounts. "
        "If that was not you, call us now."
    ) in told
    assert not any("Matrix account" in r["text"] for r in web.say("hello"))
    auth = {"Authorization": f"Bearer {web.token}"}
    assert "@learner:localhost" in _linked(assistant, auth)
    cut = requests.post(
        f"{assistant.web_url}/api/matrix/unlink", json={"matrix_user": "@learner:localhost"},
        headers=auth, timeout=30,
    )  # fmt: skip
    assert cut.status_code == 200
    assert "$" not in learner.say("what is my balance")
    assert learner.say("unlink") == "This Matrix account is not linked to any bank account."
    link(assistant, login, learner, "li", "1357")
    assert learner.say("unlink").startswith("Unlinked.")
    assert "@learner:localhost" not in _linked(assistant, auth)


def _linked(assistant, auth) -> list[str]:
    shown = requests.get(f"{assistant.web_url}/api/matrix/links", headers=auth, timeout=30)
    return [link["matrix_user"] for link in shown.json()["links"]]


NOT_PRIVATE = (
    "I only talk in a direct chat with one person, so that nobody else reads your "
    "details. Please start a direct chat with me. I am leaving this room now."
)


def _bot_in(person: Person, room: str) -> bool:
    return "@bank:localhost" in person.client.room_people(room)


def test_a_balance_asked_in_a_group_room_is_never_read_to_the_room(
    assistant, login, homeserver, bot
):
    """Mary (linked) asks in a room where Mallory is too: nobody there hears her balance."""
    mary = person(homeserver, "mary")
    link(assistant, login, mary, "demo", "1234")
    mallory = MatrixClient(homeserver.url)
    mallory.login("mallory", "mallory-password")
    # A direct chat that became a group: Mary invites Mallory, who joins.
    mary.client.invite(mary.room, mallory.user_id)
    mallory.join(mary.room)
    assert mary.say("what is my balance") == NOT_PRIVATE
    # A group room the bot is invited to with Mallory.
    group = Person(mary.client, mary.client.create_room(["@bank:localhost", mallory.user_id]))
    assert group.next_message() == NOT_PRIVATE
    mallory.join(group.room)
    group.client.send_text(group.room, "what is my balance", f"t-{time.monotonic_ns()}")
    time.sleep(5)
    for room in (mary.room, group.room):
        said = [m["content"]["body"] for m in mallory.messages(room, 100)]
        assert not any("$" in text or "Checking" in text for text in said), said
        assert not _bot_in(mary, room), "the bot left"
    # In a direct chat with Mary alone, the bot still answers her.
    again = person(homeserver, "mary")
    assert "Your Checking account ending 4821 has" in again.say("what is my balance")


def test_a_practice_call_with_numbered_answers_and_stop(homeserver, bot):
    """A practice call over Matrix: every caller line marked as practice, the answers as
    numbers, kind feedback, and "stop" ending it at once."""
    caller = person(homeserver, "learner")
    # One Matrix message a turn: the intro, then the caller's first line and its answers.
    intro = caller.say("let me practise the prize call")
    assert intro.startswith("Let's practise: The prize with a fee.")
    assert "Practice call. The caller says:" in intro
    assert "1. Say, I never entered a draw" in intro and "Reply with a number." in intro
    # 3 is "Ask which company this is": neither safe nor risky, and the call goes on.
    answer = caller.say("3")
    assert answer.startswith("Asking is fair. But any name can be made up.")
    assert "Practice call. The caller says:" in answer
    assert caller.say("stop").startswith("The practice call has ended.")


def test_the_daily_lesson_follows_a_campaign(assistant, login, homeserver, bot):
    """A linked customer who subscribes gets the practice call an educator scheduled, once,
    and its number starts it."""
    from assistant.bank.models import utcnow
    from assistant.bank.staff import EDUCATOR, Actor
    from lessons.campaigns.models import EVERYONE
    from lessons.campaigns.store import CampaignStore

    store = CampaignStore(assistant.db)
    teacher = Actor("teacher", EDUCATOR)
    campaign = store.create(
        teacher, "rehearsal", "grandchild-emergency", EVERYONE, utcnow().date(), None
    )
    try:
        # A Matrix user and a customer of its own: the code tests use up their wrong codes.
        mary = person(homeserver, "carer")
        link(assistant, login, mary, "demo", "1234")
        assert mary.say("daily lesson on").startswith("You will get a short safety lesson")
        daily = mary.next_message(wait=60)
        assert daily.startswith("Today's practice call: The grandchild in trouble.")
        assert "1. Start the practice call" in daily
        started = mary.say("1")
        assert started.startswith("Let's practise: The grandchild in trouble.")
        assert "Practice call. The caller says:" in started
        assert mary.say("stop").startswith("The practice call has ended.")
    finally:
        store.cancel(teacher, campaign.id)
