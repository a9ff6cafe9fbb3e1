"""Scam stories warned, ordinary look-alikes left alone.

    PYTHONPATH=$PWD .venv/bin/python bench/scam_stories.py [--model models/bank.tar.gz]

Reads bench/data/scam_stories.yml (scam stories by family, typed and spoken)
and bench/data/scam_lookalikes.yml (ordinary requests with the same words),
both written apart from the training data (checked: no line may be in
data/nlu/). Each text goes through the trained model as in a conversation:
a text on `scam_story` or `report_fraud` is answered with a warning
(actions/protection/scams.py), and so is one on `inform` or not understood that
lessons/scam_stories.yml recognises (actions/money/amend.py). Prints:

- stories answered with a warning (target >= 95%), and with their own
  family's warning (lessons/scam_stories.yml);
- look-alikes wrongly answered with a warning (target <= 5%);
- look-alikes that would pause a later payment in the same conversation
  (the risk rules' scam words and stories, lessons/risk.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.settings import BankSettings  # noqa: E402
from bench.evaluate import model_parser  # noqa: E402
from lessons.risk import RiskRules  # noqa: E402
from lessons.scam_stories import ScamStories  # noqa: E402

STORIES = ROOT / "bench" / "data" / "scam_stories.yml"
LOOKALIKES = ROOT / "bench" / "data" / "scam_lookalikes.yml"
WARNED_INTENTS = {"scam_story", "report_fraud"}
# A message on these, outside a form, that tells a story still gets its warning
# (actions/money/amend.py: ActionAnswerWithoutQuestion; actions/conversation/out_of_scope.py).
SAFETY_NET_INTENTS = {"inform", "nlu_fallback", "out_of_scope"}
# A lost card that does not say the card is lost ("a courier will pick up my card") is
# answered as the story it tells (actions/cards/cards.py: ActionReportLostCard).
LOST_CARD = "report_lost_card"
STORY_TARGET = 0.95
LOOKALIKE_LIMIT = 0.05


def training_lines() -> set[str]:
    lines = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for item in yaml.safe_load(path.read_text())["nlu"]:
            for line in (item.get("examples") or "").splitlines():
                lines.add(line.strip().lstrip("- ").strip().lower())
    return lines


def warns(intent: str, text: str, detector: ScamStories) -> bool:
    """Whether the assistant's answer to this first message is a scam warning."""
    if intent in WARNED_INTENTS:
        return True
    if intent == LOST_CARD:
        return bool(detector.recognise(text)) and not detector.card_lost(text)
    return intent in SAFETY_NET_INTENTS and bool(detector.recognise(text))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "bank.tar.gz"))
    args = parser.parse_args()
    stories = yaml.safe_load(STORIES.read_text())["stories"]
    lookalikes = yaml.safe_load(LOOKALIKES.read_text())["requests"]
    seen = training_lines()
    copied = [t for texts in stories.values() for t in texts if t.lower() in seen]
    copied += [t for t in lookalikes if t.lower() in seen]
    if copied:
        print(f"These benchmark lines are in the training data: {copied}", file=sys.stderr)
        return 2
    parse = model_parser(Path(args.model))
    detector = ScamStories.load()
    # Only the phrase rules are used here; how new a payee is does not matter.
    risk = RiskRules.load(
        ROOT / "lessons" / "risk_rules.yml", BankSettings.from_env({}).new_payee_hours
    )

    started = time.perf_counter()
    n_stories = warned = own_family = 0
    missed: list[str] = []
    for family, texts in stories.items():
        for text in texts:
            n_stories += 1
            intent = parse(text)
            if warns(intent, text, detector):
                warned += 1
            else:
                missed.append(f"{family}: {text!r} -> {intent}")
            if family in [f.name for f in detector.recognise(text)]:
                own_family += 1
    wrongly: list[str] = []
    would_pause: list[str] = []
    by_story: list[str] = []
    for text in lookalikes:
        intent = parse(text)
        if warns(intent, text, detector):
            wrongly.append(f"{text!r} -> {intent}")
        if detector.recognise(text):
            by_story.append(text)
        if detector.recognise(text) or any(r.pattern.search(text) for r in risk.phrases):
            would_pause.append(text)
    seconds = time.perf_counter() - started

    story_share = warned / n_stories
    wrong_share = len(wrongly) / len(lookalikes)
    print(f"scam stories: {n_stories} in {len(stories)} families; look-alikes: {len(lookalikes)}")
    print(f"stories answered with a warning: {story_share:.1%} (target >= {STORY_TARGET:.0%})")
    print(f"stories given their own family's warning: {own_family / n_stories:.1%}")
    print(f"look-alikes wrongly warned: {wrong_share:.1%} (target <= {LOOKALIKE_LIMIT:.0%})")
    print(
        "look-alikes that would pause a later payment: "
        f"{len(would_pause) / len(lookalikes):.1%} "
        f"(by the scam-story rules: {len(by_story) / len(lookalikes):.1%}, "
        "the rest by the scam words of lessons/risk_rules.yml)"
    )
    print(f"{n_stories + len(lookalikes)} texts in {seconds:.1f} s")
    for line in missed:
        print(f"  missed story  {line}")
    for line in wrongly:
        print(f"  wrongly warned {line}")
    for line in would_pause:
        print(f"  would pause   {line!r}")
    return 0 if story_share >= STORY_TARGET and wrong_share <= LOOKALIKE_LIMIT else 1


if __name__ == "__main__":
    raise SystemExit(main())
