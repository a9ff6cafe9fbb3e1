"""docs/configuration.md says every setting the code reads, as the code reads it."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "configuration.md"
PACKAGES = ["assistant", "web", "voice", "lessons", "nlu", "actions"]
# Read by the code, but not settings of the assistant.
NOT_SETTINGS = {"PYTHONPATH", "PATH", "HOME"}
READS = re.compile(
    r"""env_setting\(\s*"([A-Z][A-Z0-9_]+)"|env_int\(\s*\w+,\s*"([A-Z][A-Z0-9_]+)"|"""
    r"""(?:env|environ)\.get\(\s*"([A-Z][A-Z0-9_]+)"|environ\[\s*"([A-Z][A-Z0-9_]+)"\]"""
)


def load_tool():
    path = ROOT / "tools" / "settings_doc.py"
    spec = importlib.util.spec_from_file_location("settings_doc", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def variables_read() -> set[str]:
    names: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for groups in READS.findall(path.read_text()):
                names.update(name for name in groups if name)
    return names - NOT_SETTINGS


def test_the_generated_tables_are_what_the_settings_classes_say() -> None:
    doc = DOC.read_text()
    assert load_tool().updated(doc) == doc, "run .venv/bin/python tools/settings_doc.py"


def test_every_variable_the_code_reads_is_in_the_doc() -> None:
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", DOC.read_text()))
    assert variables_read() - documented == set()


def test_every_settings_class_is_in_the_generated_tables() -> None:
    """A settings class the root does not hold would leave its variables out of the tables."""
    tool = load_tool()
    listed = {spec.split(":")[1] for _, spec in tool.parts()}
    defined = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text()
            if "env_setting(" in text:
                defined.update(re.findall(r"^class (\w+)", text, flags=re.MULTILINE))
    settings = {name for name in defined if name.endswith("Settings")}
    assert settings - listed == set()
