"""The patterns that read meaning into a customer's words live in nlu/, beside the NLU's
other readers, and the actions call them (nlu/small_talk.py, nlu/worries.py, ...). The
regular expressions left in actions/ may only become fewer: move one to nlu/ rather
than add one here.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The calls of the `re` module that make or apply a pattern.
PATTERN_CALLS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "split"}
# What is left in actions/ today; lower it when patterns move to nlu/.
MOST = 74


def pattern_calls(root: Path) -> list[str]:
    """Where a module of actions/ calls re.compile, re.search, ..., as "path:line"."""
    found = []
    for path in sorted((root / "actions").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in PATTERN_CALLS
            ):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_the_patterns_in_the_actions_do_not_grow_back() -> None:
    found = pattern_calls(ROOT)
    assert len(found) <= MOST, f"move these to nlu/: {found}"


def test_the_count_finds_a_pattern_in_a_group(tmp_path: Path) -> None:
    (tmp_path / "actions" / "money").mkdir(parents=True)
    (tmp_path / "actions" / "money" / "gift.py").write_text(
        "import re\n\nGIFT = re.compile('gift')\n\n\ndef late(t):\n    return re.search('x', t)\n"
    )
    assert pattern_calls(tmp_path) == ["actions/money/gift.py:3", "actions/money/gift.py:7"]
