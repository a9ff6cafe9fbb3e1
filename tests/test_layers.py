"""The layers run one way: a module imports only from its own layer or the layers below.

    top        assistant.cli, assistant.migrations  the command and the schema's history
    surfaces   web | actions                        what customers and staff talk to
    wiring     assistant.wiring                     builds the services from one Settings
    channels   assistant.channels                   Rasa's input channels, the gateway, Matrix
    features   lessons | voice | nlu                what the bank's ground does not know about
    ground     assistant                            bank, ledger, payments, auth, settings

Packages on one line separated by "|" are siblings: neither imports the other. Every
import counts, including those inside functions. The test reads the source; it imports
nothing.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# From the top down; each entry is one layer of sibling packages.
LAYERS: list[list[str]] = [
    ["assistant.cli", "assistant.migrations"],
    ["web", "actions"],
    ["assistant.wiring"],
    ["assistant.channels"],
    ["lessons", "voice", "nlu"],
    ["assistant"],
]
OURS = {"assistant", "web", "actions", "lessons", "voice", "nlu"}


def owner(module: str) -> tuple[int, str] | None:
    """The layer (index from the top) and package a module belongs to; the longest prefix wins."""
    best: tuple[int, str] | None = None
    for level, packages in enumerate(LAYERS):
        for package in packages:
            inside = module == package or module.startswith(package + ".")
            if inside and (best is None or len(package) > len(best[1])):
                best = (level, package)
    return best


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every absolute import of one of our packages in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, name) for name in names if name.split(".")[0] in OURS]
    return found


def violations(root: Path) -> list[str]:
    wrong = []
    for top in sorted(OURS):
        for path in sorted((root / top).rglob("*.py")):
            if "versions" in path.relative_to(root).parts:
                continue  # migration scripts are frozen history
            module = ".".join(path.relative_to(root).with_suffix("").parts)
            mine = owner(module)
            assert mine is not None, module
            for line, name in imports(path):
                theirs = owner(name)
                if theirs is None or theirs[1] == mine[1]:
                    continue
                if theirs[0] <= mine[0]:
                    rel = path.relative_to(root)
                    wrong.append(f"{rel}:{line}: {mine[1]} must not import {name}")
    return wrong


def test_no_layer_imports_a_higher_one_or_a_sibling() -> None:
    assert violations(ROOT) == []


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("assistant/payments.py", "lessons.risk"),  # ground reaching up to a feature
        ("lessons/tutor.py", "voice.tts"),  # one feature reaching into a sibling
        ("assistant/channels/matrix/bot.py", "web.errors"),  # a channel reaching up to web
        ("assistant/wiring.py", "actions.context"),  # the wiring reaching up to a surface
    ],
)
def test_the_check_catches_an_upward_import(tmp_path: Path, importer: str, imported: str) -> None:
    file = tmp_path / importer
    file.parent.mkdir(parents=True)
    file.write_text(f"def late():\n    import {imported}\n")
    for package in OURS:
        (tmp_path / package).mkdir(exist_ok=True)
    assert violations(tmp_path) == [
        f"{importer}:2: {owner(importer[:-3].replace('/', '.'))[1]} must not import {imported}"
    ]


def test_tests_share_helpers_through_support_modules_not_each_other() -> None:
    """A test module imports helpers from tests/support.py (or a fixture), not from a test."""
    wrong = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                last = node.module.split(".")[-1]
                if node.module.startswith("tests.") and (
                    last == "conftest" or last.startswith("test_")
                ):
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.module}")
    assert wrong == []
