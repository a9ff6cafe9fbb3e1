"""The spelling corrector (nlu/spelling.py): its dictionary, what it reads as meant,
what it never touches, and the component trained and loaded through Rasa's own
model storage."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.bank.seed import BRANCHES, DEMO_CUSTOMERS, PRODUCTS, SPENDING
from nlu.components import BankEntityExtractor
from nlu.heldout import file_sentences
from nlu.spelling import (
    NUMBER_WORDS,
    SPELT_LEMMAS,
    SPELT_TEXT,
    Speller,
    SpellingCorrector,
    bank_words,
    words_in,
)

ROOT = Path(__file__).resolve().parents[2]
TRAINING = [
    text for path in sorted((ROOT / "data" / "nlu").glob("*.yml"))
    for text in file_sentences(path).values()
]  # fmt: skip


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller.from_texts(TRAINING, bank_words() | NUMBER_WORDS)


def test_every_name_the_bank_seeds_is_a_bank_word():
    names = [p[0] for c in DEMO_CUSTOMERS for p in c.payees]
    names += [c.full_name for c in DEMO_CUSTOMERS] + [s[0] for s in SPENDING]
    names += [str(b["name"]) for b in BRANCHES] + [str(b["town"]) for b in BRANCHES]
    names += [str(p["name"]) for p in PRODUCTS]
    missing = {w for name in names for w in words_in(name) if w.isalpha()} - bank_words()
    assert not missing, f"add these to nlu/bank_words.yml: {sorted(missing)}"


def test_the_dictionary_holds_training_bank_and_number_words(speller):
    for word in ("balance", "freshmart", "springfield", "oakville", "wong", "northern",
                 "forty", "thousand", "quid", "whats"):  # fmt: skip
        assert word in speller.counts, word


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("balnce pls", "balance please"),
        ("cn u tel me wat i hve", "can you tell me what i have"),
        ("i ned to pay the watr bil", "i need to pay the water bill"),
        ("Balnce please", "balance please"),  # the first word, capitalised by the phone
        ("show me my statment", "show me my statement"),
        ("how much did i spend at freshmrt", "how much did i spend at freshmart"),
        ("is there a branch in oakvile", "is there a branch in oakville"),
    ],
)
def test_misspelt_words_are_read_as_meant(speller, typed, meant):
    assert speller.correct(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "send 50 to alice",
        "my card ending 4821 is lost",
        "send 5k to carlos",  # a letter touching a digit
        "pay £50 and 25p",
        "transfer 1,000.50 dollars",
        "send it to Alise",  # a capitalised name
        "send forty to Jenni Wong",
        "my PIN and my IBAN",  # capitals inside
        "wat's up",  # an apostrophe: the word is left whole
        "the co-op bill",
        "x y z",  # one letter
    ],
)
def test_digits_amounts_and_names_are_never_touched(speller, text):
    assert speller.correct(text) == text


def test_no_training_sentence_is_changed(speller):
    changed = [t for t in TRAINING if speller.correct(t) != t]
    assert not changed, changed[:10]


def test_short_words_take_one_edit_and_the_first_letter_stays():
    speller = Speller.from_texts(["pay the bill", "pay the bill", "balance", "balance"])
    assert speller.correct("pay the bil") == "pay the bill"  # one letter left out
    assert speller.correct("pay the bl") == "pay the bl"  # two letters: too short for two
    assert speller.correct("pay the b") == "pay the b"  # one letter: never
    assert speller.correct("blnce") == "blnce"  # five letters, two edits away
    assert speller.correct("balnce") == "balance"
    assert speller.correct("pill") == "pill"  # "bill" is one edit, but another first letter


def test_a_common_word_missing_from_training_stays_itself():
    speller = Speller.from_texts(["show me the product"] * 3)
    assert speller.correct("protect me") == "protect me"
    assert speller.correct("show me the prodct") == "show me the product"


def test_a_short_common_word_stays_unless_it_is_a_doubled_letter_typed_once():
    speller = Speller.from_texts(["find a place", "find a place", "tell me", "tell me"])
    assert speller.correct("at a steady pace") == "at a steady pace"  # "place": one letter more
    assert speller.correct("tel me") == "tell me"  # "tel" is English (60 million), a slip here
    assert speller.correct("al") == "al"  # two letters: too little to go on


def test_a_word_seen_once_in_training_is_known_but_never_offered():
    speller = Speller.from_texts(["plus one", "balance", "balance"])
    assert speller.correct("plus") == "plus"
    assert speller.correct("plis") == "plis"


def test_a_letter_left_out_wins_over_a_letter_changed():
    speller = Speller.from_texts(["bill"] * 2 + ["bit"] * 5)
    assert speller.correct("bil") == "bill"


def _storage(tmp_path: Path) -> tuple[LocalModelStorage, Resource, ExecutionContext]:
    from rasa.engine.graph import GraphSchema

    storage = LocalModelStorage(tmp_path)
    return storage, Resource("speller"), ExecutionContext(GraphSchema({}), "test")


def test_the_component_is_stored_with_the_model_and_leaves_the_text_as_typed(tmp_path):
    storage, resource, context = _storage(tmp_path)
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    examples = [Message.build(text=t, intent="x") for t in ["pay the water bill"] * 2]
    data = TrainingData(examples)
    tokenizer.process_training_data(data)
    SpellingCorrector.create({}, storage, resource, context).train(data)

    loaded = SpellingCorrector.load({}, storage, resource, context)
    message = Message.build(text="pay the watr bill of 40 dollars")
    tokenizer.process([message])
    loaded.process([message])
    BankEntityExtractor({"home_currency": "USD"}).process([message])

    assert message.get("text") == "pay the watr bill of 40 dollars"
    assert message.get(SPELT_TEXT) == "pay the water bill of 40 dollars"
    assert message.get(SPELT_LEMMAS) == "pay the water bill of 40 dollars"
    (amount,) = message.get("entities")
    assert amount["value"] == 40 and (amount["start"], amount["end"]) == (21, 31)

    plain = Message.build(text="pay the water bill")
    tokenizer.process([plain])
    loaded.process([plain])
    assert plain.get(SPELT_TEXT) is None  # nothing to correct: nothing set
