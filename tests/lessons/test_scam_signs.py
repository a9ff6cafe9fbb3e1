"""Signs of a scam going on now (lessons/scam_stories.yml `signs`), read by ScamStories
and by the NLU component ScamSignReader (lessons/scam_signs.py).

Each sign is tried on sentences built from templates: who (he, she, they, the man,
a woman), the sign's phrase in several forms, and tenses. The look-alikes are ordinary
sentences that must not read as a scam going on now.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.message import Message

from assistant.errors import ConfigurationError
from lessons.scam_signs import ScamSignReader, sign_entities
from lessons.scam_stories import ScamStories

# Who is doing it, with the forms of "to be" and "to have" that go with them.
WHO = [
    {"s": "he", "o": "him", "is": "is", "has": "has", "'s": "he's", "poss": "his"},
    {"s": "she", "o": "her", "is": "is", "has": "has", "'s": "she's", "poss": "her"},
    {"s": "they", "o": "them", "is": "are", "has": "have", "'s": "they're", "poss": "their"},
    {"s": "the man", "o": "the man", "is": "is", "has": "has", "'s": "the man's", "poss": "his"},
    {"s": "a woman", "o": "the woman", "is": "is", "has": "has", "'s": "a woman's", "poss": "her"},
]

TEMPLATES = {
    "on_the_line": [
        "{s} {is} still on the phone",
        "{s} {is} still on the line with me",
        "{'s} on the phone with me right now",
        "{s} {is} on the other line now",
        "{s} was still on the phone when I tried",
        "{s} {is} waiting on the line",
        "{s} told me not to hang up",
        "{s} {has} not hung up",
        "I am still on the phone with {o}",
        "I'm on the line with {o} now",
        "{s} wants me to stay on the line while I do it",
    ],
    "caller_account": [
        "{s} gave me an account number to move my money to",
        "{s} {has} given me a new account",
        "{s} sent me the sort code and account number",
        "{s} gave me {poss} bank details",
        "the account number {s} gave me, is it safe",
        "{s} wants me to move my savings to a new account",
        "{s} told me to transfer everything to a safe account",
        "{s} says I should put the money into {poss} account",
        "{s} read out an account number for me",
    ],
    "hurry": [
        "{s} says hurry",
        "{s} said I must hurry",
        "{s} keeps rushing me",
        "{s} told me to do it now",
        "{s} says I have to act fast",
        "{s} {is} pressuring me",
        "{s} said there is no time",
        "{s} says to send it now before it's too late",
    ],
    "secrecy": [
        "{s} told me not to tell anyone",
        "{s} said not to tell the bank",
        "{s} says I must not tell you",
        "{s} asked me to keep it a secret",
        "{s} said don't tell my family",
        "{s} told me never to mention it to the bank",
        "{s} said if the bank asks, say it's for a holiday",
        "{s} told me to lie to the bank about it",
    ],
    "code_shared": [
        "I already told {o} the code",
        "I gave {o} my pin",
        "I read {o} the code from the text",
        "I've given {o} the one-time code",
        "I have just told {o} the security code",
        "I just read out the code to {o}",
        "I sent the code to {o}",
        "{s} {has} my pin now",
        "I told {o} on the phone the code that came to my phone",
        "I gave the code from my text message to {o}",
        "{s} asked for the code and I gave it to {o}",
        "{s} asked me for my pin so I told {o}",
        "{s} on the phone {has} got the code now",
    ],
}

# Not about a person: the phrase alone, in its tenses and verbs.
DETAILS_LINK = [
    f"I {click} a link in a text about my parcel and {typed} my card details"
    for click, typed in itertools.product(
        ["clicked", "pressed", "tapped on", "opened", "followed", "have clicked"],
        ["typed in", "entered", "put in", "filled in", "gave"],
    )
] + [
    "I went on the website in the text and typed my card number",
    "I scanned a qr code on the parking meter and entered my bank details",
    "i put my card details into a text message from the post office",
    "an email said my account was blocked so I entered my bank details",
]

FAMILY = ["granddaughter", "grandson", "son", "daughter", "nephew"]
NEW_NUMBER = [
    template.format(who=who)
    for who, template in itertools.product(
        FAMILY,
        [
            "my {who} texted from a new number, she lost her phone and needs 300",
            "my {who} messaged me from a new number asking for money",
            "a text from my {who} saying he lost his phone and needs money for a bill",
            "my {who} has a new number and wants me to pay a bill",
            "my {who} broke her phone and is texting me from a friend's for money",
            "my {who} is using a different number and asked me to send 200",
        ],
    )
]


def generated(sign: str) -> list[str]:
    if sign == "details_link":
        return DETAILS_LINK
    if sign == "new_number":
        return NEW_NUMBER
    texts = []
    for who, template in itertools.product(WHO, TEMPLATES[sign]):
        text = template.replace("{'s}", who["'s"]).format(**{k: who[k] for k in who if k != "'s"})
        texts.append(text[0].upper() + text[1:])
    return texts


SIGNS = ["on_the_line", "caller_account", "hurry", "secrecy", "code_shared", "details_link"]
CASES = [(sign, text) for sign in [*SIGNS, "new_number"] for text in generated(sign)]


@pytest.fixture(scope="module")
def stories() -> ScamStories:
    return ScamStories.load()


@pytest.mark.parametrize(("sign", "text"), CASES)
def test_each_sign_is_read_however_it_is_said(stories, sign, text):
    assert sign in [s.name for s in stories.signs_in(text)], text


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("He gave me an account number to move my money to, he is still on the phone with me",
         "caller_account"),
        ("he says hurry", "hurry"),
        ("I clicked a link in a text about my parcel and typed in my card details",
         "details_link"),
        ("my granddaughter texted from a new number, she lost her phone and needs 300",
         "new_number"),
        ("I already told him the code", "code_shared"),
        ("he told me not to tell the bank", "secrecy"),
        ("I didn\u2019t hang up, he\u2019s still on the line", "on_the_line"),
    ],
)  # fmt: skip
def test_the_sentences_customers_said_are_read_first_as_their_sign(stories, text, sign):
    assert stories.signs_in(text)[0].name == sign


LOOK_ALIKES = [
    # Family helping, on the phone or not.
    "my son is on the phone with me helping",
    "my daughter is on the line with me, she is helping me pay the gas bill",
    "my husband is on the phone to his brother",
    "I am on the phone with my son",
    "my neighbour is still on the phone to the council",
    "they're on the phone all day at the call centre",
    "the lesson says hang up and call the bank",
    # Hurry from the customer, or for a bus.
    "hurry up and show my balance",
    "please hurry, I need to pay the gas bill today",
    "she told me to hurry because the bus goes at five",
    "the doctor said I must not rush",
    "quick, what is my balance",
    # Giving and telling that are not a code or an account.
    "I gave my daughter a birthday card",
    "I gave him a birthday card",
    "he gave me a lift to the branch",
    "I told my son about the lesson",
    "I told you the code already, it is on the screen",
    "i gave the code to the cashier at the till",
    "my daughter gave me her account number so I can pay her back",
    "send 50 dollars to my daughter's account",
    "what code do I need at the till",
    "they said the code would come by text",
    "I told her my new phone number",
    "I did not tell him the code",
    "he asked for my pin but I never told him",
    "I told the man at the branch I forgot my pin",
    "the woman at the branch asked for my pin and I said no",
    "the bank sent me a code and I typed it in",
    # Secrets that are no scam, and the advice itself.
    "don't tell me the balance out loud",
    "she said not to tell her mum about the surprise party",
    "the woman at the branch told me not to tell anyone my pin",
    "the bank told me never to share my code",
    # Links without details typed in.
    "I clicked the link in your email to see the lesson",
    "I opened the link to the safety lesson",
    "I typed in my card details on your app to pay the bill",
    "I entered my card details at the shop to buy a present",
    # Family with a new phone, not asking for anything.
    "my grandson got a new phone for his birthday",
    "my daughter has a new phone number, please update it",
    "my son texted me to say he arrived",
    "my granddaughter lost her phone at school",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_ordinary_sentences_are_no_sign(stories, text):
    assert [s.name for s in stories.signs_in(text)] == [], text


def test_every_sign_says_what_to_do_now_in_a_few_short_sentences(stories):
    for sign in stories.signs:
        sentences = [s for s in sign.say.split(". ") if s]
        assert 2 <= len(sentences) <= 4, sign.name
        assert len(sign.say) <= 200, sign.name
        # No caller on the line in these: a link, family with a new number, a relative.
        no_caller = (
            "details_link", "new_number", "pay_link", "safe_keeping", "link_asked", "unlock_link",
        )  # fmt: skip
        assert "hang up" in sign.say.lower() or sign.name in no_caller
    by_name = {s.name: s.say for s in stories.signs}
    assert "frozen" in by_name["details_link"]
    assert "code must not be used" in by_name["code_shared"]
    assert "Call us" in by_name["code_shared"]


# A text asking to pay through its link; someone, family too, asking to hold the savings.
ASKED_TO_PAY_OR_MOVE = [
    ("a message came saying my package is waiting, I must tap the link and pay 2.50", "pay_link"),
    ("an email from the post office says click here and pay the customs fee", "pay_link"),
    ("whatsapp message said my delivery failed, follow the link to pay a charge", "pay_link"),
    ("i got a text to pay an unpaid toll of 3 dollars on their website", "pay_link"),
    ("my grandson wants me to put all my savings in his account to keep them safe", "safe_keeping"),
    ("the neighbour offered to look after my money if I transfer it into her name", "safe_keeping"),
    ("my daughter in law says I should give her my pension to keep it safe for me", "safe_keeping"),
    ("a friend said move everything into his bank account, it is safer there", "safe_keeping"),
]
PAYING_OR_MOVING_AS_USUAL = [
    "I paid the water bill from the link in my online banking",
    "send 50 dollars to my daughter's account",
    "move my savings into my current account",
    "the postman left a note that my parcel is at the depot",
    "my son keeps his money safe in a savings account",
    "can you text me a link to the lessons",
]


@pytest.mark.parametrize(("text", "sign"), ASKED_TO_PAY_OR_MOVE)
def test_a_link_to_pay_and_savings_for_safe_keeping_are_signs(stories, text, sign):
    assert [s.name for s in stories.signs_in(text)] == [sign], text


@pytest.mark.parametrize("text", PAYING_OR_MOVING_AS_USUAL)
def test_paying_and_moving_as_usual_is_no_sign(stories, text):
    assert [s.name for s in stories.signs_in(text)] == [], text


# Signs an outside tester found missed, each said in several ways: a parcel text with a
# fee and no link named, card details typed after "I clicked it", a text saying the
# account is locked, "should I click the link", family paid to a new account, gift card
# numbers given away, and the scammer coming back for more.
MISSED_IN_THE_MIDDLE = [
    ("I got a text about a parcel, there was a small fee of 1.99", "pay_link"),
    ("a message said my package is held at customs and there is a charge", "pay_link"),
    ("got an email from fedex, I have to pay 2.99 for redelivery", "pay_link"),
    ("I clicked it and put my card number in and the three numbers on the back", "details_link"),
    ("i tapped on it and typed in my bank details", "details_link"),
    ("Someone sent me a text saying my account is locked and I should click the link",
     "unlock_link"),
    ("an email says my card has been suspended, press the link to unlock my account",
     "unlock_link"),
    ("a whatsapp message said my banking will be closed unless I tap here on the website",
     "unlock_link"),
    ("So should I click on the link in the text", "link_asked"),
    ("can I open the link they sent me", "link_asked"),
    ("should we just press the link", "link_asked"),
    ("I think it is from my daughter Alice. She wants me to pay her bill to a new account",
     "new_number"),
    ("my grandson texted, he has new bank details and needs me to send 400", "new_number"),
    ("my son says he changed his bank and wants the money in a different account",
     "new_number"),
    ("Should I send the money to her new account", "new_number"),
    ("I already bought two hundred dollars of cards and read her the numbers",
     "gift_card_codes"),
    ("I got three itunes cards and gave him the codes", "gift_card_codes"),
    ("i scratched the back of the gift cards and texted them the numbers", "gift_card_codes"),
    ("I bought the vouchers and sent a photo to the man", "gift_card_codes"),
    ("Stop the lesson. She says she will ring back for more in an hour", "coming_back"),
    ("he said he would call me again for the rest of the money", "coming_back"),
    ("they will phone back tomorrow for more cards", "coming_back"),
]  # fmt: skip
STILL_HARMLESS = [
    "I got a text that my parcel was delivered",
    "I got a receipt email from DHL with a delivery charge of 5.99",
    "I pressed it and put my pin in at the cash machine",
    "should I click the link in your email to start the lesson",
    "can I use the link for the practice call",
    "my daughter wants to open a new account, can I send her 50",
    "my wife and I opened a new joint account, transfer 100 to our new account",
    "my son has a new account with you, send him 50",
    "I bought a gift card for my granddaughter's birthday and gave her the code",
    "should I read her the numbers on the gift cards",
    "the bank said they will call me back for more details",
    "when will someone from your fraud team call me",
    "No. I mean your own fraud team. You said they would ring me today",
    "my son will call me back later",
]


@pytest.mark.parametrize(("text", "sign"), MISSED_IN_THE_MIDDLE)
def test_the_signs_found_missed_are_read(stories, text, sign):
    assert [s.name for s in stories.signs_in(text)] == [sign], text


@pytest.mark.parametrize("text", STILL_HARMLESS)
def test_their_look_alikes_are_no_sign(stories, text):
    assert [s.name for s in stories.signs_in(text)] == [], text


def test_harm_told_before_stays_first_while_the_scam_goes_on(stories):
    """Gift card numbers read out, then "she will ring back for more": the card company
    first; with no sign in the latest message, nothing is carried over."""
    earlier = "I already bought two hundred dollars of cards and read her the numbers"
    going_on = stories.signs_going_on("She says she will ring back for more", earlier)
    assert [s.name for s in going_on] == ["gift_card_codes", "coming_back"]
    assert stories.signs_going_on("what is my balance", earlier) == []
    # A sign with no harm told before it is said alone.
    alone = stories.signs_going_on("he says hurry", "he is still on the phone")
    assert [s.name for s in alone] == ["hurry"]


def test_a_code_given_is_no_money_gone(stories):
    """ "I gave him the code" is a sign, answered with what to do now; money sent is gone."""
    assert not stories.money_gone("I gave him the code")
    assert not stories.money_gone("i sent them the one-time code")
    assert stories.money_gone("I gave him 500 dollars")
    assert stories.money_gone("I sent them 500 dollars")


def test_an_unknown_term_says_how_to_fix_it(tmp_path: Path):
    text = (Path(__file__).parents[2] / "lessons" / "scam_stories.yml").read_text()
    bad = tmp_path / "stories.yml"
    bad.write_text(text.replace("{caller} {says}", "{callers} {says}", 1))
    with pytest.raises(ConfigurationError, match="KeyError.*callers"):
        ScamStories.load(bad)


def _message(text: str, intent: str, confidence: float = 0.6) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}])
    return message


def _read(text: str, intent: str) -> Message:
    reader = ScamSignReader(ScamSignReader.get_default_config(), ScamStories.load())
    return reader.process([_message(text, intent)])[0]


@pytest.mark.parametrize(
    "guessed",
    ["out_of_scope", "nlu_fallback", "inform", "payment_code", "transfer_money", "affirm",
     "check_balance", "report_fraud"],
)  # fmt: skip
def test_the_classifiers_guess_cannot_hide_a_sign(guessed):
    message = _read("I already told him the code", guessed)
    assert message.get("intent") == {"name": "scam_story", "confidence": 1.0}
    assert message.get("intent_ranking")[1]["name"] == guessed, "the guess is kept"
    [entity] = message.get("entities")
    assert entity["entity"] == "scam_sign" and entity["value"] == "code_shared"
    assert entity["extractor"] == "ScamSignReader"


@pytest.mark.parametrize(
    ("text", "guessed"),
    [
        ("freeze my card, I typed the details into a link", "freeze_card"),
        ("I want to talk to a person, he is still on the phone", "human_handoff"),
        ("I've been scammed, he is still on the line", "report_fraud"),
        ("report a fraud, I gave him my pin", "report_fraud"),
    ],
)
def test_requests_with_their_own_answer_keep_their_intent_and_get_the_sign(text, guessed):
    message = _read(text, guessed)
    assert message.get("intent")["name"] == guessed
    assert [e["entity"] for e in message.get("entities")] == ["scam_sign"]


def test_a_message_without_a_sign_is_left_as_it_was():
    message = _read("hurry up and show my balance", "check_balance")
    assert message.get("intent")["name"] == "check_balance"
    assert not message.get("entities")


def test_a_button_is_not_read():
    assert sign_entities(ScamStories.load(), '/freeze_card{"consent": "yes"}') == []
