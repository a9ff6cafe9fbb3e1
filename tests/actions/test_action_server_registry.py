"""The action server finds every custom action the domain names, in every group."""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor

ROOT = Path(__file__).resolve().parents[2]


def test_rasa_sdk_registers_every_custom_action_of_the_domain() -> None:
    # rasa-sdk walks each subpackage by its bare name first ("classroom", not
    # "actions.classroom"): a group named like a top-level package ("lessons") would walk
    # that package instead and stop the server with an ImportError (SystemExit here).
    executor = ActionExecutor()
    executor.register_package("actions")
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    named = {a for a in domain["actions"] if a.startswith(("action_", "validate_"))}
    assert named - set(executor.actions) == set()
