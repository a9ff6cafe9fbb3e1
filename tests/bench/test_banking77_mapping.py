"""The BANKING77 mapping and how its figures are counted (bench/banking77_mapping.py)."""

from pathlib import Path

import pytest

from bench.banking77_mapping import Mapping, mapped_examples, read_split, score

ROWS = [
    ("I lost my card", "lost_or_stolen_card"),
    ("how do I change my PIN", "change_pin"),
    ("what is your exchange rate", "exchange_rate"),
    ("I want to make a transfer, what does it cost", "top_up_by_bank_transfer_charge"),
]


def test_checked_in_mapping_names_only_our_intents_and_real_categories():
    mapping = Mapping.load()
    categories = set(
        (Path(__file__).resolve().parents[2] / "nlu" / "banking77_categories.txt")
        .read_text()
        .split()
    )
    assert set(mapping.mapped) <= categories and mapping.grey <= categories
    assert not set(mapping.mapped) & mapping.grey
    domain = (Path(__file__).resolve().parents[2] / "domain.yml").read_text()
    for intent in {*mapping.mapped.values(), *(i for v in mapping.also_right.values() for i in v)}:
        assert f"  - {intent}\n" in domain


def test_grey_categories_are_left_out_and_the_rest_is_out_of_scope():
    examples = mapped_examples(ROWS, Mapping.load())
    assert examples == [
        ("I lost my card", "report_lost_card|freeze_card"),
        ("how do I change my PIN", "change_pin"),
        ("what is your exchange rate", "out_of_scope"),
    ]


def test_not_understood_is_wrong_in_scope_and_right_out_of_scope():
    examples = mapped_examples(ROWS, Mapping.load())
    answers = {
        "I lost my card": "freeze_card",
        "how do I change my PIN": "nlu_fallback",
        "what is your exchange rate": "nlu_fallback",
    }
    result = score(answers.__getitem__, examples)
    assert (result.in_scope, result.in_scope_right, result.in_scope_not_understood) == (2, 1, 1)
    assert (result.out_of_scope, result.out_of_scope_rejected) == (1, 1)
    money = score(lambda text: "transfer_money", examples[2:])
    assert (money.rejection, money.out_of_scope_to_money) == (0.0, 1)


def test_a_missing_data_set_says_where_it_should_be(tmp_path):
    with pytest.raises(FileNotFoundError, match="BANKING77_DIR"):
        read_split("test", tmp_path)
