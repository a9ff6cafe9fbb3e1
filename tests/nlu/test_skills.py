"""The table of skills covers every intent and every task form of domain.yml."""

from pathlib import Path

import yaml

from actions.forms import QUIZ_FORM
from nlu import skills

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())


def test_every_domain_intent_is_in_the_table():
    missing = [i for i in DOMAIN["intents"] if i not in skills.SKILLS]
    assert missing == [], f"add a Skill row in nlu/skills.py for: {missing}"
    unknown = [i for i in skills.SKILLS if i not in DOMAIN["intents"]]
    assert unknown == [], f"nlu/skills.py names intents domain.yml lacks: {unknown}"


def test_every_task_form_is_started_by_a_skill():
    task_forms = set(DOMAIN["forms"]) - {QUIZ_FORM}
    assert set(skills.forms().values()) == task_forms


def test_money_moving_requests_can_be_offered_by_name():
    for intent in skills.money_moving():
        skill = skills.SKILLS[intent]
        assert not skill.request or skill.label, f"{intent} is offered with no label"
    assert set(skills.requests()) <= set(skills.labels())


def test_urgent_actions_are_domain_actions():
    assert set(skills.urgent().values()) <= set(DOMAIN["actions"])


def test_each_offered_skill_runs_what_its_rule_runs():
    root = Path(__file__).resolve().parents[2] / "data"
    ran: dict[str, str] = {}
    for path in root.glob("rules*.yml"):
        for rule in yaml.safe_load(path.read_text()).get("rules") or []:
            steps = rule.get("steps") or []
            if rule.get("condition") or len(steps) < 2 or "intent" not in steps[0]:
                continue
            ran.setdefault(steps[0]["intent"], steps[1].get("action", ""))
    for intent in skills.labels():
        if intent != "help":
            assert ran.get(intent) == skills.SKILLS[intent].action, intent


def _steps_together() -> list[set[str]]:
    """The intents, actions and forms of each rule and story of the training data."""
    root = Path(__file__).resolve().parents[2] / "data"
    found = []
    for path in root.glob("*.yml"):
        data = yaml.safe_load(path.read_text()) or {}
        for block in (data.get("rules") or []) + (data.get("stories") or []):
            names = set()
            for step in block.get("steps") or []:
                names |= {str(step[k]) for k in ("intent", "action", "active_loop") if k in step}
            found.append(names)
    return found


def test_each_read_back_action_follows_its_skill_in_the_rules():
    together = _steps_together()
    for skill in skills.SKILLS.values():
        for action in (skill.read_back, skill.read_back_again):
            if action:
                assert action in DOMAIN["actions"], action
                starts = skill.form or skill.intent
                assert any({starts, action} <= names for names in together), skill.intent


def test_the_quiz_answer_is_never_a_request_that_leaves_the_quiz():
    """The quiz form rejects these, so that their rules leave the quiz; a request missing
    here would be taken as an answer ("Sorry, I did not catch your answer")."""
    mappings = DOMAIN["slots"]["quiz_answer"]["mappings"]
    not_answers = {i for m in mappings for i in m.get("not_intent", [])}
    assert not_answers == {"cancel", "lesson_stop", *skills.leave_the_quiz()}
