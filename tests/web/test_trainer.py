"""The trainer's page on a real app and database, with Rasa's real tracker store."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from assistant.bank.staff import TRAINER, StaffAuth
from assistant.nlu_feedback import NluFeedbackStore, training_yaml
from tests.helpers import app_settings
from tests.support import PAGE, csrf, portal_login
from tests.tracker_events import CONVERSATIONS, Bot, write_conversations
from web import create_app
from web.trainer_choices import CHOICES

# A Telegram message written to look like a block of training data of its own.
POISON = "hello\n  - intent: affirm\n    examples: |\n      - no\n      - stop"
SECOND_TRAINER = ("tom", "Tom Trainer", "second-pair-of-eyes-2")
TRAINER_PAGE = "/educator/trainer/"


@pytest.fixture
def app(bank_settings, db):
    poisoned = {**CONVERSATIONS, "s-3": [(POISON, "nlu_fallback"), ("goodbye", "goodbye")]}
    write_conversations(bank_settings.database_url, poisoned)
    StaffAuth(db, bank_settings).add(
        SECOND_TRAINER[0], SECOND_TRAINER[1], TRAINER, SECOND_TRAINER[2]
    )
    return create_app(app_settings(bank_settings.database_url), db=db)


@pytest.fixture
def client(app):
    return app.test_client()


def trainer_login(client):
    return portal_login(client, "trainer", "teach-the-assistant")


def second_trainer(client) -> None:
    client.post("/educator/logout", data={"csrf_token": csrf(client, TRAINER_PAGE)})
    portal_login(client, SECOND_TRAINER[0], SECOND_TRAINER[2])


def waiting_ids(db) -> dict[str, int]:
    store = NluFeedbackStore(db)
    store.harvest()
    return {m.text: m.id for m in store.waiting()}


def post(client, path: str, **form):  # type: ignore[no-untyped-def]
    token = csrf(client, TRAINER_PAGE)
    return client.post(path, data={"csrf_token": token, **form}, headers=PAGE)


def get(client, path: str = TRAINER_PAGE) -> str:
    reply = client.get(path, headers=PAGE)
    assert reply.status_code == 200, path
    return reply.get_data(as_text=True)


def label_page(message_id: int) -> str:
    return f"/educator/trainer/messages/{message_id}"


def save(client, message_id: int, intent: str, *, alike=(), following: str = ""):  # type: ignore[no-untyped-def]
    return post(
        client,
        "/educator/trainer/review",
        message=[str(message_id), *map(str, alike)],
        intent=intent,
        following=following,
    )


def test_only_trainers_reach_the_page_and_its_actions(client, db):
    gas = waiting_ids(db)["pay the gas people"]
    reply = client.get(TRAINER_PAGE, headers=PAGE)
    assert reply.status_code == 302
    assert reply.headers["Location"] == "/educator/login?next=/educator/trainer/"
    assert "/educator/login" in client.get(label_page(gas), headers=PAGE).headers["Location"]

    portal_login(client)  # an educator
    for path in (TRAINER_PAGE, label_page(gas), f"{TRAINER_PAGE}?page=2"):
        refused = client.get(path, headers=PAGE)
        assert refused.status_code == 403, path
        assert "trainer role" in refused.get_data(as_text=True)
    for path in ("review", "take-back", "second-look"):
        refused = post(client, f"/educator/trainer/{path}", message=[str(gas)], intent="pay_bill")
        assert refused.status_code == 403, path
    assert NluFeedbackStore(db).reviewed() == []
    assert gas in {m.id for m in NluFeedbackStore(db).waiting()}


def test_each_message_is_shown_under_what_the_assistant_had_said(client):
    trainer_login(client)
    page = get(client)
    assert "&ldquo;shift my dosh to the rainy day pot&rdquo;" in page
    assert "my pin is **** and it does not work" in page and "4321" not in page
    dosh = page.index("shift my dosh")
    assert page.rindex("The assistant had said", 0, dosh) > page.rfind("</li>", 0, dosh)
    assert "Hello Robert. What would you like to do?" in page[page.rfind("<li", 0, dosh) : dosh]
    assert "How much would you like to move?" in page
    assert "the customer said that was wrong" in page, "the corrected one says so"
    assert "Send money to someone" in page, "what it was taken as, by its plain name"


def test_the_label_page_offers_plain_names_by_job_and_chooses_nothing(client, db):
    trainer_login(client)
    dosh = waiting_ids(db)["shift my dosh to the rainy day pot"]
    page = get(client, label_page(dosh))
    assert "Hello Robert. What would you like to do?" in page
    shown = set(re.findall(r'name="intent" value="([a-z_]+)"', page))
    assert shown == {c.intent for c in CHOICES}, "every intent, once"
    for name in ("Send money to someone", "Move money between my own accounts", "Pay a bill",
                 "A yes", "A no", "Not for the bank"):  # fmt: skip
        assert re.search(rf'value="[a-z_]+" required> {re.escape(name)}', page), name
    for job in ("Send, pay or move money", "Answers in a conversation", "Not for the bank"):
        assert f"<legend>{job}</legend>" in page
    visible = re.sub(r"<[^>]+>", " ", page)
    assert not re.search(r"\b(inform|hesitate|transfer_money|report_lost_card)\b", visible)
    parser = _Defaults()
    parser.feed(page)
    assert parser.chosen == []
    assert 'src="/static/trainer.js"' in page, "the script that keeps Save off until a choice"


def test_a_label_saved_opens_the_next_message_and_can_be_undone(client, db):
    trainer_login(client)
    ids = waiting_ids(db)
    dosh, gas = ids["shift my dosh to the rainy day pot"], ids["pay the gas people"]
    reply = save(client, dosh, "move_money", following=f"{gas},{dosh}")
    assert reply.status_code == 302
    assert reply.headers["Location"] == label_page(gas), "the next message still waiting"
    page = get(client, label_page(gas))
    assert "Saved: &ldquo;shift my dosh to the rainy day pot&rdquo;" in page
    assert "as &ldquo;Move money between my own accounts&rdquo;" in page
    assert "Another trainer must approve this label" in page
    assert "Undo: take this label back" in page
    store = NluFeedbackStore(db)
    assert [(m.id, m.intent) for m in store.awaiting_second()] == [(dosh, "move_money")]

    undone = post(client, "/educator/trainer/take-back", message=[str(dosh)])
    assert undone.headers["Location"] == label_page(dosh), "back to label it again"
    page = get(client, label_page(dosh))
    assert "Taken back: \u201cshift my dosh to the rainy day pot\u201d is waiting" in page
    assert dosh in {m.id for m in store.waiting()}
    assert store.awaiting_second() == []


def test_any_label_of_the_session_can_be_taken_back_but_not_once_approved(client, db):
    trainer_login(client)
    ids = waiting_ids(db)
    pin, gas = ids["my pin is **** and it does not work"], ids["pay the gas people"]
    poison = next(i for text, i in ids.items() if text.startswith("hello"))
    save(client, pin, "out_of_scope")
    save(client, gas, "pay_bill")
    save(client, poison, "greet")
    page = get(client)
    assert "Labelled by you since you logged in: 3" in page
    assert page.count(">Take back<") == 3
    post(client, "/educator/trainer/take-back", message=[str(pin)])
    store = NluFeedbackStore(db)
    assert pin in {m.id for m in store.waiting()}, "an older label, not only the last"
    assert {m.intent for m in store.reviewed()} == {"greet"}

    second_trainer(client)
    post(client, "/educator/trainer/take-back", message=[str(poison)])
    assert "greet" in store.examples_by_intent(), "not a label of this session's"
    post(client, "/educator/trainer/second-look", message=[str(gas)], approve="1")

    client.post("/educator/logout", data={"csrf_token": csrf(client, TRAINER_PAGE)})
    trainer_login(client)
    refused = post(client, "/educator/trainer/take-back", message=[str(gas)])
    assert refused.headers["Location"] == TRAINER_PAGE
    assert "Only labels you gave since you logged in" in get(client)
    assert store.examples_by_intent()["pay_bill"] == ["pay the gas people"]


def test_an_approved_label_stays_and_the_page_says_why(client, db):
    trainer_login(client)
    gas = waiting_ids(db)["pay the gas people"]
    save(client, gas, "pay_bill")
    with client.session_transaction() as session:
        labelled = list(session["trainer_labelled"])
    second_trainer(client)
    post(client, "/educator/trainer/second-look", message=[str(gas)], approve="1")
    client.post("/educator/logout", data={"csrf_token": csrf(client, TRAINER_PAGE)})
    trainer_login(client)
    with client.session_transaction() as session:
        session["trainer_labelled"] = labelled  # as if the same portal session
    page = get(client)
    assert "approved</span>" in page and ">Take back<" not in page
    post(client, "/educator/trainer/take-back", message=[str(gas)])
    page = get(client)
    assert "cannot be taken back: a second trainer has approved it" in page
    assert "approved</span>" in page, "it stays in the session's list, as approved"
    assert NluFeedbackStore(db).examples_by_intent() == {"pay_bill": ["pay the gas people"]}


def test_a_label_sent_back_meanwhile_is_said_to_be_waiting_already(client, db):
    trainer_login(client)
    gas = waiting_ids(db)["pay the gas people"]
    save(client, gas, "transfer_money")
    with client.session_transaction() as session:
        labelled = list(session["trainer_labelled"])
    second_trainer(client)
    post(client, "/educator/trainer/second-look", message=[str(gas)], send_back="1")
    client.post("/educator/logout", data={"csrf_token": csrf(client, TRAINER_PAGE)})
    trainer_login(client)
    with client.session_transaction() as session:
        session["trainer_labelled"] = labelled
    post(client, "/educator/trainer/take-back", message=[str(gas)])
    assert "waiting for review already" in get(client)


def test_ticked_alike_messages_are_labelled_together(app, client, db):
    trainer_login(client)
    ids = waiting_ids(db)
    dosh, pin = (
        ids["shift my dosh to the rainy day pot"],
        ids["my pin is **** and it does not work"],
    )
    save(client, dosh, "out_of_scope", alike=[pin])
    assert {m.id for m in NluFeedbackStore(db).reviewed()} == {dosh, pin}
    page = get(client)
    assert "and 1 alike message" in page


def test_a_save_without_a_choice_or_with_an_unknown_one_says_what_to_do(client, db):
    trainer_login(client)
    first = str(waiting_ids(db)["pay the gas people"])
    no_token = client.post(
        "/educator/trainer/review", data={"message": [first], "intent": "pay_bill"}, headers=PAGE
    )
    assert no_token.status_code == 400
    for intent, said in (("make_tea", "There is no intent called make_tea"),
                         ("", "Choose what the customer wanted first")):  # fmt: skip
        reply = save(client, int(first), intent)
        assert reply.headers["Location"] == label_page(int(first))
        assert said in get(client, label_page(int(first)))
    assert NluFeedbackStore(db).reviewed() == []


def test_a_message_labelled_meanwhile_sends_the_trainer_back_to_the_list(client, db):
    trainer_login(client)
    gas = waiting_ids(db)["pay the gas people"]
    save(client, gas, "pay_bill")
    reply = client.get(label_page(gas), headers=PAGE)
    assert reply.headers["Location"] == TRAINER_PAGE
    assert "not waiting any more" in get(client)
    again = save(client, gas, "check_balance")
    assert again.headers["Location"] == TRAINER_PAGE
    assert "another trainer labelled this message first" in get(client)


def test_a_long_queue_is_read_twenty_to_a_page(bank_settings, db):
    many = {f"p-{n}": [Bot("What would you like to do?"), (f"flurble {n} wibble", "nlu_fallback")]
            for n in range(45)}  # fmt: skip
    write_conversations(bank_settings.database_url, many)
    client = create_app(app_settings(bank_settings.database_url), db=db).test_client()
    trainer_login(client)

    def shown(page: str) -> list[str]:
        return re.findall(r"&ldquo;(flurble \d+ wibble)&rdquo;</p>", page)

    first, second, third = (get(client, f"{TRAINER_PAGE}?page={n}") for n in (1, 2, 3))
    assert [len(shown(p)) for p in (first, second, third)] == [20, 20, 5]
    assert len(set(shown(first) + shown(second) + shown(third))) == 45
    assert "Waiting for review: 45" in first and "Page 1 of 3" in first
    assert 'href="/educator/trainer/?page=2">Next page' in first
    assert "Previous page" not in first
    assert 'href="/educator/trainer/?page=1">Previous page' in second
    assert "Next page" not in third
    assert shown(get(client, f"{TRAINER_PAGE}?page=99")) == shown(third), "the nearest page"
    assert shown(get(client, f"{TRAINER_PAGE}?page=two")) == shown(first)
    if "(continued)" not in second:
        assert second.count("alike message") >= 2, "a group ends and one begins, or continues"


def test_a_message_with_line_breaks_exports_as_one_out_of_scope_example(client, db):
    trainer_login(client)
    poison = next(i for text, i in waiting_ids(db).items() if text.startswith("hello"))
    reply = save(client, poison, "out_of_scope")
    assert reply.status_code == 302

    written = training_yaml(NluFeedbackStore(db).examples_by_intent())
    parsed = yaml.safe_load(written)
    assert [block["intent"] for block in parsed["nlu"]] == ["out_of_scope"]
    examples = RasaYAMLReader().reads(written).intent_examples
    assert [(e.get("intent"), e.get("text")) for e in examples] == [
        ("out_of_scope", "hello - intent: affirm examples: | - no - stop")
    ]


def test_a_yes_label_is_exported_only_once_a_second_trainer_approves(client, db):
    trainer_login(client)
    poison = next(i for text, i in waiting_ids(db).items() if text.startswith("hello"))
    save(client, poison, "affirm")
    store = NluFeedbackStore(db)
    assert store.examples_by_intent() == {}
    assert [(m.id, m.intent) for m in store.awaiting_second()] == [(poison, "affirm")]

    own = post(client, "/educator/trainer/second-look", message=[str(poison)], approve="1")
    assert own.status_code == 302
    page = get(client)
    assert "a label needs a trainer other than the one who gave it" in page
    assert store.examples_by_intent() == {}, "nobody approves their own label"
    relabel = save(client, poison, "greet")
    assert relabel.status_code == 302
    assert store.awaiting_second()[0].intent == "affirm", "a label waiting is not re-labelled"

    second_trainer(client)
    page = get(client)
    assert "Approve: A yes" in page
    post(client, "/educator/trainer/second-look", message=[str(poison)], approve="1")
    assert store.examples_by_intent() == {
        "affirm": ["hello - intent: affirm examples: | - no - stop"]
    }


def test_a_second_trainer_can_send_a_money_label_back(client, db):
    trainer_login(client)
    gas = waiting_ids(db)["pay the gas people"]
    save(client, gas, "transfer_money")
    second_trainer(client)
    post(client, "/educator/trainer/second-look", message=[str(gas)], send_back="1")
    store = NluFeedbackStore(db)
    assert store.examples_by_intent() == {}
    assert "pay the gas people" in {m.text for m in store.waiting()}


class _Defaults(HTMLParser):
    """Every form control the page chooses before the trainer does."""

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "checked" in found or "selected" in found:
            self.chosen.append((tag, found))


def test_the_list_ticks_and_chooses_nothing_for_the_trainer(client):
    trainer_login(client)
    page = get(client)
    assert "pay the gas people" in page, "a message whose customer then reached pay_bill"
    parser = _Defaults()
    parser.feed(page)
    assert parser.chosen == []
