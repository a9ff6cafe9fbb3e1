"""How bench/understanding.py counts, and the HWU64 mapping it reads."""

import csv
from pathlib import Path

import pytest
import yaml

from bench.understanding import (
    HWU64_DIR,
    HWU64_MAPPING,
    Hwu64Mapping,
    Outcome,
    Tally,
    outcome,
    plain_text,
    read_hwu64,
    sentence_key,
    table,
    without_sentences,
)
from nlu.components import MONEY_MOVING_INTENTS

ROOT = Path(__file__).resolve().parents[2]
OUT = ("out_of_scope",)


def parse(acted: str, *ranking: tuple[str, float]) -> dict:
    """A parse result as Rasa returns it: nlu_fallback first when not understood."""
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    if acted == "nlu_fallback":
        ranked.insert(0, {"name": "nlu_fallback", "confidence": 0.8})
    return {"intent": {"name": acted}, "intent_ranking": ranked}


@pytest.mark.parametrize(
    ("expected", "result", "counted"),
    [
        (("check_balance",), parse("check_balance", ("check_balance", 0.9)), Outcome.AT_ONCE),
        (
            ("report_lost_card", "freeze_card"),
            parse("freeze_card", ("freeze_card", 0.7)),
            Outcome.AT_ONCE,
        ),
        (
            ("transfer_money",),  # below the money bar, offered as the second button
            parse("nlu_fallback", ("pay_bill", 0.5), ("transfer_money", 0.4)),
            Outcome.AFTER_QUESTION,
        ),
        (
            ("find_branch",),  # fourth likeliest: not among the three buttons
            parse(
                "nlu_fallback",
                ("check_balance", 0.3),
                ("pay_bill", 0.2),
                ("check_bills", 0.2),
                ("find_branch", 0.1),
            ),
            Outcome.NOT_UNDERSTOOD,
        ),
        (
            ("find_branch",),  # likely, but too faint to be offered
            parse("nlu_fallback", ("check_balance", 0.5), ("find_branch", 0.01)),
            Outcome.NOT_UNDERSTOOD,
        ),
        (("repeat",), parse("nlu_fallback", ("repeat", 0.2)), Outcome.NOT_UNDERSTOOD),
        (("change_pin",), parse("out_of_scope", ("out_of_scope", 0.6)), Outcome.NOT_UNDERSTOOD),
        (("change_pin",), parse("freeze_card", ("freeze_card", 0.6)), Outcome.WRONG),
        (OUT, parse("out_of_scope", ("out_of_scope", 0.9)), Outcome.REJECTED),
        (OUT, parse("nlu_fallback", ("check_balance", 0.3)), Outcome.REJECTED),
        (OUT, parse("check_balance", ("check_balance", 0.9)), Outcome.TAKEN),
        (OUT, parse("pay_bill", ("pay_bill", 0.95)), Outcome.TO_MONEY),
    ],
)
def test_each_answer_falls_in_one_outcome(expected, result, counted):
    assert outcome(expected, result) is counted


def test_a_tally_counts_in_scope_and_out_of_scope_apart():
    tally = Tally("set")
    tally.add("my balance", ("check_balance",), parse("check_balance", ("check_balance", 0.9)))
    tally.add("send 5", ("transfer_money",), parse("nlu_fallback", ("transfer_money", 0.5)))
    tally.add("new pin", ("change_pin",), parse("freeze_card", ("freeze_card", 0.6)))
    tally.add("pizza", OUT, parse("out_of_scope", ("out_of_scope", 0.9)))
    tally.add("train ticket", OUT, parse("pay_bill", ("pay_bill", 0.9)))
    tally.took_ms = [10.0, 20.0, 30.0, 40.0, 50.0]
    assert (tally.in_scope, tally.out_of_scope) == (3, 2)
    assert tally.share(Outcome.AT_ONCE) == pytest.approx(1 / 3)
    assert tally.share(Outcome.AT_ONCE, Outcome.AFTER_QUESTION) == pytest.approx(2 / 3)
    assert tally.share(Outcome.REJECTED) == 0.5
    assert tally.count(Outcome.TO_MONEY) == 1
    assert tally.answers[1].offered == ("transfer_money",)
    assert [(kind, len(group)) for kind, group in tally.misses()] == [
        (("change_pin", "freeze_card"), 1),
        (("out_of_scope", "pay_bill"), 1),
    ]
    row = table([tally]).splitlines()[2]
    assert row.startswith("| set | 3 | 33.3% | 66.7% | 33.3% | 0.0% | 2 | 50.0% | 1 |")


def test_a_set_with_no_out_of_scope_part_shows_a_dash():
    tally = Tally("replies")
    tally.add("pardon", ("repeat",), parse("repeat", ("repeat", 0.9)))
    assert "| 0 | – | 0 |" in table([tally])


def _mapping_file() -> dict:
    return yaml.safe_load(HWU64_MAPPING.read_text())


def test_every_hwu64_intent_is_in_one_group_with_its_reason():
    raw = _mapping_file()
    assert set(raw) == {"mapped", "grey", "out_of_scope"}
    names = [name for group in raw.values() for name in group]
    assert len(names) == len(set(names)) == 64
    for group in raw.values():
        for name, entry in group.items():
            assert len(entry["reason"].split()) >= 2, name


def test_mapped_hwu64_intents_are_ours_and_none_moves_money():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())["intents"]
    for name, intents in Hwu64Mapping.load().mapped.items():
        for intent in intents:
            assert intent in domain, (name, intent)
            assert intent not in MONEY_MOVING_INTENTS, (name, intent)


def test_grey_rows_are_left_out_and_an_unlisted_intent_is_an_error():
    mapping = Hwu64Mapping.load()
    rows = [("say again", "general_repeat"), ("too loud", "audio_volume_down"), ("x", "alarm_set")]
    assert mapping.examples(rows) == [("say again", ("repeat",)), ("x", OUT)]
    with pytest.raises(ValueError, match="general_unknown"):
        mapping.examples([("x", "general_unknown")])


@pytest.mark.skipif(not (HWU64_DIR / "hwu64.csv").exists(), reason="HWU64 is not beside the repo")
def test_the_mapping_names_exactly_the_data_sets_intents():
    with (HWU64_DIR / "hwu64.csv").open(newline="") as handle:
        intents = {row["intent"] for row in csv.DictReader(handle)}
    raw = _mapping_file()
    assert {name for group in raw.values() for name in group} == intents


def test_a_missing_hwu64_says_where_it_should_be(tmp_path):
    with pytest.raises(FileNotFoundError, match="HWU64_DIR"):
        read_hwu64(tmp_path)


def test_training_sentences_banking77_also_holds_are_left_out():
    nlu = {
        "version": "3.1",
        "nlu": [
            {"intent": "report_lost_card", "examples": "- I lost my card!\n- my purse went\n"},
            {"intent": "transfer_money", "examples": "- send [50](amount) to Alice\n"},
            {"lookup": "payee", "examples": "- Alice\n"},
        ],
    }
    keys = {sentence_key("i lost my card"), sentence_key("Send 50 to alice.")}
    kept, dropped = without_sentences(nlu, keys)
    assert dropped == 2  # a lookup table's names are no sentences: "Alice" stays
    assert kept["nlu"] == [
        {"intent": "report_lost_card", "examples": "- my purse went\n"},
        {"lookup": "payee", "examples": "- Alice\n"},
    ]
    assert plain_text('send [50]{"entity": "amount"} now') == "send 50 now"
