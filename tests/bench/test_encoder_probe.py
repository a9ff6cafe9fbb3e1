"""How bench/encoder_probe.py counts, and the Mandarin requests it reads."""

from pathlib import Path

import numpy as np
import yaml

from bench.encoder_probe import MANDARIN, Readings, mandarin_examples
from nlu.components import MONEY_MOVING_INTENTS

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())
OUT = ("out_of_scope",)


def test_right_rejected_and_to_money_are_counted_at_their_bars():
    money = sorted(MONEY_MOVING_INTENTS)[0]
    readings = Readings(
        [
            ("what's my balance", ("check_balance",)),
            ("my card is gone", ("report_lost_card", "freeze_card")),
            ("play some jazz", OUT),
            ("set an alarm", OUT),
            ("book a taxi", OUT),
        ],
        ["check_balance", "freeze_card", "out_of_scope", "greet", money],
        np.array([0.9, 0.2, 0.9, 0.2, 0.85]),
    )
    assert readings.right() == 1.0  # the best intent, whatever its probability
    assert readings.right(0.25) == 0.5  # the lost card is under the bar: not understood
    assert readings.rejected(0.25) == 2 / 3  # out_of_scope, and greet under the bar
    assert readings.to_money() == 1  # 0.85 passes the money bar of 0.8


def test_every_mandarin_request_means_an_intent_of_ours():
    examples = mandarin_examples(MANDARIN)
    assert len(examples) == 36
    assert {intents[0] for _, intents in examples} <= set(DOMAIN["intents"])
